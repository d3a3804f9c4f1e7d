// Tensor contents with the values that break ports: NaN (several payloads, signalling too), +-inf, -0,
// subnormals, large offsets against a small spread, constant channels. A TensorSpec is abstract (a pool of
// values and a flavour); resolveTensor fills a tensor of a given dtype and shape from it, so the same spec shrinks
// independently of the shape the tree asks for.
import fc from "fast-check";
import { type DType, encodeTensor, numelOf, type Tensor as WireTensor } from "../case/index.ts";

export type Flavor = "plain" | "edge" | "offset" | "wide";

export interface TensorSpec {
  flavor: Flavor;
  /** Element i takes pool[i % pool.length] (transformed by the flavour). */
  pool: number[];
  /** offset flavour: added to every element (the spread is pool/64). */
  offset: number;
  /** Channel 0 (dim 1) gets one value throughout. */
  constantChannel: boolean;
  /** Which NaN bit pattern NaNs in the pool get (index into NAN_BITS_*). */
  nanBits: number;
}

/** Quiet NaN, negative quiet NaN (the x86 default NaN), a payload, a signalling NaN. */
export const NAN_BITS_F32 = [0x7fc00000, 0xffc00000, 0x7fc00123, 0x7f800001] as const;
export const NAN_BITS_F64 = [0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff8000000000123n, 0x7ff0000000000001n] as const;

/** Special values: infinities, signed zero, float32 and float64 subnormals and extremes. */
export const SPECIAL_VALUES = [NaN, Infinity, -Infinity, -0, 2 ** -149, -(2 ** -140), 2 ** -126, 3.4028234663852886e38, 5e-324, 2.2250738585072014e-308, 1e-30] as const;

const plainValue = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -16, max: 16 }).map((k) => k / 4) },
  { weight: 2, arbitrary: fc.float({ min: -8, max: 8, noNaN: true, noDefaultInfinity: true }) },
);
const specialValue = fc.constantFrom(...SPECIAL_VALUES);

const valueOf: Record<Flavor, fc.Arbitrary<number>> = {
  plain: plainValue,
  edge: fc.oneof({ weight: 2, arbitrary: plainValue }, { weight: 1, arbitrary: specialValue }),
  offset: plainValue,
  wide: fc.oneof(plainValue, fc.double({ min: -1e30, max: 1e30, noNaN: true })),
};

const flavor = fc.constantFrom<Flavor>("plain", "plain", "plain", "edge", "offset", "wide");

export const tensorSpec: fc.Arbitrary<TensorSpec> = flavor.chain((f) =>
  fc.record({
    flavor: fc.constant(f),
    pool: fc.array(valueOf[f], { minLength: 1, maxLength: 24 }),
    offset: f === "offset" ? fc.constantFrom(1e3, -3e4, 1e6, 1.5e7) : fc.constant(0),
    constantChannel: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    nanBits: fc.nat({ max: NAN_BITS_F32.length - 1 }),
  }),
);

function element(spec: TensorSpec, i: number): number {
  const v = spec.pool[i % spec.pool.length]!;
  return spec.flavor === "offset" ? spec.offset + v / 64 : v;
}

/** Index of channel-0 membership for a row-major shape (dim 1 is the channel). */
function inChannel0(shape: readonly number[], i: number): boolean {
  if (shape.length < 2) return false;
  const inner = numelOf(shape.slice(2));
  return Math.floor(i / inner) % shape[1]! === 0;
}

/** The wire tensor of the given dtype and shape that the spec describes. */
export function resolveTensor(spec: TensorSpec, dtype: DType, shape: number[]): WireTensor {
  const n = numelOf(shape);
  const values = Array.from({ length: n }, (_, i) => (spec.constantChannel && inChannel0(shape, i) ? element(spec, 0) : element(spec, i)));
  if (dtype === "int64") {
    const ints = values.map((v) => (Number.isFinite(v) ? BigInt(Math.trunc(Math.max(-1e15, Math.min(1e15, v)))) : 0n));
    return encodeTensor({ dtype, shape, data: BigInt64Array.from(ints) });
  }
  if (dtype === "float32") {
    const data = Float32Array.from(values);
    const bits = new Uint32Array(data.buffer);
    values.forEach((v, i) => Number.isNaN(v) && (bits[i] = NAN_BITS_F32[spec.nanBits]!));
    return encodeTensor({ dtype, shape, data });
  }
  const data = Float64Array.from(values);
  const bits = new BigUint64Array(data.buffer);
  values.forEach((v, i) => Number.isNaN(v) && (bits[i] = NAN_BITS_F64[spec.nanBits]!));
  return encodeTensor({ dtype, shape, data });
}
