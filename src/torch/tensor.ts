// torch.tensor / torch.zeros / torch.ones for TypeScript callers. As everywhere in this package, a number is a
// Python float and a bigint a Python int: tensor([[1, 2]]) is float32 (the default dtype), tensor([[1n, 2n]]) int64.
import { valueError } from "../errors.ts";
import { type DType, Tensor } from "../tensor/tensor.ts";

export type NestedArray<T> = T | readonly NestedArray<T>[];

export interface TensorOptions {
  dtype?: DType;
}

/** The shape of a rectangular nested array; PyTorch's ValueError for a ragged one. */
function shapeOf(data: NestedArray<number | bigint>): number[] {
  const shape: number[] = [];
  for (let level: NestedArray<number | bigint> = data; Array.isArray(level); level = (level as readonly NestedArray<number | bigint>[])[0]!) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const check = (x: NestedArray<number | bigint>, dim: number): void => {
    if (dim === shape.length) {
      if (Array.isArray(x)) throw valueError(`expected a number at dim ${dim}, got a sequence`);
      return;
    }
    if (!Array.isArray(x)) throw valueError(`expected sequence of length ${shape[dim]} at dim ${dim} (got a number)`);
    if (x.length !== shape[dim]) throw valueError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${x.length})`);
    for (const el of x as readonly NestedArray<number | bigint>[]) check(el, dim + 1);
  };
  check(data, 0);
  return shape;
}

/** torch.tensor(data, dtype=...): int64 when every element is a bigint, else float32, unless dtype says otherwise. */
export function tensor(data: NestedArray<number | bigint>, options: TensorOptions = {}): Tensor {
  const shape = shapeOf(data);
  const flat = (Array.isArray(data) ? (data as unknown[]).flat(Infinity) : [data]) as (number | bigint)[];
  const dtype = options.dtype ?? (flat.length > 0 && flat.every((x) => typeof x === "bigint") ? "int64" : "float32");
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
