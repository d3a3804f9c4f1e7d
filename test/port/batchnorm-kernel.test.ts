// Invariants of the BatchNorm CPU kernel and the x86 NaN helpers. No expected numbers here: bit-exactness
// against PyTorch is conformance-batchnorm.test.ts's job; these properties hold whatever PyTorch prints.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import {
  applyAffine,
  batchNormEval,
  batchNormTraining,
  batchStats,
  type FloatData,
  type Layout,
  trainingInvStd,
  updateRunningStats,
} from "../../src/nn/kernels/batch-norm-cpu.ts";
import { add, div, mul, sub } from "../../src/nn/kernels/x86-float.ts";

// --- generators ------------------------------------------------------------------------------------------

const layoutArb = fc.record({
  batch: fc.integer({ min: 2, max: 6 }),
  channels: fc.integer({ min: 1, max: 9 }),
  spatial: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 19 })),
});

/** Finite, moderately scaled values (no overflow in squares). */
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

function dataArb(layout: Layout, dtype: "float32" | "float64") {
  const n = layout.batch * layout.channels * layout.spatial;
  return fc.array(finite, { minLength: n, maxLength: n }).map((v) => (dtype === "float32" ? Float32Array.from(v) : Float64Array.from(v)));
}

const caseArb = fc
  .tuple(layoutArb, fc.constantFrom("float32" as const, "float64" as const))
  .chain(([layout, dtype]) => fc.tuple(fc.constant(layout), dataArb(layout, dtype), fc.integer({ min: 0, max: layout.channels - 1 })));

const bitsOf = (a: FloatData) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
const like = (a: FloatData, values: ArrayLike<number>): FloatData => (a instanceof Float32Array ? Float32Array.from(values) : Float64Array.from(values));
const channelOf = (a: FloatData, { batch, channels, spatial }: Layout, c: number) => {
  const out: number[] = [];
  for (let n = 0; n < batch; n++) for (let i = 0; i < spatial; i++) out.push(a[(n * channels + c) * spatial + i]!);
  return like(a, out);
};

// --- x86 NaN rule --------------------------------------------------------------------------------------------

function f64(bits: bigint): number {
  const b = new BigUint64Array([bits]);
  return new Float64Array(b.buffer)[0]!;
}
// Through typed arrays only: a JS array literal of doubles (FixedDoubleArray) canonicalizes NaNs.
const cell = new Float64Array(1);
const cellBits = new BigUint64Array(cell.buffer);
function bitsOf64(x: number): bigint {
  cell[0] = x;
  return cellBits[0]!;
}
const QUIET = 1n << 51n;
const nanArb = fc.tuple(fc.boolean(), fc.bigInt({ min: 1n, max: (1n << 52n) - 1n })).map(([neg, payload]) => (neg ? 1n << 63n : 0n) | (0x7ffn << 52n) | payload);

describe("x86-float: a NaN operand wins, the first one when both are NaN, quieted", () => {
  test.prop([nanArb, nanArb, fc.constantFrom(add, sub, mul, div)])("both NaN: the first", (a, b, op) => {
    expect(bitsOf64(op(f64(a), f64(b)))).toBe(a | QUIET);
  });
  test.prop([nanArb, finite, fc.boolean(), fc.constantFrom(add, sub, mul, div)])("one NaN: that one", (a, v, nanFirst, op) => {
    const r = nanFirst ? op(f64(a), v) : op(v, f64(a));
    expect(bitsOf64(r)).toBe(a | QUIET);
  });
  test("NaN bits survive the optimizing JIT (hot loops)", () => {
    const bits = [0xfff42cbb76005aa8n, 0x7ff0000000000001n, 0xfff8000000000000n, 0x7ffa6371c4f2e366n];
    const payloads = new Float64Array(new BigUint64Array(bits).buffer); // never a JS array: those canonicalize NaNs
    const seen = new Set<bigint>();
    for (let i = 0; i < 300_000; i++) {
      const nan = payloads[i % payloads.length]!;
      const v = (i % 7) - 2.5;
      seen.add(bitsOf64(add(nan, v)));
      seen.add(bitsOf64(sub(v, nan)));
      seen.add(bitsOf64(mul(v, nan)));
      seen.add(bitsOf64(div(nan, nan)));
    }
    expect([...seen].sort()).toEqual(bits.map((b) => b | QUIET).sort());
  });
  test("an invalid operation keeps the hardware's default NaN", () => {
    const seen = new Set<bigint>();
    for (let i = 0; i < 100_000; i++) seen.add(bitsOf64(sub(Infinity * (1 + (i % 2)), Infinity)));
    expect(seen.size).toBe(1);
    expect([...seen][0]! & QUIET).toBe(QUIET);
  });
  test.prop([finite, finite])("no NaN: the plain operation", (a, b) => {
    expect(Object.is(add(a, b), a + b) && Object.is(sub(a, b), a - b) && Object.is(mul(a, b), a * b)).toBe(true);
  });
});

// --- kernel invariants -----------------------------------------------------------------------------------------

