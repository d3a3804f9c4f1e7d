// The float32 apply loop of batch_norm (y = x * alpha[c] + beta[c]) in WebAssembly SIMD (batch-norm-simd.wat):
// the same single-precision operations as the JavaScript loop in batch-norm-fast.ts, four at a time.
// The WebAssembly memory holds a copy of the input and the output while it runs; it grows to the largest input seen
// (twice its size) and stays that size.
import { BATCH_NORM_SIMD_WASM } from "./batch-norm-simd.generated.ts";

// The few WebAssembly JS API members used (the project's TypeScript libs, without the DOM's, do not declare them).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

interface SimdExports {
  memory: WasmMemory;
  affine(ab: number, x: number, y: number, rows: number, channels: number, spatial: number): number;
}

/** The instance, made when this module loads; null where WebAssembly SIMD is missing (the JavaScript loops then do it all). */
function instantiate(): SimdExports | null {
  try {
    const bytes = Uint8Array.from(atob(BATCH_NORM_SIMD_WASM), (ch) => ch.charCodeAt(0));
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    return new wasm.Instance(new wasm.Module(bytes)).exports as SimdExports;
  } catch {
    return null;
  }
}
const simd = instantiate();

/** The WebAssembly memory's size in bytes (0 without WebAssembly): what the apply loop keeps between calls. */
// Stryker disable next-line OptionalChaining: equivalent: every Node the package supports (engines) has WebAssembly SIMD
export const simdMemoryBytes = (): number => simd?.memory.buffer.byteLength ?? 0;

const PAGE = 65536;
const align16 = (n: number) => Math.ceil(n / 16) * 16;

/**
 * y = x * alpha[c] + beta[c] over rows (n, c) of `spatial` values, in float32; null when a result is NaN (its bits
 * then depend on operand order: the caller recomputes with x86's) or WebAssembly cannot do it.
 */
export function affineF32Simd(x: Float32Array, channels: number, spatial: number, alpha: Float32Array, beta: Float32Array): Float32Array | null {
  const m = simd;
  if (m === null) return null;
  const xAt = align16(channels * 8);
  const yAt = align16(xAt + x.byteLength);
  const needed = yAt + x.byteLength;
  const have = m.memory.buffer.byteLength;
  if (needed > have) {
    try {
      m.memory.grow(Math.ceil((needed - have) / PAGE));
    } catch {
      return null; // beyond what a 32-bit WebAssembly memory can hold
    }
  }
  const heap = new Float32Array(m.memory.buffer);
  for (let c = 0; c !== channels; c++) {
    heap[2 * c] = alpha[c]!;
    heap[2 * c + 1] = beta[c]!;
  }
  heap.set(x, xAt / 4);
  if (m.affine(0, xAt, yAt, x.length / spatial, channels, spatial) !== 0) return null;
  const y = new Float32Array(x.length);
  y.set(heap.subarray(yAt / 4, yAt / 4 + x.length));
  return y;
}
