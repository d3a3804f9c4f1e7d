// The shrinker's own rules, with a predicate written here (no PyTorch values involved): it only ever moves to a
// smaller valid case, keeps references between steps right, stops at a case none of whose candidates holds, honours
// its budget exactly, and gives the same case every time. The value classes are the comparator's hex bits.
import { describe, expect, it } from "vitest";
import { type Case, decodeTensor, validateCase, wireTensor } from "../../src/case/index.ts";
import { valueClass } from "../../src/engine/failure-kind.ts";
import { candidates, removals, sizeKey, smaller } from "../../src/engine/shrink-candidates.ts";
import { shrinkCase } from "../../src/engine/shrink.ts";

const big: Case = {
  schema: 1,
  id: "big",
  nodes: {
    n0: { type: "Sequential", children: [["0", "n1"], ["1", "n2"], ["2", "n3"]] },
    n1: { type: "Dropout", args: [0.25] },
    n2: { type: "Sequential", children: [["a", "n4"]] },
    n3: { type: "Dropout1d" },
    n4: { type: "BatchNorm1d", args: [3], kwargs: { momentum: 0.3, eps: 0.001 } },
  },
  root: "n0",
  steps: [
    { op: "state_dict", path: "" },
    { op: "train", path: "1" },
    { op: "forward", path: "", input: wireTensor("float32", [4, 3], [2.2, -1.7, 0.3, 5.5, 0.1, 1e-3, 7, -3.3, 9.25, 0.6, 0.7, 0.8]) },
    { op: "eval", path: "1.a" },
    { op: "load_state_dict", path: "", from: 0 },
    { op: "forward", path: "1.a", input: wireTensor("float32", [2, 3], [1.1, 2.2, 3.3, 4.4, 5.5, 6.6]) },
  ],
};

const types = (c: Case) => Object.values(c.nodes).map((n) => n.type);
/** "Fails" while a BatchNorm1d is forwarded at least twice, the first input's top-left value at least 0.5. */
const demo = (c: Case) => {
  const forwards = c.steps.filter((s) => s.op === "forward");
  return types(c).includes("BatchNorm1d") && forwards.length >= 2 && (decodeTensor(forwards[0]!.input).data[0] as number) >= 0.5;
};
const holdsBy = (p: (c: Case) => boolean) => async (cs: readonly Case[]) => cs.map(p);

describe("shrinking", () => {
  it("the case is valid to start with, and every candidate is valid and strictly smaller", () => {
    expect(validateCase(big).ok).toBe(true);
    const all = [...candidates(big)];
    expect(all.length).toBeGreaterThan(30);
    for (const c of all) {
      expect(validateCase(c).ok).toBe(true);
      expect(smaller(sizeKey(c), sizeKey(big))).toBe(true);
    }
  });

  it("a removed step takes the steps that refer to it along, and later references are renumbered", () => {
    const loads = [...removals(big)].filter((c) => c.steps.some((s) => s.op === "load_state_dict"));
    for (const c of loads) {
      const i = c.steps.findIndex((s) => s.op === "load_state_dict");
      const from = (c.steps[i] as { from?: number }).from;
      if (from !== undefined) expect(c.steps[from]!.op).toBe("state_dict");
    }
    expect([...removals(big)].some((c) => c.steps.length === 5 && !c.steps.some((s) => s.op === "state_dict" || s.op === "load_state_dict"))).toBe(false);
    expect([...removals(big)].some((c) => c.steps.length === 4 && !c.steps.some((s) => s.op === "state_dict" || s.op === "load_state_dict"))).toBe(true);
  });

  it("shrinks to a case none of whose candidates holds, the same one every time", async () => {
    const a = await shrinkCase(big, holdsBy(demo), { budget: 10_000 });
    const b = await shrinkCase(big, holdsBy(demo), { budget: 10_000, batch: 3 });
    expect(a.interrupted).toBe(false);
    expect(demo(a.case)).toBe(true);
    expect([...candidates(a.case)].filter(demo)).toEqual([]);
    expect(types(a.case)).toEqual(["BatchNorm1d"]);
    expect(a.case.steps.map((s) => s.op)).toEqual(["forward", "forward"]);
    expect(JSON.stringify(b.case)).toBe(JSON.stringify(a.case));
    // narrowed to one element, made the simplest value (at least 0.5) the order prefers
    const first = a.case.steps[0]!;
    expect(first.op === "forward" && Array.from(decodeTensor(first.input).data as Float32Array)).toEqual([1]);
  });

  it("stops when its budget of judged candidates runs out, with the smallest holding case so far", async () => {
    expect(demo(big)).toBe(true);
    let judged = 0;
    const r = await shrinkCase(big, async (cs) => ((judged += cs.length), cs.map(demo)), { budget: 20, batch: 16 });
    expect(r.interrupted).toBe(true);
    expect(r.tried).toBe(20);
    expect(judged).toBe(20);
    expect(demo(r.case)).toBe(true);
  });

  it("tells value classes apart by their bits", () => {
    expect(["1.5 (0x3fc00000)", "0 (0x00000000)", "-0 (0x80000000)", "1e-45 (0x00000001)", "Infinity (0x7f800000)", "NaN (0x7fc00000)", "5e-324 (0x0000000000000001)", "1 (0x3ff0000000000000)", "42", '"ValueError"'].map(valueClass)).toEqual([
      "finite", "zero", "zero", "subnormal", "infinity", "NaN", "subnormal", "finite", "", "",
    ]);
  });
});
