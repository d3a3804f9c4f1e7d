// The Stryker disable marks of src/ (`// Stryker disable next-line M1,M2: reason`, `// Stryker disable M: reason` up to
// `// Stryker restore M`), and what a mutation report says of the mutants each one covers.
//   npm run mutation-marks                         list every mark: file, line, mutators, reason
//   npm run mutation-marks -- --mutants            list every mark with the mutants Stryker's instrumenter holds back
//                                                  by it (no test runs); exit 1 when a mark holds back none (it is
//                                                  stale)
//   npm run mutation-marks -- REPORT.json...       judge each mark by the reports' statuses of those mutants, listing each
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
  /** next-line: the statement it leads; range: what follows, up to a restore of its mutators (Stryker decides which mutants: heldBack). */
  scope: "next-line" | "range";
  /** As written; "all" covers every mutator. */
  mutators: string[];
  reason: string;
}

const DIRECTIVE = /\/\/\s*Stryker\s+(disable|restore)(\s+next-line)?\s+([\w,\s]*?)\s*(?::\s*(.*))?$/;

/** The disable marks of one source file, in order; each must name a mutator and give a reason. */
export function marksIn(file: string, source: string): Mark[] {
  const marks: Mark[] = [];
  source.split("\n").forEach((text, i) => {
    const m = DIRECTIVE.exec(text);
    if (!m) return;
    const line = i + 1;
    const mutators = m[3]!.split(",").map((s) => s.trim()).filter(Boolean);
    if (mutators.length === 0) throw new Error(`${file}:${line}: a Stryker directive names no mutator ("all" for every one)`);
    if (m[1] === "restore") return;
    const reason = (m[4] ?? "").trim();
    if (reason === "") throw new Error(`${file}:${line}: a Stryker disable mark without a reason`);
    marks.push({ file, line, scope: m[2] ? "next-line" : "range", mutators, reason });
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

/** One mutant a mark holds back (lines and columns from 1, as in a report), with its status in the report judged by. */
export interface CoveredMutant {
  line: number;
  column: number;
  mutator: string;
  replacement: string;
  status: string;
}

export interface JudgedMark extends Mark {
  verdict: MarkVerdict;
  /** The mutants Stryker holds back by this mark, in source order. */
  mutants: CoveredMutant[];
}

/** A mark with the mutants Stryker's instrumenter holds back by it, before any run (status "Pending"). */
export type HeldBack = ReadonlyMap<Mark, CoveredMutant[]>;

const silent = { isTraceEnabled: () => false, isDebugEnabled: () => false, isInfoEnabled: () => false, isWarnEnabled: () => false, isErrorEnabled: () => false, isFatalEnabled: () => false, trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };

const mutatorsOf = (mark: Mark) => mark.mutators.map((s) => s.toLowerCase());

/**
 * What each mark holds back, as Stryker decides it: the instrumenter (the one `npm run mutate` runs, with its default
 * mutators) is given the marks' files as they are and sets the mutants a directive covers to Ignored, with the
 * directive's reason. Stryker's scoping is its own (a next-line directive covers the line of the statement it leads,
 * a range ends where a restore is met in the syntax tree), so it is taken from the instrumenter, not re-derived here;
 * a mutant is the mark's whose reason it carries and that names its mutator (or all), the nearest such mark above it
 * in its file.
 */
export async function heldBack(root: string, marks: readonly Mark[]): Promise<HeldBack> {
  const names = [...new Set(marks.map((m) => m.file))];
  const files = await Promise.all(names.map(async (name) => ({ name, content: await readFile(path.join(root, name), "utf8"), mutate: true as const })));
  const { mutants } = await new Instrumenter(silent).instrument(files, { plugins: null, ignorers: [], excludedMutations: [] });
  const held = new Map<Mark, CoveredMutant[]>(marks.map((m) => [m, []]));
  for (const m of mutants) {
    if (m.status !== "Ignored") continue;
    // the instrumenter counts lines and columns from 0, a report from 1
    const line = m.location.start.line + 1;
    const mark = marks.filter((k) => k.file === m.fileName && k.reason === m.statusReason && k.line < line && mutatorsOf(k).some((n) => n === "all" || n === m.mutatorName.toLowerCase())).at(-1);
    if (!mark) throw new Error(`${m.fileName}:${line}: Stryker ignores a ${m.mutatorName} mutant by a directive this script does not read (reason ${JSON.stringify(m.statusReason)})`);
    held.get(mark)!.push({ line, column: m.location.start.column + 1, mutator: m.mutatorName, replacement: codeOf(m.replacement), status: "Pending" });
  }
  return held;
}

/** Statuses of a mutant the suite detected: a mark covering one does not hold. */
const DETECTED = new Set(["Killed", "Timeout"]);
/** Statuses of a mutant no test ran against: held back by a mark (or a static one, ignored), or not yet run. */
const NOT_RUN = new Set(["Ignored", "Pending"]);

/**
 * A replacement's code without comments and with its whitespace collapsed: the instrumenter prints a mutated node
 * with the comments inside it (the marks themselves), which the lifted sources of a report no longer have.
 */
const codeOf = (replacement: string) => replacement.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, " ").replace(/\s+/g, " ").trim();

const mutantKey = (line: number, column: number, mutator: string, replacement: string) => `${line}:${column}\0${mutator}\0${codeOf(replacement)}`;

/**
 * Each mark by the report's statuses of the mutants it holds back (a report of the lifted sources has them at the
 * same lines and columns): killed when the suite detects any of them, not measured while any was not run (the run
 * honoured a mark, or ignored a static mutant, or the report lacks it), else holds. Without a report: not measured.
 */
export function judgeMarks(held: HeldBack, report?: MutationReport): JudgedMark[] {
  if (report !== undefined && (!report || typeof report.files !== "object" || report.files === null)) throw new Error('not a mutation testing report: no "files"');
  return [...held].map(([mark, covered]) => {
    const file = report?.files[mark.file];
    if (report && !file) return { ...mark, verdict: "file not in report", mutants: covered };
    const statuses = new Map(file?.mutants.map((m) => [mutantKey(m.location.start.line, m.location.start.column, m.mutatorName, m.replacement ?? ""), m.status]));
    const mutants = covered.map((c) => ({ ...c, status: statuses.get(mutantKey(c.line, c.column, c.mutator, c.replacement)) ?? "Pending" }));
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

const describeMark = (m: Mark) => `${m.file}:${m.line}\t${m.mutators.join(",")}\t${m.scope}\t${m.reason}`;
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
    const judged = judgeMarks(await heldBack(root, marks));
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
    const { lines, failed } = judgementText(judgeMarks(await heldBack(root, marks), mergeReports(reports)));
    for (const l of lines) console.log(l);
    if (failed) process.exitCode = 1;
  }
}
