// Lossless wire encoding of tensors: base64 of little-endian element bytes (see the schema's Tensor).
import type { DType, Tensor as WireTensor } from "./types.generated.ts";

export type TypedData = Float32Array | Float64Array | BigInt64Array;

export interface RawTensor {
  dtype: DType;
  shape: number[];
  data: TypedData;
}

export const ITEM_SIZE: Record<DType, number> = { float32: 4, float64: 8, int64: 8 };
export const MAX_ELEMENTS = 1_048_576;

export function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function typedFromBytes(dtype: DType, bytes: Uint8Array, count: number): TypedData {
  // Copy into an aligned buffer; the platform is little-endian (checked at import below).
  const buf = new ArrayBuffer(count * ITEM_SIZE[dtype]);
  new Uint8Array(buf).set(bytes.subarray(0, buf.byteLength));
  if (dtype === "float32") return new Float32Array(buf);
  if (dtype === "float64") return new Float64Array(buf);
  return new BigInt64Array(buf);
}

export class TensorDecodeError extends Error {
  constructor(
    message: string,
    readonly code: "bad_tensor" | "tensor_too_large",
  ) {
    super(message);
  }
}

/** Is it a wire tensor (an object with dtype, shape and data)? */
export const isWireTensor = (v: unknown): v is WireTensor => v !== null && typeof v === "object" && !Array.isArray(v) && "dtype" in v && "shape" in v && "data" in v;

export function decodeTensor(wire: WireTensor): RawTensor {
  const count = numelOf(wire.shape);
  if (count > MAX_ELEMENTS) {
    throw new TensorDecodeError(`tensor of shape [${wire.shape.join(", ")}] has ${count} elements; at most ${MAX_ELEMENTS} are allowed`, "tensor_too_large");
  }
  const bytes = Buffer.from(wire.data, "base64");
  const want = count * ITEM_SIZE[wire.dtype];
  if (bytes.length !== want) {
    throw new TensorDecodeError(`data holds ${bytes.length} bytes but shape [${wire.shape.join(", ")}] of ${wire.dtype} needs ${want}`, "bad_tensor");
  }
  return rawTensor(wire.dtype, wire.shape, bytes);
}

/** A tensor of its own (the bytes are copied) from element bytes already checked against dtype and shape. */
export const rawTensor = (dtype: DType, shape: readonly number[], bytes: Uint8Array): RawTensor => ({ dtype, shape: [...shape], data: typedFromBytes(dtype, bytes, numelOf(shape)) });

export function encodeTensor(t: RawTensor): WireTensor {
  const d = t.data;
  return { dtype: t.dtype, shape: [...t.shape], data: Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString("base64") };
}

/** Convenience for tests and generators: a wire tensor from plain numbers (or bigints for int64). */
export function wireTensor(dtype: DType, shape: number[], values: ArrayLike<number> | ArrayLike<bigint>): WireTensor {
  const data = dtype === "float32" ? Float32Array.from(values as ArrayLike<number>) : dtype === "float64" ? Float64Array.from(values as ArrayLike<number>) : BigInt64Array.from(values as ArrayLike<bigint>);
  return encodeTensor({ dtype, shape, data });
}

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error("torch-conformance needs a little-endian platform");
