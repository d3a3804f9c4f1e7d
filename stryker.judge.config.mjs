// The judge's batch of stryker.config.mjs (`npm run mutate -- --batch judge`): the same options, with the judge's unit
// tests (vitest.mutate.judge.config.ts) run against each mutant. Static mutants (the bit-exact policy, the failing
// statuses, the float views, the patterns) are tested here, not ignored: a full reload of the judge and its tests
// takes seconds, so this batch needs no static twin.
// @ts-check
import base, { judgeBatch } from "./stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: judgeBatch.judge,
  vitest: { configFile: "vitest.mutate.judge.config.ts", related: false },
  ignoreStatic: false,
};
