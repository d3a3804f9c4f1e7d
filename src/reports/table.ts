// The terminal summary: pass/fail/error per feature tag, then per suite, then the first failures.
import { countByStatus, type CaseReport, type ConformanceReport } from "./model.ts";

const NO_TAG = "(untagged)";

function rows(key: (c: CaseReport) => string[], cases: readonly CaseReport[]): [string, CaseReport[]][] {
  const by = new Map<string, CaseReport[]>();
  for (const c of cases) {
    for (const k of key(c)) {
      const list = by.get(k);
      if (list) list.push(c);
      else by.set(k, [c]);
    }
  }
  return [...by.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function table(title: string, groups: [string, CaseReport[]][]): string[] {
  const width = Math.max(title.length, ...groups.map(([k]) => k.length));
  const head = `${title.padEnd(width)}  ${"pass".padStart(6)}  ${"fail".padStart(6)}  ${"error".padStart(6)}  verdict`;
  const lines = [head, "-".repeat(head.length)];
  for (const [k, cs] of groups) {
    const n = countByStatus(cs);
    const verdict = n.fail + n.error === 0 ? "PASS" : "FAIL";
    lines.push(`${k.padEnd(width)}  ${String(n.pass).padStart(6)}  ${String(n.fail).padStart(6)}  ${String(n.error).padStart(6)}  ${verdict}`);
  }
  return lines;
}

export function summaryTable(r: ConformanceReport, maxFailures = 20): string {
  const out: string[] = [];
  const tagged = r.cases.filter((c) => c.suite !== "fixtures");
  out.push(...table("feature tag", rows((c) => (c.tags.length > 0 ? c.tags : [NO_TAG]), tagged)), "");
  out.push(...table("suite", rows((c) => [c.suite], r.cases)), "");
  const bad = r.cases.filter((c) => c.status !== "pass");
  for (const c of bad.slice(0, maxFailures)) out.push(`${c.status.toUpperCase()} ${c.suite} ${c.id}${c.source && c.source !== c.id ? ` (${c.source})` : ""}: ${c.message ?? ""}`);
  if (bad.length > maxFailures) out.push(`... and ${bad.length - maxFailures} more (see the JSON and JUnit reports)`);
  for (const l of r.live) out.push(`live run: ${l.status === "ran" ? l.detail : `SKIPPED: ${l.detail}`}`);
  for (const n of r.notices) out.push(`note: ${n}`);
  const n = countByStatus(r.cases);
  out.push(`${n.fail + n.error === 0 ? "PASS" : "FAIL"}: ${n.pass} passed, ${n.fail} failed, ${n.error} errors, adapter ${r.adapter}, ${(r.durationMs / 1000).toFixed(2)} s`);
  return out.join("\n");
}
