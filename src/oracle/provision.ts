// The project's Python environments: venvs with pinned requirements (the oracle's for a supported torch version; a
// Python port's, e.g. tinygrad's), kept in a per-user cache so that every project on the machine shares them and
// `npm ci` (which empties node_modules) keeps them.
//
// Where: the venv's environment variable when set ($TORCH_CONFORMANCE_VENV for the reference oracle only), else
// $XDG_CACHE_HOME/torch-conformance/<name> (<torch>-<python> for the oracle; XDG_CACHE_HOME defaults to ~/.cache). The venv is made from $TORCH_CONFORMANCE_BASE_PYTHON, else python<version>, else python3,
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
import { REFERENCE_TORCH_VERSION } from "../case/reference.ts";
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
  { torch: REFERENCE_TORCH_VERSION, python: "3.11", requirements: "reference-py/requirements.txt", installedSize: "0.9 GB" },
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

/** One provisioned venv: what it is for, where it lives, what goes in, and how to tell it works. */
export interface VenvSpec {
  /** What the venv is, for messages ("oracle", "tinygrad port"). */
  label: string;
  /** Its directory's name in the per-user cache. */
  name: string;
  /** An environment variable that, when set, is its directory instead. */
  envVar?: string;
  /** The CPython minor version it is made with. */
  python: string;
  /** pip requirements file, relative to the package root: every package pinned exactly. */
  requirements: string;
  /** Modules found (not imported: importing torch takes about a second) to call the venv usable. */
  probe: readonly string[];
}

/**
 * The oracle venv of a supported torch version. $TORCH_CONFORMANCE_VENV moves only the reference version's:
 * provisioning another version there would install that torch over the reference one.
 */
export function oracleVenv(row: SupportedTorch = REFERENCE_TORCH): VenvSpec {
  return {
    label: row === REFERENCE_TORCH ? "oracle" : `torch ${row.torch} oracle`,
    name: `${row.torch}-${row.python}`,
    ...(row === REFERENCE_TORCH ? { envVar: "TORCH_CONFORMANCE_VENV" } : {}),
    python: row.python,
    requirements: row.requirements,
    probe: ["torch", "jsonschema"],
  };
}

/** A venv's directory: its environment variable, else the per-user cache. */
export function specDir(spec: VenvSpec, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = spec.envVar === undefined ? undefined : env[spec.envVar];
  if (fromEnv) return path.resolve(fromEnv);
  const cache = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), ".cache");
  return path.join(cache, "torch-conformance", spec.name);
}

/** The oracle venv directory for a supported version: $TORCH_CONFORMANCE_VENV, else the per-user cache. */
export function venvDir(row: SupportedTorch = REFERENCE_TORCH, env: NodeJS.ProcessEnv = process.env): string {
  return specDir(oracleVenv(row), env);
}

export function venvPython(dir: string): string {
  return process.platform === "win32" ? path.join(dir, "Scripts", "python.exe") : path.join(dir, "bin", "python");
}

/** "3.11" for a Python that runs, null for one that does not exist or fails. */
function pythonVersion(exe: string): string | null {
  const r = spawnSync(exe, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

function findBasePython(spec: VenvSpec): string {
  const fromEnv = process.env.TORCH_CONFORMANCE_BASE_PYTHON;
  const candidates = fromEnv ? [fromEnv] : [`python${spec.python}`, "python3"];
  for (const exe of candidates) {
    const version = pythonVersion(exe);
    if (version === null) continue;
    if (version !== spec.python) {
      throw new Error(
        `${exe} is Python ${version} but the ${spec.label} venv (${spec.requirements}) needs Python ${spec.python}: ` +
          `install Python ${spec.python} or set TORCH_CONFORMANCE_BASE_PYTHON to a Python ${spec.python} interpreter.`,
      );
    }
    return exe;
  }
  throw new Error(
    fromEnv
      ? `TORCH_CONFORMANCE_BASE_PYTHON=${fromEnv} does not run: point it at a working Python ${spec.python} interpreter.`
      : `No python${spec.python} or python3 found on PATH: install Python ${spec.python} or set TORCH_CONFORMANCE_BASE_PYTHON to one.`,
  );
}

function venvWorks(dir: string, modules: readonly string[]): boolean {
  const probe = `import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in ${JSON.stringify(modules)}) else 1)`;
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
    throw new Error(`${dir} exists but is not a Python venv (no pyvenv.cfg): move it away or point its environment variable elsewhere.`);
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
export function provisionOracle({ quiet = false, row = REFERENCE_TORCH }: ProvisionOptions = {}): Promise<{ venv: string; python: string }> {
  return provisionVenv(oracleVenv(row), { quiet });
}

/** Makes sure a venv exists and is current; returns its directory and python. Throws with the reason when it cannot. */
export async function provisionVenv(spec: VenvSpec, { quiet = false }: { quiet?: boolean } = {}): Promise<{ venv: string; python: string }> {
  const say = quiet ? () => {} : (line: string) => console.error(`[provision] ${line}`);
  const dir = specDir(spec);
  const requirements = path.join(PACKAGE_ROOT, spec.requirements);
  const wanted = createHash("sha256").update(readFileSync(requirements)).digest("hex");
  const current = () => venvWorks(dir, spec.probe) && readStamp(dir) === wanted;
  if (!current()) {
    // checked again under the lock: another process may have finished the work while this one waited
    await withLock(dir, say, async () => {
      if (!current()) await makeCurrent(spec, dir, requirements, wanted, quiet, say);
    });
  }
  say(`${spec.label} venv ready: ${dir}`);
  return { venv: dir, python: venvPython(dir) };
}

/** Installs the requirements into a working venv, or (re)creates it; on a failed creation nothing is left behind. */
async function makeCurrent(spec: VenvSpec, dir: string, requirements: string, wanted: string, quiet: boolean, say: (line: string) => void): Promise<void> {
  const python = venvPython(dir);
  const install = async () => {
    say(`installing ${spec.requirements} (${spec.label}) into ${dir} (a first install takes about a minute)`);
    await run(python, ["-m", "pip", "install", "--disable-pip-version-check", "-r", requirements], quiet);
    if (!venvWorks(dir, spec.probe)) throw new Error(`the install finished but ${python} cannot find ${spec.probe.join(" and ")}`);
    writeFileSync(path.join(dir, STAMP), `${wanted}\n`);
  };
  if (venvWorks(dir, spec.probe)) return install(); // a working venv of another requirements list: pip brings it to this one in place
  if (existsSync(dir)) removeVenv(dir, readStamp(dir) === null ? "venv never finished installing" : "venv python broken", say);
  const base = findBasePython(spec);
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
