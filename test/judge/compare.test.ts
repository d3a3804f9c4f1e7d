// The comparator on hand-made Results: these test the comparator itself, not PyTorch (no value here is a golden).
import { describe, expect, it } from "vitest";
import type { Outcome } from "../../src/adapters/adapter.ts";
import { type Result, type Snapshot, wireTensor } from "../../src/case/index.ts";
import { compareOutcomes, compareResults, formatDifference } from "../../src/conformance/compare.ts";
import { ASSERT_CLOSE_DEFAULTS, resolvePolicy } from "../../src/conformance/policy.ts";

const f32 = (...xs: number[]) => wireTensor("float32", [xs.length], xs);
const f32bits = (...bits: number[]) => wireTensor("float32", [bits.length], new Float32Array(new Uint32Array(bits).buffer));

function snapshot(runningVar = f32(1, 1, 1)): Snapshot {
  return {
    modules: [["", "Sequential", true], ["0", "Dropout", true], ["1", "BatchNorm1d", true]],
    parameters: [["1.weight", f32(1, 1, 1)], ["1.bias", f32(0, 0, 0)]],
    buffers: [["1.running_mean", f32(0, 0, 0)], ["1.running_var", runningVar], ["1.num_batches_tracked", wireTensor("int64", [], [0n])]],
    stateDictKeys: ["1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"],
  };
}

function result(over: { runningVar?: ReturnType<typeof f32>; output?: ReturnType<typeof f32>; error?: Result["steps"][0]["error"] } = {}): Result {
  const steps: Result["steps"] = [];
  for (let i = 0; i < 4; i++) steps.push({ error: null, warnings: [], snapshot: snapshot() });
  steps[2] = { error: over.error ?? null, warnings: [], value: { output: over.output ?? f32(0.5, -0.5), sameObject: false, inputMutated: false }, snapshot: snapshot() };
  steps[3] = { error: null, warnings: [], snapshot: snapshot(over.runningVar) };
  return { schema: 1, id: "a", build: { error: null, warnings: [], snapshot: snapshot() }, steps };
}

