// `torch-conformance conformance` (npm run conformance): the gate, an engine preset. Replays every golden fixture
// and regression on the port (`--impl`, default the built-in one) against the goldens stored with them, so no
// Python is needed; adds a live run of generated cases against the oracle when it can start (a note says why not).
// Prints the matrix and a summary, writes reports/conformance[-<port>][-shard-i-of-n].{json,junit.xml} (and the
// formats asked for), and exits non-zero on any failing verdict. `--merge a.json b.json ...` merges shard reports.
import { Command, Option } from "commander";
import path from "node:path";
import type { Adapter } from "../adapters/adapter.ts";
import { judgeRun } from "../engine/engine.ts";
import { DEFAULT_SHRINK_BUDGET } from "../engine/shrink.ts";
import { generatedItems } from "../engine/generated.ts";
import type { EngineItem } from "../engine/run.ts";
import { loadReplayCorpus, regressionsSource } from "../corpus/corpus.ts";
import { checkoutExpectation } from "../corpus/expectation.ts";
import { takeShard } from "../engine/partition.ts";
import { displayPath, REPO_ROOT } from "../corpus/paths.ts";
import { startOracle } from "../oracle/index.ts";
import { REFERENCE_TORCH } from "../oracle/provision.ts";
import { readReport } from "../reports/json.ts";
import { failuresByCause, writeCounterexampleFiles } from "../reports/failures-by-cause.ts";
import { mergeReports } from "../reports/merge.ts";
import type { Report } from "../engine/report-model.ts";
import { summaryTable } from "../reports/table.ts";
import { shardSuffix, writeReport } from "../reports/write.ts";
import { addEngineOptions, type EngineCliOptions, nonNegativeInt, openPort, oracleOptions, progressReporter, reportFiles, settingsOf } from "./engine-options.ts";

export const LIVE_DEFAULTS = { seed: 1, runs: 500 };

export interface ConformanceOptions extends EngineCliOptions {
  fixtures?: string;
  live: boolean;
  liveRuns?: number;
  liveSeed?: number;
  shrinkRuns: number;
  maxCounterexamples: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return ((d.user + d.system) / 1e6).toFixed(2);
};

/** The oracle for the live part, or why there is none. */
async function liveOracle(o: ConformanceOptions): Promise<Adapter | string> {
  if (!o.live) return "--no-live was given";
  try {
    return await startOracle({ provision: true, ...oracleOptions(o) });
  } catch (e) {
    return `the oracle is not available (${(e as Error).message}); only the stored cases were replayed`;
  }
}

export async function runConformance(o: ConformanceOptions): Promise<Report> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { settings, expectationsFile } = await settingsOf(o);
  const torch = o.torch ?? REFERENCE_TORCH;
  // A regression's golden is the reference's answer: judging another version's behaviour by it would be wrong.
  const reference = torch === REFERENCE_TORCH;
  const corpus = await loadReplayCorpus({ dir: o.fixtures, torch: torch.torch, expectation: checkoutExpectation(), extra: reference ? [regressionsSource] : [] });
  const stored = takeShard(corpus.items, o.shard);
  const oracle = await liveOracle(o);
  let port: Adapter | undefined;
  try {
    port = await openPort(o);
    const notices: string[] = reference ? [] : [`stored goldens of torch ${torch.torch}; the regressions (torch ${REFERENCE_TORCH.torch}'s answers) were not replayed`];
    let live: { items: EngineItem[] } = { items: [] };
    if (typeof oracle === "string") notices.push(`live run: SKIPPED: ${oracle}`);
    else {
      const n = o.shard?.count ?? 1;
      const capabilities = (await port.describe()).capabilities;
      live = generatedItems({ seed: o.liveSeed ?? LIVE_DEFAULTS.seed, seeds: n, runs: Math.ceil((o.liveRuns ?? LIVE_DEFAULTS.runs) / n), capabilities, shard: o.shard });
      notices.push(`live run: ${live.items.length} generated cases against ${(await oracle.describe()).torch ?? oracle.name}`);
    }
    const report = await judgeRun({
      items: [...stored, ...live.items],
      problems: corpus.problems,
      port,
      oracle: typeof oracle === "string" ? undefined : oracle,
      settings,
      about: { cases: `${stored.length} stored cases of the golden corpus and regressions${live.items.length > 0 ? ` and ${live.items.length} generated cases` : ""}${o.shard ? ` (shard ${o.shard.index}/${o.shard.count})` : ""}`, expectationsFile, strict: o.strict, shards: [o.shard ?? { index: 1, count: 1 }] },
      shrinkRuns: o.shrinkRuns,
      maxCounterexamples: o.maxCounterexamples,
      notices,
      onProgress: progressReporter(o.quiet),
    });
    report.notices.push(`ran ${stored.length} stored of ${corpus.items.length} and ${live.items.length} generated cases in ${((performance.now() - started) / 1000).toFixed(2)} s (${cpuSeconds(cpu)} s CPU)`);
    return report;
  } finally {
    await port?.close();
    if (typeof oracle !== "string") await oracle.close();
  }
}

async function finish(report: Report, o: ConformanceOptions): Promise<void> {
  const port = o.impl === "builtin" ? "" : `-${report.port.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-|-$/g, "")}`;
  const base = path.join(o.reports, `conformance${port}${shardSuffix(report)}`);
  const files = await writeReport(report, reportFiles(o, base, ["json", "junit"]));
  const cases = writeCounterexampleFiles(report, `${base}-counterexamples`);
  const impl = o.impl === "builtin" ? "" : ` --impl ${JSON.stringify(o.impl)}`;
  console.log(summaryTable(report, 20, failuresByCause(report, cases, (spec) => `npx tsx src/cli/main.ts verify --case ${displayPath(spec)}${impl}`)));
  console.log(`reports: ${files.map(displayPath).join(", ")}`);
  process.exitCode = report.ok ? 0 : 1;
}

export function conformanceCommand(): Command {
  const cmd = new Command("conformance").description("the gate: replay the golden corpus on a port with no Python (plus a live run against PyTorch when the oracle is available)");
  return addEngineOptions(cmd, "builtin")
    .option("--fixtures <dir>", "fixtures directory (default: $TORCH_CONFORMANCE_FIXTURES, else fixtures/)")
    .option("--reports <dir>", "where reports are written", "reports")
    .option("--no-live", "skip the live run against the oracle")
    .addOption(new Option("--live-runs <n>", "generated cases in the live run (split across shards)").argParser(nonNegativeInt("--live-runs")))
    .addOption(new Option("--live-seed <n>", "seed of the live run (shard i uses seed + i - 1)").argParser(nonNegativeInt("--live-seed")))
    .addOption(new Option("--shrink-runs <n>", "candidate cases judged at most while shrinking each counterexample, stored or generated, with the oracle (0: none)").argParser(nonNegativeInt("--shrink-runs")).default(DEFAULT_SHRINK_BUDGET))
    .addOption(new Option("--max-counterexamples <n>", "failing causes and expectations that get a counterexample").argParser(nonNegativeInt("--max-counterexamples")).default(10))
    .action(async (o: ConformanceOptions) => {
      try {
        await finish(o.merge ? mergeReports(await Promise.all(o.merge.map(readReport))) : await runConformance(o), o);
      } catch (e) {
        console.error(`conformance: ${(e as Error).message}`);
        process.exitCode = 2;
      }
    });
}
