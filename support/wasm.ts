// Assembles src/nn/kernels/batch-norm-simd.wat (the WebAssembly SIMD apply loop) into the TypeScript module that
// carries its bytes in base64. scripts/gen-wasm.ts writes it; test/port/batchnorm-simd.test.ts fails when it is stale.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";

const watPath = fileURLToPath(new URL("../src/nn/kernels/batch-norm-simd.wat", import.meta.url));
export const WASM_MODULE_TS = fileURLToPath(new URL("../src/nn/kernels/batch-norm-simd.generated.ts", import.meta.url));

/** The module's bytes, base64, assembled from the .wat now. */
export async function assembleWasmBase64(): Promise<string> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat("batch-norm-simd.wat", readFileSync(watPath, "utf8"), { simd: true });
  try {
    parsed.validate();
    return Buffer.from(parsed.toBinary({}).buffer).toString("base64");
  } finally {
    parsed.destroy();
  }
}

export async function generateWasmModule(): Promise<string> {
  return [
    "// Generated from src/nn/kernels/batch-norm-simd.wat by `npm run gen:wasm`. Do not edit.",
    `export const BATCH_NORM_SIMD_WASM = "${await assembleWasmBase64()}";`,
    "",
  ].join("\n");
}