describe("batch-norm kernel", () => {
  test.prop([caseArb, fc.double({ min: -1e3, max: 1e3, noNaN: true })])("a channel's result does not depend on the other channels", ([layout, x, c], other) => {
    const changed = x.slice();
    for (let k = 0; k < changed.length; k++) if (Math.floor(k / layout.spatial) % layout.channels !== c) changed[k] = other;
    const run = (data: FloatData) => {
      const rm = like(data, new Array(layout.channels).fill(0.5));
      const rv = like(data, new Array(layout.channels).fill(2));
      const y = batchNormTraining(data, layout, null, null, rm, rv, 0.25, 1e-5);
      const e = batchNormEval(data, layout, null, null, rm, rv, 1e-5);
      return [channelOf(y, layout, c), channelOf(e, layout, c), rm.subarray(c, c + 1), rv.subarray(c, c + 1)].map(bitsOf).join("|");
    };
    expect(run(changed)).toBe(run(x));
  });

  test.prop([caseArb])("eval is elementwise: a sub-batch gives the same bits as the full batch", ([layout, x]) => {
    const rm = like(x, Array.from({ length: layout.channels }, (_, c) => c - 1.5));
    const rv = like(x, Array.from({ length: layout.channels }, (_, c) => c + 0.5));
    const full = batchNormEval(x, layout, null, null, rm, rv, 1e-3);
    const rowSize = layout.channels * layout.spatial;
    const part = batchNormEval(x.subarray(rowSize), { ...layout, batch: layout.batch - 1 }, null, null, rm, rv, 1e-3);
    expect(bitsOf(part)).toBe(bitsOf(full.subarray(rowSize)));
  });

  test.prop([caseArb])("absent weight and bias act as ones and zeros, bit for bit", ([layout, x]) => {
    const stats = batchStats(x, layout);
    const invstd = trainingInvStd(stats.varSum, layout.batch * layout.spatial, 1e-5, false);
    const ones = like(x, new Array(layout.channels).fill(1));
    const zeros = like(x, new Array(layout.channels).fill(0));
    expect(bitsOf(applyAffine(x, layout, stats.mean, invstd, null, null))).toBe(bitsOf(applyAffine(x, layout, stats.mean, invstd, ones, zeros)));
  });

  test.prop([caseArb])("momentum 1 stores the batch statistics; momentum 0 keeps the buffers", ([layout, x]) => {
    const stats = batchStats(x, layout);
    const n = layout.batch * layout.spatial;
    const start = () => [like(x, Array.from({ length: layout.channels }, (_, c) => c + 0.25)), like(x, Array.from({ length: layout.channels }, (_, c) => 2 * c + 1))] as const;
    const [rm1, rv1] = start();
    updateRunningStats(rm1, rv1, stats, n, 1);
    expect(bitsOf(rm1)).toBe(bitsOf(like(x, Array.from(stats.mean, (m) => 0 + m))));
    const round = x instanceof Float32Array ? Math.fround : (v: number) => v;
    expect(bitsOf(rv1)).toBe(bitsOf(like(x, Array.from(stats.varSum, (v) => round(v / round(n - 1))))));
    const [rm0, rv0] = start();
    const [rmKeep, rvKeep] = start();
    updateRunningStats(rm0, rv0, stats, n, 0);
    expect(bitsOf(rm0) + bitsOf(rv0)).toBe(bitsOf(rmKeep) + bitsOf(rvKeep));
  });

  test.prop([caseArb])("float32 agrees with float64 to ~1e-5 on well-conditioned inputs", ([layout, x]) => {
    const x64 = Float64Array.from(x, (v) => Math.fround(v));
    const x32 = Float32Array.from(x64);
    const stats = batchStats(x64, layout);
    // well-conditioned: every channel has a spread not tiny against its mean
    const n = layout.batch * layout.spatial;
    fc.pre(Array.from(stats.varSum).every((v, c) => Math.sqrt(v / n) > 1e-3 * Math.max(1, Math.abs(stats.mean[c]!))));
    const y32 = batchNormTraining(x32, layout, null, null, null, null, 0.1, 1e-5);
    const y64 = batchNormTraining(x64, layout, null, null, null, null, 0.1, 1e-5);
    for (let i = 0; i < y64.length; i++) expect(Math.abs(y32[i]! - y64[i]!)).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(y64[i]!)));
  });

  test.prop([caseArb])("float64 training output is standardised: per-channel mean ~0 and biased variance ~1", ([layout, x]) => {
    const x64 = Float64Array.from(x);
    const stats = batchStats(x64, layout);
    const n = layout.batch * layout.spatial;
    fc.pre(Array.from(stats.varSum).every((v, c) => v / n > 1e-6 * Math.max(1, stats.mean[c]! ** 2)));
    const y = batchNormTraining(x64, layout, null, null, null, null, 0.1, 1e-12);
    for (let c = 0; c < layout.channels; c++) {
      const yc = Array.from(channelOf(y, layout, c));
      const mean = yc.reduce((a, b) => a + b, 0) / n;
      const variance = yc.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
      expect(Math.abs(mean)).toBeLessThan(1e-6);
      expect(Math.abs(variance - 1)).toBeLessThan(1e-5);
    }
  });

  test.prop([caseArb])("float64: the contiguous and the channels-last reductions agree bit for bit", ([layout, x]) => {
    // (N, C, S) read as (N*S, C) channels-last: the same double sums in the same order, whichever kernel runs.
    const x64 = Float64Array.from(x);
    const flat: Layout = { batch: layout.batch * layout.spatial, channels: layout.channels, spatial: 1 };
    const transposed = new Float64Array(x64.length);
    for (let n = 0; n < layout.batch; n++)
      for (let c = 0; c < layout.channels; c++)
        for (let i = 0; i < layout.spatial; i++) transposed[(n * layout.spatial + i) * layout.channels + c] = x64[(n * layout.channels + c) * layout.spatial + i]!;
    const a = batchStats(x64, layout);
    const b = batchStats(transposed, flat);
    expect(bitsOf(a.mean) + bitsOf(a.varSum)).toBe(bitsOf(b.mean) + bitsOf(b.varSum));
  });

  test("a zero variance with eps 0 gives invstd 0 (ATen's InvStd), not infinity", () => {
    for (const varSum of [new Float32Array([0]), new Float64Array([0])]) expect(Object.is(trainingInvStd(varSum, 4, 0, false)[0], 0)).toBe(true);
  });
});
