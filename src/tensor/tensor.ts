// A dense, contiguous, row-major CPU tensor: just enough of torch.Tensor for the modules of this port.
// Object identity means what it means in PyTorch: a view (detach, unsqueeze, squeeze) is a new Tensor
// object sharing the same element buffer; in-place operations (name ending in "_") write into that buffer
// (or, for unsqueeze_/squeeze_, change this object's shape) and return this very object.
import type { DType } from "../case/types.generated.ts";
import { numelOf, type RawTensor, type TypedData } from "../case/tensor-codec.ts";
import { runtimeError, valueError } from "../errors.ts";

export type { DType };
export type FloatDType = "float32" | "float64";

function allocate(dtype: DType, count: number): TypedData {
  if (dtype === "float32") return new Float32Array(count);
  if (dtype === "float64") return new Float64Array(count);
  return new BigInt64Array(count);
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * torch.empty's elements under the reference configuration (deterministic algorithms with
 * fill_uninitialized_memory): a quiet NaN in a float tensor, the largest value in an integer one. They show
 * wherever PyTorch leaves such memory unwritten, e.g. a lazy norm whose materialize raised half-way.
 */
function allocateUninitialized(dtype: DType, count: number): TypedData {
  const data = allocate(dtype, count);
  if (data instanceof BigInt64Array) data.fill(INT64_MAX);
  else data.fill(NaN);
  return data;
}

/** str(torch.Size(shape)), e.g. "torch.Size([2, 3])". */
export const sizeRepr = (shape: readonly number[]) => `torch.Size([${shape.join(", ")}])`;

/** c10::ScalarType's names, as ATen's messages print them. */
export const SCALAR_TYPE: Record<DType, string> = { float32: "Float", float64: "Double", int64: "Long" };

/** Do two shapes list the same sizes? Sizes are ints, so their text tells shapes apart. */
export const sameShape = (a: readonly number[], b: readonly number[]) => a.join() === b.join();

/** at::infer_size: the shape two shapes broadcast to (aligned from the right; a size 1 stretches), with ATen's error. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const ndim = Math.max(a.length, b.length);
  // Stryker disable next-line ArrayDeclaration: equivalent: the loop below writes every index below ndim, so the length given here only sizes the array up front
  const out = new Array<number>(ndim);
  for (let i = ndim - 1; i >= 0; i--) {
    const offset = ndim - 1 - i;
    const sizeA = a[a.length - 1 - offset] ?? 1;
    const sizeB = b[b.length - 1 - offset] ?? 1;
    if (sizeA !== sizeB && sizeA !== 1 && sizeB !== 1) {
      throw runtimeError(`The size of tensor a (${sizeA}) must match the size of tensor b (${sizeB}) at non-singleton dimension ${i}`);
    }
    out[i] = sizeA === 1 ? sizeB : sizeA;
  }
  return out;
}

/**
 * TensorIterator's shape rule for an operation writing into an existing tensor (x.op_(y), x.copy_(y)): the output
 * takes part in the broadcast and must already have the broadcast shape, since an in-place result cannot grow.
 */
export function checkInplaceShape(out: Tensor, ...inputs: Tensor[]): void {
  const shape = inputs.reduce((acc, t) => broadcastShapes(acc, t.shape), out.shape);
  if (!sameShape(shape, out.shape)) throw runtimeError(`output with shape [${out.shape.join(", ")}] doesn't match the broadcast shape [${shape.join(", ")}]`);
}

/** The dtype of `t <op> x` for a Python float x (a wrapped number): an integral tensor gets the default dtype. */
export const withFloatScalar = (dtype: DType): DType => (dtype === "int64" ? "float32" : dtype);

/**
 * TensorIterator's cast rule for arithmetic written into an existing tensor (x.mul_(y), x.div_(y), x.add_(y)): a
 * floating result may not be stored into an integral tensor (copy_ is exempt: it converts any dtype).
 */
export function checkInplaceCast(out: Tensor, result: DType): void {
  if (out.dtype === "int64" && result !== "int64") throw runtimeError(`result type ${SCALAR_TYPE[result]} can't be cast to the desired output type ${SCALAR_TYPE[out.dtype]}`);
}

/** The elements of `t` broadcast to `shape` (which broadcastShapes(t.shape, shape) equals), in row-major order; moved
 * as bytes, so NaN payloads survive as in ATen's copy. */
