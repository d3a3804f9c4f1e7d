// The exact reference's bookkeeping (exact.ts): which case has a float64 twin and what it looks like, how a
// comparator path finds a value, and which side of a numeric difference lies closer to the exact value. Hand-made
// cases and results: the engine's own rules, no PyTorch value (test/engine/closer-to-exact.test.ts asks PyTorch).
import { describe, expect, it } from "vitest";
import { type Case, decodeTensor, type Result, type Tensor, wireTensor } from "../../src/case/index.ts";
import type { Difference } from "../../src/conformance/compare.ts";
import { atPath, closerSide, exactTwin } from "../../src/engine/exact.ts";

const f32 = (...xs: number[]) => wireTensor("float32", [xs.length], xs);
const f64 = (...xs: number[]) => wireTensor("float64", [xs.length], xs);
const lazy: Tensor = { dtype: "float32", shape: [], data: "", lazy: true };

const base: Case = {
  schema: 1,
  id: "c",
  nodes: { s: { type: "Sequential", children: [["0", "bn"], ["1", "id"]] }, bn: { type: "BatchNorm1d", args: [2] }, id: { type: "Identity" } },
  root: "s",
  steps: [
    { op: "train", path: "" },
    { op: "forward", path: "", input: wireTensor("float32", [2, 2], [0.1, 2, -3.5, 1e-3]) },
    { op: "load_state_dict", path: "", put: [["0.running_mean", f32(0.3, 0.7)], ["0.num_batches_tracked", wireTensor("int64", [], [2n])], ["0.weight", lazy]] },
    { op: "forward", path: "", input: f64(1, 2) },
  ],
};

describe("exactTwin", () => {
  it("is the case in float64: its own id, float32 inputs and loaded state widened, the normalisation modules built in float64", () => {
    const twin = exactTwin(base)!;
    expect(twin.id).toBe("c~exact");
    expect(twin.root).toBe("s");
    expect(twin.nodes).toEqual({ ...base.nodes, bn: { type: "BatchNorm1d", args: [2], dtype: "float64" } });
    expect(twin.steps[0]).toEqual(base.steps[0]);
    const input = twin.steps[1]! as Extract<Case["steps"][number], { op: "forward" }>;
    expect(input.input.dtype).toBe("float64");
    expect(input.input.shape).toEqual([2, 2]);
    expect(Array.from(decodeTensor(input.input).data as Float64Array)).toEqual(Array.from(new Float32Array([0.1, 2, -3.5, 1e-3])));
    const put = (twin.steps[2]! as Extract<Case["steps"][number], { op: "load_state_dict" }>).put!;
    expect(put[0]).toEqual(["0.running_mean", wireTensor("float64", [2], Array.from(new Float32Array([0.3, 0.7])))]);
    expect(put.slice(1)).toEqual((base.steps[2]! as Extract<Case["steps"][number], { op: "load_state_dict" }>).put!.slice(1));
    expect(twin.steps[3]).toEqual(base.steps[3]);
  });

  it("leaves a load_state_dict without a put as it is", () => {
    const steps: Case["steps"] = [base.steps[1]!, { op: "state_dict", path: "" }, { op: "load_state_dict", path: "", from: 1 }];
    expect(exactTwin({ ...base, steps })!.steps.slice(1)).toEqual(steps.slice(1));
  });

  it("is null for a case with random draws, a dtype of its own, or no float32 forward", () => {
    expect(exactTwin({ ...base, nodes: { ...base.nodes, id: { type: "Dropout" } } })).toBeNull();
    expect(exactTwin({ ...base, nodes: { ...base.nodes, id: { type: "RReLU" } } })).toBeNull();
    expect(exactTwin({ ...base, nodes: { ...base.nodes, bn: { type: "BatchNorm1d", args: [2], kwargs: { dtype: "float32" } } } })).toBeNull();
    expect(exactTwin({ ...base, nodes: { ...base.nodes, bn: { type: "BatchNorm1d", args: [2], dtype: "float64" } } })).toBeNull();
    expect(exactTwin({ ...base, steps: [base.steps[0]!, base.steps[3]!] })).toBeNull();
    expect(exactTwin({ ...base, steps: [base.steps[0]!] })).toBeNull();
  });

  it("takes a module type the table does not know for neither random nor a normalisation", () => {
    const unknown = { type: "NotInTheTable" } as unknown as Case["nodes"][string];
    const twin = exactTwin({ ...base, nodes: { ...base.nodes, id: unknown } })!;
    expect(twin.nodes.id).toEqual({ type: "NotInTheTable" });
  });

  it("keeps a node built in float32 by name only (its dtype field float32) a twin's candidate", () => {
    expect(exactTwin({ ...base, nodes: { ...base.nodes, id: { type: "Identity", dtype: "float32" } } })).not.toBeNull();
  });
});

