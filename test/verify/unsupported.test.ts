// A worker-protocol port says "unsupported" with a Response of its own type; the client reads it as an unsupported
// outcome, and a rejection stays a rejection whatever its message says.
import { describe, expect, it } from "vitest";
import { interpretResponse } from "../../src/oracle/response.ts";

const line = (answer: object) => JSON.stringify({ id: "r1", ...answer });

describe("an unsupported answer", () => {
  it("becomes an unsupported outcome naming the feature and the reason", () => {
    expect(interpretResponse(line({ type: "unsupported", feature: "BatchNorm3d", reason: "no rank 5" }), "r1", "case-a")).toEqual({ outcome: { id: "case-a", status: "unsupported", feature: "BatchNorm3d", reason: "no rank 5" } });
  });
  it("must name a feature (1 to 64 characters), else the answer breaks the protocol", () => {
    for (const feature of ["", "x".repeat(65)]) {
      const { outcome, protocolError } = interpretResponse(line({ type: "unsupported", feature, reason: "" }), "r1", "case-a");
      expect(outcome.status).toBe("lost");
      expect(protocolError).toMatch(/does not match the schema/);
    }
  });
  it("is not read out of a rejection's message", () => {
    const answer = { type: "rejected", code: "internal", message: "unsupported: BatchNorm3d: no rank 5", where: "" };
    expect(interpretResponse(line(answer), "r1", "case-a").outcome).toEqual({ id: "case-a", status: "rejected", code: "internal", message: "unsupported: BatchNorm3d: no rank 5", where: "" });
  });
});
