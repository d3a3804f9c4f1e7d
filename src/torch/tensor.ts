// torch.tensor / torch.zeros / torch.ones for TypeScript callers. As everywhere in this package, a number is a
// Python float and a bigint a Python int: tensor([[1, 2]]) is float32 (the default dtype), tensor([[1n, 2n]]) int64.
import { typeError, valueError } from "../errors.ts";
import { type DType, Tensor } from "../tensor/tensor.ts";

export type NestedArray<T> = T | readonly NestedArray<T>[];

export interface TensorOptions {
  dtype?: DType;
}

/** The shape of a nested array, from its first elements (as torch.tensor infers it). */
function shapeOf(data: NestedArray<number | bigint>): number[] {
  const shape: number[] = [];
  for (let level = data; Array.isArray(level); level = (level as readonly NestedArray<number | bigint>[])[0]!) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  return shape;
}

/** Row-major elements, checked against the shape with torch.tensor's errors for a ragged or too deep nesting. */
function elementsOf(data: NestedArray<number | bigint>, shape: number[], dtype: DType): (number | bigint)[] {
  const out: (number | bigint)[] = [];
  const walk = (x: NestedArray<number | bigint>, dim: number): void => {
    if (dim === shape.length) {
      if (Array.isArray(x)) throw typeError(dtype === "int64" ? "'list' object cannot be interpreted as an integer" : "must be real number, not list");
      out.push(x as number | bigint);
      return;
    }
    if (!Array.isArray(x)) throw typeError("not a sequence");
    if (x.length !== shape[dim]) throw valueError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${x.length})`);
    for (const el of x as readonly NestedArray<number | bigint>[]) walk(el, dim + 1);
  };
  walk(data, 0);
  return out;
}

/** torch.tensor(data, dtype=...): int64 when every element is a bigint, else float32, unless dtype says otherwise. */
export function tensor(data: NestedArray<number | bigint>, options: TensorOptions = {}): Tensor {
  const shape = shapeOf(data);
  const leaves = (Array.isArray(data) ? (data as unknown[]).flat(Infinity) : [data]) as (number | bigint)[];
  const dtype = options.dtype ?? (leaves.length > 0 && leaves.every((x) => typeof x === "bigint") ? "int64" : "float32");
  const flat = elementsOf(data, shape, dtype);
  const t = new Tensor(dtype, shape);
  flat.forEach((x, i) => {
    if (dtype === "int64") (t.data as BigInt64Array)[i] = typeof x === "bigint" ? x : BigInt(Math.trunc(x));
    else (t.data as Float32Array | Float64Array)[i] = Number(x);
  });
  return t;
}

const shapeArg = (size: number | readonly number[]) => (typeof size === "number" ? [size] : size);

/** torch.zeros(size, dtype=...) */
export function zeros(size: number | readonly number[], options: TensorOptions = {}): Tensor {
  return Tensor.zeros(shapeArg(size), options.dtype);
}

/** torch.ones(size, dtype=...) */
export function ones(size: number | readonly number[], options: TensorOptions = {}): Tensor {
  return Tensor.ones(shapeArg(size), options.dtype);
}
