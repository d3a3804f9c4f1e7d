// A live run: generated cases judged against the oracle (engine/run.ts), and the first failing case shrunk with the
// oracle in the loop (engine/shrink.ts). The test suite's live property, the bug catalogue, the conformance gate's
// live part and `verify` are all this, with other settings.
import type fc from "fast-check";
import type { Adapter, Outcome } from "../adapters/adapter.ts";
import { caseArbitrary } from "../arbitraries/index.ts";
import type { Case } from "../case/index.ts";
import { caseKey } from "../conformance/answer-cache.ts";
import { BITS } from "../conformance/policy.ts";
import { generateCases, sampleCases } from "./generated.ts";
import type { JudgeSettings } from "./judge.ts";
import { runEngine } from "./run.ts";
import { shrinkCase } from "./shrink.ts";
import { FAILING, type Verdict } from "./verdict.ts";

export interface LiveOptions {
  oracle: Adapter;
  port: Adapter;
  seed: number;
  runs: number;
  /** Replay: the counterexample path a run reported (runs the case at that path, then shrinks further). */
  path?: string;
  batchSize?: number;
  settings?: JudgeSettings;
  arbitrary?: fc.Arbitrary<Case>;
  /** Stop shrinking after this long (the best case so far is reported). */
  shrinkTimeLimitMs?: number;
  /** false: the first pass only (a failing case is in `verdicts` and `firstFailure`, not shrunk). */
  shrink?: boolean;
  /** End the first pass with the batch that holds the first failure (the rest of the cases are not run). */
  stopAtFirstFailure?: boolean;
  onBatch?: (done: number, total: number) => void;
}

/** A case, PyTorch's outcome for it, and the verdict on the port's. */
export interface Judged {
  case: Case;
  golden: Outcome;
  verdict: Verdict;
}

export interface LiveFailure {
  /** The first failing case the run met, and the shrunk one. */
  original: Judged;
  shrunk: Judged;
  /** Shrink steps that kept the failure, and cases run live while shrinking. */
  shrinks: number;
  liveCalls: number;
  seed: number;
  /** fast-check's path of the shrunk case: TC_SEED=<seed> TC_PATH=<path> replays it. */
  path: string;
  shrinkMs: number;
}

export interface LiveRun {
  seed: number;
  runs: number;
  verdicts: Verdict[];
  failure: LiveFailure | null;
  /** First pass: wall time and cases per second through oracle + port + comparison. */
  firstPassMs: number;
  casesPerSecond: number;
  /** From the start of the run to the end of the batch holding the first failing case, and that case's index. */
  firstFailure: { ms: number; index: number } | null;
}

export const fails = (v: Verdict): boolean => FAILING.includes(v.status);

export async function runLive(opts: LiveOptions): Promise<LiveRun> {
  const { oracle, port, seed } = opts;
  const settings = opts.settings ?? { profiles: [], policy: BITS };
  const arbitrary = opts.arbitrary ?? caseArbitrary;
  const t0 = performance.now();
  const generated = opts.path
    ? sampleCases(arbitrary, seed, 1, opts.path).map((c) => ({ case: { ...c, id: `g${seed}-path-${opts.path}` }, path: opts.path! }))
    : generateCases(seed, opts.runs, [], arbitrary).map((g) => ({ case: g.case, path: String(g.index) }));
  const items = generated.map((g) => ({ case: g.case, suite: "generated" }));
  const run = await runEngine(items, {
    port,
    oracle,
    settings,
    batchSize: opts.batchSize,
    stopWhen: opts.stopAtFirstFailure ? fails : undefined,
    onProgress: opts.onBatch,
  });
  const failedAt = run.verdicts.findIndex(fails);
  const firstPassMs = performance.now() - t0;
  const firstFailure = failedAt >= 0 ? { ms: run.firstFailureMs ?? firstPassMs, index: failedAt } : null;
  const result: LiveRun = { seed, runs: generated.length, verdicts: run.verdicts, failure: null, firstPassMs, casesPerSecond: (run.verdicts.length * 1000) / Math.max(1, firstPassMs), firstFailure };
  if (failedAt < 0 || opts.shrink === false) return result;

  const original: Judged = { case: generated[failedAt]!.case, golden: run.golden[failedAt]!, verdict: run.verdicts[failedAt]! };
  const t1 = performance.now();
  const cache = new Map<string, Judged>([[caseKey(original.case), original]]);
  let liveCalls = 0;
  const evaluate = async (c: Case): Promise<Judged> => {
    const hit = cache.get(caseKey(c));
    if (hit) return hit;
    liveCalls++;
    const one = await runEngine([{ case: c, suite: "generated" }], { port, oracle, settings });
    const j = { case: c, golden: one.golden[0]!, verdict: one.verdicts[0]! };
    cache.set(caseKey(c), j);
    return j;
  };
  const shrunk = await shrinkCase(arbitrary, seed, generated[failedAt]!.path, original.case.id, async (c) => fails((await evaluate(c)).verdict), { timeLimitMs: opts.shrinkTimeLimitMs ?? 120_000 });
  const best = shrunk ? await evaluate(shrunk.case) : original;
  result.failure = {
    original,
    shrunk: best,
    shrinks: shrunk?.steps ?? 0,
    liveCalls,
    seed,
    path: shrunk?.path ?? generated[failedAt]!.path,
    shrinkMs: performance.now() - t1,
  };
  return result;
}
