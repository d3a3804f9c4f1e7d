// Shrinking a counterexample, Hypothesis-style, on the Case itself: the smaller candidates of shrink-candidates.ts
// are judged in order, a batch at a time, and the first that still `holds` (fails the same way: failure-kind.ts)
// becomes the case; then its candidates are tried, until none holds. The budget is a count of candidates judged,
// never a time, so a case shrinks to the same case on any machine; when it runs out the smallest case so far stands.
import type { Case } from "../case/index.ts";
import { caseKey } from "../conformance/answer-cache.ts";
import { candidates } from "./shrink-candidates.ts";

/** Candidate cases shrinking judges at most, unless told otherwise (live runs, verify, the gate, a hunt). */
export const DEFAULT_SHRINK_BUDGET = 2000;

export interface Shrunk {
  case: Case;
  /** Candidates accepted, and candidates judged. */
  steps: number;
  tried: number;
  /** The budget ran out before no candidate held. */
  interrupted: boolean;
}

export interface ShrinkOptions {
  /** Candidates judged at most. */
  budget: number;
  /** Candidates judged together (one oracle round trip); the first that holds wins, whatever the batch size. */
  batch?: number;
}

/** `holds(cases)[i]`: whether cases[i] fails the same way as the case being shrunk. */
export type Holds = (cases: readonly Case[]) => Promise<boolean[]>;

export async function shrinkCase(start: Case, holds: Holds, o: ShrinkOptions): Promise<Shrunk> {
  const batch = Math.max(1, o.batch ?? 16);
  const seen = new Set<string>([caseKey(start)]);
  let current = start;
  let steps = 0;
  let tried = 0;
  const firstHolding = async (chunk: Case[]): Promise<Case | undefined> => {
    const ok = await holds(chunk);
    tried += chunk.length;
    return chunk[ok.indexOf(true)];
  };
  for (;;) {
    let accepted: Case | undefined;
    let chunk: Case[] = [];
    for (const next of candidates(current)) {
      if (tried + chunk.length >= o.budget) break;
      const key = caseKey(next);
      if (seen.has(key)) continue;
      seen.add(key);
      chunk.push({ ...next, id: start.id });
      if (chunk.length < batch) continue;
      accepted = await firstHolding(chunk);
      chunk = [];
      if (accepted) break;
    }
    if (!accepted && chunk.length > 0) accepted = await firstHolding(chunk);
    if (!accepted) return { case: current, steps, tried, interrupted: tried >= o.budget };
    current = accepted;
    steps++;
  }
}
