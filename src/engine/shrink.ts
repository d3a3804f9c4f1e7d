// Shrinking a counterexample: fast-check replays the generated case at `path` of the seeded run (its index, or a path a run reported) (the same seed and
// arbitrary give the same cases as fc.sample) and shrinks it while `stillFails` holds. A budget of tries gives the
// same shrunk case on any machine; a time limit bounds a long hunt (the smallest failure so far is kept either way).
import fc from "fast-check";
import type { Case } from "../case/index.ts";

export interface Shrunk {
  case: Case;
  /** Successful shrink steps taken. */
  steps: number;
  /** The budget (tries or time) ran out before shrinking finished. */
  interrupted: boolean;
  /** fast-check's path of the shrunk case (seed + path replays it). */
  path: string;
}

export interface ShrinkBudget {
  maxTries?: number;
  timeLimitMs?: number;
}

export async function shrinkCase(arbitrary: fc.Arbitrary<Case>, seed: number, path: string, id: string, stillFails: (c: Case) => Promise<boolean>, budget: ShrinkBudget): Promise<Shrunk | null> {
  let tries = 0;
  const maxTries = budget.maxTries ?? Infinity;
  // past the budget every candidate "passes", which ends shrinking at the smallest failure found so far
  const property = fc.asyncProperty(arbitrary, async (c) => ++tries > maxTries + 1 || !(await stillFails({ ...c, id })));
  const r = await fc.check(property, {
    seed,
    path,
    numRuns: 1,
    ...(budget.timeLimitMs !== undefined ? { interruptAfterTimeLimit: budget.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  if (!r.failed || r.counterexample === null) return null;
  return { case: { ...r.counterexample[0], id: `${id}-shrunk` }, steps: r.numShrinks, interrupted: tries > maxTries + 1 || r.interrupted, path: r.counterexamplePath ?? path };
}
