// Fast paths of batch_norm's two loops over the whole input: the contiguous statistics (four channels' sums side by
// side) and the apply loop (WebAssembly SIMD for float32, plain JavaScript otherwise). They perform the operations of
// batch-norm-reference.ts in the same order, with plain arithmetic instead of x86's NaN operand order: the bits
// agree wherever no result is NaN, so each answers null as soon as one is, and the reference then answers instead.
// test/port/batchnorm-fast-paths.test.ts checks that against the reference.
//
// The test holds them to the reference both ways (the same bits when they answer, and an answer whenever the
// reference's result holds no NaN), so a mutant that reads past a channel or the input, and thereby gives up, is
// caught like one that computes a wrong number. The mutants left equivalent are where the paths split: the plain sums
// and the interleaved ones, the SIMD loop and the JavaScript one compute the same operations in the same order within
// each channel. Each is marked "equivalent (see the top of this file)" except applyRowsFast's `false` for
// `x instanceof Float32Array` (the JavaScript loop for float32 too), which no mark can part from its killable `true`.
import { affineF32Simd } from "./batch-norm-simd.ts";
import { countPerChannel, like, roundingOf, type BatchStats, type FloatData, type Layout } from "./batch-norm-reference.ts";

/** Channels whose sums run side by side. */
const GROUP = 4;

/**
 * The contiguous statistics (mean, var_sum per channel, as batch-norm-reference.ts's contiguousStats), or null when
 * a sum is NaN. Each channel's sum is one chain of dependent additions; running the chains of GROUP neighbouring
 * channels side by side (same operations, same order within each channel) lets the processor overlap their latencies.
 */
export function contiguousStatsFast(x: FloatData, layout: Layout): BatchStats | null {
  const r = roundingOf(x);
  const mean = like(x, layout.channels);
  const varSum = like(x, layout.channels);
  const sums = new Float64Array(GROUP);
  const groups = Math.ceil(layout.channels / GROUP);
  for (let g = 0; g !== groups; g++) {
    const c0 = g * GROUP;
    // Stryker disable next-line ArithmeticOperator: equivalent: a last group of 4 computes the channels it has, as one of fewer would
    const size = Math.min(GROUP, layout.channels - c0);
    groupSums(x, layout, c0, size, sums);
    for (let k = 0; k !== size; k++) mean[c0 + k] = r(sums[k]! / countPerChannel(layout));
    groupSquares(x, layout, c0, size, mean, sums);
    for (let k = 0; k !== size; k++) varSum[c0 + k] = sums[k]!;
  }
  return hasNaN(mean) || hasNaN(varSum) ? null : { mean, varSum };
}

function hasNaN(a: FloatData): boolean {
  for (const v of a) if (v !== v) return true;
  return false;
}

