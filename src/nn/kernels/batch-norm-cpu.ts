// The floating-point arithmetic of ATen's CPU batch_norm forward (torch 2.13.0), as pure functions over
// typed arrays. Bit-exact with PyTorch in the reference configuration: ATEN_CPU_CAPABILITY=default (no
// FMA, no SIMD reassociation) and torch.set_num_threads(1).
//
// Sources mirrored: aten/src/ATen/native/cpu/batch_norm_kernel.cpp (collect stats, apply alpha/beta) and
// aten/src/ATen/native/Normalization.cpp (invstd, running-stat update).
//
// Precision: for float64 everything is double. For float32, C++ computes in float except where it
// accumulates in double (accscalar_t); `r` below is Math.fround for float32 and the identity for
// float64, so each `r(...)` marks a value C++ holds in a float. Math.fround of a double-precision +, -, *,
// / or sqrt of float operands is the correctly rounded float operation (double has > 2*24+2 bits).
//
// NaN bits: add/sub/mul/div take their operands in the order of the machine instruction PyTorch's build
// executes (see x86-float.ts), measured against torch 2.13.0 with two different NaN payloads per
// operation. Where ATen's Vectorized<T> code runs, that order can depend on the vector lane.

import { affineF32Simd } from "./batch-norm-simd.ts";
import { add, div, mul, sub } from "./x86-float.ts";

export type FloatData = Float32Array | Float64Array;

/** A contiguous input of shape (batch, channels, *spatial) with prod(spatial) = spatial. */
export interface Layout {
  batch: number;
  channels: number;
  spatial: number;
}

/** Per-channel batch statistics as ATen keeps them: the mean and the sum of squared deviations. */
export interface BatchStats {
  mean: FloatData;
  varSum: FloatData;
}

type Round = (x: number) => number;
const identity: Round = (x) => x;

/** The rounding of values held in the input's element type. */
function roundingOf(data: FloatData): Round {
  return data instanceof Float32Array ? Math.fround : identity;
}

