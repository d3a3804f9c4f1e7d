// npm run bench: the five figures of the speed goals (scripts/bench/goals.ts), measured in one run, printed against
// their goals and written to docs/benchmarks.md. npm run bench -- oracle-throughput [--cases N]: the oracle client's
// throughput figures. Nothing is asserted. Other benchmarks are functions in BENCHMARKS; add new ones there.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import path from "node:path";
import type { Case } from "../src/case/index.ts";
import { wireTensor } from "../src/case/index.ts";
import { ORACLE_SCRIPT, REPO_ROOT, resolveOraclePython, startOracle, WorkerClient } from "../src/oracle/index.ts";
import { JUDGE_CONFIG, measureGoals } from "./bench/goals.ts";
import { BENCHMARKS_DOC, benchmarksMarkdown, formatGoalLine, loadAverageText } from "./bench/report.ts";

interface Figure {
  label: string;
  value: number;
  unit: string;
}

type Benchmark = (opts: { cases: number }) => Promise<Figure[]>;

// ---- workloads -----------------------------------------------------------------------------------------------

/** One Identity forward of a 4-element tensor: the smallest useful case. */
function tinyCases(n: number): Case[] {
  return Array.from({ length: n }, (_, i) => ({
    schema: 1,
    id: `tiny${i}`,
    nodes: { m: { type: "Identity" } },
    root: "m",
    steps: [{ op: "forward", path: "", input: wireTensor("float32", [4], [i, -i, 0.5, -0]) }],
  }));
}

/** Sequential(BatchNorm1d(3), Dropout(0.5)): forward in training, eval, forward: a typical small generated case. */
function smallTreeCases(n: number): Case[] {
  return Array.from({ length: n }, (_, i) => ({
    schema: 1,
    id: `tree${i}`,
    nodes: { seq: { type: "Sequential", children: [["0", "bn"], ["1", "d"]] }, bn: { type: "BatchNorm1d", args: [3] }, d: { type: "Dropout", args: [0.5] } },
    root: "seq",
    steps: [
      { op: "forward", path: "", input: wireTensor("float32", [4, 3], Array.from({ length: 12 }, (_, k) => k - i / 7)) },
      { op: "eval", path: "" },
      { op: "forward", path: "", input: wireTensor("float32", [2, 3], [1, 2, 3, 4, 5, 6]) },
    ],
  }));
}

// ---- measuring -----------------------------------------------------------------------------------------------

async function casesPerSecond(client: WorkerClient, cases: Case[]): Promise<number> {
  await client.runCases(cases.slice(0, Math.min(100, cases.length))); // warm-up
  const started = performance.now();
  const out = await client.runCases(cases);
  const seconds = (performance.now() - started) / 1000;
  const failed = out.filter((o) => o.status !== "ok");
  if (failed.length > 0) throw new Error(`${failed.length} case(s) not answered, e.g. ${JSON.stringify(failed[0]).slice(0, 300)}`);
  return cases.length / seconds;
}

/** The same requests piped straight through the oracle without the client: the ceiling the client can reach. */
async function rawOracleCasesPerSecond(cases: Case[]): Promise<number> {
  const { python } = resolveOraclePython();
  const child = spawn(python, [ORACLE_SCRIPT], { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, ATEN_CPU_CAPABILITY: "default" } });
  const lines = createInterface({ input: child.stdout });
  const iterator = lines[Symbol.asyncIterator]();
  await iterator.next(); // handshake
  const payload = cases.map((c, i) => JSON.stringify({ type: "run", id: `r${i}`, case: c })).join("\n") + "\n";
  const started = performance.now();
  child.stdin.write(payload);
  for (let i = 0; i < cases.length; i++) await iterator.next();
  const seconds = (performance.now() - started) / 1000;
  child.stdin.end();
  await new Promise((resolve) => child.once("exit", resolve));
  return cases.length / seconds;
}

// ---- benchmarks ----------------------------------------------------------------------------------------------

/** Oracle throughput through the client, the raw oracle for comparison, and the client's own ceiling (stub worker). */
const oracleThroughput: Benchmark = async ({ cases }) => {
  const figures: Figure[] = [];
  const oracle = await startOracle({ provision: true });
  try {
    figures.push({ label: "oracle via client, tiny cases (Identity, 1 forward)", value: await casesPerSecond(oracle, tinyCases(cases)), unit: "cases/s" });
    figures.push({ label: "oracle via client, small tree (BN1d+Dropout, 3 steps)", value: await casesPerSecond(oracle, smallTreeCases(cases)), unit: "cases/s" });
  } finally {
    await oracle.close();
  }
  const raw = await rawOracleCasesPerSecond(smallTreeCases(cases));
  figures.push({ label: "oracle piped raw, small tree (no client)", value: raw, unit: "cases/s" });
  figures.push({ label: "client efficiency, small tree (client / raw)", value: figures[1]!.value / raw, unit: "x" });
  const stub = await WorkerClient.start({ command: "python3", args: [path.join(REPO_ROOT, "test", "oracle", "stubs", "stub_worker.py")] });
  try {
    figures.push({ label: "client ceiling: trivial stub worker, small tree", value: await casesPerSecond(stub, smallTreeCases(cases * 5)), unit: "cases/s" });
  } finally {
    await stub.close();
  }
  return figures;
};

const BENCHMARKS: Record<string, Benchmark> = { "oracle-throughput": oracleThroughput };

// ---- main ----------------------------------------------------------------------------------------------------

interface Args {
  names: string[];
  cases: number;
  runs: number;
  repeats: number;
  write: boolean;
}

function positiveInt(flag: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${text}`);
  return n;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { names: [], cases: 1000, runs: JUDGE_CONFIG.runs, repeats: 7, write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--cases") args.cases = positiveInt(a, argv[++i]);
    else if (a === "--runs") args.runs = positiveInt(a, argv[++i]);
    else if (a === "--repeats") args.repeats = positiveInt(a, argv[++i]);
    else if (a === "--no-write") args.write = false;
    else if (a === "goals" || a in BENCHMARKS) args.names.push(a);
    else throw new Error(`unknown argument ${a}; benchmarks: goals (the default), ${Object.keys(BENCHMARKS).join(", ")}; options: --runs N, --repeats N, --cases N, --no-write`);
  }
  if (args.names.length === 0) args.names.push("goals");
  return args;
}

const args = parseArgs(process.argv.slice(2));
for (const name of args.names) {
  if (name === "goals") {
    console.log(`goals (live: ${args.runs} cases of seed ${JUDGE_CONFIG.seed}; BatchNorm2d: median of ${args.repeats})`);
    const started = new Date();
    const loadAtStart = loadAverageText();
    const { figures, handshake } = await measureGoals({ runs: args.runs, repeats: args.repeats });
    for (const f of figures) console.log(`  ${formatGoalLine(f)}`);
    if (args.write) {
      writeFileSync(BENCHMARKS_DOC, benchmarksMarkdown({ figures, handshake, started, loadAtStart, runs: args.runs, repeats: args.repeats }));
      console.log(`written to ${path.relative(REPO_ROOT, BENCHMARKS_DOC)}`);
    }
    continue;
  }
  console.log(`${name} (${args.cases} cases per run)`);
  for (const f of await BENCHMARKS[name]!({ cases: args.cases })) {
    const value = f.unit === "x" ? f.value.toFixed(2) : Math.round(f.value).toLocaleString("en-US");
    console.log(`  ${f.label.padEnd(56)} ${value.padStart(8)} ${f.unit}`);
  }
}
