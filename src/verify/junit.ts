// JUnit XML for a verification, through the project's JUnit writer (src/reports/junit.ts). That model knows
// pass / fail / error only, so expected failures and unsupported cases are passing test cases in their own suites
// ("... expected failures", "... unsupported") with the reason as message; PyTorch giving no answer is an error.
import { formatDifference } from "../conformance/compare.ts";
import { junitXml } from "../reports/junit.ts";
import { type CaseReport, type ConformanceReport, REPORT_FORMAT } from "../reports/model.ts";
import type { CaseRecord, VerifyReport } from "./model.ts";

function caseReport(port: string, c: CaseRecord): CaseReport {
  const base = { id: c.id, tags: c.tags };
  switch (c.status) {
    case "pass":
      return { ...base, suite: `verify ${port}`, status: "pass" };
    case "fail":
      return { ...base, suite: `verify ${port}`, status: "fail", message: c.difference ? formatDifference(c.difference) : "differs" };
    case "xfail":
      return { ...base, suite: `verify ${port} expected failures`, status: "pass", message: `expected failure: ${c.reason ?? ""}` };
    case "unsupported":
      return { ...base, suite: `verify ${port} unsupported`, status: "pass", message: `unsupported (${c.feature ?? "?"}): ${c.reason ?? ""}` };
    case "no-golden":
      return { ...base, suite: `verify ${port}`, status: "error", message: `no answer from PyTorch: ${c.reason ?? ""}` };
  }
}

export function verifyJunit(r: VerifyReport): string {
  const model: ConformanceReport = {
    format: REPORT_FORMAT,
    adapter: r.port.name,
    shards: [{ index: 1, count: 1 }],
    notices: r.warnings,
    live: [],
    cases: r.cases.map((c) => caseReport(r.port.name, c)),
    durationMs: r.durationMs,
  };
  return junitXml(model);
}