function like(data: FloatData, length: number): FloatData {
  return data instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/** Vectorized<T>::size() in the DEFAULT build (32-byte vectors). */
function lanesOf(data: FloatData): number {
  return data instanceof Float32Array ? 8 : 4;
}

/** Values per channel: n = numel / C. */
export function countPerChannel(layout: Layout): number {
  return layout.batch * layout.spatial;
}

/**
 * batch_norm_cpu_collect_stats_kernel. A contiguous input with spatial size 1 ((N, C), (N, C, 1), ...)
 * is also channels-last and takes the channels-last kernel, whose float32 sums are float, not double.
 */
export function batchStats(x: FloatData, layout: Layout): BatchStats {
  return layout.spatial === 1 ? channelsLastStats(x, layout) : contiguousStats(x, layout);
}

/**
 * batch_norm_cpu_collect_stats_contiguous_impl, per channel, in (n, i) order:
 *   mean    = (sum in double of x) / n
 *   var_sum = sum in double of (x - mean)^2, the square computed in the element type
 * Each channel's sum is one chain of dependent additions, as in ATen's one-channel-at-a-time loop; the port runs the
 * chains of GROUP neighbouring channels side by side (same operations, same order within each channel), so the
 * processor overlaps their latencies.
 */
function contiguousStats(x: FloatData, layout: Layout): BatchStats {
  const mean = like(x, layout.channels);
  const varSum = like(x, layout.channels);
  const r = roundingOf(x);
  const sums = new Float64Array(GROUP);
  // Stryker disable next-line EqualityOperator: equivalent: one more group starts at channels and has size 0
  for (let c0 = 0; c0 < layout.channels; c0 += GROUP) {
    // Stryker disable next-line MethodExpression,ArithmeticOperator: equivalent: the sums of channels past the group or the input are NaN, written past the end or redone by the ordered path
    const size = Math.min(GROUP, layout.channels - c0);
    groupSums(x, layout, c0, size, sums);
    // Stryker disable next-line EqualityOperator: equivalent: the extra channel is the next group's (written again there) or past the end
    for (let k = 0; k < size; k++) {
      // Plain arithmetic first: it differs from the x86 operand order only in the bits of a NaN, and a NaN sum stays
      // NaN, so a channel whose sum ends NaN is summed again with the machine's order.
      let sum = sums[k]!;
      // Stryker disable next-line ConditionalExpression: equivalent: the ordered sum of a channel without NaN is the plain one
      if (sum !== sum) sum = channelSum(x, layout, c0 + k);
      mean[c0 + k] = r(sum / countPerChannel(layout));
    }
    groupSquares(x, layout, c0, size, mean, sums);
    // Stryker disable next-line EqualityOperator: equivalent: the extra channel is the next group's (written again there) or past the end
    for (let k = 0; k < size; k++) {
      let squares = sums[k]!;
      // Stryker disable next-line ConditionalExpression: equivalent: the ordered sum of a channel without NaN is the plain one
      if (squares !== squares) squares = channelSquares(x, layout, c0 + k, mean[c0 + k]!);
      varSum[c0 + k] = squares;
    }
  }
  return { mean, varSum };
}

/** Channels whose sums run side by side in contiguousStats. */
const GROUP = 4;

/** Sum in double of channel c's values, in (n, i) order, with x86's NaN operand order (sum first). */
function channelSum(x: FloatData, { batch, channels, spatial }: Layout, c: number): number {
  let sum = 0;
  // Stryker disable next-line EqualityOperator: equivalent: this runs only for a NaN sum, and add() keeps a NaN first operand
  for (let n = 0; n < batch; n++) {
    const base = (n * channels + c) * spatial;
    // Stryker disable next-line EqualityOperator: equivalent: this runs only for a NaN sum, and add() keeps a NaN first operand
    for (let j = base; j < base + spatial; j++) sum = add(sum, x[j]!);
  }
  return sum;
}

/** out[k] = plain sum in double of channel c0 + k, for k < size (size GROUP: the four chains interleaved). */
function groupSums(x: FloatData, { batch, channels, spatial }: Layout, c0: number, size: number, out: Float64Array): void {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent: both paths sum each channel in the same order; the interleaved one's extra chains are dropped
  if (size < GROUP) {
    // Stryker disable next-line EqualityOperator: equivalent: out[size] is never read
    for (let k = 0; k < size; k++) {
      let sum = 0;
      // Stryker disable next-line EqualityOperator: equivalent: a wrong sum here is NaN (a read past the channel or the input), which the ordered path then redoes
      for (let n = 0; n < batch; n++) {
        // Stryker disable next-line ArithmeticOperator: equivalent: a wrong sum here is NaN (a read past the channel or the input), which the ordered path then redoes (c0 is 0 or the base is negative for n = 0)
        const base = (n * channels + c0 + k) * spatial;
        for (let j = base; j < base + spatial; j++) sum += x[j]!;
      }
      out[k] = sum;
    }
    return;
  }
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  // Stryker disable next-line EqualityOperator: equivalent: a wrong sum here is NaN (a read past the channel or the input), which the ordered path then redoes
  for (let n = 0; n < batch; n++) {
    // Stryker disable next-line ArithmeticOperator: equivalent: a wrong sum here is NaN (a read past the channel or the input), which the ordered path then redoes (c0 is 0 or the base is negative for n = 0)
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

/** Sum in double of (x - m)^2 over channel c, the difference and square in the element type, x86's NaN order. */
function channelSquares(x: FloatData, { batch, channels, spatial }: Layout, c: number, m: number): number {
  const r = roundingOf(x);
  let squares = 0;
  // Stryker disable next-line EqualityOperator: equivalent: this runs only for a NaN sum, and add() keeps a NaN first operand
  for (let n = 0; n < batch; n++) {
    const base = (n * channels + c) * spatial;
    // Stryker disable next-line EqualityOperator: equivalent: this runs only for a NaN sum, and add() keeps a NaN first operand
    for (let j = base; j < base + spatial; j++) {
      const d = r(sub(x[j]!, m));
      // Stryker disable next-line ArithmeticOperator: equivalent: this runs only when a difference is NaN; then the mean is NaN and every difference is, or the NaNs made are all x86's default one
      squares = add(squares, r(d * d));
    }
  }
  return squares;
}

/**
 * out[k] = plain sum in double of (x - mean[c0 + k])^2 over channel c0 + k, for k < size. The loops call Math.fround
 * directly, once per dtype: through a variable holding either rounding function, V8 compiles a call per element and
 * boxes its doubles (15 times slower on the BatchNorm2d benchmark).
 */
function groupSquares(x: FloatData, layout: Layout, c0: number, size: number, mean: FloatData, out: Float64Array): void {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent: both paths sum each channel in the same order; the interleaved one's extra chains are dropped
  if (size < GROUP) {
    // Stryker disable next-line EqualityOperator: equivalent: out[size] is never read
    for (let k = 0; k < size; k++) out[k] = x instanceof Float32Array ? squaresF32(x, layout, c0 + k, mean[c0 + k]!) : squaresF64(x, layout, c0 + k, mean[c0 + k]!);
    return;
  }
  const { batch, channels, spatial } = layout;
  const m0 = mean[c0]!, m1 = mean[c0 + 1]!, m2 = mean[c0 + 2]!, m3 = mean[c0 + 3]!;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  // Stryker disable next-line EqualityOperator: equivalent: a wrong sum here is NaN (a read past the channel or the input), which the ordered path then redoes
  for (let n = 0; n < batch; n++) {
    // Stryker disable next-line ArithmeticOperator: equivalent: a wrong sum here is NaN (a read past the channel or the input), which the ordered path then redoes (c0 is 0 or the base is negative for n = 0)
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

// Stryker disable next-line BlockStatement: equivalent: an undefined sum is NaN, which the ordered path redoes
function squaresF32(x: Float32Array, { batch, channels, spatial }: Layout, c: number, m: number): number {
  let squares = 0;
  // Stryker disable next-line EqualityOperator: equivalent: a wrong sum here is NaN (a read past the channel or the input), which the ordered path then redoes
  for (let n = 0; n < batch; n++) {
    // Stryker disable next-line ArithmeticOperator: equivalent: a wrong sum here is NaN (a read past the channel or the input), which the ordered path then redoes (the base is negative for n = 0 unless c is 0)
    const base = (n * channels + c) * spatial;
    for (let j = base; j < base + spatial; j++) {
      const d = Math.fround(x[j]! - m);
      squares += Math.fround(d * d);
    }
  }
  return squares;
}

// Stryker disable next-line BlockStatement: equivalent: an undefined sum is NaN, which the ordered path redoes
function squaresF64(x: Float64Array, { batch, channels, spatial }: Layout, c: number, m: number): number {
  let squares = 0;
  // Stryker disable next-line EqualityOperator: equivalent: a wrong sum here is NaN (a read past the channel or the input), which the ordered path then redoes
  for (let n = 0; n < batch; n++) {
    // Stryker disable next-line ArithmeticOperator: equivalent: a wrong sum here is NaN (a read past the channel or the input), which the ordered path then redoes (the base is negative for n = 0 unless c is 0)
    const base = (n * channels + c) * spatial;
    for (let j = base; j < base + spatial; j++) {
      const d = x[j]! - m;
      squares += d * d;
    }
  }
  return squares;
}

/**
 * batch_norm_cpu_collect_stats_channels_last_impl with one thread: a per-channel buffer in the element
 * type accumulates x, then mean = (0 + buffer in double) / n; a second pass accumulates (x - mean)^2.
 * Machine operand order: x + buffer puts x first, except for float64 channels in full vectors (buffer
 * first); buffer + square always puts the square first.
 */
function channelsLastStats(x: FloatData, { batch, channels, spatial }: Layout): BatchStats {
  const r = roundingOf(x);
  // Stryker disable next-line ArithmeticOperator: equivalent: the channels-last kernel runs only with spatial 1
  const count = batch * spatial;
  const fullVectors = x instanceof Float64Array ? channels - (channels % lanesOf(x)) : 0;
  const bufferFirst = (c: number) => c < fullVectors;
  const mean = like(x, channels);
  const varSum = like(x, channels);
  const buffer = like(x, channels);
  for (let t = 0; t < count; t++) {
    // Stryker disable next-line EqualityOperator: equivalent: one more step writes past the end of the per-channel arrays
    for (let c = 0; c < channels; c++) {
      const v = x[t * channels + c]!;
      buffer[c] = r(bufferFirst(c) ? add(buffer[c]!, v) : add(v, buffer[c]!));
    }
  }
  // Stryker disable next-line EqualityOperator: equivalent: one more step writes past the end of the per-channel arrays
  for (let c = 0; c < channels; c++) mean[c] = r((0 + buffer[c]!) / count);
  buffer.fill(0);
  for (let t = 0; t < count; t++) {
    // Stryker disable next-line EqualityOperator: equivalent: one more step writes past the end of the per-channel arrays
    for (let c = 0; c < channels; c++) {
      const d = r(sub(x[t * channels + c]!, mean[c]!));
      const square = r(d * d);
      buffer[c] = r(add(square, buffer[c]!));
    }
  }
  // Stryker disable next-line EqualityOperator: equivalent: one more step writes past the end of the per-channel arrays
  for (let c = 0; c < channels; c++) varSum[c] = 0 + buffer[c]!;
  return { mean, varSum };
}

/**
 * InvStd in batch_norm_cpu_update_stats_template: invstd = 1 / sqrt(var + eps) in double, of the biased
 * variance var = var_sum / n (in the element type); 0 when var and eps are both 0.
 * Machine order of var + eps: var first, except for float64 with running stats (eps first: the compiled
 * loop differs when it also updates them), and for float64 without them in the last channel of an odd count of
 * 3 or more (the compiler's loop takes channels two at a time, var first, and its one-channel remainder eps first;
 * a single channel runs the plain loop, var first).
 */
export function trainingInvStd(varSum: FloatData, count: number, eps: number, withRunningStats: boolean): FloatData {
  const r = roundingOf(varSum);
  const channels = varSum.length;
  const double = varSum instanceof Float64Array;
  const remainder = double && channels >= 3 && channels % 2 === 1 ? channels - 1 : -1;
  const invstd = like(varSum, channels);
  // Stryker disable next-line EqualityOperator: equivalent: one more step writes past the end of the per-channel arrays
  for (let c = 0; c < channels; c++) {
    const variance = r(varSum[c]! / r(count));
    const epsFirst = double && (withRunningStats || c === remainder);
    const shifted = epsFirst ? add(eps, variance) : add(variance, eps);
    invstd[c] = variance !== 0 || eps !== 0 ? 1 / Math.sqrt(shifted) : 0;
  }
  return invstd;
}

/** Eval: invstd = 1 / sqrt(running_var + eps) in the element type (eps cast to it first). */
export function evalInvStd(runningVar: FloatData, eps: number): FloatData {
  const r = roundingOf(runningVar);
  const e = r(eps);
  const epsFirst = runningVar instanceof Float64Array;
  const invstd = like(runningVar, runningVar.length);
  // Stryker disable next-line EqualityOperator: equivalent: one more step writes past the end of the per-channel arrays
  for (let c = 0; c < runningVar.length; c++) {
    const rv = runningVar[c]!;
    invstd[c] = r(1 / r(Math.sqrt(r(epsFirst ? add(e, rv) : add(rv, e)))));
  }
  return invstd;
}

/**
 * The running-stat update, in place:
 *   running_mean = m * mean + (1 - m) * running_mean               (element type)
 *   running_var  = m * unbiased + (1 - m) * running_var            (for float32 the sum is in double)
 * with m = momentum cast to the element type and unbiased = var_sum / (n - 1) in the element type.
 */
export function updateRunningStats(
  runningMean: FloatData | null,
  runningVar: FloatData | null,
  stats: BatchStats,
  count: number,
  momentum: number,
): void {
  const r = roundingOf(stats.mean);
  const m = r(momentum);
  const keep = r(1 - m);
  // Stryker disable next-line EqualityOperator: equivalent: one more step writes past the end of the per-channel arrays
  for (let c = 0; c < stats.mean.length; c++) {
    if (runningMean) runningMean[c] = r(add(r(mul(keep, runningMean[c]!)), r(mul(m, stats.mean[c]!))));
    if (runningVar) {
      const unbiased = r(div(stats.varSum[c]!, r(count - 1)));
      runningVar[c] = r(add(mul(unbiased, m), r(mul(keep, runningVar[c]!))));
    }
  }
}

/**
 * batch_norm_cpu_collect_linear_and_constant_terms + the apply loop:
 *   alpha = invstd * w,  beta = b - mean * alpha,  y = x * alpha + beta
 * (w = 1 and b = 0 when absent). Not (x - mean) * invstd * w + b: the rounding differs.
 * Machine order of x * alpha: spatial 1 (channels-last kernel) puts alpha first; otherwise x comes first,
 * except in the upper half of the partial last vector of each (n, c) row.
 */
export function applyAffine(
  x: FloatData,
  layout: Layout,
  mean: FloatData,
  invstd: FloatData,
  weight: FloatData | null,
  bias: FloatData | null,
): FloatData {
  const r = roundingOf(x);
  const { batch, channels, spatial } = layout;
  const alpha = like(x, channels);
  const beta = like(x, channels);
  // Stryker disable next-line EqualityOperator: equivalent: one more step writes past the end of the per-channel arrays
  for (let c = 0; c < channels; c++) {
    const w = weight ? weight[c]! : 1;
    const b = bias ? bias[c]! : 0;
    alpha[c] = r(mul(invstd[c]!, w));
    beta[c] = r(sub(b, r(mul(alpha[c]!, mean[c]!))));
  }
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent: the JavaScript loop computes the same float32 operations as the SIMD one
  if (x instanceof Float32Array) {
    const fast = affineF32Simd(x, channels, spatial, alpha as Float32Array, beta as Float32Array);
    // Stryker disable next-line ConditionalExpression: equivalent: the JavaScript loop computes the same float32 operations as the SIMD one
    if (fast !== null) return fast;
  }
  const y = like(x, x.length);
  // Stryker disable next-line EqualityOperator: equivalent: one more batch reads and writes past the end of the arrays
  for (let n = 0; n < batch; n++) {
    // Stryker disable next-line EqualityOperator: equivalent: the extra row is the next batch's first (computed again next) or past the end
    for (let c = 0; c < channels; c++) {
      const base = (n * channels + c) * spatial;
      // Plain arithmetic first (the operand order only decides which NaN comes out); a row with a NaN is redone.
      // Stryker disable next-line ConditionalExpression: equivalent: the ordered loop gives the same bits where no result is NaN
      if (!affineRow(x, y, base, spatial, alpha[c]!, beta[c]!)) affineRowOrdered(x, y, base, spatial, alpha[c]!, beta[c]!);
    }
  }
  return y;
}

/** y = x * a + b over one (n, c) row; false when a result is NaN (its bits are then not x86's). Math.fround is
 * called directly, once per dtype, as in channelSquares. */
// Stryker disable next-line BlockStatement: equivalent: an undefined result sends the row to the ordered loop, which gives the same bits where no result is NaN
function affineRow(x: FloatData, y: FloatData, base: number, spatial: number, a: number, b: number): boolean {
  // Stryker disable next-line BooleanLiteral: equivalent: false sends the row to the ordered loop, which gives the same bits where no result is NaN
  let ok = true;
  const end = base + spatial;
  if (x instanceof Float32Array) {
    // Stryker disable next-line EqualityOperator: equivalent: the extra element is the next row's first (computed again next) or past the end, where a NaN only sends the row to the ordered loop
    for (let j = base; j < end; j++) {
      const v = Math.fround(Math.fround(x[j]! * a) + b);
      // Stryker disable next-line ConditionalExpression: equivalent: false sends the row to the ordered loop, which gives the same bits where no result is NaN
      if (v !== v) ok = false;
      y[j] = v;
    }
  } else {
    // Stryker disable next-line EqualityOperator: equivalent: the extra element is the next row's first (computed again next) or past the end, where a NaN only sends the row to the ordered loop
    for (let j = base; j < end; j++) {
      const v = x[j]! * a + b;
      // Stryker disable next-line ConditionalExpression: equivalent: false sends the row to the ordered loop, which gives the same bits where no result is NaN
      if (v !== v) ok = false;
      y[j] = v;
    }
  }
  return ok;
}

/** affineRow with the machine's operand order of x * a per lane position (see applyAffine). */
function affineRowOrdered(x: FloatData, y: FloatData, base: number, spatial: number, a: number, b: number): void {
  const r = roundingOf(x);
  const lanes = lanesOf(x);
  const fullVectors = spatial - (spatial % lanes);
  const alphaFirst = (i: number) => spatial === 1 || i - fullVectors >= lanes / 2;
  // Stryker disable next-line EqualityOperator: equivalent: the extra element is the next row's first (computed again next) or past the end
  for (let i = 0; i < spatial; i++) {
    const v = x[base + i]!;
    y[base + i] = r(add(r(alphaFirst(i) ? mul(a, v) : mul(v, a)), b));
  }
}

/** Training forward: batch statistics normalise; running stats (when given) are updated in place. */
export function batchNormTraining(
  x: FloatData,
  layout: Layout,
  weight: FloatData | null,
  bias: FloatData | null,
  runningMean: FloatData | null,
  runningVar: FloatData | null,
  momentum: number,
  eps: number,
): FloatData {
  const count = countPerChannel(layout);
  const stats = batchStats(x, layout);
  // Stryker disable next-line LogicalOperator,ConditionalExpression: equivalent: in training both running stats are given or neither (F.batch_norm raised otherwise)
  const invstd = trainingInvStd(stats.varSum, count, eps, runningMean !== null || runningVar !== null);
  updateRunningStats(runningMean, runningVar, stats, count, momentum);
  return applyAffine(x, layout, stats.mean, invstd, weight, bias);
}

/** Eval forward: running statistics normalise; nothing changes. */
export function batchNormEval(
  x: FloatData,
  layout: Layout,
  weight: FloatData | null,
  bias: FloatData | null,
  runningMean: FloatData,
  runningVar: FloatData,
  eps: number,
): FloatData {
  return applyAffine(x, layout, runningMean, evalInvStd(runningVar, eps), weight, bias);
}
