// Shrinking a counterexample: fast-check replays the generated case at `index` of the seeded run (the same seed and
// arbitrary give the same cases as fc.sample) and shrinks it while `stillFails` holds. The budget is a number of
// tries, not time, so a given seed shrinks to the same case on any machine.
import fc from "fast-check";
import type { Case } from "../case/index.ts";

export interface Shrunk {
  case: Case;
  /** Successful shrink steps taken. */
  steps: number;
  /** The budget of tries ran out before shrinking finished. */
  interrupted: boolean;
}

export async function shrinkCase(
  arbitrary: fc.Arbitrary<Case>,
  seed: number,
  index: number,
  id: string,
  stillFails: (c: Case) => Promise<boolean>,
  maxTries: number,
): Promise<Shrunk | null> {
  let tries = 0;
  // past the budget every candidate "passes", which ends shrinking at the smallest failure found so far
  const property = fc.asyncProperty(arbitrary, async (c) => ++tries > maxTries + 1 || !(await stillFails({ ...c, id })));
  const r = await fc.check(property, { seed, path: String(index), numRuns: 1 });
  if (!r.failed || r.counterexample === null) return null;
  return { case: { ...r.counterexample[0], id: `${id}-shrunk` }, steps: r.numShrinks, interrupted: tries > maxTries + 1 };
}
