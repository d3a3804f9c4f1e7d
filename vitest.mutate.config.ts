// The tests Stryker runs against each mutant of the port (stryker.config.mjs): the golden, regression and
// case-spec replay (test/mutation/replay.spec.ts, answers from PyTorch, loaded once per runner by
// test/mutation/corpus-setup.ts) first, then the port's unit and property tests with one fixed fast-check seed
// (test/mutation/setup.ts). test/port/conformance-*.test.ts and test/judge/live.test.ts are left out: they would
// start PyTorch again for every mutant; their case specs are in the replay.
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

/** The replay first: with Stryker's bail, a mutant it kills runs nothing else. */
class ReplayFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const isReplay = (f: TestSpecification) => f.moduleId.endsWith("/test/mutation/replay.spec.ts");
    return [...files.filter(isReplay), ...files.filter((f) => !isReplay(f))];
  }
}

export default defineConfig({
  test: {
    include: ["test/mutation/*.spec.ts", "test/port/*.test.ts"],
    exclude: ["test/port/conformance-*.test.ts"],
    setupFiles: ["test/mutation/setup.ts"],
    globalSetup: ["test/mutation/corpus-setup.ts"],
    sequence: { sequencer: ReplayFirst },
    // The port's modules are loaded once per runner, not once per test file and mutant.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