function expandedData(t: Tensor, shape: readonly number[]): TypedData {
  const lead = shape.length - t.shape.length;
  // the stride of each output dimension in t's elements: 0 where t has size 1 (or no such dimension)
  const strides = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1, s = 1; d >= lead; d--) {
    const size = t.shape[d - lead]!;
    strides[d] = size === 1 ? 0 : s;
    s *= size;
  }
  const out = allocate(t.dtype, numelOf(shape));
  const width = out.BYTES_PER_ELEMENT;
  const from = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const to = new Uint8Array(out.buffer);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    const j = index.reduce((acc, k, d) => acc + k * strides[d]!, 0);
    to.set(from.subarray(j * width, (j + 1) * width), i * width);
    for (let d = shape.length - 1; d >= 0 && ++index[d]! === shape[d]; d--) index[d] = 0;
  }
  return out;
}

export class Tensor {
  dtype: DType;
  shape: number[];
  data: TypedData;
  /** Set on UninitializedParameter/UninitializedBuffer until materialize(); then shape is [] and data empty. */
  lazy = false;

  constructor(dtype: DType, shape: readonly number[], data?: TypedData) {
    const count = numelOf(shape);
    // a defect of the port, not a PyTorch error: callers hand over exactly the elements of the shape
    if (data !== undefined && data.length !== count) throw new Error(`Tensor: ${data.length} elements given for shape [${shape.join(", ")}]`);
    this.dtype = dtype;
    this.shape = [...shape];
    this.data = data ?? allocate(dtype, count);
  }

  get numel(): number {
    return this.data.length;
  }

  dim(): number {
    return this.shape.length;
  }

  // --- factories -------------------------------------------------------------------------------
  static empty(shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(dtype, shape, allocateUninitialized(dtype, numelOf(shape)));
  }
  static zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return new Tensor(dtype, shape);
  }
  static ones(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return Tensor.full(shape, 1, dtype);
  }
  static full(shape: readonly number[], value: number, dtype: DType = "float32"): Tensor {
    return new Tensor(dtype, shape).fill_(value);
  }
  /** torch.tensor(value, dtype=dtype): a 0-dim tensor. */
  static scalar(value: number | bigint, dtype: DType): Tensor {
    const t = new Tensor(dtype, []);
    t.setItem(0, value);
    return t;
  }
  /** A tensor over the raw tensor's elements (not copied: the caller hands them over, e.g. freshly decoded). */
  static fromRaw(raw: RawTensor): Tensor {
    return new Tensor(raw.dtype, raw.shape, raw.data);
  }

  // --- element access --------------------------------------------------------------------------
  item(i = 0): number | bigint {
    return this.data[i]!;
  }
  /** Stores a value converted to this tensor's dtype as a C++ static_cast would. */
  setItem(i: number, value: number | bigint): void {
    if (this.dtype === "int64") (this.data as BigInt64Array)[i] = toInt64(value);
    else if (this.dtype === "float32") (this.data as Float32Array)[i] = typeof value === "bigint" ? int64ToFloat32(value) : value;
    else (this.data as Float64Array)[i] = Number(value); // Number() rounds an int64 as static_cast<double> does
  }

  // --- views and copies ------------------------------------------------------------------------
  /** A new tensor object sharing this one's elements (torch's detach() and view semantics); never of a lazy tensor
   * (LazyModuleMixin stores those themselves in a state dict). */
  detach(): Tensor {
    return new Tensor(this.dtype, this.shape, this.data);
  }
  clone(): Tensor {
    return new Tensor(this.dtype, this.shape, this.data.slice());
  }
  unsqueeze(dim: number): Tensor {
    const t = this.detach();
    t.shape.splice(dim, 0, 1);
    return t;
  }
  unsqueeze_(dim: number): this {
    this.shape.splice(dim, 0, 1);
    return this;
  }
  /** squeeze(dim): drops dimension dim if it has size 1 (otherwise an unchanged view). */
  squeeze(dim: number): Tensor {
    const t = this.detach();
    if (t.shape[dim] === 1) t.shape.splice(dim, 1);
    return t;
  }
  squeeze_(dim: number): this {
    if (this.shape[dim] === 1) this.shape.splice(dim, 1);
    return this;
  }

  // --- in-place writes -------------------------------------------------------------------------
  fill_(value: number | bigint): this {
    checkInitialized(this, "fill_");
    for (let i = 0; i !== this.numel; i++) this.setItem(i, value);
    return this;
  }
  zero_(): this {
    checkInitialized(this, "zero_");
    return this.fill_(0);
  }
  /** copy_(src): broadcasts src to this shape (in-place rule) and converts dtype like ATen's copy. */
  copy_(src: Tensor): this {
    checkInplaceShape(this, src);
    if (src.numel !== this.numel) return this.copyElements(expandedData(src, this.shape), src.dtype);
    return this.copyElements(src.data, src.dtype);
  }

  private copyElements(data: TypedData, dtype: DType): this {
    if (dtype === this.dtype) {
      // a same-type TypedArray set() copies the bytes (overlap handled): NaN payloads, signalling ones included, survive
      // as in ATen's memcpy-like same-dtype copy; an element loop through JS numbers would quiet them
      (this.data as { set(a: ArrayLike<number | bigint>): void }).set(data);
      return this;
    }
    // different dtypes never share elements (one typed array each), so src can be read while this is written
    for (let i = 0; i !== this.numel; i++) this.setItem(i, data[i]!);
    return this;
  }
}

