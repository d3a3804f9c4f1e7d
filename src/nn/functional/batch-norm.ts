// torch.nn.functional.batch_norm: the Python wrapper's checks (batch size, eps), the C++ argument parser
// of torch.batch_norm, and ATen's CPU entry (_batch_norm_impl_index, batch_norm_cpu): empty inputs,
// channel counts, dtypes; the arithmetic itself is in ../kernels/batch-norm-cpu.ts.
import type { Py } from "../../case/pyvalue.ts";
import { pyStr, pyTruthy, pyTypeName } from "../../case/pyvalue.ts";
import { indexError, notImplementedError, runtimeError, typeError, valueError } from "../../errors.ts";
import { type DType, SCALAR_TYPE, sizeRepr, Tensor } from "../../tensor/tensor.ts";
import { batchNormEval, batchNormTraining, type FloatData, type Layout } from "../kernels/batch-norm-cpu.ts";

/** torch.nn.functional._verify_batch_size: training needs more than one value per channel. */
export function verifyBatchSize(shape: readonly number[]): void {
  let sizeProds = shape[0]!;
  for (let i = 0; i < shape.length - 2; i++) sizeProds *= shape[i + 2]!;
  if (sizeProds === 1) throw valueError(`Expected more than 1 value per channel when training, got input size ${sizeRepr(shape)}`);
}

/** Python's `a <= b` / `a < b` for a Py value against a float literal (TypeError for types that do not compare). */
function pyLess(op: "<" | "<=", a: Py, b: number): boolean {
  if (typeof a === "number" || typeof a === "bigint" || typeof a === "boolean") {
    const x = Number(a);
    return op === "<" ? x < b : x <= b;
  }
  throw typeError(`'${op}' not supported between instances of '${pyTypeName(a)}' and 'float'`);
}

/** A `double` argument of torch.<op> as the C++ argument parser takes it (bool, int or float). */
export function parseDouble(op: string, name: string, position: number, value: Py): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return Number(value);
  throw typeError(`${op}(): argument '${name}' (position ${position}) must be float, not ${pyTypeName(value)}`);
}

/** A `bool` argument of torch.<op> as the C++ argument parser takes it (a Python bool only). */
export function parseBool(op: string, name: string, position: number, value: Py): boolean {
  if (typeof value !== "boolean") throw typeError(`${op}(): argument '${name}' (position ${position}) must be bool, not ${pyTypeName(value)}`);
  return value;
}

/** torch.result_type(t, zero_dim) for the dtypes of this port: a floating 0-dim tensor only wins over an integral tensor. */
function promoteWithZeroDim(dtype: DType, zeroDim: DType): DType {
  return dtype === "int64" ? zeroDim : dtype;
}

/** t[0] of a 1-d tensor: the select() bounds check. */
function checkSelectFirst(t: Tensor): void {
  if (t.shape[0] === 0) throw indexError(`select(): index 0 out of range for tensor of size [${t.shape.join(", ")}] at dimension 0`);
}

/** The empty-input path of _batch_norm_impl_index: out = input.clone() (* weight[0]) (+ bias[0]); nothing else happens. */
function emptyBatchNorm(input: Tensor, weight: Tensor | null, bias: Tensor | null): Tensor {
  let dtype = input.dtype;
  if (weight !== null) {
    checkSelectFirst(weight);
    dtype = promoteWithZeroDim(dtype, weight.dtype);
  }
  if (bias !== null) {
    checkSelectFirst(bias);
    dtype = promoteWithZeroDim(dtype, bias.dtype);
  }
  return new Tensor(dtype, input.shape);
}

function checkChannels(name: string, expected: number, t: Tensor): void {
  if (t.numel !== expected) throw runtimeError(`${name} should contain ${expected} elements not ${t.numel}`);
}

/**
 * batch_norm_cpu's dtype dispatch and its mixed-dtype check (mixed_data_type.h). The call is "mixed" when the first
 * defined parameter's dtype is not the input's; then every parameter must be float32 and the input a reduced float
 * (never, in this port). Otherwise the kernel reads each tensor as the input's type (data_ptr<scalar_t>), and the
 * first it reads with another type raises: the running stats before bias in training, bias first in eval.
 */
