#!/usr/bin/env node
// Provisions the oracle's Python environment: reference-py/.venv with reference-py/requirements.txt installed.
//
//   node scripts/provision-oracle.mjs [--if-possible] [--quiet]
//   import { provisionOracle } from "./scripts/provision-oracle.mjs"; const { python } = await provisionOracle({ quiet: true });
//
// The venv is (re)built when it is missing or stale: stale means the sha256 of requirements.txt differs from the
// stamp written inside the venv after the last successful install, or the venv's python no longer runs / lacks
// torch or jsonschema. A fresh venv that fails to install is removed. The venv is made from
// TORCH_CONFORMANCE_BASE_PYTHON, else python3.11, else python3, which must be 3.11 (the torch wheel is cp311).
// TORCH_CONFORMANCE_VENV overrides the venv directory. Progress lines go to stderr. --if-possible turns a failure into
// a warning and exit code 0.
//
// Who runs it: `npm run provision`, .ci/run, the test setup, and every command that needs the oracle (conformance,
// verify, regen, bench) on its first run. Not npm install: the project's .npmrc sets ignore-scripts (see README).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REQUIREMENTS = path.join(ROOT, "reference-py", "requirements.txt");
const STAMP = "torch-conformance-requirements.sha256";
const REQUIRED_PYTHON = "3.11";

function venvDir() {
  const fromEnv = process.env.TORCH_CONFORMANCE_VENV;
  return fromEnv ? path.resolve(fromEnv) : path.join(ROOT, "reference-py", ".venv");
}

function venvPython(dir) {
  return process.platform === "win32" ? path.join(dir, "Scripts", "python.exe") : path.join(dir, "bin", "python");
}

/** "3.11" for a Python that runs, null for one that does not exist or fails. */
function pythonVersion(exe) {
  const r = spawnSync(exe, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

function findPython() {
  const fromEnv = process.env.TORCH_CONFORMANCE_BASE_PYTHON;
  const candidates = fromEnv ? [fromEnv] : ["python3.11", "python3"];
  for (const exe of candidates) {
    const version = pythonVersion(exe);
    if (version === null) continue;
    if (version !== REQUIRED_PYTHON) {
      throw new Error(
        `${exe} is Python ${version} but the oracle needs Python ${REQUIRED_PYTHON} (the torch 2.13.0 wheel is cp311): ` +
          `install Python ${REQUIRED_PYTHON} or set TORCH_CONFORMANCE_BASE_PYTHON to a Python ${REQUIRED_PYTHON} interpreter.`,
      );
    }
    return exe;
  }
  throw new Error(
    fromEnv
      ? `TORCH_CONFORMANCE_BASE_PYTHON=${fromEnv} does not run: point it at a working Python ${REQUIRED_PYTHON} interpreter.`
      : `No python3.11 or python3 found on PATH: install Python ${REQUIRED_PYTHON} or set TORCH_CONFORMANCE_BASE_PYTHON to one.`,
  );
}

/** The venv works if its python runs and can find torch and jsonschema (found, not imported: importing torch takes ~1 s). */
function venvWorks(dir) {
  const probe = "import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in ('torch', 'jsonschema')) else 1)";
  return spawnSync(venvPython(dir), ["-c", probe]).status === 0;
}

function readStamp(dir) {
  try {
    return readFileSync(path.join(dir, STAMP), "utf8").trim();
  } catch {
    return null;
  }
}

/** Refuse to delete a directory that is not a venv (TORCH_CONFORMANCE_VENV could point anywhere). */
function removeVenv(dir, why, say) {
  if (!existsSync(path.join(dir, "pyvenv.cfg")) && readdirSync(dir).length > 0) {
    throw new Error(`${dir} exists but is not a Python venv (no pyvenv.cfg): move it away or set TORCH_CONFORMANCE_VENV elsewhere.`);
  }
  say(`${why}: removing ${dir}`);
  rmSync(dir, { recursive: true, force: true });
}

/** Runs a command; its output goes to our stderr, or is kept (last 4 kB) for the error message when quiet. */
function run(exe, args, quiet) {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", process.stderr, process.stderr] });
    let tail = "";
    const keep = (chunk) => {
      tail = (tail + chunk.toString()).slice(-4096);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`\`${exe} ${args.join(" ")}\` failed with exit code ${code}${tail ? `:\n${tail.trimEnd()}` : ""}`));
    });
  });
}

/** Makes sure the oracle venv exists and is current; returns the path of its python. */
export async function provisionOracle({ quiet = false } = {}) {
  const say = quiet ? () => {} : (line) => console.error(`[provision] ${line}`);
  const dir = venvDir();
  const python = venvPython(dir);
  const wanted = createHash("sha256").update(readFileSync(REQUIREMENTS)).digest("hex");
  const stamp = readStamp(dir);
  if (stamp === wanted && venvWorks(dir)) {
    say("oracle venv up to date");
    return { python };
  }
  if (existsSync(dir)) {
    removeVenv(dir, stamp === null ? "venv never finished installing" : stamp !== wanted ? "requirements changed" : "venv python broken", say);
  }
  const base = findPython();
  say(`creating venv ${dir} with ${base}`);
  try {
    await run(base, ["-m", "venv", dir], quiet);
    say(`installing ${path.relative(ROOT, REQUIREMENTS)} into the venv (torch takes about a minute)`);
    await run(python, ["-m", "pip", "install", "--disable-pip-version-check", "-r", REQUIREMENTS], quiet);
    if (!venvWorks(dir)) throw new Error(`the install finished but ${python} cannot find torch and jsonschema`);
  } catch (err) {
    say(`install failed: removing ${dir}`);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  writeFileSync(path.join(dir, STAMP), `${wanted}\n`);
  say(`oracle venv ready: ${python}`);
  return { python };
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const args = process.argv.slice(2);
  const ifPossible = args.includes("--if-possible");
  const unknown = args.filter((a) => a !== "--if-possible" && a !== "--quiet");
  if (unknown.length > 0) {
    console.error(`error: unknown argument ${unknown[0]} (usage: provision-oracle.mjs [--if-possible] [--quiet])`);
    process.exit(2);
  }
  try {
    await provisionOracle({ quiet: args.includes("--quiet") });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (ifPossible) {
      console.warn(`warning: the PyTorch oracle is not set up (the port and stored fixtures still work): ${message}`);
      console.warn("warning: fix the cause and run `npm run provision` to set it up.");
      process.exit(0);
    }
    console.error(`error: ${message}`);
    process.exit(1);
  }
}
