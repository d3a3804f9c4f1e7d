// compareResults' shortcut (compare.ts `identical`): it must say "the same" exactly when two JSON values are equal
// to the bit, since a wrong "the same" would hide a difference and a wrong "not the same" only costs the full walk,
// which no other test could see. The judge's own contract: hand-made values, no PyTorch behaviour.
import { describe, expect, it } from "vitest";
import { identical } from "../../src/conformance/compare.ts";

const both = (a: unknown, b: unknown) => [identical(a, b), identical(b, a)];

describe("identical", () => {
  it("takes equal primitives, and tells -0 from 0", () => {
    for (const v of [1, "a", true, 2n, null, -0]) expect(both(v, v)).toEqual([true, true]);
    expect(both(0, -0)).toEqual([false, false]);
    expect(both(0, 0)).toEqual([true, true]);
    expect(both(1, 2)).toEqual([false, false]);
    expect(both("a", "b")).toEqual([false, false]);
    expect(both(1n, 1)).toEqual([false, false]);
  });

  it("never takes null, a primitive or an array for an object", () => {
    expect(both(null, {})).toEqual([false, false]);
    expect(both("a", { 0: "a" })).toEqual([false, false]);
    expect(both([], {})).toEqual([false, false]);
    expect(both(["x"], { 0: "x" })).toEqual([false, false]);
    expect(both(null, undefined)).toEqual([false, false]);
  });

  it("compares arrays element by element, lengths too", () => {
    expect(both([1, [2, "x"]], [1, [2, "x"]])).toEqual([true, true]);
    expect(both([], [])).toEqual([true, true]);
    expect(both([1, 2], [1, 2, 3])).toEqual([false, false]);
    expect(both([1, 2], [1, 3])).toEqual([false, false]);
    expect(both([0], [-0])).toEqual([false, false]);
  });

  it("compares objects key by key, in any order, missing and extra keys and undefined values included", () => {
    expect(both({ a: 1, b: { c: [2] } }, { b: { c: [2] }, a: 1 })).toEqual([true, true]);
    expect(both({}, {})).toEqual([true, true]);
    expect(both({ a: 1 }, { a: 1, b: 2 })).toEqual([false, false]);
    expect(both({ a: 1, b: 2 }, { a: 1, c: 2 })).toEqual([false, false]);
    expect(both({ a: 1 }, { a: 2 })).toEqual([false, false]);
    expect(both({ a: undefined }, {})).toEqual([false, false]);
    expect(both({ a: { b: 0 } }, { a: { b: -0 } })).toEqual([false, false]);
  });
});
