// `--impl`: the implementation under test. A built-in name (builtin, js-pytorch, tfjs, tinygrad), a JS/TS module of yours,
// or any command speaking the worker protocol (spawned through the project's worker client, src/oracle).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Adapter } from "../adapters/adapter.ts";
import { portAdapter } from "../adapters/third-party/kit/adapter.ts";
import type { ModulePort } from "../adapters/third-party/kit/module-port.ts";
import { TINYGRAD_BATCH_TIMEOUT_MS, tinygradCommand } from "../adapters/third-party/tinygrad.ts";
import { PROTOCOL_EXPECTATIONS, WorkerClient } from "../oracle/index.ts";
import { PACKAGE_ROOT } from "../package-root.ts";

/**
 * Loads a third-party adapter whose library is an optional peer dependency: a missing one is named in one line,
 * with the version (from package.json) the adapter is written for.
 */
export async function withPeers<T>(impl: string, peers: string[], load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const missing = peers.find((name) => (err as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && (err as Error).message.includes(`'${name}'`));
    if (missing === undefined) throw err;
    const { peerDependencies } = createRequire(import.meta.url)(path.join(PACKAGE_ROOT, "package.json")) as { peerDependencies: Record<string, string> };
    const install = peers.map((name) => `${name}@${peerDependencies[name]}`).join(" ");
    throw new Error(`--impl ${impl} needs the package ${missing}, which is not installed: npm install --save-dev ${install}`);
  }
}

const TFJS = ["@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-cpu", "@tensorflow/tfjs-layers"];

/** How the port is run: `batchTimeoutMs` bounds each batch of a subprocess port (in-process ports cannot be cut off). */
export interface ImplOptions {
  batchTimeoutMs?: number;
}

export const BUILTIN_IMPLS: Record<string, (opts: ImplOptions) => Promise<Adapter>> = {
  builtin: async () => (await import("../adapters/builtin/index.ts")).builtinAdapter,
  "js-pytorch": () => withPeers("js-pytorch", ["js-pytorch"], async () => (await import("../adapters/third-party/js-pytorch.ts")).jsPytorchAdapter()),
  tfjs: () => withPeers("tfjs", TFJS, async () => (await import("../adapters/third-party/tfjs.ts")).tfjsAdapter()),
  tinygrad: async (opts) => subprocessAdapter(await tinygradCommand(), undefined, { batchTimeoutMs: opts.batchTimeoutMs ?? TINYGRAD_BATCH_TIMEOUT_MS }),
};

/** Splits a command line on spaces, keeping '...' and "..." together (no other shell syntax). */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** A worker-protocol executable as an Adapter. */
export async function subprocessAdapter(commandLine: string, cwd?: string, opts: ImplOptions = {}): Promise<Adapter> {
  const [command, ...args] = splitCommand(commandLine);
  if (command === undefined) throw new Error("--impl: empty command");
  return WorkerClient.start({ command, args, cwd, expect: PROTOCOL_EXPECTATIONS, ...(opts.batchTimeoutMs !== undefined ? { batchTimeoutMs: opts.batchTimeoutMs } : {}) });
}

const isAdapter = (x: unknown): x is Adapter => typeof x === "object" && x !== null && typeof (x as Adapter).runCases === "function";
const isPort = (x: unknown): x is ModulePort<object> => typeof x === "object" && x !== null && typeof (x as ModulePort<object>).create === "function" && typeof (x as ModulePort<object>).forward === "function";

/** A module exporting (as default, `adapter` or `port`) an Adapter, a ModulePort, or a function returning one. */
export async function moduleAdapter(file: string): Promise<Adapter> {
  // The compiled CLI runs no TypeScript loader: a TypeScript adapter module brings tsx in for its own import.
  if (/\.[cm]?ts$/.test(file) && !import.meta.url.endsWith(".ts")) (await import("tsx/esm/api")).register();
  const mod = (await import(pathToFileURL(path.resolve(file)).href)) as Record<string, unknown>;
  let x = mod.default ?? mod.adapter ?? mod.port;
  if (typeof x === "function") x = await (x as () => unknown)();
  if (isAdapter(x)) return x;
  if (isPort(x)) return portAdapter(x);
  throw new Error(`--impl ${file}: the module exports no adapter (default, adapter or port: an Adapter, a ModulePort, or a function returning one)`);
}

const MODULE_FILE = /\.(m?[jt]s|cjs|cts|mts)$/;

export async function resolveImpl(impl: string, opts: ImplOptions = {}): Promise<Adapter> {
  const builtin = BUILTIN_IMPLS[impl];
  if (builtin) return builtin(opts);
  if (MODULE_FILE.test(impl) && existsSync(impl)) return moduleAdapter(impl);
  return subprocessAdapter(impl, undefined, opts);
}
