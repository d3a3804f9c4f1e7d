// --atol: an absolute floor under the ULP comparison. Near zero, units in the last place say nothing (0 and 3e-8
// are a billion ULP apart), so elements of magnitude below atol count as zero on both sides before comparing.
import type { Result, Tensor as WireTensor } from "../case/index.ts";
import { decodeTensor, encodeTensor } from "../case/tensor-codec.ts";

const isTensor = (v: unknown): v is WireTensor => v !== null && typeof v === "object" && !Array.isArray(v) && "dtype" in v && "shape" in v && "data" in v;

function flushTensor(t: WireTensor, atol: number): WireTensor {
  if (t.dtype === "int64" || t.lazy) return t;
  let raw;
  try {
    raw = decodeTensor(t);
  } catch {
    return t; // masked or malformed data is compared as it is
  }
  const data = raw.data as Float32Array | Float64Array;
  let changed = false;
  for (let i = 0; i < data.length; i++) {
    if (Math.abs(data[i]!) < atol && !Object.is(data[i], 0)) {
      data[i] = 0;
      changed = true;
    }
  }
  return changed ? { ...t, data: encodeTensor(raw).data } : t;
}

function walk(v: unknown, atol: number): unknown {
  if (isTensor(v)) return flushTensor(v, atol);
  if (Array.isArray(v)) return v.map((x) => walk(x, atol));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, atol)]));
  return v;
}

export const flushNearZero = (r: Result, atol: number): Result => walk(r, atol) as Result;
