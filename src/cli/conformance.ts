// `torch-conformance conformance` (npm run conformance): the gate. Replays every golden fixture and regression on the
// port (no Python), adds a live property run against the oracle when it can start, prints a per-feature table,
// writes reports/conformance.{json,junit.xml}, and exits non-zero on any failure. `--shard i/n` runs one part;
// `--merge a.json b.json ...` merges shard reports into one.
import { Command, InvalidArgumentError, Option } from "commander";
import path from "node:path";
import type { Adapter } from "../adapters/adapter.ts";
import { builtinAdapter } from "../adapters/builtin/index.ts";
import { loadReplayCorpus } from "../fixtures/corpus.ts";
import { currentExpectation } from "../fixtures/expectation.ts";
import { regressionsSource } from "../fixtures/regressions-source.ts";
import { parseShard, takeShard, type ShardSpec } from "../fixtures/partition.ts";
import { displayPath, REPO_ROOT } from "../fixtures/paths.ts";
import { bitExact, replay } from "../fixtures/replay.ts";
import { readReport } from "../reports/json.ts";
import { mergeReports } from "../reports/merge.ts";
import { REPORT_FORMAT, reportPassed, type ConformanceReport } from "../reports/model.ts";
import { summaryTable } from "../reports/table.ts";
import { writeReports } from "../reports/write.ts";
import { runLivePart } from "./conformance-live.ts";

export interface ConformanceOptions {
  shard?: ShardSpec;
  fixtures?: string;
  reports: string;
  live: boolean;
  liveRuns?: number;
  liveSeed?: number;
  adapter?: Adapter;
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return ((d.user + d.system) / 1e6).toFixed(2);
};

export async function runConformance(opts: ConformanceOptions): Promise<ConformanceReport> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const adapter = opts.adapter ?? builtinAdapter;
  const corpus = await loadReplayCorpus({ dir: opts.fixtures, expectation: currentExpectation(), extra: [regressionsSource] });
  const items = takeShard(corpus.items, opts.shard);
  const replayed = await replay(items, adapter, bitExact);
  const notices = [`replayed ${items.length} of ${corpus.items.length} fixture cases (shard ${opts.shard ? `${opts.shard.index}/${opts.shard.count}` : "all"}) in ${((performance.now() - started) / 1000).toFixed(2)} s (${cpuSeconds(cpu)} s CPU)`];
  const live = await runLivePart({ enabled: opts.live, runs: opts.liveRuns, seed: opts.liveSeed, shard: opts.shard, adapter });
  return {
    format: REPORT_FORMAT,
    adapter: adapter.name,
    shards: [opts.shard ?? { index: 1, count: 1 }],
    notices,
    live: [live.report],
    cases: [...corpus.problems, ...replayed, ...live.cases],
    durationMs: performance.now() - started,
  };
}

async function finish(report: ConformanceReport, reportsDir: string): Promise<never> {
  const files = await writeReports(reportsDir, report);
  console.log(summaryTable(report));
  console.log(`reports: ${displayPath(files.json)}, ${displayPath(files.junit)}`);
  process.exit(reportPassed(report) ? 0 : 1);
}

export const nonNegative = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
};

export function conformanceCommand(): Command {
  return new Command("conformance")
    .description("replay the golden fixtures on the port, plus a live run against PyTorch when the oracle is available")
    .addOption(new Option("--shard <i/n>", "run only part i of n (1-based)").argParser(parseShard))
    .option("--fixtures <dir>", "fixtures directory (default: $TORCH_CONFORMANCE_FIXTURES, else fixtures/)")
    .option("--reports <dir>", "where reports are written", path.join(REPO_ROOT, "reports"))
    .option("--no-live", "skip the live property run")
    .addOption(new Option("--live-runs <n>", "random cases in the live run (split across shards)").argParser(nonNegative("--live-runs")))
    .addOption(new Option("--live-seed <n>", "seed of the live run (shard i uses seed + i - 1)").argParser(nonNegative("--live-seed")))
    .option("--merge <reports...>", "merge these shard JSON reports instead of running")
    .action(async (o: { shard?: ShardSpec; fixtures?: string; reports: string; live: boolean; liveRuns?: number; liveSeed?: number; merge?: string[] }) => {
      if (o.merge) {
        const merged = mergeReports(await Promise.all(o.merge.map(readReport)));
        await finish(merged, o.reports);
      }
      await finish(await runConformance({ shard: o.shard, fixtures: o.fixtures, reports: o.reports, live: o.live, liveRuns: o.liveRuns, liveSeed: o.liveSeed }), o.reports);
    });
}
