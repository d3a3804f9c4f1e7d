// The floating-point arithmetic of ATen's CPU batch_norm forward (torch 2.13.0), every operation in the order and
// with the operands PyTorch's build executes, as pure functions over typed arrays. Bit-exact with PyTorch in the
// reference configuration: ATEN_CPU_CAPABILITY=default (no FMA, no SIMD reassociation) and torch.set_num_threads(1).
// batch-norm-fast.ts computes the same bits faster where it can; this file is what it is checked against.
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
export function roundingOf(data: FloatData): Round {
  return data instanceof Float32Array ? Math.fround : identity;
}

export function like(data: FloatData, length: number): FloatData {
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

/** Sum in double of channel c's values, in (n, i) order, with x86's NaN operand order (sum first). */
function channelSum(x: FloatData, { batch, channels, spatial }: Layout, c: number): number {
  let sum = 0;
  for (let n = 0; n < batch; n++) {
    const base = (n * channels + c) * spatial;
    for (let j = base; j < base + spatial; j++) sum = add(sum, x[j]!);
  }
  return sum;
}

/** Sum in double of (x - m)^2 over channel c, the difference and square in the element type, x86's NaN order. */
function channelSquares(x: FloatData, { batch, channels, spatial }: Layout, c: number, m: number): number {
  const r = roundingOf(x);
  let squares = 0;
  for (let n = 0; n < batch; n++) {
    const base = (n * channels + c) * spatial;
    for (let j = base; j < base + spatial; j++) {
      const d = r(sub(x[j]!, m));
      squares = add(squares, r(d * d));
    }
  }
  return squares;
}

/**
 * batch_norm_cpu_collect_stats_contiguous_impl, one channel at a time, in (n, i) order:
 *   mean    = (sum in double of x) / n
 *   var_sum = sum in double of (x - mean)^2, the square computed in the element type
 */
export function contiguousStats(x: FloatData, layout: Layout): BatchStats {
  const r = roundingOf(x);
  const mean = like(x, layout.channels);
  const varSum = like(x, layout.channels);
  for (let c = 0; c !== layout.channels; c++) {
    mean[c] = r(channelSum(x, layout, c) / countPerChannel(layout));
    varSum[c] = channelSquares(x, layout, c, mean[c]!);
  }
  return { mean, varSum };
}

/**
 * batch_norm_cpu_collect_stats_channels_last_impl with one thread: a per-channel buffer in the element
 * type accumulates x, then mean = (0 + buffer in double) / n; a second pass accumulates (x - mean)^2.
 * Machine operand order: x + buffer puts x first, except for float64 channels in full vectors (buffer
 * first); buffer + square always puts the square first.
 */
export function channelsLastStats(x: FloatData, { batch, channels, spatial }: Layout): BatchStats {
  const r = roundingOf(x);
  // Stryker disable next-line ArithmeticOperator: equivalent: the channels-last kernel runs only with spatial 1
  const count = batch * spatial;
  const fullVectors = x instanceof Float64Array ? channels - (channels % lanesOf(x)) : 0;
  const bufferFirst = (c: number) => c < fullVectors;
  const mean = like(x, channels);
  const varSum = like(x, channels);
  const buffer = like(x, channels);
  for (let t = 0; t < count; t++) {
    for (let c = 0; c !== channels; c++) {
      const v = x[t * channels + c]!;
      buffer[c] = r(bufferFirst(c) ? add(buffer[c]!, v) : add(v, buffer[c]!));
    }
  }
  for (let c = 0; c !== channels; c++) mean[c] = r((0 + buffer[c]!) / count);
  buffer.fill(0);
  for (let t = 0; t < count; t++) {
    for (let c = 0; c !== channels; c++) {
      const d = r(sub(x[t * channels + c]!, mean[c]!));
      const square = r(d * d);
      buffer[c] = r(add(square, buffer[c]!));
    }
  }
  for (let c = 0; c !== channels; c++) varSum[c] = 0 + buffer[c]!;
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
  for (let c = 0; c !== channels; c++) {
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
  for (let c = 0; c !== runningVar.length; c++) {
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
  for (let c = 0; c !== stats.mean.length; c++) {
    if (runningMean) runningMean[c] = r(add(r(mul(keep, runningMean[c]!)), r(mul(m, stats.mean[c]!))));
    if (runningVar) {
      const unbiased = r(div(stats.varSum[c]!, r(count - 1)));
      runningVar[c] = r(add(mul(unbiased, m), r(mul(keep, runningVar[c]!))));
    }
  }
}

/**
 * batch_norm_cpu_collect_linear_and_constant_terms: alpha = invstd * w, beta = b - mean * alpha, per channel
 * (w = 1 and b = 0 when absent).
 */
export function affineTerms(x: FloatData, mean: FloatData, invstd: FloatData, weight: FloatData | null, bias: FloatData | null): { alpha: FloatData; beta: FloatData } {
  const r = roundingOf(x);
  const alpha = like(x, mean.length);
  const beta = like(x, mean.length);
  for (let c = 0; c !== mean.length; c++) {
    const w = weight ? weight[c]! : 1;
    const b = bias ? bias[c]! : 0;
    alpha[c] = r(mul(invstd[c]!, w));
    beta[c] = r(sub(b, r(mul(alpha[c]!, mean[c]!))));
  }
  return { alpha, beta };
}

/**
 * y = x * a + b over the (n, c) row starting at base, with the machine's operand order of x * a per lane position:
 * spatial 1 (channels-last kernel) puts a first; otherwise x comes first, except in the upper half of the partial
 * last vector of the row.
 */
function affineRow(x: FloatData, y: FloatData, base: number, spatial: number, a: number, b: number): void {
  const r = roundingOf(x);
  const lanes = lanesOf(x);
  const fullVectors = spatial - (spatial % lanes);
  const alphaFirst = (i: number) => spatial === 1 || i - fullVectors >= lanes / 2;
  for (let i = 0; i !== spatial; i++) {
    const v = x[base + i]!;
    y[base + i] = r(add(r(alphaFirst(i) ? mul(a, v) : mul(v, a)), b));
  }
}

/** The apply loop, y = x * alpha[c] + beta[c], every row in the machine's order. Not (x - mean) * invstd * w + b: the rounding differs. */
export function applyRows(x: FloatData, { batch, channels, spatial }: Layout, alpha: FloatData, beta: FloatData): FloatData {
  const y = like(x, x.length);
  for (let n = 0; n !== batch; n++) {
    for (let c = 0; c !== channels; c++) affineRow(x, y, (n * channels + c) * spatial, spatial, alpha[c]!, beta[c]!);
  }
  return y;
}
