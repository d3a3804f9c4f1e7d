// `torch-conformance verify --impl <port>`: where does an implementation differ from PyTorch? The engine preset for
// generated cases (a seed range, optionally narrowed to some features, split by seed with --shard) or one case
// (--case <file|id>), PyTorch's answers from the oracle, the port's through its adapter; the report in JSON, JUnit,
// Markdown and HTML. Exit code: 0 no failing verdict (and, with --strict, no unexpected pass); 1 otherwise; 2 bad setup.
import { Command, Option } from "commander";
import type { Adapter } from "../adapters/adapter.ts";
import { type Capabilities, describeCapabilities } from "../case/index.ts";
import { judgeRun } from "../engine/engine.ts";
import { featureCounts, generatedItems } from "../engine/generated.ts";
import { loadOneCase } from "../engine/one-case.ts";
import { DEFAULT_SHRINK_BUDGET } from "../engine/shrink.ts";
import { startOracle } from "../oracle/index.ts";
import { readReport } from "../reports/json.ts";
import { mergeReports } from "../reports/merge.ts";
import type { Report } from "../engine/report-model.ts";
import { totalsLine } from "../engine/verdict-text.ts";
import { shardSuffix, writeReport } from "../reports/write.ts";
import { addEngineOptions, type EngineCliOptions, nonNegativeInt, openPort, oracleOptions, progressReporter, reportFiles, settingsOf } from "./engine-options.ts";
import path from "node:path";

export interface VerifyCliOptions extends EngineCliOptions {
  features: string[];
  seed: number;
  /** Consecutive seeds, each giving `runs` cases (a long hunt; --shard splits them). */
  seeds: number;
  runs: number;
  case?: string;
  shrinkRuns: number;
  maxCounterexamples: number;
  /** Python for the oracle (default: $TORCH_CONFORMANCE_PYTHON, else the project's venv). */
  python?: string;
  listFeatures?: boolean;
}

/** Cases sampled for --list-features. */
const LIST_SAMPLE = 2000;

const collect = (v: string, acc: string[]) => [...acc, v];

const slug = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-|-$/g, "");

export function summaryLines(r: Report, files: string[]): string[] {
  const s = r.settings;
  const lines = [`${r.port.name}: ${r.ok ? "PASS" : "FAIL"}: ${totalsLine(r.totals)} (${s.cases}, ${s.compare})`];
  const failing = r.matrix.filter((row) => row.fail + row.closer > 0);
  if (failing.length > 0) lines.push(`failing causes: ${failing.map((row) => `${row.cause} (${row.fail + row.closer})`).join(", ")}`);
  lines.push(...r.notices.map((n) => `note: ${n}`), ...r.warnings.map((w) => `warning: ${w}`));
  if (files.length > 0) lines.push(`reports: ${files.join(", ")}`);
  return lines;
}

async function run(o: VerifyCliOptions, oracle: Adapter, port: Adapter): Promise<Report> {
  const { settings, expectationsFile } = await settingsOf(o);
  const onProgress = progressReporter(o.quiet);
  const capabilities = (await port.describe()).capabilities;
  if (o.case !== undefined) {
    const one = await loadOneCase(o.case, undefined, capabilities);
    return judgeRun({
      items: [one.item],
      port,
      oracle,
      settings,
      about: { cases: `case ${one.item.case.id}${one.item.source ? ` (${one.item.source})` : ""}`, expectationsFile, strict: o.strict },
      shrinkRuns: o.shrinkRuns,
      maxCounterexamples: o.maxCounterexamples,
      onProgress,
    });
  }
  const { items } = generatedItems({ seed: o.seed, seeds: o.seeds, runs: o.runs, features: o.features, capabilities, shard: o.shard });
  const seeds = o.seeds === 1 ? `seed ${o.seed}` : `seeds ${o.seed}..${o.seed + o.seeds - 1}`;
  return judgeRun({
    items,
    port,
    oracle,
    settings,
    about: { cases: `${items.length} generated cases, ${seeds}${o.shard ? ` (shard ${o.shard.index}/${o.shard.count})` : ""}`, seed: o.seed, runs: items.length, features: o.features, expectationsFile, strict: o.strict, shards: o.shard ? [o.shard] : undefined },
    shrinkRuns: o.shrinkRuns,
    maxCounterexamples: o.maxCounterexamples,
    onProgress,
  });
}

