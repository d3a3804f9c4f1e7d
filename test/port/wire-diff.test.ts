import { describe, expect, it } from "vitest";
import { firstDifference } from "./wire-diff.ts";

describe("firstDifference", () => {
  it("accepts equal values whatever the key order", () => {
    expect(firstDifference({ a: [1, { b: "x" }], c: null }, { c: null, a: [1, { b: "x" }] })).toBeNull();
  });
  it("names the first differing path", () => {
    expect(firstDifference({ a: [1, { b: "x" }] }, { a: [1, { b: "y" }] })).toMatch(/^\/a\/1\/b: /);
    expect(firstDifference([1, 2], [1, 2, 3])).toMatch(/^\/2: unexpected extra/);
    expect(firstDifference([1, 2, 3], [1, 2])).toMatch(/^\/2: missing/);
    expect(firstDifference({ a: 1 }, { a: 1, b: undefined })).toMatch(/^\/b: unexpected/);
    expect(firstDifference({ a: 1, b: 2 }, { a: 1 })).toMatch(/^\/b: missing/);
  });
  it("is strict about types and zero signs", () => {
    expect(firstDifference({ a: 1 }, { a: "1" })).not.toBeNull();
    expect(firstDifference([0], [-0])).not.toBeNull();
    expect(firstDifference(null, {})).not.toBeNull();
    expect(firstDifference([], {})).not.toBeNull();
    expect(firstDifference(true, 1)).not.toBeNull();
  });
});