describe("compareResults, bits mode", () => {
  it("accepts identical results (ids aside)", () => {
    expect(compareResults(result(), { ...result(), id: "other" })).toEqual([]);
  });

  it("names a differing tensor by a readable path, its first differing element in decimal and hex, step and field", () => {
    const [d, ...rest] = compareResults(result({ runningVar: f32(1, 1, 0.9) }), result({ runningVar: f32(1, 1, 0.90000004) }));
    expect(rest).toEqual([]);
    expect(d!.path).toBe('steps[3].snapshot.buffers["1.running_var"]');
    expect([d!.step, d!.field]).toEqual([3, "snapshot.buffers.running_var"]);
    expect(d!.golden).toBe("0.9 (0x3f666666)");
    expect(d!.port).toBe("0.90000004 (0x3f666667)");
    expect(d!.note).toBe("1 of 3 elements differ, the first at [2]: 1 ULP apart (bits mode: 0 allowed)");
    expect(d!.mismatch).toMatchObject({ count: 1, total: 3, first: 2, maxUlps: { value: 1, index: 2 } });
    expect(formatDifference(d!)).toContain('steps[3].snapshot.buffers["1.running_var"][2]');
  });

  it("reports every differing field, in Result order, not only the first", () => {
    const ds = compareResults(result({ output: f32(0.5, 0.25), runningVar: f32(2, 2, 2) }), result({ runningVar: f32(3, 3, 3) }));
    expect(ds.map((d) => d.path)).toEqual(["steps[2].value.output", 'steps[3].snapshot.buffers["1.running_var"]']);
  });

  it("summarizes a tensor's mismatch: how many elements, greatest absolute, relative and ULP difference and where", () => {
    const [d] = compareResults(result({ output: f32(1, 2, 4, 8) }), result({ output: f32(1, 2.5, 4, 7) }));
    expect(d!.mismatch).toMatchObject({ count: 2, total: 4, first: 1, maxAbs: { value: 1, index: 3 }, maxRel: { value: 0.25, index: 1 } });
    expect(d!.note).toMatch(/^2 of 4 elements differ, the first at \[1\]: .*; greatest \|diff\| 1\.000e\+0 at \[3\], relative 2\.500e-1 at \[1\], ULP 2097152 at \[1\]$/);
  });

  it("tells -0 from 0, and NaN payloads apart", () => {
    expect(compareResults(result({ output: f32(0, 1) }), result({ output: f32(-0, 1) }))[0]!.note).toBe("1 of 2 elements differ, the first at [0]: -0 vs +0");
    const [d] = compareResults(result({ output: f32bits(0x7fc00000, 0) }), result({ output: f32bits(0xffc00000, 0) }));
    expect([d!.golden, d!.port]).toEqual(["nan (0x7fc00000)", "nan (0xffc00000)"]);
    expect(d!.note).toBe("1 of 2 elements differ, the first at [0]: NaN bit patterns differ");
  });

  it("tells -0 from 0 in a plain number too (a Python float the oracle wrote as -0.0), unless the policy ignores signs", () => {
    const withNumber = (x: number) => ({ ...result(), build: { error: null, warnings: [], value: x } }) as unknown as Result;
    expect(compareResults(withNumber(0), withNumber(-0))).toMatchObject([{ path: "build.value", note: "values differ" }]);
    expect(compareResults(withNumber(-0), withNumber(-0))).toEqual([]);
    expect(compareResults(withNumber(0), withNumber(-0), resolvePolicy({ signedZero: "ignore" }))).toEqual([]);
  });

  it("lets the NaN and signed-zero policies relax bit-exactness and nothing else", () => {
    const any = resolvePolicy({ nan: "any", signedZero: "ignore" });
    expect(any.mode).toBe("bits");
    expect(compareResults(result({ output: f32bits(0x7fc00000, 0) }), result({ output: f32bits(0xffc00001, 0) }), any)).toEqual([]);
    expect(compareResults(result({ output: f32(0, 1) }), result({ output: f32(-0, 1) }), any)).toEqual([]);
    expect(compareResults(result({ output: f32(1, 1) }), result({ output: f32(1.0000001, 1) }), any)).toHaveLength(1);
  });

  it("reports shape, dtype and name-list differences instead of elements", () => {
    expect(compareResults(result({ output: f32(1, 2) }), result({ output: f32(1, 2, 3) })).map((d) => d.path)).toEqual(["steps[2].value.output.shape"]);
    const g = result();
    const p = result();
    p.steps[0]!.snapshot.buffers = p.steps[0]!.snapshot.buffers.slice(0, 2);
    const [d] = compareResults(g, p);
    expect(d!.path).toBe("steps[0].snapshot.buffers");
    expect(d!.note).toContain('missing in port: ["1.num_batches_tracked"]');
  });

  it("reports a missing error, a different message and a different training flag", () => {
    const err = { type: "ValueError", message: "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])" };
    const [d] = compareResults(result({ error: err }), result());
    expect(d!.path).toBe("steps[2].error");
    expect(d!.port).toBe("null");
    const [m] = compareResults(result({ error: err }), result({ error: { ...err, message: err.message.replace("[1, 3]", "[1, 4]") } }));
    expect(m!.path).toBe("steps[2].error.message");
    expect(m!.note).toMatch(/^strings differ at character \d+$/);
    const g = result();
    const p = result();
    p.steps[1]!.snapshot.modules[2] = ["1", "BatchNorm1d", false];
    expect(compareResults(g, p).map((x) => [x.path, x.field])).toEqual([['steps[1].snapshot.modules["1"].training', "snapshot.modules.training"]]);
  });

  it("reports int64 differences", () => {
    const g = result();
    const p = result();
    p.steps[3]!.snapshot.buffers[2] = ["1.num_batches_tracked", wireTensor("int64", [], [1n])];
    const [d] = compareResults(g, p);
    expect([d!.path, d!.golden, d!.port]).toEqual(['steps[3].snapshot.buffers["1.num_batches_tracked"]', "0", "1"]);
  });
});

