// torch.nn.functional.dropout and friends: the Python wrappers (p check, rank rules and warnings,
// unbatched inputs) over ATen's _dropout_impl (aten/src/ATen/native/Dropout.cpp), float32 done in float32.
import type { Py } from "../../case/pyvalue.ts";
import { pyStr, pyTruthy, pyTypeName } from "../../case/pyvalue.ts";
import { runtimeError, typeError, valueError, warn } from "../../errors.ts";
import { defaultGenerator, type Generator } from "../../random/generator.ts";
import { checkInplaceCast, Tensor, withFloatScalar } from "../../tensor/tensor.ts";

const f32 = Math.fround;
/** SELU's negative saturation -scale*alpha, the value alpha dropout drops to (before the affine fix-up). */
const ALPHA = 1.7580993408473766;

export interface DropoutOptions {
  generator?: Generator;
}

// --- Python-level checks --------------------------------------------------------------------------

/** Python's `a < b` / `a > b` for a Py value against a float or int literal (TypeError for other types). */
export function pyCompare(op: "<" | ">", a: Py, b: number, bIsFloat: boolean): boolean {
  if (typeof a === "number" || typeof a === "bigint" || typeof a === "boolean") {
    const x = Number(a); // exact enough: only the order against 0 or 1 matters
    return op === "<" ? x < b : x > b;
  }
  throw typeError(`'${op}' not supported between instances of '${pyTypeName(a)}' and '${bIsFloat ? "float" : "int"}'`);
}

/** `if p < lo or p > hi: raise ValueError(...)` as the module constructor (int bounds) and F.* (float bounds) write it. */
export function checkDropoutP(p: Py, boundsAreFloat: boolean): void {
  if (
    pyCompare("<", p, 0, boundsAreFloat) ||
    // Stryker disable next-line StringLiteral: equivalent: the second comparison runs only for a number (the first raised otherwise), so its operator never reaches a message, and any other string compares as ">"
    pyCompare(">", p, 1, boundsAreFloat)
  ) {
    throw valueError(`dropout probability has to be between 0 and 1, but got ${pyStr(p)}`);
  }
}

/** The C++ argument parser's double and bool arguments of _VF.<op>(input, p, train). */
function parseVfArgs(op: string, p: Py, train: Py): [number, boolean] {
  // p got past the Python range check, so it is a bool, an int or a float here.
  const pd = Number(p as number | bigint | boolean);
  if (typeof train !== "boolean") throw typeError(`${op}(): argument 'train' (position 3) must be bool, not ${pyTypeName(train)}`);
  return [pd, train];
}

// --- the ATen kernel ---------------------------------------------------------------------------------
// Loops over a whole array run while `i !== length`: the same steps as `i < length`, without its `<=` mutant, which
// would read one slot past the end (undefined, a write that does nothing) and so could never die.

interface Variant {
  feature: boolean;
  alpha: boolean;
  inplace: boolean;
}

/** Noise of shape (N, C, 1, ..., 1) for feature dropout. */
function makeFeatureNoise(input: Tensor): Tensor {
  if (input.dim() < 2) throw runtimeError("Feature dropout requires at least 2 dimensions in the input");
  const [n, c] = input.shape as [number, number];
  // Stryker disable next-line MethodExpression: equivalent: the noise is read only through its n*c elements (applyNoise, and b made in its shape), which two extra trailing 1s leave as they are
  return Tensor.empty([n, c, ...input.shape.slice(2).map(() => 1)], input.dtype);
}

/**
 * out = input * noise (+ b), noise and b broadcast over the trailing dims; into input when inplace. input.mul_(noise)
 * needs no in-place shape check: noise has input's shape, or (N, C, 1, ...) of input's rank for feature dropout.
 */
