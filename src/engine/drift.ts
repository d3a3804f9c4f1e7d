// What changed between two torch versions: each case's stored answer from the old version judged against the new
// version's answer, bit for bit, by the same judge and attribution as a port (the new version stands where a port
// would). A case changed when the judge finds a difference, or when its record differs in any other byte (its
// feature tags); differences that follow from another (attribute.ts) are kept with their root but not counted.
import type { Case } from "../case/index.ts";
import { type Golden, outcomeOf } from "../corpus/shard-file.ts";
import { BIT_EXACT, judge } from "./judge.ts";
import type { JudgedDifference } from "./verdict.ts";

export interface DriftRecord {
  case: Case;
  golden: Golden;
  tags: string[];
}

export interface DriftSide {
  /** As the oracle's handshake says it, e.g. "2.14.1+cu130". */
  torch: string;
  gitVersion?: string;
}

export interface ChangedCase {
  id: string;
  /** The new version's tags (a changed answer can change them). */
  tags: string[];
  /** The root differences, first one first; a tags-only change has one with field "tags". */
  differences: JudgedDifference[];
}

export interface Drift {
  from: DriftSide;
  to: DriftSide;
  /** Cases compared (present on both sides). */
  cases: number;
  unchanged: number;
  changed: ChangedCase[];
  /** Case ids only the new side has, or only the old side has (a different generator: the diff is incomplete). */
  added: string[];
  removed: string[];
}

/** For a maintainer's CI: 0 nothing changed, 3 something changed, 1 the report could not be made (regen's error code). */
export const DRIFT_EXIT = { unchanged: 0, error: 1, changed: 3 } as const;

export const driftExitCode = (d: Drift): number => (d.changed.length + d.added.length + d.removed.length === 0 ? DRIFT_EXIT.unchanged : DRIFT_EXIT.changed);

function tagsDifference(old: string[], now: string[]): JudgedDifference {
  return { path: "tags", step: null, field: "tags", cause: "tags", golden: JSON.stringify(old), port: JSON.stringify(now), note: "feature tags differ" };
}

/** `old` and `fresh` matched by case id; the order of `fresh` is the report's order. */
export function computeDrift(from: DriftSide, to: DriftSide, old: readonly DriftRecord[], fresh: readonly DriftRecord[]): Drift {
  const before = new Map(old.map((r) => [r.case.id, r]));
  const seen = new Set<string>();
  const changed: ChangedCase[] = [];
  const added: string[] = [];
  for (const now of fresh) {
    const id = now.case.id;
    seen.add(id);
    const was = before.get(id);
    if (!was) {
      added.push(id);
      continue;
    }
    const v = judge(was.case, outcomeOf(id, was.golden), outcomeOf(id, now.golden), BIT_EXACT, { suite: "drift", tags: now.tags });
    const roots = v.differences.filter((d) => d.consequenceOf === undefined);
    if (JSON.stringify(was.case) !== JSON.stringify(now.case)) roots.unshift({ path: "case", step: null, field: "case", cause: "case", golden: was.case.id, port: now.case.id, note: "the case itself differs (another generator)" });
    if (JSON.stringify(was.tags) !== JSON.stringify(now.tags)) roots.push(tagsDifference(was.tags, now.tags));
    if (roots.length > 0) changed.push({ id, tags: now.tags, differences: roots });
  }
  const removed = old.filter((r) => !seen.has(r.case.id)).map((r) => r.case.id);
  const cases = fresh.length - added.length;
  return { from, to, cases, unchanged: cases - changed.length, changed, added, removed };
}
