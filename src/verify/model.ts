// What `verify` found, in one serializable shape: the --json report, and what the Markdown, HTML and JUnit
// writers render.
import type { Case } from "../case/index.ts";
import type { Difference } from "../conformance/compare.ts";
import type { Expectation } from "./expectations.ts";

export const VERIFY_REPORT_FORMAT = 1;

export type CaseStatus = "pass" | "fail" | "xfail" | "unsupported" | "no-golden";
export const CASE_STATUSES: readonly CaseStatus[] = ["pass", "fail", "xfail", "unsupported", "no-golden"];

export interface CaseRecord {
  id: string;
  tags: string[];
  status: CaseStatus;
  difference?: Difference;
  /** xfail: the expectation's reason; unsupported: the port's reason; no-golden: why PyTorch gave no answer. */
  reason?: string;
  /** unsupported: the feature the port lacks. */
  feature?: string;
}

export interface Counterexample {
  /** What it is a counterexample for: a feature tag, or an expectation (by its index in the file). */
  tag: string;
  /** The first case of the run that failed with this tag, and the shrunk case (when shrinking found one). */
  firstFailure: string;
  case: Case;
  shrinkSteps: number;
  shrinkInterrupted: boolean;
  difference: Difference;
  /** Reproductions: the PyTorch script, and what each side printed (one JSON line per step). */
  snippets: { python: string; typescript?: string; golden: string[]; port: string[] };
}

export type Counts = Record<CaseStatus, number>;

export interface MatrixRow extends Counts {
  tag: string;
  counterexample?: Counterexample;
}

export interface VerifyReport {
  format: number;
  port: { name: string; implementation: string };
  oracle: { name: string; torch?: string; cpuCapability?: string; threads?: number };
  settings: {
    seed: number;
    runs: number;
    features: string[];
    compare: string;
    profiles: { id: string; summary: string; rules: string[] }[];
    expectations?: string;
    strict: boolean;
  };
  totals: Counts;
  /** One row per feature tag, sorted by tag. */
  matrix: MatrixRow[];
  /** What the port said it lacks: feature -> cases. */
  unsupported: { feature: string; cases: number; reason: string }[];
  expectations: {
    /** Every entry with the failures it explained and a counterexample for it. */
    entries: { expectation: Expectation; explained: number; counterexample?: Counterexample }[];
    unmatched: Expectation[];
    unexpectedPasses: Expectation[];
  };
  cases: CaseRecord[];
  /** Generated cases dropped because they did not carry the selected features. */
  warnings: string[];
  durationMs: number;
  /** The run's verdict: no unexpected failure (and, under --strict, no unexpected pass). */
  ok: boolean;
}

export const zeroCounts = (): Counts => ({ pass: 0, fail: 0, xfail: 0, unsupported: 0, "no-golden": 0 });
