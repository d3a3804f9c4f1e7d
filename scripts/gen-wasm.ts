// `npm run gen:wasm`: rewrites src/nn/kernels/batch-norm-simd.generated.ts from its .wat (support/wasm.ts).
import { writeFileSync } from "node:fs";
import { generateWasmModule, WASM_MODULE_TS } from "../support/wasm.ts";

writeFileSync(WASM_MODULE_TS, await generateWasmModule());
console.log(`wrote ${WASM_MODULE_TS}`);
