// The Markdown report: settings, totals, the matrix (differences by cause), coverage per feature tag, unsupported
// features, the expectations and one counterexample per failing cause and per expectation. Deterministic (no
// times), so generated docs diff cleanly.
import { describeCapabilities } from "../case/index.ts";
import { caseSize, sizeText } from "../engine/case-size.ts";
import { describeExpectation } from "../verify/expectations.ts";
import type { CauseRow, Counterexample, FeatureRow, Report } from "../engine/report-model.ts";
import { differenceText, totalsLine } from "../engine/verdict-text.ts";

export const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
export const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
export const anchorOf = (label: string) => label.replace(/[^a-z0-9-]/gi, "").toLowerCase();

/** A cause's verdict in the matrix. */
export function causeStatus(r: CauseRow): string {
  if (r.fail > 0) return "FAIL";
  if (r.closer > 0) return "differs, closer to exact than PyTorch";
  return "expected fail";
}

/** How the cases carrying a tag ended, in words. */
export function featureStatus(r: FeatureRow): string {
  const differing = r.fail + r.closer + r.xfail;
  if (r.pass > 0 && differing === 0) return r.unsupported > 0 ? "pass (partly unsupported)" : "pass";
  if (differing > 0) return `${differing} with differences (see the matrix)`;
  if (r.unsupported > 0) return "unsupported";
  return "no answer";
}

export function fence(lang: string, body: string): string {
  const ticks = body.includes("```") ? "````" : "```";
  return `${ticks}${lang}\n${body.replace(/\n$/, "")}\n${ticks}`;
}

export function shrinkText(c: Counterexample): string {
  const how = c.shrinkSteps > 0 ? `shrunk in ${c.shrinkSteps} step(s) (${c.shrinkTried} candidates judged${c.shrinkInterrupted ? ", budget reached" : ""}) from ${c.firstFailure} (${sizeText(c.original.size)})` : `the first failing case, ${c.firstFailure} (not shrunk)`;
  return `${how}; ${sizeText(caseSize(c.case))}; fails as ${c.kind}${c.sameFailure ? "" : " only in the original case"}`;
}

function counterexampleSection(c: Counterexample): string[] {
  const out = [
    `### ${c.label}`,
    "",
    `${shrinkText(c)}. Differences:`,
    "",
    fence("", c.differences.map(differenceText).join("\n")),
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

export const goldenText = (r: Report) =>
  r.golden.source === "stored" ? "PyTorch's answers stored in the golden corpus" : `PyTorch ${r.golden.torch ?? "?"} (CPU capability ${r.golden.cpuCapability ?? "?"}, ${r.golden.threads ?? "?"} thread(s))`;

export function markdownReport(r: Report): string {
  const s = r.settings;
  const out: string[] = [
    `# Conformance of ${r.port.name} to PyTorch`,
    "",
    `Implementation: ${r.port.implementation}${r.port.version !== undefined ? ` ${r.port.version}` : ""}${r.port.capabilities ? ` (declares ${describeCapabilities(r.port.capabilities)})` : ""}. Reference: ${goldenText(r)}.`,
    "",
    `Cases: ${s.cases}${s.features.length > 0 ? `, features ${s.features.map(code).join(" and ")}` : ""}. Comparison: ${s.compare}.${s.expectations ? ` Expected failures: ${code(s.expectations)}${s.strict ? " (strict)" : ""}.` : ""}`,
    "",
    `**${r.ok ? "PASS" : "FAIL"}**: ${totalsLine(r.totals)}.`,
    "",
  ];
  if (s.profiles.length > 0) {
    out.push("## Convention profiles", "", "The port follows other conventions here; cases and results were transformed as follows:", "");
    for (const p of s.profiles) out.push(`- **${p.id}**: ${p.summary}.`, ...p.rules.map((rule) => `  - ${rule}`));
    out.push("");
  }
  out.push("## Conformance matrix", "", "Differences by cause (the step's operation and the field); a case differing in two fields counts under both.", "");
  if (r.matrix.length === 0) out.push("No differences.", "");
  else {
    out.push("| cause | unexpected | closer to exact than PyTorch | expected | cases | verdict |", "|---|---:|---:|---:|---:|---|");
    for (const row of r.matrix) {
      const link = row.counterexample ? ` ([counterexample](#${anchorOf(row.cause)}))` : "";
      out.push(`| ${code(row.cause)} | ${row.fail} | ${row.closer} | ${row.xfail} | ${row.cases} | ${causeStatus(row)}${link} |`);
    }
    out.push("");
  }
  out.push("## Features exercised", "", "| feature | cases | pass | with differences | unsupported | status |", "|---|---:|---:|---:|---:|---|");
  for (const f of r.features) {
    const cases = Object.entries(f).reduce((n, [k, v]) => (k === "tag" ? n : n + (v as number)), 0);
    out.push(`| ${code(f.tag)} | ${cases} | ${f.pass} | ${f.fail + f.closer + f.xfail} | ${f.unsupported} | ${featureStatus(f)} |`);
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
