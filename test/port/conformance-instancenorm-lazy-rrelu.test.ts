// InstanceNorm1d/2d/3d, the Lazy norms and RReLU against PyTorch 2.13.0, bit for bit (see conformance-run.ts).
import { describe, expect, it } from "vitest";
import { instanceLazyRreluCases as cases } from "../../support/cases/instancenorm-lazy-rrelu.ts";
import { answersOf, itAgreesPerCase, itHasDistinctCases, itRanAndProducedOutputs } from "./conformance-run.ts";

const answers = answersOf(cases);

describe("instancenorm, lazy norms, rrelu conformance: port vs PyTorch 2.13.0", () => {
  itHasDistinctCases(cases, 100);
  itRanAndProducedOutputs(answers, 300);

  it("lazy modules become their non-lazy class and show uninitialized entries before", () => {
    const results = answers.golden.flatMap((o) => (o.status === "ok" ? [o.result] : []));
    const classes = new Set(results.flatMap((r) => r.steps.flatMap((s) => s.snapshot?.modules.map(([, cls]) => cls) ?? [])));
    for (const d of [1, 2, 3]) for (const f of ["BatchNorm", "InstanceNorm"]) expect([...classes]).toContain(`${f}${d}d`);
    const lazyEntries = results.flatMap((r) => r.steps.flatMap((s) => s.value?.entries ?? [])).filter(([, t]) => t.lazy === true);
    expect(lazyEntries.length).toBeGreaterThan(50);
  });

  itAgreesPerCase(cases, answers);
});
