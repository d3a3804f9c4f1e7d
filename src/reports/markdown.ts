// The Markdown report of a verification: settings, totals, the conformance matrix per feature tag, unsupported
// features and one counterexample per failing feature. Deterministic (no times), so generated docs diff cleanly.
import { describeExpectation } from "../verify/expectations.ts";
import type { Counterexample, MatrixRow, VerifyReport } from "../verify/model.ts";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

export function rowStatus(r: MatrixRow): string {
  if (r.fail > 0) return "FAIL";
  if (r.xfail > 0) return "expected fail";
  if (r.pass > 0) return r.unsupported > 0 ? "pass (partly unsupported)" : "pass";
  if (r.unsupported > 0) return "unsupported";
  return "no answer";
}

function fence(lang: string, body: string): string {
  const ticks = body.includes("```") ? "````" : "```";
  return `${ticks}${lang}\n${body.replace(/\n$/, "")}\n${ticks}`;
}

function counterexampleSection(c: Counterexample): string[] {
  const d = c.difference;
  const shrunk = c.shrinkSteps > 0 ? `shrunk in ${c.shrinkSteps} step(s)${c.shrinkInterrupted ? " (budget of tries reached)" : ""} from ${code(c.firstFailure)}` : `the first failing case, ${code(c.firstFailure)} (not shrunk)`;
  const out = [
    `### ${c.tag}`,
    "",
    `${shrunk}. First difference at ${code(d.path === "" ? "(outcome)" : d.path)}: ${d.note}.`,
    "",
    `- PyTorch: ${code(d.golden)}`,
    `- port: ${code(d.port)}`,
    "",
    "<details><summary>case, both results, reproduction</summary>",
    "",
    fence("json", JSON.stringify(c.case)),
    "",
    "PyTorch printed:",
    "",
    fence("", c.snippets.golden.join("\n")),
    "",
    "The port printed:",
    "",
    fence("", c.snippets.port.join("\n")),
    "",
    "PyTorch script:",
    "",
    fence("python", c.snippets.python),
  ];
  if (c.snippets.typescript !== undefined) out.push("", "Port script:", "", fence("ts", c.snippets.typescript));
  out.push("", "</details>", "");
  return out;
}

export function markdownReport(r: VerifyReport): string {
  const s = r.settings;
  const t = r.totals;
  const out: string[] = [
    `# Conformance of ${r.port.name} to PyTorch`,
    "",
    `Implementation: ${r.port.implementation}. Reference: PyTorch ${r.oracle.torch ?? "?"} (CPU capability ${r.oracle.cpuCapability ?? "?"}, ${r.oracle.threads ?? "?"} thread(s)).`,
    "",
    `Cases: ${s.runs} generated with seed ${s.seed}${s.features.length > 0 ? `, features ${s.features.map(code).join(" and ")}` : ""}. Comparison: ${s.compare}.${s.expectations ? ` Expected failures: ${code(s.expectations)}${s.strict ? " (strict)" : ""}.` : ""}`,
    "",
    `**${r.ok ? "PASS" : "FAIL"}**: ${t.pass} passed, ${t.fail} failed, ${t.xfail} failed as expected, ${t.unsupported} unsupported by the port${t["no-golden"] > 0 ? `, ${t["no-golden"]} without an answer from PyTorch` : ""}.`,
    "",
  ];
  if (s.profiles.length > 0) {
    out.push("## Convention profiles", "", "The port follows other conventions here; cases and results were transformed as follows:", "");
    for (const p of s.profiles) out.push(`- **${p.id}**: ${p.summary}.`, ...p.rules.map((rule) => `  - ${rule}`));
    out.push("");
  }
  out.push("## Conformance matrix", "", "| feature | pass | fail | expected fail | unsupported | verdict |", "|---|---:|---:|---:|---:|---|");
  for (const row of r.matrix) {
    const verdict = rowStatus(row);
    const link = row.counterexample ? ` ([counterexample](#${row.tag.replace(/[^a-z0-9-]/gi, "").toLowerCase()}))` : "";
    out.push(`| ${code(row.tag)} | ${row.pass} | ${row.fail} | ${row.xfail} | ${row.unsupported} | ${verdict}${link} |`);
  }
  out.push("");
  if (r.unsupported.length > 0) {
    out.push("## Unsupported by the port", "", "| feature | cases | reason |", "|---|---:|---|");
    for (const u of r.unsupported) out.push(`| ${cell(u.feature)} | ${u.cases} | ${cell(u.reason)} |`);
    out.push("");
  }
  const known = r.expectations.entries;
  if (known.length > 0) {
    out.push("## Known discrepancies (expected failures)", "", "| # | where | why | cases |", "|---:|---|---|---:|");
    known.forEach((e, i) => {
      const link = e.counterexample ? ` ([counterexample](#expectation-${i + 1}))` : "";
      out.push(`| ${i + 1} | ${cell(describeExpectation(e.expectation))} | ${cell(e.expectation.reason)} | ${e.explained}${link} |`);
    });
    out.push("");
  }
  const examples = [...r.matrix.flatMap((row) => (row.counterexample ? [row.counterexample] : [])), ...known.flatMap((e) => (e.counterexample ? [e.counterexample] : []))];
  if (examples.length > 0) out.push("## Counterexamples", "", ...examples.flatMap(counterexampleSection));
  if (r.warnings.length > 0) out.push("## Warnings", "", ...r.warnings.map((w) => `- ${cell(w)}`), "");
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}
