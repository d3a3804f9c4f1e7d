// Module train()/eval() semantics, containers and the Dropout family against PyTorch 2.13.0, bit for bit (see
// conformance-run.ts).
import { describe, expect, it } from "vitest";
import { moduleDropoutCases as cases } from "../../support/cases/module-dropout.ts";
import { answersOf, itAgreesPerCase, itHasDistinctCases } from "./conformance-run.ts";

const answers = answersOf(cases);

describe("module/dropout conformance: port vs PyTorch 2.13.0", () => {
  itHasDistinctCases(cases, 150);

  it("the oracle answered every case, rejecting exactly the malformed ones", () => {
    const golden = answers.golden;
    expect(golden).toHaveLength(cases.length);
    const wrong = golden.filter((o, i) => o.status !== (cases[i]!.id.startsWith("reject/") ? "rejected" : "ok"));
    expect(wrong.map((o) => `${o.id}: ${o.status}${o.status === "rejected" ? ` ${o.code} ${o.message}` : ""}`)).toEqual([]);
  });

  itAgreesPerCase(cases, answers);
});
