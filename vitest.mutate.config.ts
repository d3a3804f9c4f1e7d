// The tests Stryker runs against each mutant of the port (stryker.config.mjs). Only tests that need no Python: the
// golden + regression replay stopping at the first difference (test/mutation/replay.spec.ts) and the port's unit
// and property tests, with one fixed fast-check seed (test/mutation/setup.ts). The live-oracle tests
// (test/port/conformance-*.test.ts, test/judge/live.test.ts) are left out: each run would start PyTorch again.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/mutation/*.spec.ts",
      "test/port/batchnorm-kernel.test.ts",
      "test/port/batchnorm-module.test.ts",
      "test/port/module.test.ts",
      "test/port/random.test.ts",
      "test/port/tensor.test.ts",
    ],
    setupFiles: ["test/mutation/setup.ts"],
    globalSetup: ["test/mutation/corpus-setup.ts"],
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
