// Tensors as nested JS arrays of numbers (libraries like js-pytorch keep their data that way).
import type { DType } from "../../../case/index.ts";
import type { RawTensor } from "../../../case/tensor-codec.ts";
import { numelOf } from "../../../case/tensor-codec.ts";

export type Nested = number | Nested[];

export function toNested(t: RawTensor): Nested {
  const data = Array.from(t.data as ArrayLike<number>, Number);
  if (t.shape.length === 0) return data[0]!;
  let at = 0;
  const build = (dim: number): Nested[] =>
    Array.from({ length: t.shape[dim]! }, () => (dim === t.shape.length - 1 ? data[at++]! : build(dim + 1)));
  return build(0);
}

export function flatten(x: unknown, out: number[] = []): number[] {
  if (Array.isArray(x)) for (const v of x) flatten(v, out);
  else out.push(x as number);
  return out;
}

/** A library's output (nested data and the shape it reports) as a tensor of the given float dtype. */
export function fromNested(data: unknown, shape: readonly number[], dtype: Exclude<DType, "int64">): RawTensor {
  const flat = flatten(data);
  if (flat.length !== numelOf(shape)) throw new Error(`output holds ${flat.length} elements but reports shape [${shape.join(", ")}]`);
  return { dtype, shape: [...shape], data: dtype === "float32" ? Float32Array.from(flat) : Float64Array.from(flat) };
}
