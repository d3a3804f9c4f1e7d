// torch.nn.functional.instance_norm: the Python wrapper's spatial-size check, the C++ argument parser of
// torch.instance_norm, and ATen's instance_norm (aten/src/ATen/native/Normalization.cpp): the input viewed as
// (1, N*C, *spatial), the parameters and running stats repeated N times, batch_norm on that, and (when input
// statistics were used) the running stats set to the mean over the N per-instance copies.
import type { Py } from "../../case/pyvalue.ts";
import { pyTruthy } from "../../case/pyvalue.ts";
import { runtimeError, valueError } from "../../errors.ts";
import { sizeRepr, Tensor } from "../../tensor/tensor.ts";
import type { FloatData } from "../kernels/batch-norm-cpu.ts";
import { meanDim0 } from "../kernels/sum-cpu.ts";
import { atenBatchNorm, parseBool, parseDouble } from "./batch-norm.ts";

/** torch.nn.functional._verify_spatial_size: instance statistics need more than one spatial element. */
export function verifySpatialSize(shape: readonly number[]): void {
  let sizeProds = 1;
  // Stryker disable next-line AssignmentOperator: equivalent: sizes are ints >= 0, and 1 divided by them is exactly 1 only when they are all 1, as their product is (a 0 gives inf, never 1)
  for (let i = 2; i < shape.length; i++) sizeProds *= shape[i]!;
  if (sizeProds === 1) throw valueError(`Expected more than 1 spatial element when training, got input size ${sizeRepr(shape)}`);
}

/** t.repeat(n) of a 1-d tensor (a copy), or null; converted to `dtype` when given. */
function repeatIfDefined(t: Tensor | null, n: number, dtype = t?.dtype): Tensor | null {
  if (t === null) return null;
  // copy_ into a tensor of the same dtype copies the bytes (NaN payloads too)
  const converted = new Tensor(dtype!, t.shape).copy_(t);
  const out = new Tensor(dtype!, [t.numel * n]);
  for (let i = 0; i < n; i++) (out.data as FloatData).set(converted.data as FloatData, i * t.numel);
  return out;
}

/** at::alias(stat).copy_(repeated.view(b, c).mean(0)) */
function averageInstances(stat: Tensor, repeated: Tensor, b: number, c: number): void {
  if (repeated.numel !== b * c) throw runtimeError(`shape '[${b}, ${c}]' is invalid for input of size ${repeated.numel}`);
  if (repeated.dtype === "int64") throw runtimeError("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long");
  stat.copy_(new Tensor(repeated.dtype, [c], meanDim0(repeated.data as FloatData, b, c)));
}

/** F.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps) */
export function instanceNorm(
  input: Tensor,
  runningMean: Tensor | null = null,
  runningVar: Tensor | null = null,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  useInputStats: Py = true,
  momentum: Py = 0.1,
  eps: Py = 1e-5,
): Tensor {
  // --- torch/nn/functional.py
  if (pyTruthy(useInputStats)) verifySpatialSize(input.shape);
  // --- torch.instance_norm's argument parser
  const use = parseBool("instance_norm", "use_input_stats", 6, useInputStats);
  const m = parseDouble("instance_norm", "momentum", 7, momentum);
  const e = parseDouble("instance_norm", "eps", 8, eps);
  // --- at::native::instance_norm
  if (!use && (runningMean === null || runningVar === null)) {
    throw runtimeError("Expected running_mean and running_var to be defined when use_input_stats is false");
  }
  const [b, c] = input.shape as [number, number];
  const shape = [1, b * c, ...input.shape.slice(2)];
  // measured on 2.13: when running_mean's dtype is not the weight's (without a weight, the input's), both running
  // stats' copies are converted to that dtype, running_var's without asking whether it exists; without
  // running_mean, neither is
  const statsDtype = weight?.dtype ?? input.dtype;
  const convert = runningMean !== null && runningMean.dtype !== statsDtype;
  if (convert && runningVar === null) throw runtimeError("Expected a proper Tensor but got None (or an undefined Tensor in C++) for argument #0 'self'");
  const meanCopies = repeatIfDefined(runningMean, b, convert ? statsDtype : undefined);
  const varCopies = repeatIfDefined(runningVar, b, convert ? statsDtype : undefined);
  const reshaped = new Tensor(input.dtype, shape, input.data);
  const out = atenBatchNorm(reshaped, repeatIfDefined(weight, b), repeatIfDefined(bias, b), meanCopies, varCopies, use, m, e);
  // only after an update (measured: in eval the buffers keep their bits, while the mean of N equal copies may not)
  if (use && runningMean !== null) averageInstances(runningMean, meanCopies!, b, c);
  if (use && runningVar !== null) averageInstances(runningVar, varCopies!, b, c);
  return new Tensor(out.dtype, input.shape, out.data);
}
