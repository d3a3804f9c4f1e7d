// Mutation testing of the port (`npm run mutate`): Stryker mutates the port's sources and runs the tests of
// vitest.mutate.config.ts (golden replay + port unit/property tests, no Python) against each mutant.
// scripts/mutate.ts runs Stryker once per batch below (a batch's results are kept even if a later batch is stopped)
// and writes docs/mutation.md from the batches' JSON reports; `npx stryker run` alone mutates everything at once.
// @ts-check

/** The port's sources in batches, the module families first. */
export const batches = {
  "nn-modules": ["src/nn/*.ts"],
  "nn-kernels-functional": ["src/nn/kernels/**/*.ts", "src/nn/functional/**/*.ts"],
  "random-tensor-errors": ["src/random/**/*.ts", "src/tensor/**/*.ts", "src/errors.ts"],
  "adapters-builtin": ["src/adapters/builtin/**/*.ts"],
};

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: Object.values(batches).flat(),
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts", related: false },
  coverageAnalysis: "perTest",
  // A static mutant (code run at import: registrations, constant tables) can only be tested by reloading
  // everything and running every test, about a minute each on this machine; they are reported as ignored.
  ignoreStatic: true,
  // 2 cores shared with everyone: more runners only makes mutants time out spuriously.
  concurrency: 2,
  // Results of unchanged mutants are reused from the last run (reports/ is git-ignored: a local cache, never a
  // source of truth); `npm run mutate -- --force` runs every mutant again.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["json", "html", "clear-text", "progress-append-only"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  // Never copy the oracle's venv (a gigabyte of torch) into the sandbox; the mutation tests do not run Python.
  ignorePatterns: ["reference-py/.venv", "reports", "coverage", ".tmp"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
