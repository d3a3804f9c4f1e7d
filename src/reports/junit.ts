// JUnit XML: one <testsuite> per suite (fixture group, regressions, generated, fixtures), one <testcase> per case.
// An unexpected difference is a failure; a case the port or PyTorch gave no answer to, or that could not be read, is
// an error; expected failures and unsupported cases are skipped with their reason.
import type { Verdict } from "../engine/verdict.ts";
import type { Report } from "../engine/report-model.ts";
import { verdictMessage } from "../engine/verdict-text.ts";

// XML 1.0 cannot carry most control characters even escaped; they become U+FFFD.
const escapeXml = (s: string): string =>
  s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

type Kind = "pass" | "failure" | "error" | "skipped";

const kindOf = (v: Verdict): Kind =>
  v.status === "pass" ? "pass" : v.status === "fail" || v.status === "closer" ? "failure" : v.status === "xfail" || v.status === "unsupported" || v.status === "not-applicable" ? "skipped" : "error";

function testcase(v: Verdict): string {
  const attrs = `classname="${escapeXml(v.suite)}" name="${escapeXml(v.id)}"${v.source ? ` file="${escapeXml(v.source)}"` : ""}`;
  const kind = kindOf(v);
  if (kind === "pass") return `    <testcase ${attrs}/>`;
  const text = verdictMessage(v);
  const head = `${v.status}: ${text.split("\n")[0] ?? ""}`;
  const tags = v.tags.length > 0 ? `\ntags: ${escapeXml(v.tags.join(", "))}` : "";
  return `    <testcase ${attrs}>\n      <${kind} message="${escapeXml(head)}">${escapeXml(text)}${tags}</${kind}>\n    </testcase>`;
}

function counts(cases: readonly Verdict[]): Record<Kind, number> {
  const n: Record<Kind, number> = { pass: 0, failure: 0, error: 0, skipped: 0 };
  for (const c of cases) n[kindOf(c)]++;
  return n;
}

export function junitXml(r: Report): string {
  const suites = new Map<string, Verdict[]>();
  for (const c of r.cases) {
    const list = suites.get(c.suite);
    if (list) list.push(c);
    else suites.set(c.suite, [c]);
  }
  const all = counts(r.cases);
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="torch-conformance (${escapeXml(r.port.name)})" tests="${r.cases.length}" failures="${all.failure}" errors="${all.error}" skipped="${all.skipped}" time="${(r.durationMs / 1000).toFixed(3)}">`,
  ];
  for (const [name, cases] of [...suites.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const n = counts(cases);
    out.push(`  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${n.failure}" errors="${n.error}" skipped="${n.skipped}">`);
    out.push(...cases.map(testcase));
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`, "");
  return out.join("\n");
}
