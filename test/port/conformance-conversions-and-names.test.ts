// int64/float conversions, repr() in KeyError messages and a bernoulli edge against PyTorch 2.13.0, bit for bit
// (see conformance-run.ts).
import { describe, expect, it } from "vitest";
import { conversionNameCases as cases } from "./cases/conversions-and-names.ts";
import { answersOf, itAgreesPerCase, itHasDistinctCases } from "./conformance-run.ts";

const answers = answersOf(cases);

describe("conversions and names conformance: port vs PyTorch 2.13.0", () => {
  itHasDistinctCases(cases, 30);

  it("the oracle answered every case", () => {
    expect(answers.golden.filter((o) => o.status !== "ok").map((o) => JSON.stringify(o).slice(0, 300))).toEqual([]);
  });

  itAgreesPerCase(cases, answers);
});
