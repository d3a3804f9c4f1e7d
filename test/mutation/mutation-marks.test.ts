// scripts/mutation-marks.ts: reading the Stryker disable marks of a source file, the mutants Stryker's instrumenter
// holds back by each (on small sources written here), and judging each mark by what a marks-lifted run made of them
// (reports in Stryker's JSON format, written here).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { heldBack, judgeMarks, judgementText, liftMarks, markMustGo, marksIn, marksUnder, mergeReports, tsFilesUnder, type CoveredMutant, type HeldBack, type MutationReport } from "../../scripts/mutation-marks.ts";

const SOURCE = [
  "export function f(a: number[], x: number, y: number): number {", // 1
  "  let s = 0;", // 2
  "  // Stryker disable next-line EqualityOperator: equivalent: one step past the end adds nothing (claimed)", // 3
  "  for (let i = 0; i < a.length; i++) s += a[i]!;", // 4
  "  // Stryker disable next-line ConditionalExpression: equivalent: the guard is checked again below", // 5
  "", // 6: a blank line between a directive and its statement
  "  if (x === y) s = 1;", // 7
  "  // Stryker disable ArithmeticOperator: equivalent: a range", // 8
  "  s = s + 1;", // 9
  "  s = s - 1;", // 10
  "  // Stryker restore ArithmeticOperator", // 11
  "  s = s * 2;", // 12: after the restore
  "  // Stryker disable next-line StringLiteral: equivalent: a line without a string", // 13
  "  return s;", // 14
  "}", // 15
].join("\n");

describe("marksIn", () => {
  it("reads each disable mark's line, scope, mutators and reason", () => {
    expect(marksIn("src/a.ts", SOURCE)).toEqual([
      { file: "src/a.ts", line: 3, scope: "next-line", mutators: ["EqualityOperator"], reason: "equivalent: one step past the end adds nothing (claimed)" },
      { file: "src/a.ts", line: 5, scope: "next-line", mutators: ["ConditionalExpression"], reason: "equivalent: the guard is checked again below" },
      { file: "src/a.ts", line: 8, scope: "range", mutators: ["ArithmeticOperator"], reason: "equivalent: a range" },
      { file: "src/a.ts", line: 13, scope: "next-line", mutators: ["StringLiteral"], reason: "equivalent: a line without a string" },
    ]);
  });
  it("refuses a mark without a reason or without a mutator, naming where", () => {
    expect(() => marksIn("f.ts", "x;\n// Stryker disable next-line Regex")).toThrow("f.ts:2: a Stryker disable mark without a reason");
    expect(() => marksIn("f.ts", "// Stryker disable next-line : why")).toThrow("f.ts:1: a Stryker directive names no mutator");
  });
  it("finds the marks of src/, each with a reason", async () => {
    const marks = await marksUnder(path.resolve(import.meta.dirname, "..", ".."));
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m.file.startsWith("src/") && m.reason.length > 0).toBe(true);
  });
});

describe("liftMarks", () => {
  it("blanks every directive, keeping each line and the columns of the code before a trailing one", () => {
    const lifted = liftMarks("src/a.ts", SOURCE + "\nf(); // Stryker disable next-line all: equivalent: trailing");
    const lines = lifted.split("\n");
    expect(lines).toHaveLength(SOURCE.split("\n").length + 1);
    expect(lines[2]).toBe("  ");
    expect(lines[3]).toBe(SOURCE.split("\n")[3]);
    expect(lines[10]).toBe("  ");
    expect(lines.at(-1)).toBe("f(); ");
    expect(marksIn("src/a.ts", lifted)).toEqual([]);
  });
  it("lifts every mark (and restore) of src/ and leaves every other line as it was", async () => {
    const root = path.resolve(import.meta.dirname, "..", "..");
    const marks = await marksUnder(root);
    expect(marks.length).toBeGreaterThan(0); // src/ has marks (docs/mutation.md lists them); none read would pass vacuously
    // every file, marked or not: one whose only directive is of a form marksIn does not read fails here (liftMarks
    // refuses it), not silently in the score
    for (const file of await tsFilesUnder(root)) {
      const source = readFileSync(path.join(root, file), "utf8");
      const lifted = liftMarks(file, source).split("\n");
      const marked = new Set(marks.filter((m) => m.file === file).map((m) => m.line - 1));
      expect(marksIn(file, lifted.join("\n"))).toEqual([]);
      source.split("\n").forEach((line, i) => {
        const directive = marked.has(i) || /\/\/ Stryker restore /.test(line);
        expect(lifted[i]).toBe(directive ? line.slice(0, line.indexOf("//")) : line);
      });
    }
  });
  it("refuses a directive it cannot read, naming where, rather than leave it honoured", () => {
    expect(() => liftMarks("src/a.ts", "x;\n/* Stryker disable next-line all */ y;")).toThrow('src/a.ts:2: a Stryker directive not of the form "// Stryker disable [next-line] M1,M2: reason"');
  });
});

