// The live judge: random cases run on the oracle (real PyTorch) and on a port, compared, and a failing case shrunk
// with the oracle in the loop.
//
// How: the property is an fc.asyncProperty over the case arbitrary whose predicate answers from a verdict cache.
// 1. fc.sample(arbitrary, {seed, numRuns}) yields exactly the values fc.check(property, {seed, numRuns}) tests
//    (both toss the same generator with the same seed; test/judge/sampling.test.ts checks it), so all
//    cases go to the oracle and the port in big batches and their verdicts fill the cache.
// 2. Only when some case failed, fc.check runs the property with the same seed: the runs up to the first failure
//    answer from the cache, and each shrink candidate (new, uncached) is run live, one case at a time.
import fc from "fast-check";
import type { Adapter, Outcome } from "../adapters/adapter.ts";
import { caseArbitrary } from "../arbitraries/index.ts";
import type { Case } from "../case/index.ts";
import { caseKey } from "./answer-cache.ts";
import { type CompareOptions, compareOutcomes, type Difference } from "./compare.ts";
import { caseTags } from "./tags.ts";

export interface LiveOptions {
  oracle: Adapter;
  port: Adapter;
  seed: number;
  runs: number;
  /** Replay: the counterexample path fast-check reported (runs the case at that path, then shrinks further). */
  path?: string;
  /** Cases per oracle/port batch. */
  batchSize?: number;
  compare?: CompareOptions;
  arbitrary?: fc.Arbitrary<Case>;
  /** Stop shrinking after this long (the best case so far is reported). */
  shrinkTimeLimitMs?: number;
  /** false: the first pass only (a failing case is in `verdicts` and `firstFailure`, not shrunk). */
  shrink?: boolean;
  /** End the first pass with the batch that holds the first failure (the rest of the cases are not run). */
  stopAtFirstFailure?: boolean;
  /** Called after every batch of the first pass. */
  onBatch?: (done: number, total: number) => void;
}

export interface Verdict {
  case: Case;
  golden: Outcome;
  port: Outcome;
  /** null: the port agrees with PyTorch. */
  difference: Difference | null;
  tags: string[];
}

