// The Stryker disable marks of src/ (`// Stryker disable next-line M1,M2: reason`, `// Stryker disable M: reason` up to
// `// Stryker restore M`), and what a mutation report says of the mutants each one covers.
//   npm run mutation-marks                         list every mark: file, line, mutators, reason
//   npm run mutation-marks -- --mutants            list every mark with the mutants Stryker's instrumenter places in
//                                                  its scope (no test runs): what the mark holds back; exit 1 when a
//                                                  mark covers none (it is stale)
//   npm run mutation-marks -- REPORT.json...       judge each mark by the reports' mutants in its scope, listing each
//                                                  covered mutant (where, mutator, replacement, status); exit 1 when
//                                                  a covered mutant was killed (its reason does not hold: the mark
//                                                  must go or be narrowed) or when a mark covers no mutant of a
//                                                  reported file
// A mark is only judged by a run that did not honour it (`npm run mutate -- --lifted`, reports/mutation/lifted-*.json):
// where a report still has a covered mutant as Ignored (a normal run), or --mutants lists it without a run, the mark
// is "not measured".
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { Instrumenter } from "@stryker-mutator/instrumenter";

export interface Mark {
  file: string;
  /** The comment's line (1-based). */
  line: number;
  /** The lines whose mutants it covers: the next line, or up to its restore (or the file's end). */
  from: number;
  to: number;
  /** As written; "all" covers every mutator. */
  mutators: string[];
  reason: string;
}

const DIRECTIVE = /\/\/\s*Stryker\s+(disable|restore)(\s+next-line)?\s+([\w,\s]*?)\s*(?::\s*(.*))?$/;

/** The marks of one source file, in order. A restore ends the open range marks of the mutators it names. */
export function marksIn(file: string, source: string): Mark[] {
  const lines = source.split("\n");
  const marks: Mark[] = [];
  const open: Mark[] = [];
  lines.forEach((text, i) => {
    const m = DIRECTIVE.exec(text);
    if (!m) return;
    const line = i + 1;
    const mutators = m[3]!.split(",").map((s) => s.trim()).filter(Boolean);
    if (mutators.length === 0) throw new Error(`${file}:${line}: a Stryker directive names no mutator ("all" for every one)`);
    if (m[1] === "restore") {
      const names = new Set(mutators.map((s) => s.toLowerCase()));
      for (const mark of open.filter((o) => names.has("all") || o.mutators.some((s) => names.has(s.toLowerCase())))) {
        mark.to = line - 1;
        open.splice(open.indexOf(mark), 1);
      }
      return;
    }
    const reason = (m[4] ?? "").trim();
    if (reason === "") throw new Error(`${file}:${line}: a Stryker disable mark without a reason`);
    const mark: Mark = { file, line, from: line + 1, to: m[2] ? line + 1 : lines.length, mutators, reason };
    marks.push(mark);
    if (!m[2]) open.push(mark);
  });
  return marks;
}

const ANY_DIRECTIVE = /(\/\/|\/\*)\s*Stryker\s+(disable|restore)\b/;

/**
 * The source with every Stryker directive blanked (the comment cut from its line, so lines and the columns of code
 * keep their places and a report of it maps onto the original), for a run that judges the marks.
 */
export function liftMarks(file: string, source: string): string {
  return source
    .split("\n")
    .map((text, i) => {
      const m = DIRECTIVE.exec(text);
      const rest = m ? text.slice(0, m.index) : text;
      if (ANY_DIRECTIVE.test(rest)) throw new Error(`${file}:${i + 1}: a Stryker directive not of the form "// Stryker disable [next-line] M1,M2: reason", which this script reads`);
      return rest;
    })
    .join("\n");
}

/** The TypeScript files under dir: paths relative to root, "/"-separated as in Stryker's reports, sorted. */
export async function tsFilesUnder(root: string, dir = "src"): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/")).sort();
}

