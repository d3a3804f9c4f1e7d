// The Stryker disable marks of src/ (`// Stryker disable next-line M1,M2: reason`, `// Stryker disable M: reason` up to
// `// Stryker restore M`), and what a mutation report says of the mutants each one covers.
//   npm run mutation-marks                         list every mark: file, line, mutators, reason
//   npm run mutation-marks -- REPORT.json          also judge each mark by the report's mutants in its scope; exit 1
//                                                  when a covered mutant was killed (its reason does not hold: the
//                                                  mark must go) or when a mark covers no mutant of a reported file
// A mark is only judged by a run that did not honour it: where the report has the covered mutants as Ignored (a
// normal run), the mark is "not measured".
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

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

/** Every mark in the TypeScript files under dir (paths relative to root, "/"-separated as in Stryker's reports). */
export async function marksUnder(root: string, dir = "src"): Promise<Mark[]> {
  const entries = await readdir(path.join(root, dir), { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
  const all = await Promise.all(files.sort().map(async (f) => marksIn(f, await readFile(path.join(root, f), "utf8"))));
  return all.flat();
}

/** The part of Stryker's JSON report (mutation-testing-report-schema) this reads. */
export interface MutationReport {
  files: Record<string, { mutants: { id: string; mutatorName: string; status: string; location: { start: { line: number } } }[] }>;
}

export type MarkVerdict = "holds" | "killed" | "not measured" | "covers nothing" | "file not in report";

export interface JudgedMark extends Mark {
  verdict: MarkVerdict;
  /** Ids of the covered mutants the suite detected (Killed or Timeout). */
  killed: string[];
  covered: number;
}

const DETECTED = new Set(["Killed", "Timeout"]);

/** Each mark against the report's mutants in its lines and of its mutators (Stryker places a mutant at its node's start). */
export function judgeMarks(marks: readonly Mark[], report: MutationReport): JudgedMark[] {
  if (!report || typeof report.files !== "object" || report.files === null) throw new Error('not a mutation testing report: no "files"');
  return marks.map((mark) => {
    const file = report.files[mark.file];
    if (!file) return { ...mark, verdict: "file not in report", killed: [], covered: 0 };
    const names = new Set(mark.mutators.map((s) => s.toLowerCase()));
    const covered = file.mutants.filter((m) => m.location.start.line >= mark.from && m.location.start.line <= mark.to && (names.has("all") || names.has(m.mutatorName.toLowerCase())));
    const killed = covered.filter((m) => DETECTED.has(m.status)).map((m) => m.id);
    const verdict: MarkVerdict = covered.length === 0 ? "covers nothing" : killed.length > 0 ? "killed" : covered.every((m) => m.status === "Ignored") ? "not measured" : "holds";
    return { ...mark, verdict, killed, covered: covered.length };
  });
}

/** Does the verdict mean the mark must change (go, or be narrowed to the mutants its reason covers)? */
export const markMustGo = (v: MarkVerdict) => v === "killed" || v === "covers nothing";

const describeMark = (m: Mark) => `${m.file}:${m.line}\t${m.mutators.join(",")}\tlines ${m.from}-${m.to}\t${m.reason}`;

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const root = path.resolve(import.meta.dirname, "..");
  const marks = await marksUnder(root);
  const reportFile = process.argv[2];
  if (reportFile === undefined) {
    for (const m of marks) console.log(describeMark(m));
    console.log(`${marks.length} marks`);
  } else {
    const report = JSON.parse(await readFile(reportFile, "utf8")) as MutationReport;
    const judged = judgeMarks(marks, report);
    for (const m of judged) console.log(`${m.verdict}${m.killed.length ? ` (${m.killed.join(", ")})` : ""}\t${describeMark(m)}`);
    const bad = judged.filter((m) => markMustGo(m.verdict));
    console.log(`${judged.length} marks: ${bad.length} must go or be narrowed`);
    if (bad.length > 0) process.exitCode = 1;
  }
}
