import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseArbitrary, MAX_INPUT_ELEMENTS, MAX_LONG_INPUT_ELEMENTS, MAX_NODES, resolveCase, resolveTensor, type CaseDraft, type InputDraft, type TensorSpec } from "../../src/arbitraries/index.ts";
import { type Case, decodeTensor, numelOf, validateCase } from "../../src/case/index.ts";
import { TreeModel } from "../../src/arbitraries/model.ts";
import { moduleSpec } from "../../src/modules/index.ts";
import { buildOrder } from "../../src/case/check.ts";

const SAMPLE = fc.sample(caseArbitrary, { seed: 4242, numRuns: 5000 });

/** Does the subtree at id hold a lazy norm? */
function holdsLazy(model: TreeModel, id: string, seen = new Set<string>()): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  if (moduleSpec(model.nodes[id]!.type)?.norm?.lazy) return true;
  return [...(model.children.get(id)?.values() ?? [])].some((c) => holdsLazy(model, c, seen));
}

describe("caseArbitrary", () => {
  it("makes 5000 cases that all pass validateCase, reference only known nodes and have no cycles", () => {
    for (const c of SAMPLE) {
      const v = validateCase(c);
      expect(v.ok ? [] : v.issues, JSON.stringify(c)).toEqual([]);
      const known = new Set(Object.keys(c.nodes));
      for (const n of Object.values(c.nodes)) for (const [, k] of n.children ?? []) expect(known.has(k)).toBe(true);
      for (const s of c.steps) if (s.op === "add_module") expect(known.has(s.node)).toBe(true);
      expect(() => buildOrder(c.nodes, c.root)).not.toThrow(); // the contract's tree check: no cycle, every child known
    }
  });

  it("keeps cases small: bounded node count, inputs of at most MAX_INPUT_ELEMENTS elements (rarely up to the long cap)", () => {
    for (const c of SAMPLE) {
      expect(Object.keys(c.nodes).length).toBeLessThanOrEqual(MAX_NODES + 3);
      for (const s of c.steps) if (s.op === "forward") expect(numelOf(s.input.shape)).toBeLessThanOrEqual(MAX_LONG_INPUT_ELEMENTS);
    }
    const sizes = SAMPLE.flatMap((c) => c.steps.flatMap((s) => (s.op === "forward" ? [numelOf(s.input.shape)] : [])));
    expect(sizes.filter((n) => n > MAX_INPUT_ELEMENTS).length / sizes.length).toBeLessThan(0.1);
  });

  it("is deterministic for a seed", () => {
    expect(JSON.stringify(fc.sample(caseArbitrary, { seed: 7, numRuns: 50 }))).toBe(JSON.stringify(fc.sample(caseArbitrary, { seed: 7, numRuns: 50 })));
  });

  it("generates every module type", () => {
    const types = new Set(SAMPLE.flatMap((c) => Object.values(c.nodes).map((n) => n.type)));
    const wanted = ["Sequential", "ModuleList", "ModuleDict", "Chain", "FrozenBN", "Identity", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d"];
    wanted.push("InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "RReLU");
    for (const d of [1, 2, 3]) wanted.push(`LazyBatchNorm${d}d`, `LazyInstanceNorm${d}d`);
    expect([...types].sort()).toEqual(wanted.sort());
  });

  // The oracle fills never-written memory (NaN), so the lazy-norm situations that leave some are generated too.
  it("writes track_running_stats to lazy norms, loads only part of subtrees holding one and raises in their load pre-hooks", () => {
    const reached = { trsWrite: 0, partialLoad: 0, raisingPreHook: 0 };
    for (const c of SAMPLE) {
      const model = new TreeModel(c.nodes, c.root);
      for (const s of c.steps) {
        if (s.op === "add_module") model.addModule(model.namedModules().find(([p]) => p === s.path)![1], s.name, s.node);
        if (!("path" in s)) continue;
        const id = model.namedModules().find(([p]) => p === s.path)?.[1];
        if (id === undefined || !holdsLazy(model, id)) continue;
        if (s.op === "setattr" && s.name === "track_running_stats") reached.trsWrite++;
        if (s.op === "load_state_dict" && ((s.put ?? []).length > 0 || (s.remove ?? []).length > 0)) reached.partialLoad++;
        if (s.op === "register_load_state_dict_pre_hook" && s.hook.does === "raise") reached.raisingPreHook++;
      }
    }
    for (const [situation, n] of Object.entries(reached)) expect(n, situation).toBeGreaterThan(0);
  });

  it("never loads from a state_dict step once a raising state_dict post-hook exists", () => {
    let loads = 0;
    for (const c of SAMPLE) {
      let firstRaising = Infinity;
      c.steps.forEach((s, i) => {
        if (s.op === "register_state_dict_post_hook" && s.hook.does === "raise") firstRaising = Math.min(firstRaising, i);
        if (s.op === "load_state_dict" && s.from !== undefined) {
          loads++;
          expect(s.from).toBeLessThan(firstRaising);
        }
      });
    }
    expect(loads).toBeGreaterThan(5);
  });

  it("generates every step op, shared nodes and detached nodes", () => {
    const ops = new Set(SAMPLE.flatMap((c) => c.steps.map((s) => s.op)));
    const hookOps = ["register_forward_hook", "register_forward_pre_hook", "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook", "register_module_forward_hook", "register_module_forward_pre_hook", "register_state_dict_post_hook", "remove_hook"];
    expect([...ops].sort()).toEqual(["add_module", "eval", "forward", "load_state_dict", "manual_seed", ...hookOps, "reset_parameters", "reset_running_stats", "setattr", "state_dict", "train"].sort());
    const shared = SAMPLE.filter((c) => {
      const under = Object.values(c.nodes).flatMap((n) => (n.children ?? []).map(([, k]) => k));
      return new Set(under).size < under.length;
    });
    expect(shared.length).toBeGreaterThan(50);
  });
});

describe("resolveCase", () => {
  const spec: TensorSpec = { flavor: "plain", pool: [1, 2, 3], offset: 0, constantChannel: false, nanBits: 0 };
  const input = (mismatch: InputDraft["mismatch"]): InputDraft => ({ long: false, batch: 2, spatial: [2, 1, 3], rankPick: 0, mismatch, values: spec });
  // Sequential(Dropout(), BatchNorm2d(3)): the first module that constrains the input is the BatchNorm2d.
  const draft = (mismatch: InputDraft["mismatch"]): CaseDraft => ({
    ctx: { channels: 3, dim: 2, dtype: "float32" },
    tree: { container: "Sequential", naming: "index", children: [{ leaf: { kind: "dropout", type: "Dropout", dim: null, p: null, inplace: null, positional: true } }, { leaf: { kind: "norm", family: "BatchNorm", lazy: false, dim: null, numFeatures: null, eps: null, momentum: null, affine: null, trackRunningStats: null, bias: null, dtype: null, positional: true } }] },
    detached: [],
    shares: [],
    steps: [{ op: "forward", at: 0, input: input(mismatch) }],
  });
  const inputOf = (d: CaseDraft) => {
    const s = resolveCase(d).steps[0]!;
    if (s.op !== "forward") throw new Error("not a forward");
    return s.input;
  };

  it("gives a forward the rank, channels and dtype its first constraining module needs", () => {
    const c = resolveCase(draft("none"));
    expect(c.nodes).toEqual({ n0: { type: "Sequential", children: [["0", "n1"], ["1", "n2"]] }, n1: { type: "Dropout" }, n2: { type: "BatchNorm2d", args: [3] } });
    expect(inputOf(draft("none"))).toMatchObject({ dtype: "float32", shape: [2, 3, 2, 1] });
  });

  it("makes the deliberate mismatches", () => {
    expect(inputOf(draft("channels")).shape[1]).toBe(2);
    expect(inputOf(draft("rank")).shape.length).not.toBe(4);
    expect(inputOf(draft("dtype")).dtype).toBe("float64");
    expect(inputOf(draft("int64")).dtype).toBe("int64");
  });

  it("keeps every IEEE bit pattern it plants (NaN payloads, -0, subnormals)", () => {
    const t = resolveTensor({ flavor: "edge", pool: [NaN, -0, 2 ** -149, Infinity], offset: 0, constantChannel: false, nanBits: 1 }, "float32", [4]);
    expect([...new Uint32Array(decodeTensor(t).data.buffer as ArrayBuffer)].map((b) => b.toString(16))).toEqual(["ffc00000", "80000000", "1", "7f800000"]);
    const d = resolveTensor({ flavor: "edge", pool: [NaN, 5e-324], offset: 0, constantChannel: false, nanBits: 3 }, "float64", [2]);
    expect([...new BigUint64Array(decodeTensor(d).data.buffer as ArrayBuffer)].map((b) => b.toString(16))).toEqual(["7ff0000000000001", "1"]);
  });

  it("makes constant channels", () => {
    const t = decodeTensor(resolveTensor({ flavor: "plain", pool: [1, 2, 3, 4, 5], offset: 0, constantChannel: true, nanBits: 0 }, "float32", [2, 2, 2]));
    expect([...t.data]).toEqual([1, 1, 3, 4, 1, 1, 2, 3]);
  });
});
