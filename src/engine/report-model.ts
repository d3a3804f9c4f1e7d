// What a run of the engine found, in one serializable shape: the --json report, what the terminal summary, JUnit,
// Markdown and HTML writers render, and what `--merge` joins across shards. Every preset (conformance, verify)
// writes this one model.
import type { Outcome } from "../adapters/adapter.ts";
import type { Capabilities, Case } from "../case/index.ts";
import type { CaseSize } from "./case-size.ts";
import type { ShardSpec } from "./partition.ts";
import type { JudgedDifference, Counts, Verdict } from "./verdict.ts";
import type { Expectation } from "../verify/expectations.ts";

export const REPORT_FORMAT = 2;

export interface Counterexample {
  /** What it is a counterexample for: a cause, or an expectation (by its index in the file). */
  label: string;
  /** The first case of the run that failed this way, and the shrunk case (when shrinking found one). */
  firstFailure: string;
  /** The kind of failure shrinking kept (src/engine/failure-kind.ts), and whether the case shown still has it. */
  kind: string;
  sameFailure: boolean;
  /** The first failing case: its size and the difference of that kind it showed, in words. */
  original: { size: CaseSize; difference: string };
  case: Case;
  /** PyTorch's outcome for `case` (a replay file holds both). */
  golden: Outcome;
  /** Candidates accepted and judged while shrinking; the budget ran out first. */
  shrinkSteps: number;
  shrinkTried: number;
  shrinkInterrupted: boolean;
  /** The difference of that kind `case` shows, in words (expected vs got, decimal and hex). */
  difference: string;
  differences: JudgedDifference[];
  /** Reproductions: the PyTorch script, and what each side printed (one JSON line per step). */
  snippets: { python: string; typescript?: string; golden: string[]; port: string[] };
}

/** The matrix: one row per cause, counting differences (a case differing in two fields counts under both causes). */
export interface CauseRow {
  cause: string;
  /** Unexpected differences, expected ones, and unexpected ones where the port is closer to exact than PyTorch. */
  fail: number;
  xfail: number;
  closer: number;
  /** Cases with at least one difference of this cause. */
  cases: number;
  counterexample?: Counterexample;
}

/** Coverage per feature tag: how many cases carried it, and how they ended (a case is counted under each tag). */
export interface FeatureRow extends Counts {
  tag: string;
}

export interface Report {
  format: number;
  /** The port as its handshake (or adapter) names it: implementation, version and declared capabilities. */
  port: { name: string; implementation: string; version?: string; capabilities?: Capabilities };
  /** Where PyTorch's answers came from: the oracle (its torch and configuration) or the stored goldens. */
  golden: { source: "oracle" | "stored"; torch?: string; cpuCapability?: string; threads?: number };
  settings: {
    /** What was run, e.g. "golden corpus fixtures/ and regressions" or "500 generated cases, seed 1". */
    cases: string;
    seed?: number;
    runs?: number;
    features: string[];
    compare: string;
    profiles: { id: string; summary: string; rules: string[] }[];
    expectations?: string;
    strict: boolean;
  };
  /** The shard this run covered, or the shards merged into it. */
  shards: ShardSpec[];
  totals: Counts;
  matrix: CauseRow[];
  features: FeatureRow[];
  /** What the port said it lacks: feature -> cases. */
  unsupported: { feature: string; cases: number; reason: string }[];
  expectations: {
    /** Every entry with the cases it explained and a counterexample for it. */
    entries: { expectation: Expectation; explained: number; counterexample?: Counterexample }[];
    unmatched: Expectation[];
    unexpectedPasses: Expectation[];
  };
  cases: Verdict[];
  /** Things to read even when everything passed (e.g. a skipped live run). */
  notices: string[];
  warnings: string[];
  durationMs: number;
  /** The run's verdict: no failing status (and, under --strict, no unexpected pass). */
  ok: boolean;
}