describe("heldBack and judgeMarks", () => {
  let root: string;
  let held: HeldBack;
  const text = (marks: readonly { line: number; mutants: readonly CoveredMutant[] }[]) => marks.map((m) => [m.line, m.mutants.map((x) => `${x.line}:${x.column} ${x.mutator} ${x.replacement} ${x.status}`)]);
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "marks-"));
    mkdirSync(path.join(root, "src"));
    writeFileSync(path.join(root, "src", "a.ts"), SOURCE);
    held = await heldBack(root, marksIn("src/a.ts", SOURCE));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("takes what each mark holds back from Stryker's instrumenter: a next-line mark covers the statement it leads, a range ends at its restore", () => {
    // the EqualityOperator mark covers both mutants of `<`: its equivalent `<=` and the sibling `>=` a run kills;
    // the ConditionalExpression mark reaches past the blank line to its statement; nothing of line 12 is held back
    expect(text([...held].map(([m, mutants]) => ({ line: m.line, mutants })))).toEqual([
      [3, ["4:19 EqualityOperator i <= a.length Pending", "4:19 EqualityOperator i >= a.length Pending"]],
      [5, ["7:7 ConditionalExpression true Pending", "7:7 ConditionalExpression false Pending"]],
      [8, ["9:7 ArithmeticOperator s - 1 Pending", "10:7 ArithmeticOperator s + 1 Pending"]],
      [13, []],
    ]);
  });
  it("without a report every mark is not measured, and one holding back nothing is stale", () => {
    expect(judgeMarks(held).map((m) => m.verdict)).toEqual(["not measured", "not measured", "not measured", "covers nothing"]);
  });

  /** A report of the lifted source: each held-back mutant with the status given, by line. */
  const reportWith = (status: (line: number, replacement: string) => string): MutationReport => ({
    files: {
      "src/a.ts": {
        mutants: [...held.values()].flat().map((x, k) => ({ id: String(k), mutatorName: x.mutator, replacement: x.replacement, status: status(x.line, x.replacement), location: { start: { line: x.line, column: x.column } } })),
      },
    },
  });
  const report = () => reportWith((line, replacement) => (line === 4 ? (replacement.includes(">=") ? "Killed" : "Survived") : line === 7 ? "Survived" : line === 9 ? "Timeout" : "Ignored"));

  it("judges each mark by a report's statuses of its mutants: all survived holds, one killed or timed out must go", () => {
    const judged = judgeMarks(held, report());
    expect(judged.map((m) => m.verdict)).toEqual(["killed", "holds", "killed", "covers nothing"]);
    expect(text(judged)[0]).toEqual([3, ["4:19 EqualityOperator i <= a.length Survived", "4:19 EqualityOperator i >= a.length Killed"]]);
    expect(judged.filter((m) => markMustGo(m.verdict)).map((m) => m.line)).toEqual([3, 8, 13]);
    const notRun = judgeMarks(held, reportWith((line) => (line === 7 ? "Ignored" : "Survived")));
    expect(notRun.map((m) => m.verdict)).toEqual(["holds", "not measured", "holds", "covers nothing"]);
  });
  it("a mark of a file no report has is not judged; its mutants are listed as not run", () => {
    const judged = judgeMarks(held, { files: {} });
    expect(judged.map((m) => m.verdict)).toEqual(["file not in report", "file not in report", "file not in report", "file not in report"]);
    expect(judged[0]!.mutants.map((x) => x.status)).toEqual(["Pending", "Pending"]);
  });
  it("prints every judged mark with its mutants and a tally, and fails on a mark that must go", () => {
    const judged = judgeMarks(held, report());
    const { lines, failed } = judgementText(judged);
    expect(failed).toBe(true);
    expect(lines).toEqual([
      "killed\tsrc/a.ts:3\tEqualityOperator\tnext-line\tequivalent: one step past the end adds nothing (claimed)",
      '    Survived\tsrc/a.ts:4:19\tEqualityOperator\t"i <= a.length"',
      '    Killed\tsrc/a.ts:4:19\tEqualityOperator\t"i >= a.length"',
      "holds\tsrc/a.ts:5\tConditionalExpression\tnext-line\tequivalent: the guard is checked again below",
      '    Survived\tsrc/a.ts:7:7\tConditionalExpression\t"true"',
      '    Survived\tsrc/a.ts:7:7\tConditionalExpression\t"false"',
      "killed\tsrc/a.ts:8\tArithmeticOperator\trange\tequivalent: a range",
      '    Timeout\tsrc/a.ts:9:7\tArithmeticOperator\t"s - 1"',
      '    Ignored\tsrc/a.ts:10:7\tArithmeticOperator\t"s + 1"',
      "covers nothing\tsrc/a.ts:13\tStringLiteral\tnext-line\tequivalent: a line without a string",
      "4 marks: 1 hold, 2 cover a killed mutant, 1 cover none, 0 not measured (a mutant not run), 0 in files no report has",
      "3 must go or be narrowed to the mutants their reasons are about",
    ]);
    expect(judgementText(judged.slice(1, 2))).toEqual({ lines: [...lines.slice(3, 6), "1 marks: 1 hold, 0 cover a killed mutant, 0 cover none, 0 not measured (a mutant not run), 0 in files no report has", "no mark covers a killed mutant or none"], failed: false });
  });
  it("judges by several reports at once, a file in more than one by the last", () => {
    const other = { files: { "src/c.ts": { mutants: [] } } };
    const allSurvive = reportWith(() => "Survived");
    expect(Object.keys(mergeReports([report(), other]).files)).toEqual(["src/a.ts", "src/c.ts"]);
    expect(judgeMarks(held, mergeReports([report(), allSurvive])).map((m) => m.verdict)).toEqual(["holds", "holds", "holds", "covers nothing"]);
    expect(() => mergeReports([report(), {} as MutationReport])).toThrow('not a mutation testing report: no "files"');
  });
  it("refuses what is not a mutation report", () => {
    expect(() => judgeMarks(held, {} as MutationReport)).toThrow('not a mutation testing report: no "files"');
  });
  it("matches a mutant whose node holds another mark to the lifted report's mutant: the replacement's comments are not code", async () => {
    const source = [
      "export const inside = (p: number) =>",
      "  // Stryker disable next-line LogicalOperator: equivalent: the outer one",
      "  (",
      "    // Stryker disable next-line ConditionalExpression: equivalent: the inner one",
      "    p >= 0 &&",
      "    p <= 1",
      "  );",
    ].join("\n");
    writeFileSync(path.join(root, "src", "c.ts"), source);
    const marks = marksIn("src/c.ts", source);
    const [outer] = [...(await heldBack(root, marks)).values()];
    expect(outer!.map((x) => `${x.line}:${x.column} ${x.mutator} ${x.replacement}`)).toEqual(["5:5 LogicalOperator p >= 0 || p <= 1"]);
    const lifted: MutationReport = { files: { "src/c.ts": { mutants: [{ id: "0", mutatorName: "LogicalOperator", replacement: "p >= 0 ||\n    p <= 1", status: "Survived", location: { start: { line: 5, column: 5 } } }] } } };
    expect(judgeMarks(await heldBack(root, marks), lifted)[0]).toMatchObject({ verdict: "holds", mutants: [{ status: "Survived" }] });
  });
  it("credits a mutant to the nearest mark above it with the same reason and mutator", async () => {
    const source = [
      "export function two(a: boolean, b: boolean, f: () => void, g: () => void): void {",
      "  // Stryker disable next-line ConditionalExpression: equivalent: see above",
      "  if (a) f();",
      "  // Stryker disable next-line ConditionalExpression: equivalent: see above",
      "  if (b) g();",
      "}",
    ].join("\n");
    writeFileSync(path.join(root, "src", "e.ts"), source);
    const held = [...(await heldBack(root, marksIn("src/e.ts", source)))].map(([m, xs]) => [m.line, [...new Set(xs.map((x) => x.line))]]);
    expect(held).toEqual([
      [2, [3]],
      [4, [5]],
    ]);
  });
  it("credits a mutant only to a mark that names its mutator", async () => {
    const source = [
      "export const same = (p: number) =>",
      "  // Stryker disable next-line LogicalOperator: equivalent: see above",
      "  (",
      "    // Stryker disable next-line ConditionalExpression: equivalent: see above",
      "    p >= 0 &&",
      "    p <= 1",
      "  );",
    ].join("\n");
    writeFileSync(path.join(root, "src", "d.ts"), source);
    const held = [...(await heldBack(root, marksIn("src/d.ts", source)))].map(([m, xs]) => [m.line, xs.map((x) => x.mutator)]);
    expect(held).toEqual([
      [2, ["LogicalOperator"]],
      [4, ["ConditionalExpression", "ConditionalExpression", "ConditionalExpression"]],
    ]);
  });
  it("refuses a source whose directive Stryker honours but this script does not read, naming where", async () => {
    writeFileSync(path.join(root, "src", "b.ts"), "export const g = (a: number) => {\n  /* Stryker disable next-line all: why */\n  return a + 1;\n};\n");
    await expect(heldBack(root, [{ file: "src/b.ts", line: 1, scope: "range", mutators: ["Regex"], reason: "other" }])).rejects.toThrow("src/b.ts:3: Stryker ignores a");
  });
});

describe("the marks of src/", () => {
  it("each holds back a mutant (none is stale)", async () => {
    const root = path.resolve(import.meta.dirname, "..", "..");
    const judged = judgeMarks(await heldBack(root, await marksUnder(root)));
    expect(judged.length).toBeGreaterThan(0);
    expect(judged.filter((m) => m.verdict === "covers nothing").map((m) => `${m.file}:${m.line}`)).toEqual([]);
  }, 60_000);
});
