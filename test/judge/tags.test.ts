// Tags from hand-made cases and results (they test the tagger, not PyTorch).
import { describe, expect, it } from "vitest";
import { type Case, type Result, type Snapshot, wireTensor } from "../../src/case/index.ts";
import { dropoutEdges } from "../../src/arbitraries/edges.ts";
import { caseTags, errorTag, missingTags, REQUIRED_TAGS, tagTableMarkdown, tallyTags } from "../../src/conformance/tags.ts";

const kase: Case = {
  schema: 1,
  id: "t",
  nodes: {
    n0: { type: "Sequential", children: [["0", "n1"], ["1", "n1"]] },
    n1: { type: "BatchNorm1d", args: [3], kwargs: { momentum: null, affine: false } },
    d0: { type: "Dropout", args: [1] },
  },
  root: "n0",
  steps: [
    { op: "setattr", path: "0", name: "track_running_stats", value: false },
    { op: "train", path: "", mode: 1 },
    { op: "forward", path: "", input: wireTensor("float32", [1, 3], [NaN, -0, 1e-45]) },
    { op: "state_dict", path: "" },
    { op: "load_state_dict", path: "", from: 3, strict: false, version: 1 },
    { op: "add_module", path: "", name: "d", node: "d0" },
  ],
};

const snap = (training: boolean): Snapshot => ({ modules: [["", "Sequential", training], ["0", "BatchNorm1d", training]], parameters: [], buffers: [], stateDictKeys: [] });
const golden: Result = {
  schema: 1,
  id: "t",
  build: { error: null, warnings: [], snapshot: snap(false) },
  steps: [
    { error: null, warnings: [], snapshot: snap(false) },
    { error: { type: "ValueError", message: "training mode is expected to be boolean" }, warnings: [], snapshot: snap(false) },
    { error: { type: "ValueError", message: "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])" }, warnings: [{ category: "UserWarning", message: "x" }], snapshot: snap(false) },
    { error: null, warnings: [], snapshot: snap(false) },
    { error: null, warnings: [], snapshot: snap(false) },
    { error: null, warnings: [], snapshot: snap(false) },
  ],
};

describe("caseTags", () => {
  it("tags the tree, the modules, the program and the inputs from the case alone", () => {
    const tags = caseTags(kase);
    for (const t of ["tree.shared", "tree.depth1", "tree.detached", "tree.add-module", "bn.1d", "bn.momentum-none", "bn.affine-false", "bn.trs-toggled", "dropout.p1", "mode.non-bool", "input.nan", "input.neg-zero", "input.subnormal", "bn.one-value-per-channel", "state.load-nonstrict", "state.version1"]) {
      expect(tags).toContain(t);
    }
    expect(tags.some((t) => t.startsWith("error."))).toBe(false);
  });

  it("adds what happened from the golden result", () => {
    const tags = caseTags(kase, golden);
    for (const t of ["error.mode", "error.batch-size", "warning.UserWarning", "bn.eval"]) expect(tags).toContain(t);
  });

  it("tags a track_running_stats write met by a later training forward through that norm, and only then", () => {
    const steps: Case["steps"] = [
      { op: "setattr", path: "0", name: "track_running_stats", value: false },
      { op: "forward", path: "", input: wireTensor("float32", [2, 3], [1, 2, 3, 4, 5, 6]) },
    ];
    const result = (training: boolean, writeError = false): Result => ({
      schema: 1,
      id: "t",
      build: { error: null, warnings: [], snapshot: snap(training) },
      steps: [
        { error: writeError ? { type: "TypeError", message: "x" } : null, warnings: [], snapshot: snap(training) },
        { error: null, warnings: [], snapshot: snap(training) },
      ],
    });
    const c: Case = { ...kase, steps };
    expect(caseTags(c, result(true))).toContain("norm.trs-write-then-train");
    expect(caseTags(c, result(false))).not.toContain("norm.trs-write-then-train");
    expect(caseTags(c, result(true, true))).not.toContain("norm.trs-write-then-train");
    expect(caseTags({ ...c, steps: [steps[0]!, { ...steps[1]!, path: "1" } as Case["steps"][number]] }, result(true))).not.toContain("norm.trs-write-then-train");
  });

  it("tags an add_module that follows an eval(), not one before it", () => {
    const add: Case["steps"][number] = { op: "add_module", path: "", name: "d", node: "d0" };
    expect(caseTags({ ...kase, steps: [{ op: "eval", path: "0" }, add] })).toContain("tree.add-module-after-eval");
    expect(caseTags({ ...kase, steps: [add, { op: "eval", path: "" }] })).not.toContain("tree.add-module-after-eval");
  });

  it("tags a p written on the keep/drop edge of a draw after manual_seed", () => {
    const edge = dropoutEdges(42)[1]!;
    const write = (p: number): Case["steps"] => [
      { op: "manual_seed", seed: 42 },
      { op: "setattr", path: "", name: "p", value: { $float: p } },
    ];
    expect(caseTags({ ...kase, steps: write(1 - edge.u) })).toContain("dropout.p-on-draw");
    expect(caseTags({ ...kase, steps: write(0.5) })).not.toContain("dropout.p-on-draw");
    expect(caseTags({ ...kase, steps: write(1 - edge.u).slice(1) })).not.toContain("dropout.p-on-draw");
  });

  it("tags a constructor error", () => {
    const r: Result = { schema: 1, id: "t", build: { error: { type: "ValueError", message: "dropout probability has to be between 0 and 1, but got 1.5" }, warnings: [] }, steps: [] };
    expect(caseTags(kase, r)).toEqual(expect.arrayContaining(["error.ctor", "error.ctor-p"]));
  });
});

describe("errorTag", () => {
  it("knows PyTorch's messages", () => {
    expect(errorTag({ type: "ValueError", message: "expected 4D input (got 3D input)" })).toBe("error.dim");
    expect(errorTag({ type: "ValueError", message: "batch_norm eps must be positive during training, but got 0.0" })).toBe("error.eps");
    expect(errorTag({ type: "RuntimeError", message: "running_mean should contain 2 elements not 3" })).toBe("error.channels");
    expect(errorTag({ type: "RuntimeError", message: "mixed dtype (CPU): all inputs must share same datatype." })).toBe("error.dtype");
    expect(errorTag({ type: "Weird", message: "?" })).toBe("error.other-Weird");
  });
});

describe("tallies", () => {
  it("counts cases per tag, renders a table and names required tags never seen", () => {
    const counts = tallyTags([["a", "b"], ["b"]]);
    expect([...counts]).toEqual([["a", 1], ["b", 2]]);
    expect(tagTableMarkdown(counts, 2)).toContain("| b | 2 | 100.0% |");
    expect(missingTags(counts)).toEqual([...REQUIRED_TAGS]);
  });
});