/** Every mark in the TypeScript files under dir. */
export async function marksUnder(root: string, dir = "src"): Promise<Mark[]> {
  const files = await tsFilesUnder(root, dir);
  const all = await Promise.all(files.map(async (f) => marksIn(f, await readFile(path.join(root, f), "utf8"))));
  return all.flat();
}

/** The part of Stryker's JSON report (mutation-testing-report-schema) this reads. */
export interface MutationReport {
  files: Record<string, { mutants: { id: string; mutatorName: string; replacement?: string; status: string; location: { start: { line: number; column: number } } }[] }>;
}

export type MarkVerdict = "holds" | "killed" | "not measured" | "covers nothing" | "file not in report";

/** One mutant a mark covers, as the report has it. */
export interface CoveredMutant {
  id: string;
  line: number;
  column: number;
  mutator: string;
  replacement: string;
  status: string;
}

export interface JudgedMark extends Mark {
  verdict: MarkVerdict;
  /** The report's mutants in the mark's lines and of its mutators, in the report's order. */
  mutants: CoveredMutant[];
}

/** Statuses of a mutant the suite detected: a mark covering one does not hold. */
const DETECTED = new Set(["Killed", "Timeout"]);
/** Statuses of a mutant no test ran against: held back by a mark (or a static one, ignored), or not yet run. */
const NOT_RUN = new Set(["Ignored", "Pending"]);

/**
 * Each mark against the report's mutants in its lines and of its mutators (Stryker places a mutant at its node's
 * start): killed when the suite detects any of them, not measured while any was not run (the run honoured a mark,
 * or ignored a static mutant, or there was no run: plannedMutants), else holds.
 */
export function judgeMarks(marks: readonly Mark[], report: MutationReport): JudgedMark[] {
  if (!report || typeof report.files !== "object" || report.files === null) throw new Error('not a mutation testing report: no "files"');
  return marks.map((mark) => {
    const file = report.files[mark.file];
    if (!file) return { ...mark, verdict: "file not in report", mutants: [] };
    const names = new Set(mark.mutators.map((s) => s.toLowerCase()));
    const mutants = file.mutants
      .filter((m) => m.location.start.line >= mark.from && m.location.start.line <= mark.to && (names.has("all") || names.has(m.mutatorName.toLowerCase())))
      .map((m) => ({ id: m.id, line: m.location.start.line, column: m.location.start.column, mutator: m.mutatorName, replacement: m.replacement ?? "", status: m.status }));
    const verdict: MarkVerdict =
      mutants.length === 0 ? "covers nothing" : mutants.some((m) => DETECTED.has(m.status)) ? "killed" : mutants.some((m) => NOT_RUN.has(m.status)) ? "not measured" : "holds";
    return { ...mark, verdict, mutants };
  });
}

/** Does the verdict mean the mark must change (go, or be narrowed to the mutants its reason covers)? */
export const markMustGo = (v: MarkVerdict) => v === "killed" || v === "covers nothing";

/** The reports' files in one report; a file in several is taken from the last. */
export function mergeReports(reports: readonly MutationReport[]): MutationReport {
  for (const r of reports) if (!r || typeof r.files !== "object" || r.files === null) throw new Error('not a mutation testing report: no "files"');
  return { files: Object.assign({}, ...reports.map((r) => r.files)) as MutationReport["files"] };
}

const silent = { isTraceEnabled: () => false, isDebugEnabled: () => false, isInfoEnabled: () => false, isWarnEnabled: () => false, isErrorEnabled: () => false, isFatalEnabled: () => false, trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };

/**
 * The mutants Stryker's instrumenter (the one `npm run mutate` runs, with its default mutators) places in the marks'
 * files, the directives lifted so that the marks' own mutants are among them, as a report of mutants not yet run
 * ("Pending"): what each mark holds back, known without running a test.
 */
