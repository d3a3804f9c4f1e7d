// The WebAssembly SIMD apply loop (src/nn/kernels/batch-norm-simd.*) against the JavaScript one it replaces for
// float32: the same single-precision operations, so the same bits for every non-NaN result (PyTorch itself judges
// both through the conformance specs and the golden corpus). And its committed bytes are the .wat assembled now.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { assembleWasmBase64 } from "../../support/wasm.ts";
import { BATCH_NORM_SIMD_WASM } from "../../src/nn/kernels/batch-norm-simd.generated.ts";
import { affineF32Simd, simdMemoryBytes } from "../../src/nn/kernels/batch-norm-simd.ts";

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const f32 = fc.float({ noNaN: true });

describe("batch_norm's float32 apply in WebAssembly SIMD", () => {
  test.prop([fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 11 }), fc.array(f32, { minLength: 165, maxLength: 165 }), fc.array(f32, { minLength: 10, maxLength: 10 })])(
    "y = fround(fround(x * alpha[c]) + beta[c]) bit for bit, or null when a result is NaN",
    (batch, channels, spatial, pool, params) => {
      const x = Float32Array.from(pool.slice(0, batch * channels * spatial));
      const alpha = Float32Array.from(params.slice(0, channels));
      const beta = Float32Array.from(params.slice(5, 5 + channels));
      const js = x.map((v, i) => Math.fround(Math.fround(v * alpha[Math.floor(i / spatial) % channels]!) + beta[Math.floor(i / spatial) % channels]!));
      const simd = affineF32Simd(x, channels, spatial, alpha, beta);
      if (js.some((v) => Number.isNaN(v))) expect(simd).toBeNull();
      else expect(bits(simd!)).toEqual(bits(js));
    },
  );
  it("grows its memory for a larger input and stays right", () => {
    const x = new Float32Array(300_000).map((_, i) => (i % 97) - 48.5);
    const y = affineF32Simd(x, 3, 100_000, Float32Array.of(0.5, 2, -1), Float32Array.of(1, 0, 3))!;
    expect([y[0], y[100_000], y[299_999]]).toEqual([x[0]! * 0.5 + 1, x[100_000]! * 2, -x[299_999]! + 3]);
  });
  it("keeps twice the largest input it has seen (and a page of slack), and smaller inputs after it still run in it", () => {
    const page = 65536;
    const within = (bytes: number) => {
      expect(simdMemoryBytes()).toBeGreaterThanOrEqual(2 * bytes);
      expect(simdMemoryBytes()).toBeLessThanOrEqual(2 * bytes + 2 * page);
    };
    const ones = (n: number) => new Float32Array(n).fill(1.5);
    for (const n of [400_000, 900_000]) {
      expect(affineF32Simd(ones(n), 2, n / 2, Float32Array.of(2, 4), Float32Array.of(0.5, 1))?.[n - 1]).toBe(7);
      within(4 * n);
    }
    expect(affineF32Simd(ones(8), 2, 4, Float32Array.of(2, 4), Float32Array.of(0.5, 1))).toEqual(Float32Array.of(3.5, 3.5, 3.5, 3.5, 7, 7, 7, 7));
    within(4 * 900_000);
  });
  it("the committed module is batch-norm-simd.wat assembled (npm run gen:wasm)", async () => {
    expect(BATCH_NORM_SIMD_WASM).toBe(await assembleWasmBase64());
  });
});
