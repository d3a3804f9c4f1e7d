// The drift report between two torch versions (engine/drift.ts), as Markdown for a pull request and as JSON for a
// machine: the totals and the exit code first, then the changed cases grouped by feature tag and by field, then each
// changed case with its first difference (the old version's value against the new one's).
import { driftExitCode, type ChangedCase, type Drift, type DriftSide } from "../engine/drift.ts";
import { cell, code, fence } from "./markdown.ts";

/** Changed cases shown one by one in the Markdown; the JSON holds every one. */
export const MAX_CASES_SHOWN = 100;

const side = (s: DriftSide) => `torch ${s.torch}${s.gitVersion ? ` (git ${s.gitVersion.slice(0, 12)})` : ""}`;

/** Keys in first-seen order, each with the ids of the changed cases under it. */
function groupBy(changed: readonly ChangedCase[], keysOf: (c: ChangedCase) => string[]): [string, string[]][] {
  const out = new Map<string, string[]>();
  for (const c of changed) for (const k of new Set(keysOf(c))) out.set(k, [...(out.get(k) ?? []), c.id]);
  return [...out].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
}

const fieldsOf = (c: ChangedCase) => c.differences.map((d) => d.cause);

const idList = (ids: readonly string[], max = 5) => ids.slice(0, max).map(code).join(", ") + (ids.length > max ? `, and ${ids.length - max} more` : "");

function verdictLine(d: Drift): string {
  const exit = driftExitCode(d);
  if (exit === 0) return `**No case changed**: all ${d.cases} cases answer the same, byte for byte (exit code ${exit}).`;
  const parts = [`${d.changed.length} of ${d.cases} cases changed`];
  if (d.added.length + d.removed.length > 0) parts.push(`${d.added.length} only in the new run, ${d.removed.length} only in the old goldens`);
  return `**Changed**: ${parts.join("; ")} (exit code ${exit}).`;
}

function caseSection(c: ChangedCase, d: Drift): string[] {
  const [first, ...rest] = c.differences;
  const out = [`### ${code(c.id)}`, "", `Feature tags: ${c.tags.map(code).join(", ") || "(none)"}`, ""];
  if (first) {
    const where = first.mismatch ? `${first.path}[${first.mismatch.first}]` : first.path || "(outcome)";
    out.push(`First difference, in ${code(first.cause)} at ${code(where)}: ${first.note}`, "", fence("", `${d.from.torch}: ${first.golden}\n${d.to.torch}: ${first.port}`));
  }
  if (rest.length > 0) out.push("", `and ${rest.length} more: ${rest.map((x) => code(x.cause)).join(", ")}`);
  out.push("");
  return out;
}

export function driftMarkdown(d: Drift, command: string): string {
  const out = [
    `# What changed from torch ${d.from.torch} to torch ${d.to.torch}`,
    "",
    `Made by ${code(command)}: the golden corpus's cases run on torch ${d.to.torch} and judged bit for bit against the answers stored for torch ${d.from.torch}.`,
    "",
    verdictLine(d),
    "",
    "| | |",
    "|---|---|",
    `| old | ${cell(side(d.from))} |`,
    `| new | ${cell(side(d.to))} |`,
    `| cases compared | ${d.cases} |`,
    `| unchanged | ${d.unchanged} |`,
    `| changed | ${d.changed.length} |`,
    `| only in the new run / only in the old goldens | ${d.added.length} / ${d.removed.length} |`,
    "",
  ];
  if (d.changed.length > 0) {
    out.push("## Changed cases by feature tag", "", "| feature tag | changed cases | fields |", "|---|---:|---|");
    for (const [tag, ids] of groupBy(d.changed, (c) => c.tags)) {
      const fields = [...new Set(d.changed.filter((c) => ids.includes(c.id)).flatMap(fieldsOf))];
      out.push(`| ${code(tag)} | ${ids.length} | ${cell(fields.map(code).join(", "))} |`);
    }
    out.push("", "## Changed cases by field", "", "| field | changed cases | cases |", "|---|---:|---|");
    for (const [field, ids] of groupBy(d.changed, fieldsOf)) out.push(`| ${cell(code(field))} | ${ids.length} | ${cell(idList(ids))} |`);
    out.push("", "## Each changed case", "");
    for (const c of d.changed.slice(0, MAX_CASES_SHOWN)) out.push(...caseSection(c, d));
    if (d.changed.length > MAX_CASES_SHOWN) out.push(`... and ${d.changed.length - MAX_CASES_SHOWN} more changed cases (every one is in the JSON report).`, "");
  }
  if (d.added.length > 0) out.push("## Only in the new run", "", idList(d.added, 20), "");
  if (d.removed.length > 0) out.push("## Only in the old goldens", "", idList(d.removed, 20), "");
  return `${out.join("\n").trimEnd()}\n`;
}

export const driftJson = (d: Drift, command: string): string => `${JSON.stringify({ command, exitCode: driftExitCode(d), ...d }, null, 2)}\n`;
