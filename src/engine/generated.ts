// The generated case source: seeded random cases from the judge's arbitrary. A case's id is `g<seed>-<i>`, i its
// position in the unfiltered seeded stream, so an id names the same case whatever --features selects (and shrinking
// replays it at that position). For a port that declares capabilities the stream is the narrowed arbitrary's and
// the id says which (`g<seed>-<i>@<signature of the capabilities>`), so an id never names two cases. fc.sample(arb, {seed, numRuns}) yields exactly the values fc.check tests with that
// seed, a sample of n runs is the prefix of a longer one, and a sample at path "k" starts at its k-th value, so a
// stream sampled in parts is one sample (test/judge/sampling.test.ts checks all three).
import fc from "fast-check";
import { caseArbitrary, caseArbitraryFor } from "../arbitraries/index.ts";
import { type Capabilities, capabilitySignature, type Case, outsideCapabilities } from "../case/index.ts";
import { FeatureSelection, featureTags } from "../verify/features.ts";
import { type ShardSpec, takeShard } from "./partition.ts";

/** Generation gives up when this many cases in a row miss the selection (it matches (almost) nothing). */
const MAX_MISSES = 20_000;

/**
 * The cases fc.check(property over arb, {seed, numRuns, path}) tests first, in order. Sample the arbitrary, not the
 * property: fast-check 4.11's sample() wraps a property in a second Property (it looks for an own `isAsync`), which
 * applies the run-size bias twice, so sample(property) drifts from check(property) after 9 runs.
 */
export function sampleCases(arb: fc.Arbitrary<Case>, seed: number, runs: number, path?: string): Case[] {
  return fc.sample(arb, { seed, numRuns: runs, ...(path ? { path } : {}) });
}

/** The ids of a seed's stream, by index (the capabilities' signature is worked out once, not per case). */
function generatedIds(seed: number, caps?: Capabilities): (index: number) => string {
  const sig = capabilitySignature(caps);
  const suffix = sig === "" ? "" : `@${sig}`;
  return (index) => `g${seed}-${index}${suffix}`;
}

export const generatedId = (seed: number, index: number, caps?: Capabilities): string => generatedIds(seed, caps)(index);

/** The seed, the index in its stream and the capabilities' signature ("" for none) a generated id names, or undefined for any other id. */
export function parseGeneratedId(id: string): { seed: number; index: number; signature: string } | undefined {
  const m = /^g(\d+)-(\d+)(?:@([0-9a-f]{8}))?$/.exec(id);
  return m ? { seed: Number(m[1]), index: Number(m[2]), signature: m[3] ?? "" } : undefined;
}

export interface GeneratedCase {
  case: Case;
  /** Position in the unfiltered seeded stream (what shrinking replays). */
  index: number;
}

/** The first sample of a stream (small, so a run starts on its first cases at once), and the most it doubles to. */
const FIRST_SAMPLE = 16;
const MAX_SAMPLE = 256;

/**
 * The seed's stream, sampled as it is read: a sample at path "k" starts at the k-th case without generating the ones
 * before it, so sampling in parts gives the cases of one sample of them all. A part is at least an eighth of what
 * came before it, so skipping to the parts' starts costs time in proportion to the cases, however many are read.
 */
function* sampledStream(arb: fc.Arbitrary<Case>, seed: number): Generator<Case> {
  for (let start = 0, size = FIRST_SAMPLE; ; start += size, size = Math.max(Math.min(2 * size, MAX_SAMPLE), start >> 3)) {
    yield* sampleCases(arb, seed, size, start === 0 ? undefined : String(start));
  }
}

/**
 * The seed's cases that carry the selected features (all cases when nothing is selected) and stay inside the port's
 * declared capabilities, generated as they are read.
 */
export function* generatedStream(seed: number, features: readonly string[] = [], arb?: fc.Arbitrary<Case>, caps?: Capabilities): Generator<GeneratedCase> {
  const selection = new FeatureSelection(features);
  const idOf = generatedIds(seed, caps);
  let index = 0;
  let misses = 0;
  for (const c of sampledStream(arb ?? caseArbitraryFor(caps), seed)) {
    if (outsideCapabilities(c, caps) === undefined && (selection.empty || selection.matches(featureTags(c)))) {
      yield { case: { ...c, id: idOf(index) }, index };
      misses = 0;
    } else if (++misses > MAX_MISSES) {
      const what = selection.empty ? "stays inside the port's declared capabilities" : `carries the selected features (--features ${selection.spec.join(" ")}; select by the case's own tags: modules, ops, values)`;
      throw new Error(`no generated case in ${MAX_MISSES} ${what}`);
    }
    index++;
  }
}

/** The first `runs` cases of generatedStream. */
export function generateCases(seed: number, runs: number, features: readonly string[] = [], arb?: fc.Arbitrary<Case>, caps?: Capabilities): GeneratedCase[] {
  const out: GeneratedCase[] = [];
  if (runs <= 0) return out;
  for (const g of generatedStream(seed, features, arb, caps)) if (out.push(g) >= runs) break;
  return out;
}

export interface SeedRange {
  /** First seed, and how many consecutive seeds. */
  seed: number;
  seeds: number;
  /** Cases per seed. */
  runs: number;
  features?: readonly string[];
  /** The port's declared capabilities: only cases inside them are generated. */
  capabilities?: Capabilities;
  /** Part i of n of the seeds (partition.ts: shards never share a case, and their reports merge). */
  shard?: ShardSpec;
}

/** The seeds of a shard; a shard without a seed would run nothing, so more shards than seeds is an error. */
export function shardSeeds(r: SeedRange): number[] {
  const n = r.shard?.count ?? 1;
  if (n > r.seeds) throw new Error(`--shard ${r.shard!.index}/${n}: a generated run is split by seed and has only ${r.seeds} seed(s); give at least ${n} seeds`);
  return takeShard(Array.from({ length: r.seeds }, (_, i) => r.seed + i), r.shard);
}

/** Generated cases over a seed range, as engine items (a long hunt runs them per shard through runEngine or judgeRun). */
export function generatedItems(r: SeedRange): { items: { case: Case; suite: string }[] } {
  const items: { case: Case; suite: string }[] = [];
  for (const seed of shardSeeds(r)) for (const g of generateCases(seed, r.runs, r.features, undefined, r.capabilities)) items.push({ case: g.case, suite: "generated" });
  return { items };
}

/**
 * The feature tags generated cases carry (what --features selects on), with how many of `runs` cases carry each;
 * with capabilities, over the cases generated for that port.
 */
export function featureCounts(seed: number, runs: number, caps?: Capabilities): [string, number][] {
  const counts = new Map<string, number>();
  const cases = caps === undefined ? sampleCases(caseArbitrary, seed, runs) : generateCases(seed, runs, [], undefined, caps).map((g) => g.case);
  for (const c of cases) for (const t of featureTags(c)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
