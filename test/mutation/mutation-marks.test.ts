// scripts/mutation-marks.ts: reading the Stryker disable marks of a source file and judging each by the mutants of a
// report in its scope. The report is a small hand-made one in Stryker's JSON format (the project's own handling).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { judgeMarks, judgementText, liftMarks, markMustGo, marksIn, marksUnder, mergeReports, plannedMutants, type MutationReport } from "../../scripts/mutation-marks.ts";

const SOURCE = [
  "// Stryker disable next-line ConditionalExpression: equivalent: the guard is rechecked below", // 1
  "const a = 1;", // 2: the judging test puts a mutated line here
  "if (x == y) f();", // 3
  "// Stryker disable next-line ConditionalExpression: equivalent: claimed, but mutant 2 is killed", // 4
  "", // 5
  "g();", // 6: not the line after mark 4
  "  // Stryker disable BlockStatement,ArithmeticOperator: equivalent: an empty loop body", // 7
  "", // 8
  "", // 9
  "for (;;) {", // 10
  "  n + 1;", // 11
  "}", // 12
  "  // Stryker restore BlockStatement,ArithmeticOperator", // 13
  "n - 1;", // 14: after the restore
  "// Stryker disable next-line all: equivalent: anything here", // 15
].join("\n");

const report = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "marks-report.json"), "utf8")) as MutationReport;

describe("marksIn", () => {
  it("reads each mark's line, scope, mutators and reason; a range ends before its restore", () => {
    expect(marksIn("src/a.ts", SOURCE)).toEqual([
      { file: "src/a.ts", line: 1, from: 2, to: 2, mutators: ["ConditionalExpression"], reason: "equivalent: the guard is rechecked below" },
      { file: "src/a.ts", line: 4, from: 5, to: 5, mutators: ["ConditionalExpression"], reason: "equivalent: claimed, but mutant 2 is killed" },
      { file: "src/a.ts", line: 7, from: 8, to: 12, mutators: ["BlockStatement", "ArithmeticOperator"], reason: "equivalent: an empty loop body" },
      { file: "src/a.ts", line: 15, from: 16, to: 16, mutators: ["all"], reason: "equivalent: anything here" },
    ]);
  });
  it("a range without its restore runs to the end of the file", () => {
    expect(marksIn("f.ts", "x;\n// Stryker disable Regex: equivalent: r\ny;\nz;")).toMatchObject([{ from: 3, to: 4 }]);
  });
  it("refuses a mark without a reason or without a mutator, naming where", () => {
    expect(() => marksIn("f.ts", "x;\n// Stryker disable next-line Regex")).toThrow("f.ts:2: a Stryker disable mark without a reason");
    expect(() => marksIn("f.ts", "// Stryker disable next-line : why")).toThrow("f.ts:1: a Stryker directive names no mutator");
  });
  it("finds the marks of src/, each with a reason", async () => {
    const marks = await marksUnder(path.resolve(import.meta.dirname, "..", ".."));
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m.file.startsWith("src/") && m.reason.length > 0 && m.from <= m.to).toBe(true);
  });
});

