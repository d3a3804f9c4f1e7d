// A test file that needs what a fresh machine may lack (Chromium; clang and the tinygrad venv). Without it, outside
// CI, each of its tests is skipped with the reason as vitest's skip note, which test/skip-notes-reporter.ts prints at
// the end of the run; under CI (CI=true, as .ci/run sets it, and .ci/run provides them) each test fails instead.
import { beforeEach } from "vitest";

/**
 * Call at the top of the file. `missing`: what is absent and how to get it, or null; `provider`: what provides it
 * under CI. Returns whether it is there: the file's beforeAll hooks set up nothing when it is not.
 */
export function requires(missing: string | null, provider: string): boolean {
  beforeEach((ctx) => {
    if (missing === null) return;
    if (process.env.CI !== "true") ctx.skip(`${missing}; ${provider}`);
    throw new Error(`CI needs this test's requirement: ${missing}`);
  });
  return missing === null;
}
