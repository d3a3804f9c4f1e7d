// The one verdict type: what the engine says about one case, whatever the case source, the golden source and the
// port. Every report (terminal, JSON, JUnit, Markdown, HTML) and the matrix are made of these.
import type { Difference } from "../conformance/compare.ts";

/**
 * - pass: no difference; fail: a difference no expectation explains; xfail: every difference is expected;
 * - closer: every unexpected difference is numeric and the port is closer to the exact value than PyTorch (still a
 *   difference from PyTorch: it fails the run unless expected, but says who is right);
 * - unsupported: the port (or a convention profile) says it lacks a feature the case uses;
 * - not-applicable: the case uses something outside the capabilities the port declared, so it was not run;
 * - timed-out / crashed / protocol-error / lost: the port gave no answer (it hung, died, wrote junk or answered out of
 *   order; lost: any other reason); no-golden: PyTorch gave none. They say nothing about conformance;
 * - error: the case itself could not be judged (an unreadable fixture, a stale corpus).
 */
export type CaseStatus = "pass" | "fail" | "closer" | "xfail" | "unsupported" | "not-applicable" | "timed-out" | "crashed" | "protocol-error" | "lost" | "no-golden" | "error";

const CASE_STATUSES: readonly CaseStatus[] = ["pass", "fail", "closer", "xfail", "unsupported", "not-applicable", "timed-out", "crashed", "protocol-error", "lost", "no-golden", "error"];

/** Statuses that fail a run (an unexpected difference, or a case that could not be judged). */
export const FAILING: readonly CaseStatus[] = ["fail", "closer", "timed-out", "crashed", "protocol-error", "lost", "no-golden", "error"];

/** A difference with the feature it concerns and, when an expectation explains it, that expectation's reason. */
export interface JudgedDifference extends Difference {
  /** The feature the difference concerns: the step's op and the field, e.g. "forward: value.output". */
  cause: string;
  /** Set when an expectation explains this difference. */
  expected?: string;
  /** Numeric differences with an exact reference: which side is closer to it. */
  closer?: "port" | "golden" | "tie";
  /** The path of the difference this one follows from (attribute.ts); it is shown but neither counted nor judged. */
  consequenceOf?: string;
}

export interface Verdict {
  id: string;
  /** Where the case comes from: "generated", "golden/<group>", "regressions", "case", or "fixtures" for corpus problems. */
  suite: string;
  /** The file (and line) holding the case, for stored cases. */
  source?: string;
  tags: string[];
  status: CaseStatus;
  /** Every difference (pass and unsupported: none). */
  differences: JudgedDifference[];
  /** Why: the port's unsupported reason, the lost case's reason, the corpus problem, the xfail's expectation. */
  reason?: string;
  /** unsupported: the feature the port lacks; not-applicable: the one it does not declare. */
  feature?: string;
}

export type Counts = Record<CaseStatus, number>;

export const zeroCounts = (): Counts => Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Counts;

export function countStatuses(verdicts: readonly Verdict[]): Counts {
  const n = zeroCounts();
  for (const v of verdicts) n[v.status]++;
  return n;
}

export const runPassed = (verdicts: readonly Verdict[]): boolean => verdicts.every((v) => !FAILING.includes(v.status));
