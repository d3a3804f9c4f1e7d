// Setup for mutation runs (vitest.mutate.config.ts): one fixed fast-check seed. @fast-check/vitest's test.prop
// names each test "<label> (with seed=N)" and Stryker selects the tests covering a mutant by name, so with a random
// seed per run no property test would ever be selected against a mutant. Each property runs 20 times instead of
// 100: a mutant run repeats every covering test, and the golden replay does most of the killing.
import fc from "fast-check";
import { mutationSeed } from "../../support/mutation/seed.ts";

fc.configureGlobal({ seed: mutationSeed(), numRuns: 20 });
