// BatchNorm1d/2d/3d against PyTorch 2.13.0, bit for bit (see conformance-run.ts).
import { describe, expect, it } from "vitest";
import { batchNormCases as cases } from "./cases/batchnorm.ts";
import { answersOf, itAgreesPerCase } from "./conformance-run.ts";

const answers = answersOf(cases);

describe("batchnorm conformance: port vs PyTorch 2.13.0", () => {
  it("has at least 150 distinct edge cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it("the oracle ran every case", () => {
    expect(answers.golden.filter((o) => o.status !== "ok").map((o) => o.id)).toEqual([]);
  });

  it("the cases exercise the forward: most produce outputs, and errors are not the whole story", () => {
    const steps = answers.golden.flatMap((o) => (o.status === "ok" ? o.result.steps : []));
    expect(steps.filter((s) => s.value?.output !== undefined).length).toBeGreaterThanOrEqual(400);
  });

  itAgreesPerCase(cases, answers);
});
