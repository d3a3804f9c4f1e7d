// The oracle's Python environment: a venv with the pinned requirements of a supported torch version, kept in a
// per-user cache so that every project on the machine shares it and `npm ci` (which empties node_modules) keeps it.
//
// Where: $XDG_CACHE_HOME/torch-conformance/<torch>-<python> (XDG_CACHE_HOME defaults to ~/.cache), or for the
// reference version $TORCH_CONFORMANCE_VENV when set. The venv is made from $TORCH_CONFORMANCE_BASE_PYTHON, else python<version>, else python3,
// which must be the row's Python (the torch wheels are built for one CPython). A venv whose python runs and finds
// the packages is kept: when its requirements stamp differs, pip installs the requirements into it (an update of a
// shared venv, not a rebuild); a broken venv is rebuilt; a venv that fails to install is removed. Any change happens
// under a lock file next to the venv (<venv>.lock, holding the pid), so that projects provisioning the shared venv at
// the same time wait for each other instead of deleting each other's half-made venv.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PACKAGE_ROOT } from "../package-root.ts";

export interface SupportedTorch {
  torch: string;
  /** The CPython minor version its wheel is built for. */
  python: string;
  /** pip requirements file, relative to the package root: every package pinned exactly. */
  requirements: string;
  /** What provisioning it downloads and installs, for the README and `provision --list`. */
  installedSize: string;
}

/**
 * One row per torch version the oracle can run; the first is the reference (the committed corpus and the port's
 * bit-exact target). The others are provisioned only on request (`provision --torch <v>`), to see what an upgrade
 * changes: 2.14.1 is published only as a CUDA build (its CUDA libraries are installed too), and runs on the CPU.
 */
export const SUPPORTED_TORCH: readonly SupportedTorch[] = [
  { torch: "2.13.0", python: "3.11", requirements: "reference-py/requirements.txt", installedSize: "0.9 GB" },
  { torch: "2.14.1", python: "3.11", requirements: "reference-py/requirements-2.14.1.txt", installedSize: "5.5 GB" },
];

export const REFERENCE_TORCH: SupportedTorch = SUPPORTED_TORCH[0]!;

export const SUPPORTED_VERSIONS = SUPPORTED_TORCH.map((r) => r.torch);

/** The row of a torch version ("2.14.1"); throws naming the supported ones. */
export function torchRow(version: string): SupportedTorch {
  const row = SUPPORTED_TORCH.find((r) => r.torch === version);
  if (!row) throw new Error(`torch ${JSON.stringify(version)} is not supported: the supported versions are ${SUPPORTED_VERSIONS.join(", ")}`);
  return row;
}

/** What to type to provision, where this code runs: the repository's npm script, or the installed package's CLI. */
export const PROVISION_COMMAND = import.meta.url.endsWith(".ts") ? "npm run provision" : "npx torch-conformance provision";

/** PROVISION_COMMAND for one version (the reference needs no flag). */
export function provisionCommandFor(row: SupportedTorch): string {
  if (row === REFERENCE_TORCH) return PROVISION_COMMAND;
  return `${PROVISION_COMMAND}${PROVISION_COMMAND.startsWith("npm run") ? " --" : ""} --torch ${row.torch}`;
}

const STAMP = "torch-conformance-requirements.sha256";
/** Found (not imported: importing torch takes about a second) to call a venv usable. */
const PROBED_MODULES = ["torch", "jsonschema"];

/**
 * The venv directory for a supported version: the per-user cache, or $TORCH_CONFORMANCE_VENV for the reference version
 * (only for it: provisioning another version there would install that torch over the reference one).
 */
export function venvDir(row: SupportedTorch = REFERENCE_TORCH, env: NodeJS.ProcessEnv = process.env): string {
  if (env.TORCH_CONFORMANCE_VENV && row === REFERENCE_TORCH) return path.resolve(env.TORCH_CONFORMANCE_VENV);
  const cache = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), ".cache");
  return path.join(cache, "torch-conformance", `${row.torch}-${row.python}`);
}

export function venvPython(dir: string): string {
  return process.platform === "win32" ? path.join(dir, "Scripts", "python.exe") : path.join(dir, "bin", "python");
}

