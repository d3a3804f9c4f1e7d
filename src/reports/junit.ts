// JUnit XML: one <testsuite> per suite (fixture group, regressions, live, fixtures), one <testcase> per case.
import { countByStatus, type CaseReport, type ConformanceReport } from "./model.ts";

// XML 1.0 cannot carry most control characters even escaped; they become U+FFFD.
const escapeXml = (s: string): string =>
  s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

function testcase(c: CaseReport): string {
  const attrs = `classname="${escapeXml(c.suite)}" name="${escapeXml(c.id)}"${c.source ? ` file="${escapeXml(c.source)}"` : ""}`;
  if (c.status === "pass") return `    <testcase ${attrs}/>`;
  const tag = c.status === "fail" ? "failure" : "error";
  const msg = escapeXml(c.message ?? "");
  const firstLine = escapeXml((c.message ?? "").split("\n")[0] ?? "");
  const tags = c.tags.length > 0 ? `\ntags: ${escapeXml(c.tags.join(", "))}` : "";
  return `    <testcase ${attrs}>\n      <${tag} message="${firstLine}">${msg}${tags}</${tag}>\n    </testcase>`;
}

export function junitXml(r: ConformanceReport): string {
  const suites = new Map<string, CaseReport[]>();
  for (const c of r.cases) {
    const list = suites.get(c.suite);
    if (list) list.push(c);
    else suites.set(c.suite, [c]);
  }
  const all = countByStatus(r.cases);
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="torch-conformance (${escapeXml(r.adapter)})" tests="${r.cases.length}" failures="${all.fail}" errors="${all.error}" time="${(r.durationMs / 1000).toFixed(3)}">`,
  ];
  for (const [name, cases] of [...suites.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const n = countByStatus(cases);
    out.push(`  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${n.fail}" errors="${n.error}" skipped="0">`);
    out.push(...cases.map(testcase));
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`, "");
  return out.join("\n");
}
