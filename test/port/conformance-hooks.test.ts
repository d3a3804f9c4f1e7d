// Module hooks against PyTorch 2.13.0, bit for bit and call for call (see conformance-run.ts): the hook log of
// every step, outputs a hook replaced, errors and the warnings of silenced always_call hooks.
import { describe, expect, it } from "vitest";
import { hookCases as cases } from "../../support/cases/hooks.ts";
import { answersOf, itAgreesPerCase, itHasDistinctCases } from "./conformance-run.ts";

const answers = answersOf(cases);

describe("hook conformance: port vs PyTorch 2.13.0", () => {
  itHasDistinctCases(cases, 50);

  it("the oracle ran every case", () => {
    expect(answers.golden.filter((o) => o.status !== "ok").map((o) => JSON.stringify(o).slice(0, 300))).toEqual([]);
  });

  it("the specs reach what they are about: hooks called in every case, outputs replaced, always_call hooks silenced", () => {
    const results = answers.golden.flatMap((o) => (o.status === "ok" ? [o.result] : []));
    const withoutCalls = results.filter((r) => !r.steps.some((s) => (s.hooks ?? []).length > 0)).map((r) => r.id);
    expect(withoutCalls).toEqual([]);
    const warnings = results.flatMap((r) => r.steps.flatMap((s) => s.warnings.map((w) => w.message)));
    expect(warnings.filter((m) => m.startsWith("module forward hook with ``always_call=True``")).length).toBeGreaterThan(0);
    expect(warnings.filter((m) => m.startsWith("global module forward hook with ``always_call=True``")).length).toBeGreaterThan(0);
    const calls = results.flatMap((r) => r.steps.flatMap((s) => s.hooks ?? []));
    expect(calls.some((c) => c.output === null)).toBe(true);
    expect(calls.some((c) => c.kwargs === true)).toBe(true);
    expect(calls.some((c) => c.training === false)).toBe(true);
  });

  itAgreesPerCase(cases, answers);
});