function applyNoise(input: Tensor, noise: Tensor, b: Tensor | null, inplace: boolean): Tensor {
  const out = inplace ? input : Tensor.empty(input.shape, input.dtype);
  const repeat = input.numel / noise.numel; // elements sharing one noise value (1 unless feature dropout)
  const x = input.data as Float32Array | Float64Array;
  const y = out.data as Float32Array | Float64Array;
  const n = noise.data as Float32Array | Float64Array;
  const bd = b?.data as Float32Array | Float64Array | undefined;
  const single = input.dtype === "float32";
  for (let i = 0; i !== x.length; i++) {
    const j = Math.floor(i / repeat);
    const scaled = x[i]! * n[j]!;
    if (bd === undefined) y[i] = scaled;
    else y[i] = single ? f32(f32(scaled) + bd[j]!) : scaled + bd[j]!;
  }
  return out;
}

/** at::native::_dropout_impl<feature_dropout, alpha_dropout, inplace> */
function dropoutImpl(input: Tensor, p: number, train: boolean, v: Variant, gen: Generator): Tensor {
  // TORCH_CHECK(p >= 0 && p <= 1), one operand a line: each mark below covers only the mutants its reason is about
  if (
    !(
      // Stryker disable next-line LogicalOperator: equivalent: the Python-level check already let through only p in [0, 1] or NaN, which fails both halves
      (
        // Stryker disable next-line ConditionalExpression: equivalent: only p in [0, 1] or NaN gets here, and NaN fails the other half too
        p >= 0
      ) &&
      // Stryker disable next-line ConditionalExpression: equivalent: only p in [0, 1] or NaN gets here, and NaN fails the other half too
      p <= 1
    )
  )
    throw runtimeError(`dropout probability has to be between 0 and 1, but got ${Number.isNaN(p) ? "nan" : p}`);
  if (p === 0 || !train || input.numel === 0) return input;
  if (p === 1) {
    // multiply<inplace>(input, at::zeros({}, input.options()))
    const out = v.inplace ? input : Tensor.empty(input.shape, input.dtype);
    if (input.dtype === "int64") (out.data as BigInt64Array).fill(0n);
    else (input.data as Float32Array).forEach((x, i) => ((out.data as Float32Array)[i] = x * 0));
    return out;
  }
  const noise = v.feature ? makeFeatureNoise(input) : Tensor.empty(input.shape, input.dtype);
  for (let i = 0; i < noise.numel; i++) noise.setItem(i, gen.bernoulli(1 - p)); // noise.bernoulli_(1 - p)
  checkInplaceCast(noise, withFloatScalar(noise.dtype)); // noise.div_(1 - p), or alpha's noise.mul_(a): a float scalar
  const nd = noise.data as Float32Array | Float64Array;
  const single = input.dtype === "float32";
  if (v.alpha) {
    // a = 1/sqrt((alpha^2 p + 1)(1 - p)); b = (noise - 1) * (alpha a) + alpha a p; noise *= a
    const a = 1 / Math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p));
    const b = Tensor.empty(noise.shape, noise.dtype);
    const bd = b.data as Float32Array | Float64Array;
    for (let i = 0; i !== nd.length; i++) {
      bd[i] = single ? f32(f32((nd[i]! - 1) * f32(ALPHA * a)) + f32(ALPHA * a * p)) : (nd[i]! - 1) * (ALPHA * a) + ALPHA * a * p;
      nd[i] = single ? f32(nd[i]! * f32(a)) : nd[i]! * a;
    }
    return applyNoise(input, noise, b, v.inplace);
  }
  // noise.div_(1 - p): in float32 the divisor is rounded to float first
  const keep = single ? f32(1 - p) : 1 - p;
  for (let i = 0; i !== nd.length; i++) nd[i] = nd[i]! / keep;
  return applyNoise(input, noise, null, v.inplace);
}

function vf(op: string, input: Tensor, p: Py, train: Py, v: Variant, opts: DropoutOptions): Tensor {
  const [pd, t] = parseVfArgs(op, p, train);
  return dropoutImpl(input, pd, t, v, opts.generator ?? defaultGenerator);
}

// --- torch.nn.functional ---------------------------------------------------------------------------

/** F.dropout(input, p=0.5, training=True, inplace=False) */
export function dropout(input: Tensor, p: Py = 0.5, training: Py = true, inplace: Py = false, opts: DropoutOptions = {}): Tensor {
  checkDropoutP(p, true);
  const ip = pyTruthy(inplace);
  return vf(ip ? "dropout_" : "dropout", input, p, training, { feature: false, alpha: false, inplace: ip }, opts);
}

