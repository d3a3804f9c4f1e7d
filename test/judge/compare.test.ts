// The comparator on hand-made Results: these test the comparator itself, not PyTorch (no value here is a golden).
import { describe, expect, it } from "vitest";
import type { Outcome } from "../../src/adapters/adapter.ts";
import { type Result, type Snapshot, wireTensor } from "../../src/case/index.ts";
import { compareOutcomes, compareResults, formatDifference } from "../../src/conformance/compare.ts";

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
    expect(compareResults(result(), { ...result(), id: "other" })).toBeNull();
  });

  it("names the first differing tensor element by a readable path, in decimal and hex", () => {
    const d = compareResults(result({ runningVar: f32(1, 1, 0.9) }), result({ runningVar: f32(1, 1, 0.90000004) }))!;
    expect(d.path).toBe('steps[3].snapshot.buffers["1.running_var"][2]');
    expect(d.golden).toBe("0.9 (0x3f666666)");
    expect(d.port).toBe("0.90000004 (0x3f666667)");
    expect(d.note).toBe("1 ULP apart (bits mode: 0 allowed)");
    expect(formatDifference(d)).toContain('steps[3].snapshot.buffers["1.running_var"][2]');
  });

  it("finds the earliest difference in Result order", () => {
    const d = compareResults(result({ output: f32(0.5, 0.25), runningVar: f32(2, 2, 2) }), result({ runningVar: f32(3, 3, 3) }))!;
    expect(d.path).toBe("steps[2].value.output[1]");
  });

  it("tells -0 from 0, and NaN payloads apart", () => {
    expect(compareResults(result({ output: f32(0, 1) }), result({ output: f32(-0, 1) }))!.note).toBe("1 ULP apart (bits mode: 0 allowed)");
    const d = compareResults(result({ output: f32bits(0x7fc00000, 0) }), result({ output: f32bits(0xffc00000, 0) }))!;
    expect([d.golden, d.port, d.note]).toEqual(["nan (0x7fc00000)", "nan (0xffc00000)", "NaN bit patterns differ"]);
  });

  it("reports shape, dtype and name-list differences before elements", () => {
    expect(compareResults(result({ output: f32(1, 2) }), result({ output: f32(1, 2, 3) }))!.path).toBe("steps[2].value.output.shape");
    const g = result();
    const p = result();
    p.steps[0]!.snapshot.buffers = p.steps[0]!.snapshot.buffers.slice(0, 2);
    const d = compareResults(g, p)!;
    expect(d.path).toBe("steps[0].snapshot.buffers");
    expect(d.note).toContain('missing in port: ["1.num_batches_tracked"]');
  });

  it("reports a missing error, a different message and a different training flag", () => {
    const err = { type: "ValueError", message: "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])" };
    const d = compareResults(result({ error: err }), result())!;
    expect(d.path).toBe("steps[2].error");
    expect(d.port).toBe("null");
    const m = compareResults(result({ error: err }), result({ error: { ...err, message: err.message.replace("[1, 3]", "[1, 4]") } }))!;
    expect(m.path).toBe("steps[2].error.message");
    expect(m.note).toMatch(/^strings differ at character \d+$/);
    const g = result();
    const p = result();
    p.steps[1]!.snapshot.modules[2] = ["1", "BatchNorm1d", false];
    expect(compareResults(g, p)!.path).toBe('steps[1].snapshot.modules["1"].training');
  });

  it("reports int64 differences", () => {
    const g = result();
    const p = result();
    p.steps[3]!.snapshot.buffers[2] = ["1.num_batches_tracked", wireTensor("int64", [], [1n])];
    const d = compareResults(g, p)!;
    expect([d.path, d.golden, d.port]).toEqual(['steps[3].snapshot.buffers["1.num_batches_tracked"][0]', "0", "1"]);
  });
});

describe("compareResults, ULP mode", () => {
  it("accepts differences within the per-dtype bound, -0 vs 0 counting as 1 ULP", () => {
    expect(compareResults(result({ runningVar: f32(1, 1, 0.9) }), result({ runningVar: f32(1, 1, 0.90000004) }), { mode: "ulp", maxUlps: { float32: 1 } })).toBeNull();
    expect(compareResults(result({ output: f32(0, 1) }), result({ output: f32(-0, 1) }), { mode: "ulp", maxUlps: { float32: 1 } })).toBeNull();
    expect(compareResults(result({ output: f32(0, 1) }), result({ output: f32(-0, 1) }), { mode: "ulp", maxUlps: { float32: 0 } })!.note).toBe("1 ULP apart (bound 0)");
  });

  it("matches NaN with NaN of any payload, but never NaN with a number or infinity with a finite value", () => {
    expect(compareResults(result({ output: f32bits(0x7fc00000, 0) }), result({ output: f32bits(0xffc00001, 0) }), { mode: "ulp" })).toBeNull();
    expect(compareResults(result({ output: f32(NaN, 0) }), result({ output: f32(1, 0) }), { mode: "ulp" })!.note).toBe("NaN vs number");
    expect(compareResults(result({ output: f32(Infinity, 0) }), result({ output: f32(3.4028234663852886e38, 0) }), { mode: "ulp", maxUlps: { float32: 100 } })!.note).toBe("infinity vs other value");
  });
});

describe("compareOutcomes", () => {
  const ok = (r: Result): Outcome => ({ id: "a", status: "ok", result: r });
  it("requires the port to answer with a result when PyTorch did", () => {
    const d = compareOutcomes(ok(result()), { id: "a", status: "rejected", code: "internal", message: "port error: boom", where: "" })!;
    expect(d.path).toBe("");
    expect(d.port).toContain("port error: boom");
  });
  it("accepts both sides rejecting a malformed case with the same code", () => {
    const rej = (code: "bad_tree" | "bad_tensor"): Outcome => ({ id: "a", status: "rejected", code, message: "m", where: "/case/root" });
    expect(compareOutcomes(rej("bad_tree"), rej("bad_tree"))).toBeNull();
    expect(compareOutcomes(rej("bad_tree"), rej("bad_tensor"))).not.toBeNull();
  });
});
