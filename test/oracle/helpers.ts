// Shared by the oracle tests: the provisioned oracle (or a loud failure saying why there is none), a scripted stub
// worker, and small case builders. Expected values never come from here: tests compare against what torch says.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { inject } from "vitest";
import type { Case, Node, Step } from "../../src/case/index.ts";
import { startOracle, WorkerClient, type OracleOptions, type WorkerClientOptions, type WorkerEvent } from "../../src/oracle/index.ts";

/** The oracle venv's python as provisioned by test/global-setup.ts; throws the provisioning error otherwise. */
export function provisionedPython(): string {
  const python = inject("oraclePython");
  if (!python) throw new Error(`the oracle is not provisioned: ${inject("oracleProvisionError") || "unknown reason"}`);
  return python;
}

let shared: Promise<WorkerClient> | undefined;

/**
 * The real oracle shared by every test file that runs in this worker process (the unit project does not isolate
 * files: vitest.config.ts), so that each worker pays torch's start-up once. Never close it: it ends with the worker
 * (EOF on its stdin). A test that kills, stops or times out its oracle, or reads its events, starts its own.
 */
export function sharedOracle(): Promise<WorkerClient> {
  shared ??= startOracle({ python: provisionedPython() });
  return shared;
}

/** The real oracle, with every event recorded. */
export async function startTestOracle(opts: OracleOptions = {}): Promise<{ oracle: WorkerClient; events: WorkerEvent[] }> {
  const events: WorkerEvent[] = [];
  const onEvent = (e: WorkerEvent) => {
    events.push(e);
    opts.onEvent?.(e);
  };
  const oracle = await startOracle({ python: provisionedPython(), ...opts, onEvent });
  return { oracle, events };
}

export const STUB = path.join(import.meta.dirname, "stubs", "stub_worker.py");

let python3Executable: string | undefined;

/**
 * The executable `python3` runs, for the stub worker (it needs no packages): asked once, because a version manager's
 * shim in its place (pyenv's is a shell script) costs a tenth of a second at each of the tests' many stub starts.
 */
export function python3(): string {
  python3Executable ??= spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout?.trim() || "python3";
  return python3Executable;
}

/** A client for the stub worker with the given arguments; short timeouts so failures show in seconds. */
export async function startStub(args: string[], opts: Partial<WorkerClientOptions> = {}): Promise<{ client: WorkerClient; events: WorkerEvent[] }> {
  const events: WorkerEvent[] = [];
  const client = await WorkerClient.start({
    command: python3(),
    args: [STUB, ...args],
    handshakeTimeoutMs: 10_000,
    batchTimeoutMs: 5_000,
    closeTimeoutMs: 2_000,
    ...opts,
    onEvent: (e) => {
      events.push(e);
      opts.onEvent?.(e);
    },
  });
  return { client, events };
}

/** A case with the given nodes (the first is the root unless `root` says otherwise) and steps. */
export function makeCase(id: string, nodes: Record<string, Node>, steps: Step[], root = Object.keys(nodes)[0]!): Case {
  return { schema: 1, id, nodes, root, steps };
}

/** `count` cases each running Identity on a small tensor: cheap, always answered. */
export function identityCases(prefix: string, count: number): Case[] {
  return Array.from({ length: count }, (_, i) =>
    makeCase(`${prefix}${i}`, { m: { type: "Identity" } }, [{ op: "forward", path: "", input: { dtype: "float32", shape: [1], data: "AACAPw==" } }]),
  );
}

/** True if a process with this pid exists (signal 0 probes without signalling). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
