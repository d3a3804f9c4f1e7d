// The matrix counts differences by cause (not cases by every tag they carry), coverage counts cases per tag, totals
// count cases once, and the unsupported summary groups by feature. Hand-made verdicts: the engine's bookkeeping.
import { describe, expect, it } from "vitest";
import { causeMatrix, failingCauses, featureTable, totals, unsupportedSummary } from "../../src/engine/matrix.ts";
import type { JudgedDifference, Verdict } from "../../src/engine/verdict.ts";

const d = (cause: string, extra: Partial<JudgedDifference> = {}): JudgedDifference => ({ path: "p", step: 0, field: "f", golden: "1", port: "2", note: "n", cause, ...extra });
const v = (id: string, tags: string[], status: Verdict["status"], differences: JudgedDifference[] = [], extra: Partial<Verdict> = {}): Verdict => ({ id, suite: "s", tags, status, differences, ...extra });

const cases: Verdict[] = [
  v("a", ["x", "y"], "pass"),
  v("b", ["x", "bn.momentum-1"], "fail", [d("forward: value.output"), d("forward: value.output"), d("state_dict: value.metadata", { expected: "r" })]),
  v("c", ["y", "z", "bn.momentum-1"], "xfail", [d("state_dict: value.metadata", { expected: "r" })], { reason: "r" }),
  v("d", ["z"], "unsupported", [], { feature: "BatchNorm3d", reason: "rank 5" }),
  v("e", ["z"], "unsupported", [], { feature: "BatchNorm3d", reason: "rank 5" }),
  v("f", ["y"], "no-golden", [], { reason: "lost" }),
  v("g", ["y"], "closer", [d("forward: value.output", { closer: "port" })]),
  v("h", ["y"], "timed-out", [], { reason: "timeout after 1000 ms" }),
];

describe("the matrix", () => {
  it("counts differences by cause: unexpected, closer to exact, expected; and the cases showing each", () => {
    const m = causeMatrix(cases);
    expect(m).toEqual([
      { cause: "forward: value.output", fail: 2, closer: 1, xfail: 0, cases: 2 },
      { cause: "state_dict: value.metadata", fail: 0, closer: 0, xfail: 2, cases: 2 },
    ]);
    expect(failingCauses(m)).toEqual(["forward: value.output"]);
    // no row blames the tags the failing case happens to carry
    expect(m.some((r) => r.cause.includes("momentum"))).toBe(false);
  });

  it("counts cases per tag by how they ended, and totals once per case with every status named", () => {
    const f = featureTable(cases);
    expect(f.map((r) => r.tag)).toEqual(["bn.momentum-1", "x", "y", "z"]);
    expect(f[2]).toMatchObject({ pass: 1, xfail: 1, "no-golden": 1, closer: 1, "timed-out": 1 });
    expect(totals(cases)).toMatchObject({ pass: 1, fail: 1, xfail: 1, unsupported: 2, "no-golden": 1, closer: 1, "timed-out": 1, crashed: 0 });
  });

  it("summarizes unsupported features", () => {
    expect(unsupportedSummary(cases)).toEqual([{ feature: "BatchNorm3d", cases: 2, reason: "rank 5" }]);
  });
});