export async function plannedMutants(root: string, marks: readonly Mark[]): Promise<MutationReport> {
  const names = [...new Set(marks.map((m) => m.file))];
  const files = await Promise.all(names.map(async (name) => ({ name, content: liftMarks(name, await readFile(path.join(root, name), "utf8")), mutate: true as const })));
  const { mutants } = await new Instrumenter(silent).instrument(files, { plugins: null, ignorers: [], excludedMutations: [] });
  const report: MutationReport = { files: Object.fromEntries(names.map((name) => [name, { mutants: [] }])) };
  for (const m of mutants) {
    // the instrumenter counts lines and columns from 0, a report from 1
    const start = { line: m.location.start.line + 1, column: m.location.start.column + 1 };
    report.files[m.fileName]!.mutants.push({ id: m.id, mutatorName: m.mutatorName, replacement: m.replacement, status: "Pending", location: { start } });
  }
  return report;
}

const describeMark = (m: Mark) => `${m.file}:${m.line}\t${m.mutators.join(",")}\tlines ${m.from}-${m.to}\t${m.reason}`;
const describeMutant = (file: string, m: CoveredMutant) => `    ${m.status}\t${file}:${m.line}:${m.column}\t${m.mutator}\t${JSON.stringify(m.replacement.replace(/\s+/g, " "))}`;

/** What the command prints for judged marks, and whether it fails. */
export function judgementText(judged: readonly JudgedMark[]): { lines: string[]; failed: boolean } {
  const lines: string[] = [];
  for (const m of judged.filter((j) => j.verdict !== "file not in report")) {
    lines.push(`${m.verdict}\t${describeMark(m)}`, ...m.mutants.map((x) => describeMutant(m.file, x)));
  }
  const count = (v: MarkVerdict) => judged.filter((j) => j.verdict === v).length;
  const bad = judged.filter((m) => markMustGo(m.verdict)).length;
  lines.push(
    `${judged.length} marks: ${count("holds")} hold, ${count("killed")} cover a killed mutant, ${count("covers nothing")} cover none, ${count("not measured")} not measured (a mutant not run), ${count("file not in report")} in files no report has`,
    bad > 0 ? `${bad} must go or be narrowed to the mutants their reasons are about` : "no mark covers a killed mutant or none",
  );
  return { lines, failed: bad > 0 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const root = path.resolve(import.meta.dirname, "..");
  const marks = await marksUnder(root);
  const { values, positionals: reportFiles } = parseArgs({ allowPositionals: true, options: { mutants: { type: "boolean", default: false } } });
  if (values.mutants && reportFiles.length > 0) throw new Error("--mutants lists what each mark holds back without a run; it takes no report");
  if (values.mutants) {
    const judged = judgeMarks(marks, await plannedMutants(root, marks));
    for (const m of judged) for (const line of [`${m.verdict === "covers nothing" ? "covers nothing\t" : ""}${describeMark(m)}`, ...m.mutants.map((x) => describeMutant(m.file, x))]) console.log(line);
    const stale = judged.filter((m) => m.verdict === "covers nothing").length;
    console.log(`${marks.length} marks, ${judged.reduce((n, m) => n + m.mutants.length, 0)} mutants held back${stale > 0 ? `; ${stale} cover none and must go` : ""}`);
    if (stale > 0) process.exitCode = 1;
  } else if (reportFiles.length === 0) {
    for (const m of marks) console.log(describeMark(m));
    console.log(`${marks.length} marks`);
  } else {
    const reports = await Promise.all(
      reportFiles.map(async (f) => {
        try {
          return JSON.parse(await readFile(f, "utf8")) as MutationReport;
        } catch (e) {
          throw new Error(`cannot read the mutation report ${f}: ${(e as Error).message}`);
        }
      }),
    );
    const { lines, failed } = judgementText(judgeMarks(marks, mergeReports(reports)));
    for (const l of lines) console.log(l);
    if (failed) process.exitCode = 1;
  }
}
