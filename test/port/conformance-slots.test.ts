// setattr on parameter and buffer slots against PyTorch 2.13.0, bit for bit (see conformance-run.ts).
import { describe, expect, it } from "vitest";
import { slotCases as cases } from "./cases/slots.ts";
import { answersOf, itAgreesPerCase, itHasDistinctCases } from "./conformance-run.ts";

const answers = answersOf(cases);

describe("parameter and buffer slot conformance: port vs PyTorch 2.13.0", () => {
  itHasDistinctCases(cases, 50);

  it("the oracle answered every case", () => {
    expect(answers.golden.filter((o) => o.status !== "ok").map((o) => JSON.stringify(o).slice(0, 300))).toEqual([]);
  });

  itAgreesPerCase(cases, answers);
});
