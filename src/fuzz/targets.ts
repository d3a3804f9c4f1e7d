// The three workers the hostile corpus is aimed at: the oracle, the built-in port in this process, and the built-in
// port as a subprocess (`torch-conformance serve`) behind the same client as the oracle.
import path from "node:path";
import { REPO_ROOT, startOracle, WorkerClient, type OracleOptions } from "../oracle/index.ts";
import { builtinTarget, type FuzzTarget, workerTarget } from "./drive.ts";

export const TARGET_NAMES = ["oracle", "builtin", "serve"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** The command line's entry: its TypeScript source under tsx when this file runs as source, else the compiled one. */
const CLI = import.meta.url.endsWith(".ts") ? ["--import", "tsx", path.join(REPO_ROOT, "src", "cli", "main.ts")] : [path.join(REPO_ROOT, "dist", "cli", "main.js")];

/** A started target and how to stop it. */
export async function startTarget(name: TargetName, oracle: OracleOptions = {}): Promise<{ target: FuzzTarget; close(): Promise<void> }> {
  if (name === "builtin") return { target: builtinTarget, close: async () => {} };
  const client =
    name === "oracle"
      ? await startOracle(oracle)
      : await WorkerClient.start({ command: process.execPath, args: [...CLI, "serve"], name: "serve" });
  return { target: workerTarget(name === "oracle" ? "oracle (PyTorch)" : "serve (subprocess, through the client)", client), close: () => client.close() };
}
