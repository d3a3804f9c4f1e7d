// The shared frame of the conformance tests: every case spec of src/specs/ runs on the built-in port against
// PyTorch's answer frozen in the golden corpus (group spec-<file>, case <file>/<name>), and the two results must be
// identical on every field under the judge's bits policy (outputs, running stats, counters, NaN payloads, -0). The stored answers are PyTorch's: `npm run regen` asked the oracle,
// `npm run regen -- --check` (in CI) proves they are what it answers today, and the staleness check fails the
// corpus tests when a spec changes without a regen. So these tests need no Python and no oracle start.
import { beforeAll, describe, expect, it } from "vitest";
import type { Outcome } from "../../src/adapters/adapter.ts";
import { builtinAdapter } from "../../src/adapters/builtin/index.ts";
import type { Case } from "../../src/case/index.ts";
import { compareOutcomes, formatDifferences } from "../../src/conformance/compare.ts";
import { loadGolden } from "../../src/corpus/load.ts";
import { outcomeOf } from "../../src/corpus/shard-file.ts";

export interface Answers {
  golden: Outcome[];
  port: Outcome[];
}

/** PyTorch's stored answers to a spec file's cases, by the spec's own case id; a case stored otherwise is stale. */
async function storedAnswers(spec: string, cases: readonly Case[]): Promise<Outcome[]> {
  const stored = new Map((await loadGolden()).records.filter((r) => r.record.case.id.startsWith(`${spec}/`)).map((r) => [r.record.case.id, r.record]));
  return cases.map((c): Outcome => {
    const r = stored.get(`${spec}/${c.id}`);
    if (!r) return { id: c.id, status: "lost", reason: `no golden stored for ${spec}/${c.id}: run \`npm run regen\`` };
    if (JSON.stringify({ ...r.case, id: c.id }) !== JSON.stringify(c)) return { id: c.id, status: "lost", reason: `the stored ${spec}/${c.id} is not the spec's case: run \`npm run regen\`` };
    return outcomeOf(c.id, r.golden.status === "ok" ? { ...r.golden, result: { ...r.golden.result, id: c.id } } : r.golden);
  });
}

/** PyTorch's stored answers and the port's, for the cases of src/specs/<spec>.ts, before the tests of the calling file. */
export function answersOf(spec: string, cases: readonly Case[]): Answers {
  const answers: Answers = { golden: [], port: [] };
  beforeAll(async () => {
    answers.golden = await storedAnswers(spec, cases);
    answers.port = await builtinAdapter.runCases(cases);
  }, 300_000);
  return answers;
}

/** One test per case: the port's outcome equals PyTorch's. */
export function itAgreesPerCase(cases: readonly Case[], answers: Answers): void {
  it.each(cases.map((c, i) => [c.id, i] as const))("%s", (_id, i) => {
    const [golden, port] = [answers.golden[i]!, answers.port[i]!];
    // a rejection must match in code, pointer and text (the judge compares only codes: other ports word their own)
    if (golden.status === "rejected") expect(port).toStrictEqual(golden);
    else expect(formatDifferences(compareOutcomes(golden, port))).toBe("");
  });
}

/** The spec list is at least `min` cases long and names each case once. */
export function itHasDistinctCases(cases: readonly Case[], min: number): void {
  it(`has at least ${min} distinct edge cases`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(min);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });
}

/** PyTorch ran every case (none rejected), and at least `minOutputs` steps produced an output: errors are not the whole story. */
export function itRanAndProducedOutputs(answers: Answers, minOutputs: number): void {
  it("the oracle ran every case", () => {
    expect(answers.golden.filter((o) => o.status !== "ok").map((o) => o.id)).toEqual([]);
  });
  it("the cases exercise the forward: most produce outputs, and errors are not the whole story", () => {
    const steps = answers.golden.flatMap((o) => (o.status === "ok" ? o.result.steps : []));
    expect(steps.filter((s) => s.value?.output !== undefined).length).toBeGreaterThanOrEqual(minOutputs);
  });
}

/** A whole conformance file for specs that all run (none rejected): distinct ids, PyTorch ran each, the port agrees. */
export function describeConformance(title: string, spec: string, cases: readonly Case[], minCases: number): void {
  const answers = answersOf(spec, cases);
  describe(`${title} conformance: port vs PyTorch 2.13.0`, () => {
    itHasDistinctCases(cases, minCases);
    it("the oracle ran every case", () => {
      expect(answers.golden.filter((o) => o.status !== "ok").map((o) => JSON.stringify(o).slice(0, 300))).toEqual([]);
    });
    itAgreesPerCase(cases, answers);
  });
}
