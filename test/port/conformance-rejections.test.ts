// Malformed requests against the oracle: the built-in port rejects each one as the oracle does, with the same
// code, JSON pointer and text (see src/specs/rejections.ts; compared whole, code, pointer and message).
import { describe, expect, it } from "vitest";
import { rejectionCases } from "../../src/specs/rejections.ts";
import { answersOf, itAgreesPerCase, itHasDistinctCases } from "./conformance-run.ts";

const answers = answersOf("rejections", rejectionCases);
describe("malformed requests: port vs the oracle", () => {
  itHasDistinctCases(rejectionCases, 30);
  it("the oracle rejected every case, and not for its schema", () => {
    const notRejected = answers.golden.filter((o) => o.status !== "rejected" || o.code.startsWith("schema"));
    expect(notRejected.map((o) => JSON.stringify(o).slice(0, 300))).toEqual([]);
  });
  itAgreesPerCase(rejectionCases, answers);
});
