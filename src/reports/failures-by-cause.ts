// What the gate prints when it fails: one section per failing cause (not one line per failing case, so one bug is one
// section however many cases it breaks), each with its minimal counterexample as a person can act on it (the
// first difference in words, the two short programs, and the one line that replays it from a file under reports/),
// then the failing cases no difference explains (crashes, lost cases, corpus problems), a few per status and reason.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { caseKey } from "../conformance/answer-cache.ts";
import { pythonProgram } from "../conformance/snippets.ts";
import { caseSize } from "../engine/case-size.ts";
import { displayPath } from "../corpus/paths.ts";
import { FAILING, type Verdict } from "../engine/verdict.ts";
import { counterexampleText } from "../engine/counterexample-text.ts";
import type { Counterexample, Report } from "../engine/report-model.ts";
import { verdictMessage } from "../engine/verdict-text.ts";

const scriptOf = (caseFile: string) => caseFile.replace(/\.json$/, ".py");
const slug = (label: string) => label.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-|-$/g, "");

/** Writes each counterexample as a case file `verify --case` replays ({case, golden}) and its PyTorch script beside it (`.py`); label -> case file. */
export function writeCounterexampleFiles(r: Report, dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const all = [...r.matrix.flatMap((row) => (row.counterexample ? [row.counterexample] : [])), ...r.expectations.entries.flatMap((e) => (e.counterexample ? [e.counterexample] : []))];
  if (all.length > 0) mkdirSync(dir, { recursive: true });
  for (const cx of all) {
    const file = path.join(dir, `${slug(cx.label)}.json`);
    writeFileSync(file, JSON.stringify(cx.golden.status === "ok" ? { case: cx.case, golden: cx.golden.result } : cx.case) + "\n");
    writeFileSync(scriptOf(file), cx.snippets.python);
    files.set(cx.label, file);
  }
  return files;
}

function section(cx: Counterexample, cases: string, file: string, replay: (file: string) => string): string {
  return counterexampleText({
    title: `${cx.label}: ${cases}`,
    kind: cx.kind,
    original: cx.original,
    shrunk: { size: caseSize(cx.case), difference: cx.difference, steps: cx.shrinkSteps, tried: cx.shrinkTried, interrupted: cx.shrinkInterrupted },
    sameFailure: cx.sameFailure,
    replay: replay(file),
    python: pythonProgram(cx.case).join("\n"),
    pythonFile: displayPath(scriptOf(file)),
    ...(cx.snippets.typescript ? { typescript: cx.snippets.typescript } : {}),
  });
}

const where = (v: Verdict) => `${v.suite} ${v.id}${v.source && v.source !== v.id ? ` (${v.source})` : ""}`;

/**
 * The failure sections. `replay(spec)` is the command that replays a counterexample file or a case id (`verify --case`
 * takes either); `files` comes from writeCounterexampleFiles. At most `maxPlain` cases are listed per group of failures without differences.
 */
export function failuresByCause(r: Report, files: ReadonlyMap<string, string>, replay: (file: string) => string, maxPlain = 5): string[] {
  const out: string[] = [];
  const failing = r.cases.filter((c) => FAILING.includes(c.status));
  const shown = new Map<string, string>();
  for (const row of r.matrix.filter((m) => m.fail + m.closer > 0)) {
    const hit = failing.filter((v) => v.differences.some((d) => d.cause === row.cause && d.expected === undefined && d.consequenceOf === undefined));
    const source = (v: Verdict) => (v.suite.startsWith("golden/") ? "fixtures" : v.suite);
    const suites = [...new Set(hit.map(source))].map((s) => `${hit.filter((v) => source(v) === s).length} ${s}`).join(", ");
    const cases = `${hit.length} failing case(s) (${suites})`;
    const cx = row.counterexample;
    const file = cx ? files.get(cx.label) : undefined;
    const shownAs = cx ? shown.get(caseKey(cx.case)) : undefined;
    if (cx && file && shownAs) out.push(`== ${cx.label}: ${cases}`, `  fails as: ${cx.kind}`, `  the counterexample of ${shownAs} above shows it too:`, ...cx.difference.split("\n").map((l) => `    ${l}`), `  replay: ${replay(file)}`, "");
    else if (cx && file) {
      shown.set(caseKey(cx.case), JSON.stringify(cx.label));
      out.push(section(cx, cases, file, replay), "");
    }
    else if (hit[0]) {
      const first = hit[0];
      out.push(`== ${row.cause}: ${cases}; no counterexample was made for it (see --max-counterexamples); the first:`, `  ${where(first)}`, ...verdictMessage(first).split("\n").map((l) => `    ${l}`));
      // a stored or generated case is found again by its id (a case file by its path)
      out.push(`  replay: ${replay(first.suite === "case" && first.source ? first.source : first.id)}`, "");
    }
  }
  const plain = failing.filter((v) => v.differences.length === 0);
  const groups = new Map<string, Verdict[]>();
  for (const v of plain) {
    const key = `${v.status}: ${(v.reason ?? "").split("\n")[0]!.replace(/\d+/g, "#")}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  for (const vs of groups.values()) {
    for (const v of vs.slice(0, maxPlain)) out.push(`${v.status.toUpperCase()} ${where(v)}: ${verdictMessage(v)}`);
    if (vs.length > maxPlain) out.push(`... and ${vs.length - maxPlain} more like these (see the JSON and JUnit reports)`);
  }
  return out;
}
