// What a conformance run found, in one serializable shape that every reporter (terminal, JSON, JUnit) and the
// shard merge read.
import type { ShardSpec } from "../fixtures/partition.ts";

export const REPORT_FORMAT = 1;

export type Verdict = "pass" | "fail" | "error";

export interface CaseReport {
  /** "golden/<group>", "regressions", "live", or "fixtures" for problems of the corpus itself. */
  suite: string;
  id: string;
  /** Where the case lives, e.g. "fixtures/golden/bn.000.jsonl.gz:17". */
  source?: string;
  tags: string[];
  status: Verdict;
  /** For fail and error: what differed (the first differing field) or what went wrong. */
  message?: string;
}

export interface LiveReport {
  status: "ran" | "skipped";
  /** Why it was skipped, or a one-line summary of what ran. */
  detail: string;
}

export interface ConformanceReport {
  format: number;
  adapter: string;
  /** The shard this run covered, or the shards merged into it. */
  shards: ShardSpec[];
  /** Things to read even when everything passed (e.g. a skipped live run). */
  notices: string[];
  live: LiveReport[];
  cases: CaseReport[];
  durationMs: number;
}

export function countByStatus(cases: readonly CaseReport[]): Record<Verdict, number> {
  const n = { pass: 0, fail: 0, error: 0 };
  for (const c of cases) n[c.status]++;
  return n;
}

export const reportPassed = (r: ConformanceReport): boolean => r.cases.every((c) => c.status === "pass");
