// Convention profiles as transformations: what each does to a case and to results.
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { Unsupported } from "../../src/adapters/third-party/unsupported.ts";
import { decodeTensor, wireTensor, type Case, type Result } from "../../src/case/index.ts";
import { moveAxis } from "../../src/verify/profiles/channels-last.ts";
import { resolveProfiles } from "../../src/verify/profiles/index.ts";

const bn = (node: Case["nodes"][string], steps: Case["steps"] = []): Case => ({ schema: 1, id: "t", nodes: { n: node }, root: "n", steps });

describe("keras-momentum", () => {
  const [p] = resolveProfiles(["keras-momentum"]);
  it("passes 1 - m for given, positional and default momentum, and for setattr", () => {
    expect(p!.toPort!(bn({ type: "BatchNorm2d", args: [3], kwargs: { momentum: 0.25 } })).nodes.n!.kwargs).toEqual({ momentum: 0.75 });
    expect(p!.toPort!(bn({ type: "BatchNorm1d", args: [3, 1e-5, 0.25] })).nodes.n!.args).toEqual([3, 1e-5, 0.75]);
    expect(p!.toPort!(bn({ type: "BatchNorm1d", args: [3] })).nodes.n!.kwargs).toEqual({ momentum: 0.9 });
    expect(p!.toPort!(bn({ type: "LazyBatchNorm1d", args: [1e-5, 0] })).nodes.n!.args).toEqual([1e-5, 1]);
    const c = p!.toPort!(bn({ type: "BatchNorm1d", args: [3] }, [{ op: "setattr", path: "", name: "momentum", value: 0.25 }]));
    expect(c.steps[0]).toEqual({ op: "setattr", path: "", name: "momentum", value: 0.75 });
  });
  it("leaves other modules and the original case alone", () => {
    const original = bn({ type: "Dropout", args: [0.5] });
    const copy = structuredClone(original);
    expect(p!.toPort!(original)).toEqual(copy);
    expect(original).toEqual(copy);
  });
  it("cannot express momentum=None", () => {
    expect(() => p!.toPort!(bn({ type: "BatchNorm1d", args: [3], kwargs: { momentum: null } }))).toThrow(Unsupported);
  });
});

describe("explicit-eps", () => {
  const [p] = resolveProfiles(["explicit-eps"]);
  it("adds torch's default eps only where none was given", () => {
    expect(p!.toPort!(bn({ type: "BatchNorm1d", args: [3] })).nodes.n!.kwargs).toEqual({ eps: 1e-5 });
    expect(p!.toPort!(bn({ type: "BatchNorm1d", args: [3, 0.5] })).nodes.n!).toEqual({ type: "BatchNorm1d", args: [3, 0.5] });
  });
});

describe("channels-last", () => {
  const shapeArb = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 })).map(([n, c, s]) => [n, c, ...s]);
  test.prop([shapeArb])("moves C last element by element, and back", (shape) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const t = wireTensor("float32", shape, Array.from({ length: count }, (_, i) => i));
    const last = moveAxis(t, 1, shape.length - 1);
    expect(last.shape).toEqual([shape[0], ...shape.slice(2), shape[1]]);
    const src = decodeTensor(t).data;
    const dst = decodeTensor(last).data;
    const spatial = shape.slice(2).reduce((a, b) => a * b, 1);
    for (let n = 0; n < shape[0]!; n++)
      for (let c = 0; c < shape[1]!; c++)
        for (let s = 0; s < spatial; s++) expect(dst[(n * spatial + s) * shape[1]! + c]).toBe(src[(n * shape[1]! + c) * spatial + s]);
    expect(moveAxis(last, shape.length - 1, 1)).toEqual(t);
  });

  it("transposes rank >= 3 inputs only, and maps outputs back", () => {
    const [p] = resolveProfiles(["channels-last"]);
    const x3 = wireTensor("float32", [1, 2, 3], [1, 2, 3, 4, 5, 6]);
    const x2 = wireTensor("float32", [2, 3], [1, 2, 3, 4, 5, 6]);
    const c = p!.toPort!(bn({ type: "BatchNorm1d", args: [2] }, [{ op: "forward", path: "", input: x3 }, { op: "forward", path: "", input: x2 }]));
    expect(c.steps.map((s) => (s.op === "forward" ? s.input.shape : null))).toEqual([[1, 3, 2], [2, 3]]);
    const snap = { modules: [], parameters: [], buffers: [], stateDictKeys: [] };
    const r: Result = { schema: 1, id: "t", build: { error: null, warnings: [] }, steps: [{ error: null, warnings: [], value: { output: moveAxis(x3, 1, 2) }, snapshot: snap }] };
    expect(p!.fromPort!(r, c).steps[0]!.value!.output).toEqual(x3);
  });
});

describe("masks", () => {
  const snap = (rv: number) => ({
    modules: [["", "BatchNorm1d", true]] as [string, string, boolean][],
    parameters: [],
    buffers: [["running_var", wireTensor("float32", [1], [rv])], ["num_batches_tracked", wireTensor("int64", [], [1n])]] as [string, ReturnType<typeof wireTensor>][],
    stateDictKeys: ["running_var", "num_batches_tracked"],
  });
  const result = (rv: number): Result => ({ schema: 1, id: "t", build: { error: null, warnings: [{ category: "UserWarning", message: "w" }] }, steps: [{ error: { type: "ValueError", message: "m" }, warnings: [], value: { returnsSelf: true, sameObject: true }, snapshot: snap(rv) }] });
  const c = bn({ type: "BatchNorm1d", args: [1] }, [{ op: "train", path: "" }]);

  it("biased-running-var blanks running_var values on both sides alike", () => {
    const [p] = resolveProfiles(["biased-running-var"]);
    expect(p!.mask!(result(2), c, result(2))).toEqual(p!.mask!(result(3), c, result(2)));
  });
  it("no-batch-counter drops the counter everywhere", () => {
    const [p] = resolveProfiles(["no-batch-counter"]);
    const s = p!.mask!(result(2), c, result(2)).steps[0]!.snapshot;
    expect(s.buffers.map(([k]) => k)).toEqual(["running_var"]);
    expect(s.stateDictKeys).toEqual(["running_var"]);
  });
  it("non-python compares errors by presence and drops warnings", () => {
    const masked = resolveProfiles(["non-python"]).reduce((r, p) => p.mask!(r, c, r), result(2));
    expect(masked.steps[0]!.error).toEqual({ type: "Error", message: "(raised)" });
    expect(masked.build.warnings).toEqual([]);
  });
  it("immutable-tensors and no-chaining drop identity and returned-self flags", () => {
    const masked = resolveProfiles(["immutable-tensors", "no-chaining"]).reduce((r, p) => p.mask!(r, c, r), result(2));
    expect(masked.steps[0]!.value).toEqual({});
  });
  it("unknown profile names are refused with the known ones", () => {
    expect(() => resolveProfiles(["kerras"])).toThrow(/unknown profile "kerras"; known: keras-momentum/);
  });
});
