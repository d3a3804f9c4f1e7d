// For port behaviour no case step can reach (TypeScript-only entry points): the answer comes from the oracle venv's
// Python and torch, asked while the test runs, never written into the test. The script prints one JSON value.
// runPython also serves the tests of the oracle's own Python functions and scripts.
// Each script runs as `python -c` would, in the reference configuration, in a process forked from one that has
// imported torch (ask_server.py, one per test process): a fresh Python would spend over a second of CPU importing
// torch for every question.
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { closeSync, mkdtempSync, openSync } from "node:fs";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveOraclePython } from "../../src/oracle/index.ts";

const SERVER = path.join(import.meta.dirname, "ask_server.py");
const CLIENT = path.join(import.meta.dirname, "ask_client.py");

let server: { python: string; dir: string } | undefined;

/** Starts this process's ask server; it ends when this process does (its stdin closes). */
function startServer(): NonNullable<typeof server> {
  const { python } = resolveOraclePython();
  const dir = mkdtempSync(path.join(tmpdir(), "ask-python-"));
  const log = openSync(path.join(dir, "stderr"), "w");
  const child = spawn(python, [SERVER, dir], { stdio: ["pipe", "ignore", log] });
  closeSync(log);
  // the server must not keep this process alive, nor fail it: a server that cannot start is reported by the client
  child.on("error", () => {});
  child.unref();
  (child.stdin as Socket).unref();
  return { python, dir };
}

/** What each script gave, once per test process: a script's answer cannot change (mutation runs ask again per mutant). */
const answered = new Map<string, SpawnSyncReturns<string>>();

/** Runs the script as `python -c` would; its exit status, stdout and stderr. */
export function runPython(script: string): SpawnSyncReturns<string> {
  const known = answered.get(script);
  if (known) return known;
  server ??= startServer();
  // A bound, since vitest cannot interrupt a synchronous call: a script that hangs fails its test instead.
  const run = spawnSync(server.python, ["-S", CLIENT, server.dir], { input: script, encoding: "utf8", timeout: 120_000 });
  if (run.error) throw run.error; // no Python to run, or it ran out of time: no status to report
  answered.set(script, run);
  return run;
}

/** The JSON value the script prints; throws with its stderr when it fails. */
export function askPython<T>(script: string): T {
  const run = runPython(script);
  if (run.status !== 0) throw new Error(`the script exited with status ${run.status}: ${run.stderr}\n${script}`);
  return JSON.parse(run.stdout) as T;
}
