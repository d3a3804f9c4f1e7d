// Shrinking a counterexample: fast-check replays the generated case at `index` of the seeded run (the same seed and
// arbitrary give the same cases as fc.sample) and shrinks it while `stillFails` holds, within a time budget.
import fc from "fast-check";
import type { Case } from "../case/index.ts";

export interface Shrunk {
  case: Case;
  /** Successful shrink steps taken. */
  steps: number;
  /** The time budget ran out before shrinking finished. */
  interrupted: boolean;
}

export async function shrinkCase(
  arbitrary: fc.Arbitrary<Case>,
  seed: number,
  index: number,
  id: string,
  stillFails: (c: Case) => Promise<boolean>,
  timeLimitMs: number,
): Promise<Shrunk | null> {
  const property = fc.asyncProperty(arbitrary, async (c) => !(await stillFails({ ...c, id })));
  const r = await fc.check(property, { seed, path: String(index), numRuns: 1, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false });
  if (!r.failed || r.counterexample === null) return null;
  return { case: { ...r.counterexample[0], id: `${id}-shrunk` }, steps: r.numShrinks, interrupted: r.interrupted };
}
