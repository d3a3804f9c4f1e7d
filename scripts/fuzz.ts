// `npm run fuzz -- [--lines N] [--seed S] [--target oracle|builtin|serve]...`: the seeded protocol fuzz run (10,000
// hostile lines by default) against the oracle, the built-in port in process and the built-in port as a subprocess
// through the client. Prints the figures as a Markdown table; exits 1 when a promise of the protocol broke.
import { parseArgs } from "node:util";
import { fuzz, fuzzTable, type FuzzReport } from "../src/fuzz/drive.ts";
import { hostileLines } from "../src/fuzz/hostile-lines.ts";
import { PROBE_LINE } from "../src/fuzz/probe.ts";
import { startTarget, TARGET_NAMES, type TargetName } from "../src/fuzz/targets.ts";

const { values } = parseArgs({ options: { lines: { type: "string", default: "10000" }, seed: { type: "string", default: "1" }, target: { type: "string", multiple: true } } });
const count = Number(values.lines);
const seed = Number(values.seed);
const names = (values.target ?? [...TARGET_NAMES]) as TargetName[];
for (const n of names) if (!TARGET_NAMES.includes(n)) throw new Error(`--target ${n}: one of ${TARGET_NAMES.join(", ")}`);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) throw new Error("--lines and --seed take integers (--lines at least 1)");

const lines = hostileLines(count, seed);
const reports: FuzzReport[] = [];
for (const name of names) {
  const { target, close } = await startTarget(name, { provision: true });
  try {
    reports.push(await fuzz(target, lines, PROBE_LINE));
  } finally {
    await close();
  }
}
console.log(`seed ${seed}, ${count} lines\n\n${fuzzTable(reports)}`);
const problems = reports.flatMap((r) => r.problems.map((p) => `${r.target}: ${p}`));
if (problems.length > 0) {
  console.error(`\n${problems.join("\n")}`);
  process.exitCode = 1;
}
