// A live run: generated cases judged against the oracle (engine/run.ts), and the first failing case shrunk with the
// oracle in the loop (engine/shrink.ts) while it fails the same way (engine/failure-kind.ts). The test suite's live
// property, the bug catalogue, the conformance gate's live part and `verify` are all this, with other settings.
import type fc from "fast-check";
import type { Adapter } from "../adapters/adapter.ts";
import { caseArbitrary } from "../arbitraries/index.ts";
import type { Case } from "../case/index.ts";
import { BITS } from "../conformance/policy.ts";
import { failsAs, failureKinds, statusKind } from "./failure-kind.ts";
import { generatedStream, sampleCases } from "./generated.ts";
import type { JudgeSettings } from "./judge.ts";
import { caseJudge, type Judged } from "./judge-cases.ts";
import { type EngineItem, runEngine } from "./run.ts";
import { DEFAULT_SHRINK_BUDGET, shrinkCase } from "./shrink.ts";
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
  /** Shrinking judges at most this many candidate cases (the smallest failing the same way so far is reported). */
  shrinkBudget?: number;
  /** false: the first pass only (a failing case is in `verdicts` and `firstFailure`, not shrunk). */
  shrink?: boolean;
  /** End the first pass with the batch that holds the first failure (the rest of the cases are not run). */
  stopAtFirstFailure?: boolean;
  onBatch?: (done: number, total: number) => void;
}

export interface LiveFailure {
  /** The first failing case the run met, and the shrunk one. */
  original: Judged;
  shrunk: Judged;
  /** The kind of failure kept while shrinking (failure-kind.ts): the original's first unexpected difference. */
  kind: string;
  /** Whether the shrunk case shows that kind (false only when shrinking could not even judge the original again). */
  sameFailure: boolean;
  /** Shrink steps that kept the failure, and cases run live while shrinking; the budget ran out first. */
  shrinks: number;
  liveCalls: number;
  interrupted: boolean;
  seed: number;
  /** The original's stream path: TC_SEED=<seed> TC_PATH=<path> replays it, and shrinks it to the same case again. */
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

/** The one case at a counterexample path. */
function* pathItems(arb: fc.Arbitrary<Case>, seed: number, path: string, paths: string[]): Generator<EngineItem> {
  const [c] = sampleCases(arb, seed, 1, path);
  paths.push(path);
  yield { case: { ...c!, id: `g${seed}-path-${path}` }, suite: "generated" };
}

/** The seed's first `runs` cases, sampled as they are read. */
function* streamItems(arb: fc.Arbitrary<Case>, seed: number, runs: number, paths: string[]): Generator<EngineItem> {
  const stream = generatedStream(seed, [], arb);
  while (paths.length < runs) {
    const g = stream.next().value!; // the stream is endless
    paths.push(String(g.index));
    yield { case: g.case, suite: "generated" };
  }
}

export async function runLive(opts: LiveOptions): Promise<LiveRun> {
  const { oracle, port, seed } = opts;
  const settings = opts.settings ?? { profiles: [], policy: BITS };
  const arbitrary = opts.arbitrary ?? caseArbitrary;
  const t0 = performance.now();
  // The stream positions of the cases run (a case's path); the cases themselves are sampled as the engine reaches them.
  const paths: string[] = [];
  const items = opts.path ? pathItems(arbitrary, seed, opts.path, paths) : streamItems(arbitrary, seed, opts.runs, paths);
  const runs = opts.path ? 1 : Math.max(0, Math.ceil(opts.runs));
  const run = await runEngine(
    { total: runs, items },
    {
      port,
      oracle,
      settings,
      batchSize: opts.batchSize,
      stopWhen: opts.stopAtFirstFailure ? fails : undefined,
      keepOutcomes: fails,
      onProgress: opts.onBatch,
    },
  );
  const failedAt = run.verdicts.findIndex(fails);
  const firstPassMs = performance.now() - t0;
  const firstFailure = failedAt >= 0 ? { ms: run.firstFailureMs ?? firstPassMs, index: failedAt } : null;
  const result: LiveRun = { seed, runs, verdicts: run.verdicts, failure: null, firstPassMs, casesPerSecond: (run.verdicts.length * 1000) / Math.max(1, firstPassMs), firstFailure };
  if (failedAt < 0 || opts.shrink === false) return result;

  const path = paths[failedAt]!;
  const t1 = performance.now();
  const judge = caseJudge({ port, oracle, settings });
  const [original] = await judge.judge([{ case: run.cases[failedAt]!, suite: "generated", golden: run.golden[failedAt]! }]);
  const kind = failureKinds(original!.verdict, original!.golden)[0] ?? statusKind(original!.verdict);
  const holds = async (cs: readonly Case[]) => (await judge.judge(cs.map((c) => ({ case: c, suite: "generated" })))).map((j) => failsAs(j, kind));
  const shrunk = await shrinkCase(original!.case, holds, { budget: opts.shrinkBudget ?? DEFAULT_SHRINK_BUDGET });
  const [best] = await judge.judge([{ case: { ...shrunk.case, id: `${original!.case.id}-shrunk` }, suite: "generated" }]);
  result.failure = {
    original: original!,
    shrunk: best!,
    kind,
    sameFailure: failsAs(best!, kind),
    shrinks: shrunk.steps,
    liveCalls: judge.calls,
    interrupted: shrunk.interrupted,
    seed,
    path,
    shrinkMs: performance.now() - t1,
  };
  return result;
}