/** out[k] = plain sum in double of channel c0 + k, for k < size (size GROUP: the four chains interleaved). */
function groupSums(x: FloatData, { batch, channels, spatial }: Layout, c0: number, size: number, out: Float64Array): void {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent (see the top of this file)
  if (size < GROUP) {
    for (let k = 0; k !== size; k++) {
      let sum = 0;
      for (let n = 0; n < batch; n++) {
        const base = (n * channels + c0 + k) * spatial;
        for (let j = base; j < base + spatial; j++) sum += x[j]!;
      }
      out[k] = sum;
    }
    return;
  }
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let n = 0; n < batch; n++) {
    const base = (n * channels + c0) * spatial;
    for (let j = base; j < base + spatial; j++) {
      s0 += x[j]!;
      s1 += x[j + spatial]!;
      s2 += x[j + 2 * spatial]!;
      s3 += x[j + 3 * spatial]!;
    }
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/**
 * out[k] = plain sum in double of (x - mean[c0 + k])^2 over channel c0 + k, for k < size. The loops call Math.fround
 * directly, once per dtype: through a variable holding either rounding function, V8 compiles a call per element and
 * boxes its doubles (15 times slower on the BatchNorm2d benchmark).
 */
function groupSquares(x: FloatData, layout: Layout, c0: number, size: number, mean: FloatData, out: Float64Array): void {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent (see the top of this file)
  if (size < GROUP) {
    for (let k = 0; k !== size; k++) out[k] = x instanceof Float32Array ? squaresF32(x, layout, c0 + k, mean[c0 + k]!) : squaresF64(x, layout, c0 + k, mean[c0 + k]!);
    return;
  }
  const { batch, channels, spatial } = layout;
  const m0 = mean[c0]!, m1 = mean[c0 + 1]!, m2 = mean[c0 + 2]!, m3 = mean[c0 + 3]!;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let n = 0; n < batch; n++) {
    const base = (n * channels + c0) * spatial;
    const end = base + spatial;
    if (x instanceof Float32Array) {
      for (let j = base; j < end; j++) {
        const d0 = Math.fround(x[j]! - m0), d1 = Math.fround(x[j + spatial]! - m1);
        const d2 = Math.fround(x[j + 2 * spatial]! - m2), d3 = Math.fround(x[j + 3 * spatial]! - m3);
        s0 += Math.fround(d0 * d0);
        s1 += Math.fround(d1 * d1);
        s2 += Math.fround(d2 * d2);
        s3 += Math.fround(d3 * d3);
      }
    } else {
      for (let j = base; j < end; j++) {
        const d0 = x[j]! - m0, d1 = x[j + spatial]! - m1, d2 = x[j + 2 * spatial]! - m2, d3 = x[j + 3 * spatial]! - m3;
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
      }
    }
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

function squaresF32(x: Float32Array, { batch, channels, spatial }: Layout, c: number, m: number): number {
  let squares = 0;
  for (let n = 0; n < batch; n++) {
    const base = (n * channels + c) * spatial;
    for (let j = base; j < base + spatial; j++) {
      const d = Math.fround(x[j]! - m);
      squares += Math.fround(d * d);
    }
  }
  return squares;
}

function squaresF64(x: Float64Array, { batch, channels, spatial }: Layout, c: number, m: number): number {
  let squares = 0;
  for (let n = 0; n < batch; n++) {
    const base = (n * channels + c) * spatial;
    for (let j = base; j < base + spatial; j++) {
      const d = x[j]! - m;
      squares += d * d;
    }
  }
  return squares;
}

/** The apply loop y = x * alpha[c] + beta[c] (as batch-norm-reference.ts's applyRows), or null when a result is NaN. */
export function applyRowsFast(x: FloatData, { batch, channels, spatial }: Layout, alpha: FloatData, beta: FloatData): FloatData | null {
  // Stryker disable next-line BlockStatement: equivalent (see the top of this file)
  if (x instanceof Float32Array) {
    const fast = affineF32Simd(x, channels, spatial, alpha as Float32Array, beta as Float32Array);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (see the top of this file)
    if (fast !== null) return fast;
  }
  const y = like(x, x.length);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      if (!affineRow(x, y, (n * channels + c) * spatial, spatial, alpha[c]!, beta[c]!)) return null;
    }
  }
  return y;
}

/**
 * y = x * a + b over one (n, c) row; false when a result is NaN. Math.fround is called directly, once per dtype, as
 * in groupSquares.
 */
function affineRow(x: FloatData, y: FloatData, base: number, spatial: number, a: number, b: number): boolean {
  let ok = true;
  const end = base + spatial;
  if (x instanceof Float32Array) {
    for (let j = base; j < end; j++) {
      const v = Math.fround(Math.fround(x[j]! * a) + b);
      if (v !== v) ok = false;
      y[j] = v;
    }
  } else {
    for (let j = base; j < end; j++) {
      const v = x[j]! * a + b;
      if (v !== v) ok = false;
      y[j] = v;
    }
  }
  return ok;
}
