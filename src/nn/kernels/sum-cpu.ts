// ATen's CPU sum of floating tensors (aten/src/ATen/native/cpu/SumKernel.cpp, cascade_sum, torch 2.13.0) for the
// one reduction this port needs: a contiguous (rows, cols) tensor summed over dim 0, as `t.mean(0)` does it on
// the CPU (sum, then div_ by the row count). Sums accumulate in the element type (acc_type<T, /*is_cuda=*/true>),
// so `r` rounds every partial sum for float32. Which algorithm a column gets depends on where TensorIterator
// puts it: full blocks of 4 vectors (4 scalars when cols < one vector) get multi_row_sum, the rest row_sum.
import { add, div } from "./x86-float.ts";
import type { FloatData } from "./batch-norm-cpu.ts";

type Round = (x: number) => number;
const identity: Round = (x) => x;

/** Vectorized<T>::size() in the DEFAULT build (32-byte vectors). */
const lanesOf = (data: FloatData) => (data instanceof Float32Array ? 8 : 4);

/**
 * Which operand the compiled code takes first decides which NaN a sum of two NaNs keeps (x86-float.ts). Scalar code
 * adds as written (acc first); Vectorized<T> code in the DEFAULT build is a loop over the lanes that the compiler
 * unrolls, choosing the operand order of each lane's addition on its own. The keys name an addition,
 * "<caller>:<step>:<k>", and the value the lanes (bit l: lane l) where it runs the other way round. Caller "outer"
 * for vectorized_outer_sum's multi_row_sum over blocks of 4 vectors, "row" for row_sum of vectors in the outer sum
 * (columns in whole vectors past the blocks), "inner" for vectorized_inner_sum (its row_sum of vectors and its
 * scalar finish). Step, in multi_row_sum of the k-th of its rows (row_sum's unrolled row, or the block's vector):
 * "level" (acc[0] += the next value in the level loop), "up<j>" (acc[j] += acc[j-1]), "tail" (acc[0] += a value
 * after the levels), "final<j>" (acc[0] += acc[j]); in row_sum: "combine" (partial_sums[0] += partial_sums[k]); in
 * the inner finish: "lane" (final_acc += partials[k]). Measured on torch 2.13.0 (DEFAULT build) with a distinct NaN
 * payload in every element, the outer caller through every level of the cascade (up to 4,400 rows). Not reproduced
 * yet: the NaN order inside row_sum's level loop (64 or more rows in the columns past the blocks, or 64 vectors in
 * an inner sum); it is lane by lane too, and the measurements so far do not fit one order per lane. Non-NaN sums
 * are exact everywhere.
 */
const SWAPPED: Record<"float32" | "float64", Readonly<Record<string, number>>> = {
  float32: {
    "outer:final1:0": 0b10110011,
    "outer:final1:1": 0b01001011,
    "outer:final1:3": 0b11111010,
    "outer:up1:0": 0b11111111,
    "outer:up1:1": 0b11111111,
    "outer:up1:2": 0b11111111,
    "outer:up1:3": 0b11111111,
    "outer:up2:0": 0b11111111,
    "outer:up2:1": 0b11111111,
    "outer:up2:2": 0b11111111,
    "outer:up2:3": 0b11111111,
    "row:combine:1": 0b11111111,
    "row:tail:0": 0b11110000,
    "row:tail:1": 0b11110000,
    "row:tail:2": 0b11110000,
    "row:tail:3": 0b11110000,
    "inner:lane:2": 0b00000001,
    "inner:lane:4": 0b00000001,
  },
  float64: {
    "outer:final1:0": 0b1111,
    "outer:final1:1": 0b1111,
    "outer:final1:2": 0b1111,
    "outer:final1:3": 0b1111,
    "outer:level:0": 0b1100,
    "outer:level:1": 0b1100,
    "outer:level:2": 0b1100,
    "outer:level:3": 0b1100,
    "outer:up1:0": 0b1111,
    "outer:up1:1": 0b1111,
    "outer:up1:2": 0b1001,
    "outer:up1:3": 0b1111,
    "outer:up2:0": 0b1111,
    "outer:up2:1": 0b1111,
    "outer:up2:2": 0b1111,
    "outer:up2:3": 0b1111,
    "row:tail:0": 0b1100,
    "row:tail:1": 0b1100,
    "row:tail:2": 0b1100,
    "row:tail:3": 0b1100,
    "inner:combine:3": 0b0011,
  },
};

/** Where an addition runs: null in scalar code, else the vector code's caller and lane. */
interface Site {
  swapped: Readonly<Record<string, number>>;
  caller: "outer" | "row" | "inner";
  lane: number;
}

/** acc + value, with the operands in the compiled order of the step at `site`. */
function addAt(site: Site | null, step: string, k: number, acc: number, value: number): number {
  return site !== null && ((site.swapped[`${site.caller}:${step}:${k}`] ?? 0) >> site.lane) & 1 ? add(value, acc) : add(acc, value);
}

/**
 * multi_row_sum for one column: `size` values at load(i), i = 0..size-1, summed in levels of 2^level_power so
 * that only values of similar magnitude meet.
 */
