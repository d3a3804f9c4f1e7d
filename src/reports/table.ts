// The terminal summary: the matrix (differences by cause), the suites, the first failing cases, notices, and one
// totals line naming every status that occurred.
import { FAILING, type Verdict } from "../engine/verdict.ts";
import type { Report } from "../engine/report-model.ts";
import { totalsLine, verdictMessage } from "../engine/verdict-text.ts";

function table(head: string[], rows: (string | number)[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join("  ");
  const top = line(head);
  return [top, "-".repeat(top.length), ...rows.map(line)];
}

function suites(cases: readonly Verdict[]): (string | number)[][] {
  const by = new Map<string, Verdict[]>();
  for (const c of cases) by.set(c.suite, [...(by.get(c.suite) ?? []), c]);
  return [...by.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([suite, cs]) => {
    const failing = cs.filter((c) => FAILING.includes(c.status)).length;
    return [suite, cs.filter((c) => c.status === "pass").length, failing, cs.length - failing - cs.filter((c) => c.status === "pass").length, failing === 0 ? "PASS" : "FAIL"];
  });
}

/** `failures`: lines to print for the failing cases instead of the first `maxFailures` of them one by one. */
export function summaryTable(r: Report, maxFailures = 20, failures?: readonly string[]): string {
  const out: string[] = [];
  if (r.matrix.length > 0) {
    out.push(...table(["cause (differences)", "fail", "closer", "expected", "cases"], r.matrix.map((m) => [m.cause, m.fail, m.closer, m.xfail, m.cases])), "");
  }
  out.push(...table(["suite", "pass", "failing", "other", "verdict"], suites(r.cases)), "");
  const bad = failures ? [] : r.cases.filter((c) => FAILING.includes(c.status));
  out.push(...(failures ?? []));
  for (const c of bad.slice(0, maxFailures)) out.push(`${c.status.toUpperCase()} ${c.suite} ${c.id}${c.source && c.source !== c.id ? ` (${c.source})` : ""}: ${verdictMessage(c)}`);
  if (bad.length > maxFailures) out.push(`... and ${bad.length - maxFailures} more (see the JSON and JUnit reports)`);
  for (const n of r.notices) out.push(`note: ${n}`);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  out.push(`${r.ok ? "PASS" : "FAIL"}: ${totalsLine(r.totals)}; port ${r.port.name}, ${(r.durationMs / 1000).toFixed(2)} s`);
  return out.join("\n");
}