/** torch.nn.Parameter: a tensor a module registers as a parameter (no autograd here, so no requires_grad). */
export class Parameter extends Tensor {
  constructor(data: Tensor) {
    super(data.dtype, data.shape, data.data);
  }
}

/** torch.nn.parameter.UninitializedParameter: shape unknown until materialize() (lazy modules): no elements, and
 * shape [] as a placeholder (PyTorch refuses to tell it). */
export class UninitializedParameter extends Parameter {
  constructor(dtype: DType) {
    super(new Tensor(dtype, [0]));
    this.shape = [];
    this.lazy = true;
  }
  materialize(shape: readonly number[]): void {
    materialize(this, shape);
  }
}

/** torch.nn.parameter.UninitializedBuffer. */
export class UninitializedBuffer extends Tensor {
  constructor(dtype: DType) {
    super(dtype, [0]);
    this.shape = [];
    this.lazy = true;
  }
  materialize(shape: readonly number[]): void {
    materialize(this, shape);
  }
}

function materialize(t: Tensor, shape: readonly number[]): void {
  t.shape = [...shape];
  t.data = allocateUninitialized(t.dtype, numelOf(shape));
  t.lazy = false;
}

/** UninitializedTensorMixin.__torch_function__: a tensor method on an uninitialized tensor raises. */
function checkInitialized(t: Tensor, method: string): void {
  if (!t.lazy) return;
  throw valueError(
    `Attempted to use an uninitialized parameter in <method '${method}' of 'torch._C.TensorBase' objects>. This error happens when you are using a \`LazyModule\` or ` +
      `explicitly manipulating \`torch.nn.parameter.${t.constructor.name}\` objects. When using LazyModules Call \`forward\` with a dummy batch to initialize the parameters before calling torch functions`,
  );
}

/** torch.nn.parameter.is_lazy */
export const isLazy = (t: Tensor) => t.lazy;

// --- scalar conversions as C++ static_cast does them on x86-64 -----------------------------------

const INT64_MIN = -(2n ** 63n);

/** static_cast<int64_t>: truncation toward zero; NaN and out-of-range give INT64_MIN (cvttsd2si). */
export function toInt64(v: number | bigint): bigint {
  if (typeof v === "bigint") return BigInt.asIntN(64, v);
  if (!Number.isFinite(v) || Math.abs(v) >= 2 ** 63) return INT64_MIN;
  return BigInt(Math.trunc(v));
}

/** static_cast<float>(int64): a single rounding to nearest even (not via double). */
export function int64ToFloat32(v: bigint): number {
  const neg = v < 0n;
  let m = neg ? -v : v;
  const bits = m.toString(2).length;
  if (bits > 24) {
    const drop = BigInt(bits - 24);
    const rem = m & ((1n << drop) - 1n);
    const half = 1n << (drop - 1n);
    m >>= drop;
    if (rem > half || (rem === half && (m & 1n) === 1n)) m += 1n;
    m <<= drop;
  }
  const f = Math.fround(Number(m)); // exact: m has at most 24 significant bits now
  return neg ? -f : f;
}
