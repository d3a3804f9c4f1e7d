// A run's verdicts made into the one report model (src/engine/report-model.ts): totals, the matrix by cause, coverage by
// feature tag, unsupported features, how the expectations fared, and the run's verdict.
import type { Expectation, ExpectationMatcher } from "../verify/expectations.ts";
import type { Counterexample, Report } from "./report-model.ts";
import { REPORT_FORMAT } from "./report-model.ts";
import { causeMatrix, featureTable, totals, unsupportedSummary } from "./matrix.ts";
import { runPassed, type Verdict } from "./verdict.ts";

export interface ReportInput {
  verdicts: Verdict[];
  port: Report["port"];
  golden: Report["golden"];
  settings: Report["settings"];
  shards?: Report["shards"];
  matcher?: ExpectationMatcher;
  /** Counterexamples per cause and per expectation (by index), when the run made some. */
  counterexamples?: { causes: Map<string, Counterexample>; expectations: Map<number, Counterexample> };
  notices?: string[];
  warnings?: string[];
  durationMs: number;
}

export function buildReport(i: ReportInput): Report {
  const matrix = causeMatrix(i.verdicts);
  for (const row of matrix) {
    const cx = i.counterexamples?.causes.get(row.cause);
    if (cx) row.counterexample = cx;
  }
  const all = totals(i.verdicts);
  const entries = (i.matcher?.entries ?? []).map((expectation: Expectation, k) => {
    const cx = i.counterexamples?.expectations.get(k);
    return { expectation, explained: i.matcher!.explained[k]!, ...(cx ? { counterexample: cx } : {}) };
  });
  const unmatched = i.matcher?.unmatched() ?? [];
  const unexpectedPasses = i.matcher?.unexpectedPasses() ?? [];
  const warnings = [...(i.warnings ?? [])];
  if (all["no-golden"] > 0) warnings.push(`${all["no-golden"]} case(s) got no answer from PyTorch: they say nothing about the port`);
  for (const e of unmatched) warnings.push(`expectation matches no case: ${JSON.stringify(e)}`);
  for (const e of unexpectedPasses) warnings.push(`unexpected pass: every case of expectation ${JSON.stringify(e)} passed${i.settings.strict ? " (an error under --strict)" : ""}`);
  return {
    format: REPORT_FORMAT,
    port: i.port,
    golden: i.golden,
    settings: i.settings,
    shards: i.shards ?? [{ index: 1, count: 1 }],
    totals: all,
    matrix,
    features: featureTable(i.verdicts),
    unsupported: unsupportedSummary(i.verdicts),
    expectations: { entries, unmatched, unexpectedPasses },
    cases: i.verdicts,
    notices: i.notices ?? [],
    warnings,
    durationMs: i.durationMs,
    ok: runPassed(i.verdicts) && (!i.settings.strict || unexpectedPasses.length === 0),
  };
}
