// Mutation runs only (vitest.mutate.config.ts). Stryker's vitest runner judges a mutant by the tests it collected, and
// a test file whose imports throw collects none, so a static mutant that stops the port from loading (a signature
// table emptied, a class factory's body removed) would count as survived though every test file fails
// (stryker-js#6150). Here the port is imported at load time, as the other test files import it (so Stryker still
// sees its top-level code as static), but with the error caught, so that a port that cannot load fails a test.
import { expect, it } from "vitest";

// the protocol worker imports the case runner, which imports every module family and everything they use
const loads = await Promise.allSettled([import("../../src/adapters/builtin/serve.ts"), import("../../src/adapters/builtin/overrides.ts")]);

it("the port loads", () => {
  expect(loads.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []))).toEqual([]);
});