export interface LiveFailure {
  /** The first failing case the run met, and the shrunk one. */
  original: Verdict;
  shrunk: Verdict;
  /** Shrink steps that kept the failure, and cases run live while shrinking. */
  shrinks: number;
  liveCalls: number;
  seed: number;
  /** fast-check's counterexample path of the shrunk case: TC_SEED=<seed> TC_PATH=<path> replays it. */
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

/** golden ok: compare; golden not ok: the case (or the oracle) is broken, which is a failure too. */
export function verdictOf(c: Case, golden: Outcome, port: Outcome, compare?: CompareOptions): Verdict {
  let difference: Difference | null;
  if (golden.status !== "ok") {
    difference = { path: "", golden: golden.status === "rejected" ? `rejected: ${golden.code} at ${golden.where}: ${golden.message}` : `lost: ${golden.reason}`, port: port.status, note: "the oracle gave no result (a generator defect or an oracle problem)" };
  } else {
    difference = compareOutcomes(golden, port, compare);
  }
  return { case: c, golden, port, difference, tags: caseTags(c, golden.status === "ok" ? golden.result : undefined) };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs cases on both sides (the oracle works while the in-process port runs) and judges them. `golden`: the oracle's
 * answers already asked for (a pipelined caller asks for the next batch before judging this one).
 */
export async function judgeCases(cases: readonly Case[], oracle: Adapter, port: Adapter, compare?: CompareOptions, golden?: Promise<Outcome[]>): Promise<Verdict[]> {
  const goldenP = golden ?? oracle.runCases(cases);
  const ported = await port.runCases(cases);
  const answers = await goldenP;
  return cases.map((c, i) => verdictOf(c, answers[i]!, ported[i]!, compare));
}

/** The property the judge checks, answering from `cache` and running uncached cases live. */
export function judgeProperty(arb: fc.Arbitrary<Case>, evaluate: (c: Case) => Promise<Verdict>): fc.IAsyncProperty<[Case]> {
  return fc.asyncProperty(arb, async (c) => (await evaluate(c)).difference === null);
}

/**
 * The cases fc.check(judgeProperty(arb, ...), {seed, numRuns, path}) tests first, in order. Sample the arbitrary,
 * not the property: fast-check 4.11's sample() wraps a property in a second Property (it looks for an own `isAsync`),
 * which applies the run-size bias twice, so sample(property) drifts from check(property) after 9 runs.
 */
export function sampleCases(arb: fc.Arbitrary<Case>, seed: number, runs: number, path?: string): Case[] {
  return fc.sample(arb, { seed, numRuns: runs, ...(path ? { path } : {}) });
}

export async function runLive(opts: LiveOptions): Promise<LiveRun> {
  const { oracle, port, seed, compare } = opts;
  const runs = opts.path ? 1 : opts.runs;
  const batchSize = opts.batchSize ?? 250;
  const cache = new Map<string, Verdict>();
  let liveCalls = 0;
  let serial = 0;
  const evaluate = async (c: Case): Promise<Verdict> => {
    const key = caseKey(c);
    const hit = cache.get(key);
    if (hit) return hit;
    liveCalls++;
    const [v] = await judgeCases([{ ...c, id: `shrink-${serial++}` }], oracle, port, compare);
    cache.set(key, v!);
    return v!;
  };
  const arbitrary = opts.arbitrary ?? caseArbitrary;
  const property = judgeProperty(arbitrary, evaluate);

  const t0 = performance.now();
  const withId = (c: Case, i: number): Case => ({ ...c, id: `live-${seed}-${i}` });
  // The oracle starts on the first batch while the rest is sampled (a sample of n runs is the prefix of a longer one).
  const head = sampleCases(arbitrary, seed, Math.min(runs, batchSize), opts.path).map(withId);
  let next: Promise<Outcome[]> | undefined = oracle.runCases(head);
  await yieldToEventLoop(); // the client writes the batch in a later microtask: let it, before sampling blocks the loop
  const cases = runs > head.length ? sampleCases(arbitrary, seed, runs, opts.path).map(withId) : head;
  if (head.some((c, i) => caseKey(c) !== caseKey(cases[i]!))) throw new Error(`seed ${seed}: the first ${head.length} sampled cases are not the prefix of ${runs}`);
  const verdicts: Verdict[] = [];
  let firstFailure: LiveRun["firstFailure"] = null;
  // Pipelined: the oracle gets the next batch before this one is judged, so it never waits for the port or the
  // comparison. Not when stopping at the first failure: shrinking would queue behind a batch nobody needs.
  const ask = (i: number) => (i < cases.length ? oracle.runCases(cases.slice(i, i + batchSize)) : undefined);
  for (let i = 0; i < cases.length; i += batchSize) {
    const golden = next!;
    next = opts.stopAtFirstFailure ? undefined : ask(i + batchSize);
    const batch = await judgeCases(cases.slice(i, i + batchSize), oracle, port, compare, golden);
    for (const v of batch) {
      cache.set(caseKey(v.case), v);
      verdicts.push(v);
    }
    opts.onBatch?.(verdicts.length, cases.length);
    const failed = batch.findIndex((v) => v.difference !== null);
    if (failed >= 0 && firstFailure === null) firstFailure = { ms: performance.now() - t0, index: i + failed };
    if (firstFailure !== null && opts.stopAtFirstFailure) break;
    next ??= ask(i + batchSize);
  }
  const firstPassMs = performance.now() - t0;
  const result: LiveRun = { seed, runs, verdicts, failure: null, firstPassMs, casesPerSecond: (verdicts.length * 1000) / Math.max(1, firstPassMs), firstFailure };
  const original = firstFailure === null ? undefined : verdicts[firstFailure.index]!;
  if (original === undefined || opts.shrink === false) return result;

  const t1 = performance.now();
  const callsBefore = liveCalls;
  const details = await fc.check(property, {
    seed,
    numRuns: runs,
    ...(opts.path ? { path: opts.path } : {}),
    interruptAfterTimeLimit: opts.shrinkTimeLimitMs ?? 120_000,
    markInterruptAsFailure: false,
  });
  if (!details.failed || details.counterexample === null) {
    throw new Error(`the first pass found a failing case but fc.check with seed ${seed} did not (interrupted: ${details.interrupted}); sampling and checking disagree`);
  }
  const shrunk = await evaluate(details.counterexample[0]);
  result.failure = {
    original,
    shrunk,
    shrinks: details.numShrinks,
    liveCalls: liveCalls - callsBefore,
    seed,
    path: details.counterexamplePath ?? "",
    shrinkMs: performance.now() - t1,
  };
  return result;
}
