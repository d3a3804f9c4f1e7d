// A verification run: seeded random cases (optionally narrowed to some features), PyTorch's answers from the oracle,
// the port's answers through its adapter (after the convention profiles), a verdict per case, expected failures,
// the matrix per feature tag, and one shrunk counterexample per failing feature.
import fc from "fast-check";
import type { Adapter, Outcome } from "../adapters/adapter.ts";
import type { PortAdapter, PortOutcome } from "../adapters/third-party/unsupported.ts";
import { caseArbitrary } from "../arbitraries/index.ts";
import type { Case } from "../case/index.ts";
import { pythonSnippet, typescriptSnippet } from "../conformance/snippets.ts";
import { summarizeResult } from "../conformance/summary.ts";
import { type ExpectationFile, ExpectationMatcher } from "./expectations.ts";
import { FeatureSelection, featureTags } from "./features.ts";
import { judge, type JudgeCompare, portView, toPortCase, type Verdict } from "./judge.ts";
import { buildMatrix, failingTags, totals, unsupportedSummary } from "./matrix.ts";
import type { CaseRecord, Counterexample, VerifyReport } from "./model.ts";
import { VERIFY_REPORT_FORMAT } from "./model.ts";
import type { Profile } from "./profiles/index.ts";
import { shrinkCase } from "./shrink.ts";

export interface VerifyOptions {
  port: PortAdapter;
  oracle: Adapter;
  profiles: readonly Profile[];
  compare: JudgeCompare;
  seed: number;
  runs: number;
  features: readonly string[];
  expectations?: { file: string; content: ExpectationFile };
  strict: boolean;
  /** Tries allowed for shrinking each counterexample (0: no shrinking). */
  shrinkRuns: number;
  /** At most this many failing features get a counterexample. */
  maxCounterexamples: number;
  /** Cases per batch sent to the oracle and the port. */
  batchSize?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
}

/** Generation gives up when this many cases in a row miss the selection (it matches (almost) nothing). */
const MAX_MISSES = 20_000;

function caseSource(selection: FeatureSelection): fc.Arbitrary<Case> {
  if (selection.empty) return caseArbitrary;
  let misses = 0;
  return caseArbitrary.filter((c) => {
    if (selection.matches(featureTags(c))) {
      misses = 0;
      return true;
    }
    if (++misses > MAX_MISSES) throw new Error(`--features ${selection.spec.join(" ")}: no generated case in ${MAX_MISSES} carries the selected features (select by the case's own tags: modules, ops, values)`);
    return false;
  });
}

function describeCompare(c: JudgeCompare): string {
  const ulps = c.mode === "ulp" ? `floats within ${[...new Set(Object.values(c.maxUlps ?? {}))].join("/")} ULP (any NaN matches any NaN)` : "bit-exact";
  return c.atol !== undefined ? `${ulps}, magnitudes below ${c.atol} taken as 0` : ulps;
}

const caseId = (seed: number, i: number) => `v${seed}-${i}`;

/** One batch: the golden outcomes and the port's (unsupported without running when the profiles cannot express a case). */
async function answer(cases: readonly Case[], o: VerifyOptions): Promise<{ golden: Outcome[]; port: PortOutcome[] }> {
  const golden = await o.oracle.runCases(cases);
  const prepared = cases.map((c) => toPortCase(c, o.profiles));
  const runnable = prepared.filter((p): p is Case => !("status" in p));
  const answers = runnable.length > 0 ? await o.port.runCases(runnable) : [];
  let next = 0;
  const port = prepared.map((p) => ("status" in p ? p : answers[next++]!));
  return { golden, port };
}

function record(c: Case, golden: Outcome, verdict: Verdict): CaseRecord {
  const tags = featureTags(c, golden.status === "ok" ? golden.result : undefined);
  switch (verdict.status) {
    case "pass":
      return { id: c.id, tags, status: "pass" };
    case "fail":
      return { id: c.id, tags, status: "fail", difference: verdict.difference };
    case "unsupported":
      return { id: c.id, tags, status: "unsupported", feature: verdict.feature, reason: verdict.reason };
    case "no-golden":
      return { id: c.id, tags, status: "no-golden", reason: verdict.reason };
  }
}

/** Does a case (re)run fail the way `wanted` says (given its verdict, id and tags)? */
type FailurePredicate = (v: Verdict & { status: "fail" }, tags: string[], id: string) => boolean;

async function counterexample(label: string, first: CaseRecord, index: number, wanted: FailurePredicate, source: fc.Arbitrary<Case>, o: VerifyOptions, byId: Map<string, Case>): Promise<Counterexample> {
  const isBuiltin = o.port.name === "builtin";
  const stillFails = async (c: Case) => {
    const { golden, port } = await answer([c], o);
    const v = judge(c, golden[0]!, port[0]!, o.profiles, o.compare);
    return v.status === "fail" && wanted(v, featureTags(c, golden[0]!.status === "ok" ? golden[0]!.result : undefined), c.id);
  };
  const shrunk = o.shrinkRuns > 0 ? await shrinkCase(source, o.seed, index, first.id, stillFails, o.shrinkRuns) : null;
  const kase = shrunk?.case ?? byId.get(first.id)!;
  const { golden, port } = await answer([kase], o);
  const verdict = judge(kase, golden[0]!, port[0]!, o.profiles, o.compare);
  const difference = verdict.status === "fail" ? verdict.difference : first.difference!;
  const portCase = toPortCase(kase, o.profiles);
  const lines = (x: PortOutcome | Outcome, c: Case) => (x.status === "ok" ? summarizeResult(c, x.result) : [JSON.stringify(x)]);
  const portLines = "status" in portCase ? [JSON.stringify(portCase)] : port[0]!.status === "ok" ? summarizeResult(kase, portView(port[0]!.result, kase, o.profiles)) : lines(port[0]!, portCase);
  return {
    tag: label,
    firstFailure: first.id,
    case: kase,
    shrinkSteps: shrunk?.steps ?? 0,
    shrinkInterrupted: shrunk?.interrupted ?? false,
    difference,
    snippets: {
      python: pythonSnippet(kase),
      ...(isBuiltin ? { typescript: typescriptSnippet(kase) } : {}),
      golden: lines(golden[0]!, kase),
      port: portLines,
    },
  };
}

