// IEEE helpers for the comparator: bits in hex, shortest decimal per dtype, distance in units in the last place.
export type FloatDType = "float32" | "float64";

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The float's bits as hex, e.g. 0x3f800000 for float32 1. */
export function hexBits(x: number, dtype: FloatDType): string {
  if (dtype === "float32") {
    f32[0] = x;
    return `0x${u32[0]!.toString(16).padStart(8, "0")}`;
  }
  f64[0] = x;
  return `0x${u64[0]!.toString(16).padStart(16, "0")}`;
}

/** Shortest decimal that reads back as the same value in its dtype. */
export function decimal(x: number, dtype: FloatDType): string {
  if (Number.isNaN(x)) return "nan";
  if (Object.is(x, -0)) return "-0";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (dtype === "float64") return String(x);
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

/** Ordered integer of a float: adjacent floats differ by 1, and -0 sits one below +0. */
function ordered(bits: bigint, signBit: bigint): bigint {
  return bits & signBit ? -(bits & (signBit - 1n)) - 1n : bits;
}

/** Units in the last place between two non-NaN floats of a dtype (+0 and -0 are 1 apart). */
export function ulpDistance(a: number, b: number, dtype: FloatDType): bigint {
  let ba: bigint;
  let bb: bigint;
  let sign: bigint;
  if (dtype === "float32") {
    f32[0] = a;
    ba = BigInt(u32[0]!);
    f32[0] = b;
    bb = BigInt(u32[0]!);
    sign = 0x80000000n;
  } else {
    f64[0] = a;
    ba = u64[0]!;
    f64[0] = b;
    bb = u64[0]!;
    sign = 0x8000000000000000n;
  }
  const d = ordered(ba, sign) - ordered(bb, sign);
  return d < 0n ? -d : d;
}
