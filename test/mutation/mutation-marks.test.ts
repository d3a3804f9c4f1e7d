// scripts/mutation-marks.ts: reading the Stryker disable marks of a source file and judging each by the mutants of a
// report in its scope. The report is a small hand-made one in Stryker's JSON format (the project's own handling).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { judgeMarks, markMustGo, marksIn, marksUnder, type MutationReport } from "../../scripts/mutation-marks.ts";

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

describe("judgeMarks", () => {
  const source = SOURCE.replace("const a = 1;", "if (x == y) f();") + "\n'x';";
  const judged = judgeMarks([...marksIn("src/a.ts", source), ...marksIn("src/b.ts", "// Stryker disable next-line Regex: r\n/a/;")], report);
  it("a mark whose covered mutants all survive holds; one covering a killed or timed-out mutant must go", () => {
    expect(judged.map((m) => [m.line, m.verdict, m.killed, m.covered])).toEqual([
      [1, "holds", [], 1], // mutant 3 on its line is another mutator's
      [4, "killed", ["2"], 1],
      [7, "killed", ["4"], 2], // mutant 6 is after the restore
      [15, "not measured", [], 1],
      [1, "file not in report", [], 0],
    ]);
    expect(judged.filter((m) => markMustGo(m.verdict)).map((m) => m.line)).toEqual([4, 7]);
  });
  it("a mark covering no mutant of a reported file must go too", () => {
    expect(judgeMarks(marksIn("src/a.ts", "// Stryker disable next-line Regex: r\nx;"), report)).toMatchObject([{ verdict: "covers nothing", covered: 0 }]);
    expect(markMustGo("covers nothing")).toBe(true);
  });
  it("refuses what is not a mutation report", () => {
    expect(() => judgeMarks([], {} as MutationReport)).toThrow('not a mutation testing report: no "files"');
  });
});
