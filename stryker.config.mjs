// Mutation testing of the port and the judge (`npm run mutate`): Stryker mutates the port's sources and runs the tests
// of vitest.mutate.config.ts (golden replay + port unit/property tests) against each mutant; the judge's
// batch runs with its own config (batchConfigs below).
// scripts/mutate.ts runs Stryker once per batch below (a batch's results are kept even if a later batch is stopped:
// Stryker writes its report only at the end) and writes docs/mutation.md from the batches' JSON reports;
// `npx stryker run` alone mutates everything (`mutate`) at once. The static-* batches count the static mutants this
// file ignores, with stryker.static.config.mjs (`npm run mutate -- --static`).
// @ts-check

/** The port's sources in batches of a few files (on 2 shared cores a batch takes ~5 s per mutant). */
const families = {
  "nn-dropout": ["src/nn/dropout.ts", "src/nn/functional/dropout.ts"],
  "nn-batchnorm": ["src/nn/batchnorm.ts"],
  // the WebAssembly module's bytes (assembled from a .wat, checked by test/port/batchnorm-simd.test.ts) are not mutated
  "nn-batchnorm-kernels": ["src/nn/functional/batch-norm.ts", "src/nn/kernels/**/*.ts", "!src/nn/kernels/**/*.generated.ts"],
  "nn-containers": ["src/nn/containers.ts", "src/nn/pyargs.ts", "src/nn/registry.ts", "src/nn/index.ts", "src/nn/functional/index.ts"],
  "nn-module": ["src/nn/module.ts"],
};
const regular = {
  ...families,
  // every other file of src/nn (InstanceNorm, Lazy*, RReLU, and whatever comes next)
  "nn-other": ["src/nn/**/*.ts", ...Object.values(families).flat().filter((g) => !g.startsWith("!")).map((g) => `!${g}`), "!src/nn/kernels/**/*.generated.ts"],
  "random-tensor-errors": ["src/random/**/*.ts", "src/tensor/**/*.ts", "src/errors.ts"],
  // the request checks (src/case/check.ts) are the built-in port's first step, and the kit's
  "adapters-builtin": ["src/adapters/builtin/**/*.ts", "src/case/check.ts"],
};
/**
 * The judge: what decides whether golden and port agree and how a difference is described and classified. The
 * comparator and its float arithmetic and policy (compare.ts, floats.ts, policy.ts), the verdict on a case (judge.ts,
 * verdict.ts), attribution to a root cause (attribute.ts), who is closer to the exact value (exact.ts) and what
 * counts as the same failure to the shrinker (failure-kind.ts, its no-slippage rule). The replay cannot test these:
 * a port that agrees with PyTorch never reaches most of them, so the judge's own unit tests do
 * (stryker.judge.config.mjs). Reports, the CLI, the shrinker's search and the case sources are left out: they present
 * or feed verdicts and decide none.
 */
export const judgeBatch = {
  judge: [
    "src/conformance/compare.ts",
    "src/conformance/floats.ts",
    "src/conformance/policy.ts",
    "src/engine/judge.ts",
    "src/engine/verdict.ts",
    "src/engine/attribute.ts",
    "src/engine/exact.ts",
    "src/engine/failure-kind.ts",
  ],
};
/** The Stryker config of a batch whose tests are not this file's (scripts/mutate.ts runs it with that file). */
export const batchConfigs = { judge: "stryker.judge.config.mjs" };
/**
 * Each regular batch of the port again with its static mutants counted (stryker.static.config.mjs; the judge's batch
 * counts its own). A static mutant costs a reload and every test until one fails: a few seconds when the replay
 * kills it (vitest.mutate.config.ts runs it before it even imports the port's tests), a full run of every test (1.5
 * to 2 minutes on the shared cores) when nothing does. So each family is its own batch, kept when a later one is stopped. scripts/mutate.ts seeds one with
 * its regular batch's report, so only what that run ignored runs.
 */
export const staticBatches = Object.fromEntries(Object.entries(regular).map(([name, globs]) => [`static-${name}`, globs]));
// Static batches last: docs/mutation.md takes a file's results from the last batch that reports it.
export const batches = { ...regular, ...judgeBatch, ...staticBatches };

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ["src/nn/**/*.ts", "!src/nn/kernels/**/*.generated.ts", "src/tensor/**/*.ts", "src/random/**/*.ts", "src/errors.ts", "src/adapters/builtin/**/*.ts", "src/case/check.ts"],
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts", related: false },
  coverageAnalysis: "perTest",
  // A static mutant (code run at import: registrations, constant tables) can only be tested by reloading the port
  // and running every test until one fails; the static-* batches test them, these runs report them as ignored.
  ignoreStatic: true,
  // 2 cores shared with everyone: more runners only makes mutants time out spuriously.
  concurrency: 2,
  // A timed-out mutant counts as detected, so a timeout that load alone can reach would hide survivors: on these
  // shared cores Stryker's defaults (1.5 x the dry run + 5 s) are within reach of load alone. A mutant that really
  // loops pays these 20 s once; the batches' tables show how many timed out.
  timeoutFactor: 3,
  timeoutMS: 20_000,
  // Off: the tests are data-driven (the golden corpus, the case specs, read at run time), and Stryker's incremental
  // mode cannot see a change there, so it would keep a survivor that a new case kills. `npm run mutate --
  // -- --incremental` reuses the last results (reports/, git-ignored) when only the port's source changed.
  incremental: false,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["json", "html", "clear-text", "progress-append-only"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  // Never copy the oracle's venv (a gigabyte of torch) into the sandbox: the tests that ask torch use the shared one.
  ignorePatterns: ["reference-py/.venv", "reports", "coverage", ".tmp"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