/** --list-features: the tags and their counts, for the port's declared capabilities when --impl names one. */
export async function listFeatures(o: VerifyCliOptions): Promise<string[]> {
  let capabilities: Capabilities | undefined;
  if (o.impl) {
    const port = await openPort(o);
    try {
      capabilities = (await port.describe()).capabilities;
    } finally {
      await port.close();
    }
  }
  const head = capabilities ? [`# ${o.impl} declares ${describeCapabilities(capabilities)}`] : [];
  return [...head, ...featureCounts(o.seed, LIST_SAMPLE, capabilities).map(([tag, n]) => `${tag.padEnd(32)} ${n}`)];
}

/**
 * Runs a verification as the CLI does; returns the report, the files written and the exit code. PyTorch's answers
 * come from an oracle started for the run, or from `oracle` (left open) when given: a caller running many
 * verifications, as the tests do, starts torch once.
 */
export async function runVerifyCli(o: VerifyCliOptions, log: (line: string) => void = console.log, oracle?: Adapter): Promise<{ report: Report; files: string[]; exitCode: number }> {
  let report: Report;
  if (o.merge) report = mergeReports(await Promise.all(o.merge.map(readReport)));
  else {
    let started: Adapter | undefined;
    let port: Adapter | undefined;
    try {
      const golden = oracle ?? (started = await startOracle({ ...(o.python ? { python: o.python } : { provision: true }), ...oracleOptions(o) }));
      port = await openPort(o);
      report = await run(o, golden, port);
    } finally {
      await port?.close();
      await started?.close();
    }
  }
  const base = path.join(o.reports, `verify-${slug(report.port.name)}${shardSuffix(report)}`);
  const files = await writeReport(report, reportFiles(o, base, ["json", "junit", "markdown", "html"]));
  for (const line of summaryLines(report, files)) log(line);
  return { report, files, exitCode: report.ok ? 0 : 1 };
}

export function verifyCommand(): Command {
  const cmd = new Command("verify").description("verify an implementation against PyTorch live: generated cases (or one case), the oracle's answers, a conformance matrix");
  return addEngineOptions(cmd, null)
    .option("--list-features", `print the feature tags generated cases carry (over ${LIST_SAMPLE} cases of --seed; with --impl, the cases generated for that port's declared capabilities) and exit`)
    .option("--features <globs>", "only cases carrying one of these feature tags (comma list; repeat to require several; a leading ! excludes)", collect, [])
    .option("--case <file|id>", "rerun one case: a case file (JSON), a stored case ({case, golden}), a generated id (g<seed>-<i>) or a corpus case id")
    .addOption(new Option("--seed <n>", "first seed of the generated cases").argParser(nonNegativeInt("--seed")).default(1))
    .addOption(new Option("--seeds <n>", "consecutive seeds to run (each gives --runs cases; --shard splits them)").argParser(nonNegativeInt("--seeds")).default(1))
    .addOption(new Option("--runs <n>", "generated cases per seed").argParser(nonNegativeInt("--runs")).default(500))
    .addOption(new Option("--shrink-runs <n>", "candidate cases judged at most while shrinking each counterexample (0: none)").argParser(nonNegativeInt("--shrink-runs")).default(DEFAULT_SHRINK_BUDGET))
    .addOption(new Option("--max-counterexamples <n>", "failing causes and expectations that get a counterexample").argParser(nonNegativeInt("--max-counterexamples")).default(40))
    .option("--reports <dir>", "directory of the default report files", "reports")
    .option("--python <path>", "python of the oracle (default: $TORCH_CONFORMANCE_PYTHON, else the oracle venv that `provision` makes)")
    .addHelpText("after", "\nWithout --json/--junit/--markdown/--html all four are written to <reports>/verify-<impl>.*")
    .action(async (o: VerifyCliOptions) => {
      try {
        if (o.listFeatures) {
          for (const line of await listFeatures(o)) console.log(line);
          return;
        }
        if (!o.impl) throw new Error("--impl <impl> is required (builtin, js-pytorch, tfjs, tinygrad, a module, or a command)");
        process.exitCode = (await runVerifyCli(o)).exitCode;
      } catch (e) {
        console.error(`verify: ${(e as Error).message}`);
        process.exitCode = 2;
      }
    });
}
