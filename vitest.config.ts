import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Two projects, split by folder: everything under test/e2e/ is end to end (CLI round trips through real processes,
// regeneration, the bug catalogue, the Python example port, the standalone reproducer scripts) and runs in
// `npm run test:e2e`; the rest is `npm test`.
// The unit project shares each test worker's module registry between its files (isolate: false), so the files that
// run in one worker share one oracle (test/oracle/helpers.ts: sharedOracle), one Python that has imported torch for
// the questions tests ask it (test/port/ask-python.ts), and import the sources once.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    // vitest's default is one worker fewer than the cores: one on a 2-core machine. Much of the suite waits (timeouts,
    // child processes starting torch), so two workers overlap that waiting with work even there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ["test/global-setup.ts"],
    // the default output, then the reason of each skip (test/requires.ts)
    reporters: ["default", "./test/skip-notes-reporter.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/e2e/**"], isolate: false } },
      { extends: true, test: { name: "e2e", include: ["test/e2e/**/*.test.ts"] } },
    ],
  },
});