describe("liftMarks", () => {
  it("blanks every directive, keeping each line and the columns of the code before a trailing one", () => {
    const lifted = liftMarks("src/a.ts", SOURCE + "\nf(); // Stryker disable next-line all: equivalent: trailing");
    const lines = lifted.split("\n");
    expect(lines).toHaveLength(SOURCE.split("\n").length + 1);
    expect(lines[0]).toBe("");
    expect(lines[1]).toBe("const a = 1;");
    expect(lines[12]).toBe("  ");
    expect(lines.at(-1)).toBe("f(); ");
    expect(marksIn("src/a.ts", lifted)).toEqual([]);
  });
  it("lifts every mark (and restore) of src/ and leaves every other line as it was", async () => {
    const root = path.resolve(import.meta.dirname, "..", "..");
    const marks = await marksUnder(root);
    expect(marks.length).toBeGreaterThan(0); // src/ has marks (docs/mutation.md lists them); none read would pass vacuously
    for (const file of new Set(marks.map((m) => m.file))) {
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

describe("judgeMarks", () => {
  const source = SOURCE.replace("const a = 1;", "if (x == y) f();") + "\n'x';";
  const judged = judgeMarks([...marksIn("src/a.ts", source), ...marksIn("src/b.ts", "// Stryker disable next-line Regex: r\n/a/;")], report);
  it("lists each mark's covered mutants; one whose covered mutants all survive holds, one covering a killed or timed-out mutant must go", () => {
    const covered = (m: (typeof judged)[number]) => m.mutants.map((x) => `${x.id} ${x.line}:${x.column} ${x.mutator} ${x.replacement} ${x.status}`);
    expect(judged.map((m) => [m.line, m.verdict, covered(m)])).toEqual([
      [1, "holds", ["1 2:1 ConditionalExpression false Survived"]], // mutant 3 on its line is another mutator's
      [4, "killed", ["2 5:1 ConditionalExpression true Killed"]],
      [7, "killed", ["4 10:1 BlockStatement {} Timeout", "5 11:3 ArithmeticOperator n - 1 Ignored"]], // mutant 6 is after the restore
      [15, "not measured", ['7 16:1 StringLiteral "" Ignored']],
      [1, "file not in report", []],
    ]);
    expect(judged.filter((m) => markMustGo(m.verdict)).map((m) => m.line)).toEqual([4, 7]);
  });
  it("prints every judged mark with its mutants and a tally, and fails on a mark that must go", () => {
    const { lines, failed } = judgementText(judged);
    expect(failed).toBe(true);
    expect(lines).toEqual([
      "holds\tsrc/a.ts:1\tConditionalExpression\tlines 2-2\tequivalent: the guard is rechecked below",
      '    Survived\tsrc/a.ts:2:1\tConditionalExpression\t"false"',
      "killed\tsrc/a.ts:4\tConditionalExpression\tlines 5-5\tequivalent: claimed, but mutant 2 is killed",
      '    Killed\tsrc/a.ts:5:1\tConditionalExpression\t"true"',
      "killed\tsrc/a.ts:7\tBlockStatement,ArithmeticOperator\tlines 8-12\tequivalent: an empty loop body",
      '    Timeout\tsrc/a.ts:10:1\tBlockStatement\t"{}"',
      '    Ignored\tsrc/a.ts:11:3\tArithmeticOperator\t"n - 1"',
      "not measured\tsrc/a.ts:15\tall\tlines 16-16\tequivalent: anything here",
      '    Ignored\tsrc/a.ts:16:1\tStringLiteral\t"\\"\\""',
      "5 marks: 1 hold, 2 cover a killed mutant, 0 cover none, 1 not measured (a mutant not run), 1 in files no report has",
      "2 must go or be narrowed to the mutants their reasons are about",
    ]);
    expect(judgementText(judged.slice(0, 1))).toEqual({ lines: [...lines.slice(0, 2), "1 marks: 1 hold, 0 cover a killed mutant, 0 cover none, 0 not measured (a mutant not run), 0 in files no report has", "no mark covers a killed mutant or none"], failed: false });
  });
  it("judges by several reports at once, a file in more than one by the last", () => {
    const killedA = { files: { "src/a.ts": { mutants: [{ ...report.files["src/a.ts"]!.mutants[0]!, status: "Killed" }] } } };
    const other = { files: { "src/c.ts": { mutants: [] } } };
    expect(Object.keys(mergeReports([report, other]).files)).toEqual(["src/a.ts", "src/c.ts"]);
    expect(judgeMarks(marksIn("src/a.ts", SOURCE).slice(0, 1), mergeReports([report, killedA]))).toMatchObject([{ verdict: "killed" }]);
    expect(() => mergeReports([report, {} as MutationReport])).toThrow('not a mutation testing report: no "files"');
  });
  it("a mark covering no mutant of a reported file must go too", () => {
    expect(judgeMarks(marksIn("src/a.ts", "// Stryker disable next-line Regex: r\nx;"), report)).toMatchObject([{ verdict: "covers nothing", mutants: [] }]);
    expect(markMustGo("covers nothing")).toBe(true);
  });
  it("refuses what is not a mutation report", () => {
    expect(() => judgeMarks([], {} as MutationReport)).toThrow('not a mutation testing report: no "files"');
  });
});

describe("plannedMutants", () => {
  it("lists what Stryker's instrumenter places in a mark's scope, without a run; a mark over none is stale", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "marks-"));
    try {
      mkdirSync(path.join(root, "src"));
      const source = [
        "export function f(a: number[]): number {",
        "  let s = 0;",
        "  // Stryker disable next-line EqualityOperator: equivalent: one step past the end adds nothing (claimed)",
        "  for (let i = 0; i < a.length; i++) s += a[i]!;",
        "  // Stryker disable next-line StringLiteral: equivalent: a line without a string",
        "  return s;",
        "}",
      ].join("\n");
      writeFileSync(path.join(root, "src", "a.ts"), source);
      const marks = marksIn("src/a.ts", source);
      const judged = judgeMarks(marks, await plannedMutants(root, marks));
      // the one EqualityOperator mark covers both mutants of `<`: its equivalent `<=` and the sibling `>=` a run kills
      expect(judged.map((m) => [m.line, m.verdict, m.mutants.map((x) => `${x.line}:${x.column} ${x.mutator} ${x.replacement} ${x.status}`)])).toEqual([
        [3, "not measured", ["4:19 EqualityOperator i <= a.length Pending", "4:19 EqualityOperator i >= a.length Pending"]],
        [5, "covers nothing", []],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  it("finds a mutant in the scope of every mark of src/ (none is stale)", async () => {
    const root = path.resolve(import.meta.dirname, "..", "..");
    const marks = await marksUnder(root);
    const judged = judgeMarks(marks, await plannedMutants(root, marks));
    expect(judged.filter((m) => m.verdict === "covers nothing").map((m) => `${m.file}:${m.line}`)).toEqual([]);
  }, 60_000);
});
