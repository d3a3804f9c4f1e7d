// The tests Stryker runs against each mutant of the judge (stryker.judge.config.mjs): the judge's unit tests on
// hand-made results, differences and verdicts, whose expectations are the project's own (what agrees, how a difference
// reads, which verdict a case gets). Left out: the tests that start PyTorch (the no-slippage and closer-to-exact runs,
// the assert_close defaults asked of torch) and those that replay the whole stored corpus through the built-in port;
// they would cost seconds to minutes per mutant, and the port's batches run the replay.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/judge/compare.test.ts",
      "test/judge/compare-fields.test.ts",
      "test/judge/identical.test.ts",
      "test/judge/floats.test.ts",
      "test/judge/policy.test.ts",
      "test/engine/judge.test.ts",
      "test/engine/judge-outcomes.test.ts",
      "test/engine/verdict.test.ts",
      "test/engine/attribute.test.ts",
      "test/engine/exact.test.ts",
      "test/engine/failure-kind.test.ts",
      "test/engine/shrink.test.ts",
      "test/engine/matrix.test.ts",
    ],
    isolate: false,
    testTimeout: 60_000,
  },
});
