// Malformed requests against the oracle: the built-in port rejects each one as the oracle does, with the same
// code, JSON pointer and text (see support/cases/rejections.ts; compared as wire JSON, like the other conformance files).
import { describe, expect, it } from "vitest";
import { rejectionCases } from "../../support/cases/rejections.ts";
import { answersOf, itAgreesPerCase, itHasDistinctCases } from "./conformance-run.ts";

const answers = answersOf(rejectionCases);
describe("malformed requests: port vs the oracle", () => {
  itHasDistinctCases(rejectionCases, 30);
  it("the oracle rejected every case, and not for its schema", () => {
    const notRejected = answers.golden.filter((o) => o.status !== "rejected" || o.code.startsWith("schema"));
    expect(notRejected.map((o) => JSON.stringify(o).slice(0, 300))).toEqual([]);
  });
  itAgreesPerCase(rejectionCases, answers);
});