function checkDtypes(input: Tensor, training: boolean, weight: Tensor | null, bias: Tensor | null, runningMean: Tensor | null, runningVar: Tensor | null): void {
  if (input.dtype === "int64") throw notImplementedError(`"batch_norm" not implemented for 'Long'`);
  const defined = [weight, bias, runningMean, runningVar].filter((p): p is Tensor => p !== null);
  if (defined.length === 0 || defined[0]!.dtype === input.dtype) {
    const read = training ? [runningMean, runningVar, bias] : [bias, runningMean, runningVar];
    const other = read.find((p) => p !== null && p.dtype !== input.dtype);
    if (other) throw runtimeError(`expected scalar type ${SCALAR_TYPE[input.dtype]} but found ${SCALAR_TYPE[other.dtype]}`);
    return;
  }
  if (defined.some((p) => p.dtype !== "float32")) throw runtimeError("mixed dtype (CPU): expect parameter to have scalar type of Float");
  throw runtimeError("mixed dtype (CPU): all inputs must share same datatype.");
}

const floats = (t: Tensor | null) => (t === null ? null : (t.data as FloatData));

/**
 * F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps). In training the
 * batch statistics normalise and the running stats (when given) are updated in place; otherwise the
 * running stats normalise.
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  training: Py = false,
  momentum: Py = 0.1,
  eps: Py = 1e-5,
): Tensor {
  // --- torch/nn/functional.py
  if (pyTruthy(training)) verifyBatchSize(input.shape);
  if (pyTruthy(training) && pyLess("<=", eps, 0)) throw valueError(`batch_norm eps must be positive during training, but got ${pyStr(eps)}`);
  else if (pyLess("<", eps, 0)) throw valueError(`batch_norm eps must be non-negative, but got ${pyStr(eps)}`);
  // --- torch.batch_norm's argument parser
  const t = parseBool("batch_norm", "training", 6, training);
  const m = parseDouble("batch_norm", "momentum", 7, momentum);
  // Stryker disable next-line StringLiteral: equivalent: pyLess above let only a bool, int or float through, which parses
  const e = parseDouble("batch_norm", "eps", 8, eps);
  return atenBatchNorm(input, weight, bias, runningMean, runningVar, t, m, e);
}

/**
 * at::batch_norm (C++, after the argument parser): _batch_norm_impl_index and batch_norm_cpu. The running stats,
 * when given, are updated in place in training.
 */
export function atenBatchNorm(
  input: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  training: boolean,
  momentum: number,
  eps: number,
): Tensor {
  // --- at::_batch_norm_impl_index
  const channels = input.shape[1]!;
  if (input.numel === 0) return emptyBatchNorm(input, weight, bias);
  if (runningMean !== null) checkChannels("running_mean", channels, runningMean);
  else if (!training) throw runtimeError("running_mean must be defined in evaluation mode");
  if (runningVar !== null) checkChannels("running_var", channels, runningVar);
  else if (!training) throw runtimeError("running_var must be defined in evaluation mode");
  if (weight !== null) checkChannels("weight", channels, weight);
  if (bias !== null) checkChannels("bias", channels, bias);
  // --- at::native::batch_norm_cpu
  if (training && (runningMean === null) !== (runningVar === null)) throw valueError("running_mean and running_var must either both be None or neither be None");
  checkDtypes(input, training, weight, bias, runningMean, runningVar);
  const x = input.data as FloatData;
  const layout: Layout = { batch: input.shape[0]!, channels, spatial: input.numel / input.shape[0]! / channels };
  const y = training
    ? batchNormTraining(x, layout, floats(weight), floats(bias), floats(runningMean), floats(runningVar), momentum, eps)
    : batchNormEval(x, layout, floats(weight), floats(bias), floats(runningMean)!, floats(runningVar)!, eps);
  return new Tensor(input.dtype, input.shape, y);
}