/** F.alpha_dropout(input, p=0.5, training=False, inplace=False) */
export function alphaDropout(input: Tensor, p: Py = 0.5, training: Py = false, inplace: Py = false, opts: DropoutOptions = {}): Tensor {
  checkDropoutP(p, true);
  const ip = pyTruthy(inplace);
  return vf(ip ? "alpha_dropout_" : "alpha_dropout", input, p, training, { feature: false, alpha: true, inplace: ip }, opts);
}

/** F.feature_alpha_dropout(input, p=0.5, training=False, inplace=False) */
export function featureAlphaDropout(input: Tensor, p: Py = 0.5, training: Py = false, inplace: Py = false, opts: DropoutOptions = {}): Tensor {
  checkDropoutP(p, true);
  const ip = pyTruthy(inplace);
  return vf(ip ? "feature_alpha_dropout_" : "feature_alpha_dropout", input, p, training, { feature: true, alpha: true, inplace: ip }, opts);
}

/** _VF.feature_dropout(_), with the unsqueeze/squeeze of unbatched inputs around it. */
function featureDropout(input: Tensor, p: Py, training: Py, inplace: boolean, batched: boolean, opts: DropoutOptions): Tensor {
  if (!batched) input = inplace ? input.unsqueeze_(0) : input.unsqueeze(0);
  const result = vf(inplace ? "feature_dropout_" : "feature_dropout", input, p, training, { feature: true, alpha: false, inplace }, opts);
  if (batched) return result;
  return inplace ? result.squeeze_(0) : result.squeeze(0);
}

const channelWiseNote = (n: number, ranks: string) =>
  `exists to provide channel-wise dropout on inputs with ${n} spatial dimension${n === 1 ? "" : "s"}, a channel dimension, and an optional batch dimension (i.e. ${ranks} inputs).`;

const deprecatedRank = (name: string, d: number, n: number, ranks: string) =>
  `${name}: Received a ${d}-D input to ${name}, which is deprecated and will result in an error in a future release. ` +
  `To retain the behavior and silence this warning, please use dropout instead. Note that ${name} ${channelWiseNote(n, ranks)}`;

/** F.dropout1d: (N, C, L) or unbatched (C, L) only. */
export function dropout1d(input: Tensor, p: Py = 0.5, training: Py = true, inplace: Py = false, opts: DropoutOptions = {}): Tensor {
  checkDropoutP(p, true);
  const d = input.dim();
  if (d !== 2 && d !== 3) {
    throw runtimeError(`dropout1d: Expected 2D or 3D input, but received a ${d}D input. Note that dropout1d ${channelWiseNote(1, "2D or 3D")}`);
  }
  return featureDropout(input, p, training, pyTruthy(inplace), d === 3, opts);
}

/** F.dropout2d: (N, C, H, W); a 3-D input is taken as (N, C, L) (with a warning); other ranks warn. */
export function dropout2d(input: Tensor, p: Py = 0.5, training: Py = true, inplace: Py = false, opts: DropoutOptions = {}): Tensor {
  checkDropoutP(p, true);
  const d = input.dim();
  if (d !== 3 && d !== 4) warn(deprecatedRank("dropout2d", d, 2, "3D or 4D"));
  if (d === 3) {
    warn(
      "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is " +
        "interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret " +
        "the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, " +
        "please switch to using dropout1d instead.",
    );
  }
  return featureDropout(input, p, training, pyTruthy(inplace), true, opts);
}

/** F.dropout3d: (N, C, D, H, W); every other rank is treated as unbatched (other than 4 or 5 with a warning). */
export function dropout3d(input: Tensor, p: Py = 0.5, training: Py = true, inplace: Py = false, opts: DropoutOptions = {}): Tensor {
  checkDropoutP(p, true);
  const d = input.dim();
  if (d !== 4 && d !== 5) warn(deprecatedRank("dropout3d", d, 3, "4D or 5D"));
  return featureDropout(input, p, training, pyTruthy(inplace), d === 5, opts);
}