function multiRowSum(load: (i: number) => number, size: number, r: Round, site: Site | null = null, k = 0): number {
  const levels = 4;
  // CeilLog2 of utils.h (0 for sizes 0 and 1) differs from ceil(log2) only at 0 (-Infinity), where level_power is 4 either way
  const levelPower = Math.max(4, Math.floor(Math.ceil(Math.log2(size)) / levels));
  const levelStep = 2 ** levelPower;
  const levelMask = levelStep - 1;
  const acc = new Float64Array(levels); // typed: a JS array of doubles would canonicalise NaN payloads
  let i = 0;
  while (i + levelStep <= size) {
    for (let j = 0; j < levelStep; j++, i++) acc[0] = r(addAt(site, "level", k, acc[0]!, load(i)));
    for (let j = 1; j < levels; j++) {
      acc[j] = r(addAt(site, `up${j}`, k, acc[j]!, acc[j - 1]!));
      acc[j - 1] = 0;
      if ((i & (levelMask * 2 ** (j * levelPower))) !== 0) break;
    }
  }
  for (; i < size; i++) acc[0] = r(addAt(site, "tail", k, acc[0]!, load(i)));
  for (let j = 1; j < levels; j++) acc[0] = r(addAt(site, `final${j}`, k, acc[0]!, acc[j]!));
  return acc[0]!;
}

/** row_sum: the values as a (-1, 4) array, each of the 4 columns by multi_row_sum, the leftovers and partials added to the first. */
function rowSum(load: (i: number) => number, size: number, r: Round, site: Site | null = null): number {
  const ilp = 4;
  const sizeIlp = Math.floor(size / ilp);
  const partial = Float64Array.from({ length: ilp }, (_, k) => multiRowSum((i) => load(i * ilp + k), sizeIlp, r, site, k));
  for (let i = sizeIlp * ilp; i < size; i++) partial[0] = r(add(partial[0]!, load(i)));
  for (let k = 1; k < ilp; k++) partial[0] = r(addAt(site, "combine", k, partial[0]!, partial[k]!));
  return partial[0]!;
}

/** vectorized_inner_sum of one contiguous row of `size` values (size >= one vector): lanes summed apart, then together. */
function vectorizedInnerSum(x: FloatData, size: number, r: Round): number {
  const lanes = lanesOf(x);
  const vectors = Math.floor(size / lanes);
  const swapped = SWAPPED[x instanceof Float32Array ? "float32" : "float64"];
  const partials = Float64Array.from({ length: lanes }, (_, l) => rowSum((v) => x[v * lanes + l]!, vectors, r, { swapped, caller: "inner", lane: l }));
  let total = 0;
  for (let k = vectors * lanes; k < size; k++) total = r(add(total, x[k]!));
  const finish: Site = { swapped, caller: "inner", lane: 0 };
  partials.forEach((p, l) => (total = r(addAt(finish, "lane", l, total, p))));
  return total;
}

/** sum(x.view(rows, cols), dim=0): the output starts at 0 and gets the column's sum added (CastStoreAccumulate). */
export function sumDim0(x: FloatData, rows: number, cols: number): FloatData {
  const r: Round = x instanceof Float32Array ? Math.fround : identity;
  const out = x instanceof Float32Array ? new Float32Array(cols) : new Float64Array(cols);
  const lanes = lanesOf(x);
  // rows === 1 (TensorIterator squeezes the size-1 dimension away: out = 0 + x) needs no path of its own: one value
  // through row_sum or multi_row_sum is 0 + x, plus zeros, which leaves every bit of it (0 + x is never -0)
  if (cols === 1 && rows >= lanes) {
    out[0] = r(add(0, vectorizedInnerSum(x, rows, r)));
    return out;
  }
  // Columns in full blocks of 4 vectors (vectorized_outer_sum, cols >= one vector) or of 4 scalars
  // (scalar_outer_sum) get multi_row_sum; the others row_sum.
  const block = cols >= lanes ? 4 * lanes : 4;
  const cascaded = cols - (cols % block);
  // columns in whole vectors past the blocks: row_sum of vectors; the rest (fewer than a vector): scalar row_sum
  const vectorCols = cols >= lanes ? cols - (cols % lanes) : 0;
  const swapped = SWAPPED[x instanceof Float32Array ? "float32" : "float64"];
  for (let c = 0; c !== cols; c++) {
    const load = (i: number) => x[i * cols + c]!;
    const site: Site | null = c < vectorCols ? { swapped, caller: c < cascaded ? "outer" : "row", lane: c % lanes } : null;
    // in a block of 4 vectors, multi_row_sum's k-th row is the column's vector
    out[c] = r(add(0, c < cascaded ? multiRowSum(load, rows, r, site, Math.floor((c % block) / lanes)) : rowSum(load, rows, r, site)));
  }
  return out;
}

/** x.view(rows, cols).mean(0) on the CPU: the sum over dim 0, then div_(rows) in the element type. */
export function meanDim0(x: FloatData, rows: number, cols: number): FloatData {
  const r: Round = x instanceof Float32Array ? Math.fround : identity;
  const sums = sumDim0(x, rows, cols);
  for (let c = 0; c !== cols; c++) sums[c] = r(div(sums[c]!, rows));
  return sums;
}