describe("compareResults, tolerance mode", () => {
  it("takes torch.testing.assert_close's per-dtype defaults when no tolerance is given (NaN and signed-zero leniency are the project's choice)", () => {
    const p = resolvePolicy({ mode: "tolerance" });
    expect([p.rtol, p.atol, p.nan, p.signedZero]).toEqual([ASSERT_CLOSE_DEFAULTS.rtol, ASSERT_CLOSE_DEFAULTS.atol, "any", "ignore"]);
    expect(compareResults(result({ output: f32(1, 1) }), result({ output: f32(1.000001, 1) }), p)).toEqual([]);
    expect(compareResults(result({ output: f32(1, 1) }), result({ output: f32(1.0001, 1) }), p)).toHaveLength(1);
  });

  it("accepts |diff| <= atol + rtol * |golden|, or a distance within the ULP bound, per dtype", () => {
    const ulps = resolvePolicy({ ulps: { float32: 1 } });
    expect(compareResults(result({ runningVar: f32(1, 1, 0.9) }), result({ runningVar: f32(1, 1, 0.90000004) }), ulps)).toEqual([]);
    expect(compareResults(result({ output: f32(1, 1) }), result({ output: f32(1.0000002, 1) }), ulps)[0]!.note).toMatch(/2 ULP apart, \|diff\| .* \(allowed: 0\.000e\+0 or 1 ULP\)/);
    const atol = resolvePolicy({ atol: { float32: 0.5 } });
    expect(compareResults(result({ output: f32(1, 1) }), result({ output: f32(1.5, 1) }), atol)).toEqual([]);
    expect(compareResults(result({ output: f32(1, 1) }), result({ output: f32(1.6, 1) }), atol)).toHaveLength(1);
    const rtol = resolvePolicy({ rtol: { float32: 0.1 } });
    expect(compareResults(result({ output: f32(10, 1) }), result({ output: f32(11, 1) }), rtol)).toEqual([]);
    expect(compareResults(result({ output: f32(10, 1) }), result({ output: f32(11.5, 1) }), rtol)).toHaveLength(1);
  });

  it("matches NaN with NaN of any payload, but never NaN with a number or infinity with a finite value", () => {
    const p = resolvePolicy({ ulps: { float32: 100 } });
    expect(compareResults(result({ output: f32bits(0x7fc00000, 0) }), result({ output: f32bits(0xffc00001, 0) }), p)).toEqual([]);
    expect(compareResults(result({ output: f32(NaN, 0) }), result({ output: f32(1, 0) }), p)[0]!.note).toContain("NaN vs number");
    expect(compareResults(result({ output: f32(Infinity, 0) }), result({ output: f32(3.4028234663852886e38, 0) }), p)[0]!.note).toContain("infinity vs other value");
    expect(compareResults(result({ output: f32bits(0x7fc00000, 0) }), result({ output: f32bits(0xffc00001, 0) }), resolvePolicy({ ulps: { float32: 1 }, nan: "bits" }))).toHaveLength(1);
  });
});

describe("compareOutcomes", () => {
  const ok = (r: Result): Outcome => ({ id: "a", status: "ok", result: r });
  it("requires the port to answer with a result when PyTorch did", () => {
    const [d] = compareOutcomes(ok(result()), { id: "a", status: "rejected", code: "internal", message: "port error: boom", where: "" });
    expect(d!.path).toBe("");
    expect(d!.port).toContain("port error: boom");
  });
  it("accepts both sides rejecting a malformed case with the same code", () => {
    const rej = (code: "bad_tree" | "bad_tensor"): Outcome => ({ id: "a", status: "rejected", code, message: "m", where: "/case/root" });
    expect(compareOutcomes(rej("bad_tree"), rej("bad_tree"))).toEqual([]);
    expect(compareOutcomes(rej("bad_tree"), rej("bad_tensor"))).toHaveLength(1);
  });
});
