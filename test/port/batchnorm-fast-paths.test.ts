// The fast paths of the BatchNorm kernel (four-chain sums, the WebAssembly SIMD and JavaScript apply loops) against
// the ordered reference arithmetic they stand in for: the same bits whenever they answer, and an answer exactly when
// the reference's result holds no NaN (then the reference answers, with x86's NaN operand order). The reference's
// own agreement with PyTorch is conformance-batchnorm.test.ts's and the golden corpus's job.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { applyRowsFast, contiguousStatsFast } from "../../src/nn/kernels/batch-norm-fast.ts";
import { applyRows, contiguousStats, type FloatData, type Layout } from "../../src/nn/kernels/batch-norm-reference.ts";

type DType = "float32" | "float64";

const layoutArb = fc.record({
  batch: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 9, arbitrary: fc.integer({ min: 1, max: 5 }) }),
  channels: fc.integer({ min: 1, max: 13 }),
  spatial: fc.integer({ min: 1, max: 19 }),
});

/** Element bits: ordinary and extreme values, and (when asked) NaNs with any sign and payload, quiet or signalling. */
function bitsArb(dtype: DType, withNaN: boolean): fc.Arbitrary<bigint> {
  const [width, mantissa] = dtype === "float32" ? [32, 23n] : [64, 52n];
  const exponentAll = ((1n << BigInt(width - 1)) - 1n) >> mantissa << mantissa;
  const sign = 1n << BigInt(width - 1);
  const ordinary = fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((v) => bitsOfValue(dtype, v));
  const extreme = fc.constantFrom(0, -0, Infinity, -Infinity, 1e300, -3e38, 2 ** -140, -(2 ** -1070)).map((v) => bitsOfValue(dtype, v));
  const nan = fc.tuple(fc.boolean(), fc.bigInt({ min: 1n, max: (1n << mantissa) - 1n })).map(([neg, payload]) => (neg ? sign : 0n) | exponentAll | payload);
  return fc.oneof({ weight: 12, arbitrary: ordinary }, { weight: 2, arbitrary: extreme }, { weight: withNaN ? 1 : 0, arbitrary: nan });
}

function bitsOfValue(dtype: DType, v: number): bigint {
  if (dtype === "float64") return new BigUint64Array(Float64Array.of(v).buffer)[0]!;
  return BigInt(new Uint32Array(Float32Array.of(v).buffer)[0]!);
}

/** Typed data from bits, written through an integer view so every NaN payload is kept as drawn. */
function dataOf(dtype: DType, bits: bigint[]): FloatData {
  if (dtype === "float64") return new Float64Array(BigUint64Array.from(bits).buffer);
  return new Float32Array(Uint32Array.from(bits, Number).buffer);
}

const bitsOf = (a: FloatData) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
const hasNaN = (a: FloatData) => a.some((v) => Number.isNaN(v));

const dataArb = (dtype: DType, n: number, withNaN: boolean) => fc.array(bitsArb(dtype, withNaN), { minLength: n, maxLength: n }).map((b) => dataOf(dtype, b));

const inputArb = fc
  .tuple(layoutArb, fc.constantFrom<DType>("float32", "float64"), fc.boolean())
  .chain(([layout, dtype, withNaN]) =>
    fc.record({
      layout: fc.constant<Layout>(layout),
      x: dataArb(dtype, layout.batch * layout.channels * layout.spatial, withNaN),
      alpha: dataArb(dtype, layout.channels, withNaN),
      beta: dataArb(dtype, layout.channels, withNaN),
    }),
  );

describe("BatchNorm kernel: fast paths against the ordered reference", () => {
  test.prop([inputArb], { numRuns: 400 })("contiguous statistics: the reference's bits, or null exactly when they hold a NaN", ({ layout, x }) => {
    const ref = contiguousStats(x, layout);
    const fast = contiguousStatsFast(x, layout);
    expect(fast === null).toBe(hasNaN(ref.mean) || hasNaN(ref.varSum));
    if (fast !== null) expect([bitsOf(fast.mean), bitsOf(fast.varSum)]).toEqual([bitsOf(ref.mean), bitsOf(ref.varSum)]);
  });

  test.prop([inputArb], { numRuns: 400 })("apply loop: the reference's bits, or null exactly when they hold a NaN", ({ layout, x, alpha, beta }) => {
    const ref = applyRows(x, layout, alpha, beta);
    const fast = applyRowsFast(x, layout, alpha, beta);
    expect(fast === null).toBe(hasNaN(ref));
    if (fast !== null) expect(bitsOf(fast)).toBe(bitsOf(ref));
  });
});
