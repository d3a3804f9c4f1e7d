// Settings of a live judge run: a committed config file (fixed seed and runs, so CI is reproducible and test names
// are stable) overridden by TC_SEED, TC_RUNS and TC_PATH for exploration and replay.
import { readJsonFileSync } from "../json-file.ts";

export interface JudgeConfig {
  seed: number;
  runs: number;
  batchSize: number;
  /** Replay of a reported counterexample path (with its seed). */
  path?: string;
  /** Candidate cases shrinking judges at most. */
  shrinkBudget: number;
}

function intFrom(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return n;
}

export function readJudgeConfig(file: string, env: NodeJS.ProcessEnv = process.env): JudgeConfig & { exploratory: boolean } {
  const raw = readJsonFileSync(file, "the judge's config file") as Partial<JudgeConfig> | null;
  if (raw === null || typeof raw !== "object") throw new Error(`${file}: not a JSON object`);
  for (const k of ["seed", "runs", "batchSize", "shrinkBudget"] as const) {
    if (typeof raw[k] !== "number") throw new Error(`${file}: "${k}" must be a number`);
  }
  const cfg = { ...(raw as JudgeConfig), exploratory: false };
  if (env.TC_SEED) cfg.seed = intFrom("TC_SEED", env.TC_SEED);
  if (env.TC_RUNS) cfg.runs = intFrom("TC_RUNS", env.TC_RUNS);
  if (env.TC_PATH) {
    if (!env.TC_SEED) throw new Error("TC_PATH replays a counterexample of one seed: set TC_SEED too");
    cfg.path = env.TC_PATH;
  }
  cfg.exploratory = Boolean(env.TC_SEED || env.TC_RUNS || env.TC_PATH);
  return cfg;
}
