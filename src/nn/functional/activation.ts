// torch.nn.functional.rrelu: torch.rrelu(_) and ATen's CPU rrelu_with_noise (aten/src/ATen/native/Activation.cpp,
// 2.13). Training draws one slope per element with x <= 0 from the default generator; eval is leaky_relu with
// the mean slope (lower + upper) / 2.
import type { Py } from "../../case/pyvalue.ts";
import { pyTruthy, pyTypeName } from "../../case/pyvalue.ts";
import { notImplementedError, runtimeError, typeError } from "../../errors.ts";
import { defaultGenerator } from "../../random/generator.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import type { FloatData } from "../kernels/batch-norm-cpu.ts";
import { add, div, mul } from "../kernels/x86-float.ts";
import { parseBool } from "./batch-norm.ts";

/** A `Scalar` argument as the C++ argument parser takes it (bool, int or float). */
function parseNumber(op: string, name: string, position: number, value: Py): number | bigint {
  if (typeof value === "number" || typeof value === "bigint") return value;
  if (typeof value === "boolean") return BigInt(value);
  throw typeError(`${op}(): argument '${name}' (position ${position}) must be Number, not ${pyTypeName(value)}`);
}

/** Scalar::to<T>() for the kernel's opmath type: float for float32 inputs, double otherwise. */
const toOpmath = (v: number | bigint, single: boolean) => (single ? Math.fround(Number(v)) : Number(v));

/**
 * _rrelu_with_noise_train: x <= 0 gets x * r, r = uniform_real_distribution<double>(lower, upper) in the opmath
 * type; the rest (NaN too) is copied as it is (out already holds x's bytes: a signalling NaN stays signalling).
 */
function rreluTrain(x: FloatData, out: FloatData, lower: number | bigint, upper: number | bigint, single: boolean): void {
  const lo = toOpmath(lower, single);
  const hi = toOpmath(upper, single);
  for (let i = 0; i !== x.length; i++) {
    const v = x[i]!;
    if (v <= 0) {
      const u = defaultGenerator.uniform53();
      const r = toOpmath(add(mul(u, hi - lo), lo), single);
      out[i] = mul(v, r);
    }
  }
}

/** (scalar_to_tensor(lower) + scalar_to_tensor(upper)) / 2: two ints add as int64 and divide in float32 (the default dtype). */
function meanSlope(lower: number | bigint, upper: number | bigint): number {
  if (typeof lower === "bigint" && typeof upper === "bigint") return Math.fround(Math.fround(Number(BigInt.asIntN(64, lower + upper))) / 2);
  return div(add(Number(lower), Number(upper)), 2);
}

/** leaky_relu with negval cast to the element type: a * (a > 0 ? 1 : negval), a first. */
function leakyRelu(x: FloatData, out: FloatData, slope: number, single: boolean): void {
  const negval = single ? Math.fround(slope) : slope;
  for (let i = 0; i !== x.length; i++) {
    const v = x[i]!;
    out[i] = mul(v, v > 0 ? 1 : negval);
  }
}

/** F.rrelu(input, lower=1/8, upper=1/3, training=False, inplace=False) */
export function rrelu(input: Tensor, lower: Py = 1 / 8, upper: Py = 1 / 3, training: Py = false, inplace: Py = false): Tensor {
  const ip = pyTruthy(inplace);
  const op = ip ? "rrelu_" : "rrelu";
  // --- the argument parser of torch.rrelu(_)(input, lower, upper, training)
  const lo = parseNumber(op, "lower", 2, lower);
  const hi = parseNumber(op, "upper", 3, upper);
  const train = parseBool(op, "training", 4, training);
  // --- at::native::rrelu(_)
  for (const [name, v] of [["lower", lo], ["upper", hi]] as const) {
    const d = Number(v);
    if (!Number.isFinite(d)) throw runtimeError(`rrelu: ${name} bound must be finite, got ${Number.isNaN(d) ? "nan" : d === Infinity ? "inf" : "-inf"}`);
  }
  if (!(Number(lo) <= Number(hi))) throw runtimeError("Lower bound should be less than or equal to the upper bound");
  const out = ip ? input : input.clone();
  if (input.dtype === "int64") throw notImplementedError(`"${train ? "rrelu_with_noise_out_cpu" : "leaky_relu_cpu"}" not implemented for 'Long'`);
  const single = input.dtype === "float32";
  const x = input.data as FloatData;
  if (train) rreluTrain(x, out.data as FloatData, lo, hi, single);
  else leakyRelu(x, out.data as FloatData, meanSlope(lo, hi), single);
  return out;
}