/** "3.11" for a Python that runs, null for one that does not exist or fails. */
function pythonVersion(exe: string): string | null {
  const r = spawnSync(exe, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

function findBasePython(row: SupportedTorch): string {
  const fromEnv = process.env.TORCH_CONFORMANCE_BASE_PYTHON;
  const candidates = fromEnv ? [fromEnv] : [`python${row.python}`, "python3"];
  for (const exe of candidates) {
    const version = pythonVersion(exe);
    if (version === null) continue;
    if (version !== row.python) {
      throw new Error(
        `${exe} is Python ${version} but torch ${row.torch} needs Python ${row.python}: ` +
          `install Python ${row.python} or set TORCH_CONFORMANCE_BASE_PYTHON to a Python ${row.python} interpreter.`,
      );
    }
    return exe;
  }
  throw new Error(
    fromEnv
      ? `TORCH_CONFORMANCE_BASE_PYTHON=${fromEnv} does not run: point it at a working Python ${row.python} interpreter.`
      : `No python${row.python} or python3 found on PATH: install Python ${row.python} or set TORCH_CONFORMANCE_BASE_PYTHON to one.`,
  );
}

function venvWorks(dir: string): boolean {
  const probe = `import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in ${JSON.stringify(PROBED_MODULES)}) else 1)`;
  return spawnSync(venvPython(dir), ["-c", probe]).status === 0;
}

function readStamp(dir: string): string | null {
  try {
    return readFileSync(path.join(dir, STAMP), "utf8").trim();
  } catch {
    return null;
  }
}

/** Refuses to delete a directory that is not a venv ($TORCH_CONFORMANCE_VENV could point anywhere). */
function removeVenv(dir: string, why: string, say: (line: string) => void): void {
  if (!existsSync(path.join(dir, "pyvenv.cfg")) && readdirSync(dir).length > 0) {
    throw new Error(`${dir} exists but is not a Python venv (no pyvenv.cfg): move it away or set TORCH_CONFORMANCE_VENV elsewhere.`);
  }
  say(`${why}: removing ${dir}`);
  rmSync(dir, { recursive: true, force: true });
}

/** Runs a command; its output goes to our stderr, or is kept (last 4 kB) for the error message when quiet. */
function run(exe: string, args: string[], quiet: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, {
      stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", process.stderr, process.stderr],
    });
    let tail = "";
    const keep = (chunk: Buffer) => {
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

/** A process that may still run: kill(pid, 0) finds it, or may not signal it (EPERM); an unreadable pid counts as alive. */
function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs fn holding <dir>.lock; waits while a live process holds it, takes over the lock of a dead one. */
async function withLock<T>(dir: string, say: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  const lock = `${dir}.lock`;
  mkdirSync(path.dirname(dir), { recursive: true });
  let waiting = false;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(lock, "utf8"));
    } catch {
      continue; // released in between
    }
    if (!alive(holder)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (!waiting) say(`waiting for process ${holder}, which is provisioning ${dir}`);
    waiting = true;
    await sleep(1000);
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

export interface ProvisionOptions {
  /** Say nothing; a failing command's output tail goes into the thrown error instead. */
  quiet?: boolean;
  row?: SupportedTorch;
}

/** Makes sure the oracle venv exists and is current; returns its directory and python. Throws with the reason when it cannot. */
export async function provisionOracle({ quiet = false, row = REFERENCE_TORCH }: ProvisionOptions = {}): Promise<{ venv: string; python: string }> {
  const say = quiet ? () => {} : (line: string) => console.error(`[provision] ${line}`);
  const dir = venvDir(row);
  const requirements = path.join(PACKAGE_ROOT, row.requirements);
  const wanted = createHash("sha256").update(readFileSync(requirements)).digest("hex");
  const current = () => venvWorks(dir) && readStamp(dir) === wanted;
  if (!current()) {
    // checked again under the lock: another process may have finished the work while this one waited
    await withLock(dir, say, async () => {
      if (!current()) await makeCurrent(row, dir, requirements, wanted, quiet, say);
    });
  }
  say(`oracle venv ready: ${dir}`);
  return { venv: dir, python: venvPython(dir) };
}

/** Installs the requirements into a working venv, or (re)creates it; on a failed creation nothing is left behind. */
async function makeCurrent(row: SupportedTorch, dir: string, requirements: string, wanted: string, quiet: boolean, say: (line: string) => void): Promise<void> {
  const python = venvPython(dir);
  const install = async () => {
    say(`installing ${row.requirements} (torch ${row.torch}) into ${dir} (a first install takes about a minute)`);
    await run(python, ["-m", "pip", "install", "--disable-pip-version-check", "-r", requirements], quiet);
    if (!venvWorks(dir)) throw new Error(`the install finished but ${python} cannot find ${PROBED_MODULES.join(" and ")}`);
    writeFileSync(path.join(dir, STAMP), `${wanted}\n`);
  };
  if (venvWorks(dir)) return install(); // a working venv of another requirements list: pip brings it to this one in place
  if (existsSync(dir)) removeVenv(dir, readStamp(dir) === null ? "venv never finished installing" : "venv python broken", say);
  const base = findBasePython(row);
  say(`creating venv ${dir} with ${base}`);
  try {
    await run(base, ["-m", "venv", dir], quiet);
    await install();
  } catch (err) {
    say(`install failed: removing ${dir}`);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
