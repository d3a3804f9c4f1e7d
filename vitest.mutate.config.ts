// The tests Stryker runs against each mutant of the port (stryker.config.mjs): that the port loads at all
// (test/mutation/port-loads.spec.ts) and the golden, regression and case-spec replay (test/mutation/replay.spec.ts,
// answers from PyTorch, loaded once per runner by test/mutation/corpus-setup.ts) first, then the port's unit and
// property tests with one fixed fast-check seed (test/mutation/setup.ts). test/port/conformance-*.test.ts and
// test/judge/live.test.ts are left out: they would start PyTorch again for every mutant; their case specs are in the
// replay. The protocol worker's test compares with PyTorch's answers to its lines, asked once per runner
// (test/mutation/serve-oracle-setup.ts).
import { defineConfig } from "vitest/config";

// Two projects run one after the other (groupOrder), the replay first: with Stryker's bail, a mutant the replay
// kills runs nothing else. Within one project vitest imports every test file before it runs the first test, so
// the port's tests, in a project of their own, are not even imported then; that import is most of what a static
// mutant (reloaded, run against every test) costs.
export default defineConfig({
  test: {
    setupFiles: ["test/mutation/setup.ts"],
    // The port's modules are loaded once per runner, not once per test file and mutant.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    projects: [
      { extends: true, test: { name: "replay", include: ["test/mutation/*.spec.ts"], globalSetup: ["test/mutation/corpus-setup.ts"], sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: { name: "port", include: ["test/port/*.test.ts"], exclude: ["test/port/conformance-*.test.ts"], globalSetup: ["test/mutation/serve-oracle-setup.ts"], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
