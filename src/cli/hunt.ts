// `torch-conformance hunt` (npm run hunt): a long live run over a range of seeds, resumable, shardable, that keeps
// each disagreement as a regression and records every complete pass in docs/hunts.md. The loop is src/hunt/run.ts.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { builtinAdapter } from "../adapters/builtin/index.ts";
import { generatorIdentity } from "../corpus/provenance.ts";
import { ORACLE_BATCH } from "../engine/run.ts";
import { DEFAULT_SHRINK_BUDGET } from "../engine/shrink.ts";
import { parseShard, type ShardSpec } from "../engine/partition.ts";
import { appendLedgerRow, ledgerRow } from "../hunt/ledger.ts";
import { makePlan, parseSeedRange, planTotal, seedsLabel } from "../hunt/plan.ts";
import { runHunt } from "../hunt/run.ts";
import { type HuntState, mergeHuntStates, missingSeeds, readHuntState, writeHuntState } from "../hunt/state.ts";
import { REPO_ROOT, startOracle } from "../oracle/index.ts";
import { nonNegativeInt } from "./engine-options.ts";

interface HuntCliOptions {
  seeds?: string;
  cases?: number;
  shard?: ShardSpec;
  state?: string;
  batchSize: number;
  shrinkBudget: number;
  regressions: string;
  ledger: string;
  merge?: string[];
}

/** The port's source: HEAD's short hash, "+dirty" when src/ has uncommitted changes; "unknown" outside git. */
function sourceCommit(): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return `${git("rev-parse", "--short=10", "HEAD")}${git("status", "--porcelain", "--", "src") ? "+dirty" : ""}`;
  } catch {
    return "unknown";
  }
}

const defaultStateFile = (seeds: string, casesPerSeed: number, shard: ShardSpec | undefined) =>
  path.join(REPO_ROOT, "reports", "hunts", `seeds-${seeds}-${casesPerSeed}-each${shard ? `-shard-${shard.index}-of-${shard.count}` : ""}.json`);

const say = (line: string) => console.error(line);

/** Records a complete hunt in the ledger, or says what is missing; the exit code: 1 when a disagreement was found. */
function conclude(state: HuntState, ledger: string, record: boolean): number {
  const missing = missingSeeds(state);
  const found = state.seeds.filter((r) => r.disagreement !== null);
  const cases = state.seeds.reduce((n, r) => n + r.cases, 0);
  if (missing.length > 0) {
    say(`hunt: ${state.seeds.length} of ${state.seeds.length + missing.length} seeds done (${cases} cases), ${found.length} disagreement(s); not recorded in ${path.relative(process.cwd(), ledger)} until every seed is (seeds left: ${missing.join(", ")}; merge shards with --merge)`);
  } else if (record) {
    appendLedgerRow(ledger, ledgerRow(state, new Date()));
    say(`hunt: complete: seeds ${seedsLabel(state.plan)}, ${planTotal(state.plan)} cases, ${found.length === 0 ? "no disagreement" : `${found.length} seed(s) with a disagreement`}; recorded in ${path.relative(process.cwd(), ledger)}`);
  } else {
    say(`hunt: complete already (nothing left to run); ${found.length} seed(s) with a disagreement`);
  }
  return found.length === 0 ? 0 : 1;
}

async function hunt(o: HuntCliOptions): Promise<number> {
  if (o.merge) {
    const merged = mergeHuntStates(o.merge.map((file) => ({ file, state: readHuntState(file) })));
    const out = o.state ?? defaultStateFile(seedsLabel(merged.plan), merged.plan.casesPerSeed, undefined);
    if (existsSync(out) && o.merge.every((f) => path.resolve(f) !== path.resolve(out))) throw new Error(`${out} exists: name another file with --state for the merged hunt`);
    writeHuntState(out, merged);
    say(`hunt: merged ${o.merge.length} state file(s) into ${out}`);
    return conclude(merged, o.ledger, true);
  }
  if (o.seeds === undefined || o.cases === undefined) throw new Error("hunt needs --seeds and --cases (or --merge with shards' state files)");
  const plan = makePlan(parseSeedRange(o.seeds), o.cases);
  const stateFile = o.state ?? defaultStateFile(seedsLabel(plan), plan.casesPerSeed, o.shard);
  const oracle = await startOracle({ provision: true });
  try {
    const { state, ran } = await runHunt({
      plan,
      ...(o.shard ? { shard: o.shard } : {}),
      stateFile,
      regressionsDir: o.regressions,
      oracle,
      port: builtinAdapter,
      generator: generatorIdentity().hash,
      commit: sourceCommit(),
      batchSize: o.batchSize,
      shrinkBudget: o.shrinkBudget,
      log: say,
      progressEveryMs: 30_000,
    });
    return conclude(state, o.ledger, ran > 0 && o.shard === undefined);
  } finally {
    await oracle.close();
  }
}

const positive = (name: string) => (v: string) => {
  const n = nonNegativeInt(name)(v);
  if (n === 0) throw new InvalidArgumentError(`${name} must be at least 1`);
  return n;
};

export function huntCommand(): Command {
  return new Command("hunt")
    .description("long live run against PyTorch over a range of seeds: resumable, shardable; disagreements go to fixtures/regressions/, complete passes to docs/hunts.md")
    .option("--seeds <from-to>", "inclusive range of seeds, e.g. 1-20 (each seed is one live run)")
    .addOption(new Option("--cases <n>", "live cases in total, divided evenly over the seeds").argParser(positive("--cases")))
    .addOption(new Option("--shard <i/n>", "run every n-th seed of the range, starting at the i-th (1-based)").argParser(parseShard))
    .option("--state <file>", "state file to write and to resume from (default: reports/hunts/seeds-<range>-<cases per seed>-each[-shard-i-of-n].json)")
    .addOption(new Option("--batch-size <n>", `how many cases the oracle is kept ahead of the port (both ask in batches of at most ${ORACLE_BATCH})`).argParser(positive("--batch-size")).default(250))
    .addOption(new Option("--shrink-budget <n>", "candidate cases judged at most while shrinking one disagreement").argParser(positive("--shrink-budget")).default(DEFAULT_SHRINK_BUDGET))
    .option("--regressions <dir>", "where shrunk disagreements are written", path.join(REPO_ROOT, "fixtures", "regressions"))
    .option("--ledger <file>", "where complete hunts are recorded", path.join(REPO_ROOT, "docs", "hunts.md"))
    .option("--merge <states...>", "merge shards' state files (and record the hunt when they cover every seed) instead of running")
    .action(async (o: HuntCliOptions) => {
      try {
        process.exitCode = await hunt(o);
      } catch (e) {
        console.error(`error: ${(e as Error).message}`);
        process.exitCode = 2;
      }
    });
}
