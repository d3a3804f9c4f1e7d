// The matrix counts every case under each of its tags, and the unsupported summary groups by feature.
import { describe, expect, it } from "vitest";
import { buildMatrix, failingTags, totals, unsupportedSummary } from "../../src/verify/matrix.ts";
import type { CaseRecord } from "../../src/verify/model.ts";

const cases: CaseRecord[] = [
  { id: "a", tags: ["x", "y"], status: "pass" },
  { id: "b", tags: ["x"], status: "fail", difference: { path: "p", golden: "1", port: "2", note: "n" } },
  { id: "c", tags: ["y", "z"], status: "xfail", reason: "r" },
  { id: "d", tags: ["z"], status: "unsupported", feature: "BatchNorm3d", reason: "rank 5" },
  { id: "e", tags: ["z"], status: "unsupported", feature: "BatchNorm3d", reason: "rank 5" },
  { id: "f", tags: ["y"], status: "no-golden", reason: "lost" },
];

describe("buildMatrix", () => {
  it("counts statuses per tag, sorted by tag", () => {
    const m = buildMatrix(cases);
    expect(m.map((r) => r.tag)).toEqual(["x", "y", "z"]);
    expect(m[0]).toMatchObject({ pass: 1, fail: 1, xfail: 0, unsupported: 0, "no-golden": 0 });
    expect(m[1]).toMatchObject({ pass: 1, fail: 0, xfail: 1, unsupported: 0, "no-golden": 1 });
    expect(m[2]).toMatchObject({ pass: 0, fail: 0, xfail: 1, unsupported: 2 });
    expect(failingTags(m)).toEqual(["x"]);
  });

  it("totals count cases once", () => {
    expect(totals(cases)).toEqual({ pass: 1, fail: 1, xfail: 1, unsupported: 2, "no-golden": 1 });
  });

  it("summarizes unsupported features", () => {
    expect(unsupportedSummary(cases)).toEqual([{ feature: "BatchNorm3d", cases: 2, reason: "rank 5" }]);
  });
});