describe("atPath", () => {
  const root = {
    build: { error: null, value: { output: 1 } },
    steps: [{ snapshot: { buffers: [["1.running_var", "rv"], ['a"b', "quoted"]] } }, { value: [10, 20] }],
  };

  it("follows keys, indices and names in named lists", () => {
    expect(atPath(root, "build.value.output")).toBe(1);
    expect(atPath(root, "build.error")).toBeNull();
    expect(atPath(root, 'steps[0].snapshot.buffers["1.running_var"]')).toBe("rv");
    expect(atPath(root, 'steps[0].snapshot.buffers["a\\"b"]')).toBe("quoted");
    expect(atPath(root, "steps[1].value[1]")).toBe(20);
    expect(atPath({ xs: Array.from({ length: 13 }, (_, i) => i * 2) }, "xs[12]")).toBe(24);
    expect(atPath(root, "")).toBe(root);
  });

  it("is undefined where the path leads nowhere", () => {
    expect(atPath(root, "build.nothing.deeper")).toBeUndefined();
    expect(atPath(root, "build.error.type")).toBeUndefined();
    expect(atPath(root, "build[0]")).toBeUndefined();
    expect(atPath(root, 'build["x"]')).toBeUndefined();
    expect(atPath(root, 'steps[0].snapshot.buffers["missing"]')).toBeUndefined();
    expect(atPath(root, "steps[5].value")).toBeUndefined();
  });
});

describe("closerSide", () => {
  const at = "steps[0].value.output";
  const res = (output: unknown) => ({ steps: [{ value: { output } }] }) as unknown as Result;
  const diff = (over: Partial<Difference> = {}): Difference => ({ path: at, step: 0, field: "value.output", golden: "", port: "", note: "", mismatch: { count: 1, total: 3, first: 0, maxAbs: null, maxRel: null, maxUlps: null }, ...over });
  const side = (g: Tensor | unknown, p: Tensor | unknown, e: Tensor | unknown, d = diff()) => closerSide(d, res(g), res(p), res(e));

  it("names the side at least as close everywhere and closer somewhere", () => {
    expect(side(f32(1, 2, 3), f32(1.5, 2, 3), f64(1.25 + 2 ** -4, 2, 3))).toBe("port");
    expect(side(f32(1, 2, 3), f32(1.5, 2, 3), f64(1.25 - 2 ** -4, 2, 3))).toBe("golden");
    expect(side(f32(1, 2, 5), f32(1.5, 2, 4), f64(1.5, 2, 5))).toBe("tie");
  });

  it("is a tie when both sides are equally far on every differing element", () => {
    expect(side(f32(1, 2, 3), f32(1.5, 2, 3), f64(1.25, 2, 3))).toBe("tie");
  });

  it("skips the elements both sides agree on, NaN included", () => {
    expect(side(f32(NaN, 1), f32(NaN, 1.5), f64(0, 1.5))).toBe("port");
  });

  it("has nothing to weigh where a distance is NaN", () => {
    expect(side(f32(1, 2), f32(1.5, 2), f64(NaN, 2))).toBeUndefined();
    expect(side(f32(NaN, 2), f32(1, 2), f64(1, 2))).toBeUndefined();
  });

  it("has nothing to weigh without a float32 tensor difference and a float64 twin tensor of its shape there", () => {
    expect(side(f32(1), f32(2), f64(2), diff({ mismatch: undefined }))).toBeUndefined();
    expect(side(1, f32(2), f64(2))).toBeUndefined();
    expect(side(f32(1), 2, f64(2))).toBeUndefined();
    expect(side(f32(1), f32(2), 2)).toBeUndefined();
    expect(side(f32(1), f32(2), null)).toBeUndefined();
    expect(side(f64(1), f64(2), f64(2))).toBeUndefined();
    expect(side(f32(1), f32(2), f32(2))).toBeUndefined();
    expect(side(f32(1), f32(2), wireTensor("float64", [1, 1], [2]))).toBeUndefined();
  });
});