export async function verify(o: VerifyOptions): Promise<VerifyReport> {
  const start = Date.now();
  const selection = new FeatureSelection(o.features);
  const source = caseSource(selection);
  const cases = fc.sample(source, { seed: o.seed, numRuns: o.runs }).map((c, i) => ({ ...c, id: caseId(o.seed, i) }));
  const byId = new Map(cases.map((c) => [c.id, c]));
  const batch = o.batchSize ?? 250;
  const records: CaseRecord[] = [];
  const matcher = new ExpectationMatcher(o.expectations?.content.expectations ?? []);
  for (let at = 0; at < cases.length; at += batch) {
    const chunk = cases.slice(at, at + batch);
    const { golden, port } = await answer(chunk, o);
    chunk.forEach((c, k) => {
      const r = record(c, golden[k]!, judge(c, golden[k]!, port[k]!, o.profiles, o.compare));
      if (r.status === "pass" || r.status === "fail" || r.status === "unsupported") {
        const expected = matcher.observe({ id: r.id, tags: r.tags, status: r.status, path: r.difference?.path });
        if (expected !== undefined) Object.assign(r, { status: "xfail", reason: expected.reason });
      }
      records.push(r);
    });
    o.onProgress?.("cases", records.length, cases.length);
  }
  const matrix = buildMatrix(records);
  const entries = (o.expectations?.content.expectations ?? []).map((expectation, i) => ({ expectation, explained: matcher.explained[i]!, index: i }));
  const targets = [
    ...failingTags(matrix).map((tag) => ({ label: tag, first: (r: CaseRecord) => r.status === "fail" && r.tags.includes(tag), wanted: ((_v, tags) => tags.includes(tag)) as FailurePredicate, put: (cx: Counterexample) => void (matrix.find((r) => r.tag === tag)!.counterexample = cx) })),
    ...entries.filter((e) => e.explained > 0).map((e) => {
      const judged = (v: Verdict & { status: "fail" }, id: string, tags: string[]) => matcher.explains(e.index, { id, tags, status: "fail", path: v.difference.path });
      return {
        label: `expectation ${e.index + 1}`,
        first: (r: CaseRecord) => r.status === "xfail" && r.difference !== undefined && judged({ status: "fail", difference: r.difference }, r.id, r.tags),
        wanted: ((v, tags, id) => judged(v, id, tags)) as FailurePredicate,
        put: (cx: Counterexample) => void ((e as { counterexample?: Counterexample }).counterexample = cx),
      };
    }),
  ].slice(0, o.maxCounterexamples);
  for (const [n, t] of targets.entries()) {
    const index = records.findIndex(t.first);
    if (index >= 0) t.put(await counterexample(t.label, records[index]!, index, t.wanted, source, o, byId));
    o.onProgress?.("counterexamples", n + 1, targets.length);
  }
  const oracleInfo = await o.oracle.describe();
  const portInfo = await o.port.describe();
  const unexpectedPasses = matcher.unexpectedPasses();
  const all = totals(records);
  const warnings: string[] = [];
  if (all["no-golden"] > 0) warnings.push(`${all["no-golden"]} case(s) got no answer from PyTorch (the oracle lost them): they say nothing about the port`);
  for (const e of matcher.unmatched()) warnings.push(`expectation matches no case: ${JSON.stringify(e)}`);
  for (const e of unexpectedPasses) warnings.push(`unexpected pass: every case of expectation ${JSON.stringify(e)} passed${o.strict ? " (an error under --strict)" : ""}`);
  return {
    format: VERIFY_REPORT_FORMAT,
    port: { name: o.port.name, implementation: portInfo.implementation },
    oracle: { name: o.oracle.name, torch: oracleInfo.torch, cpuCapability: oracleInfo.cpuCapability, threads: oracleInfo.threads },
    settings: {
      seed: o.seed,
      runs: o.runs,
      features: [...o.features],
      compare: describeCompare(o.compare),
      profiles: o.profiles.map(({ id, summary, rules }) => ({ id, summary, rules })),
      ...(o.expectations ? { expectations: o.expectations.file } : {}),
      strict: o.strict,
    },
    totals: all,
    matrix,
    unsupported: unsupportedSummary(records),
    expectations: { entries: entries.map(({ index: _i, ...e }) => e), unmatched: matcher.unmatched(), unexpectedPasses },
    cases: records,
    warnings,
    durationMs: Date.now() - start,
    ok: all.fail === 0 && (!o.strict || unexpectedPasses.length === 0),
  };
}
