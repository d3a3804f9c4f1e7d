// Subprocess ports say "unsupported" through a rejection message; anything else stays a rejection.
import { describe, expect, it } from "vitest";
import { fromWire } from "../../src/adapters/third-party/unsupported.ts";

describe("fromWire", () => {
  it("reads 'unsupported: <feature>: <reason>' from an internal rejection", () => {
    expect(fromWire({ id: "a", status: "rejected", code: "internal", message: "unsupported: BatchNorm3d: no rank 5", where: "" })).toEqual({ id: "a", status: "unsupported", feature: "BatchNorm3d", reason: "no rank 5" });
  });
  it("leaves other outcomes alone", () => {
    const other = { id: "a", status: "rejected" as const, code: "internal" as const, message: "boom", where: "" };
    expect(fromWire(other)).toBe(other);
    const bad = { id: "a", status: "rejected" as const, code: "bad_tensor" as const, message: "unsupported: x: y", where: "/case" };
    expect(fromWire(bad)).toBe(bad);
  });
});
