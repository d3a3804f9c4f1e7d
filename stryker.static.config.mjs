// The static-* batches of stryker.config.mjs (run by `npm run mutate -- --static`): the same options with static
// mutants (code run at import: registrations, constant tables, class attribute lists, defaults) tested, each by
// reloading the port and running every test.
// @ts-check
import base from "./stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default { ...base, ignoreStatic: false };
