// The hunt loop: one live run of the engine (src/engine/live.ts) per seed of the plan, in order, skipping the seeds the state
// file already holds; after each seed its result goes into the state file and a disagreement's shrunk case into the
// regression corpus. Progress lines say where the hunt is and when it should end.
import { existsSync } from "node:fs";
import path from "node:path";
import type fc from "fast-check";
import type { Adapter } from "../adapters/adapter.ts";
import type { Case } from "../case/index.ts";
import { fails, runLive } from "../engine/live.ts";
import { kindInWords } from "../engine/failure-kind.ts";
import { saveFailure } from "../engine/save-failure.ts";
import { shardLabel, type ShardSpec } from "../engine/partition.ts";
import { type HuntPlan, shardSeeds } from "./plan.ts";
import { type Disagreement, type HuntState, HUNT_STATE_FORMAT, incompatibility, readHuntState, writeHuntState } from "./state.ts";

export interface HuntOptions {
  plan: HuntPlan;
  shard?: ShardSpec;
  stateFile: string;
  regressionsDir: string;
  oracle: Adapter;
  port: Adapter;
  /** Identity of the case generator and of the port's source (recorded per seed). */
  generator: string;
  commit: string;
  batchSize: number;
  shrinkBudget: number;
  log: (line: string) => void;
  /** At most one progress line this often (a line after every seed regardless). */
  progressEveryMs: number;
  arbitrary?: fc.Arbitrary<Case>;
}

export interface HuntOutcome {
  state: HuntState;
  /** Seeds this invocation ran (0: everything was already done). */
  ran: number;
}

const minutes = (ms: number) => (ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/** The state to continue: the file's when it is a compatible one, else a new one; an incompatible file is an error. */
async function startState(o: HuntOptions): Promise<HuntState> {
  const h = await o.oracle.describe();
  const fresh: HuntState = {
    format: HUNT_STATE_FORMAT,
    plan: o.plan,
    generator: o.generator,
    torch: { version: h.torch ?? "unknown", git: h.gitVersion ?? "unknown", cpuCapability: h.cpuCapability ?? "unknown", threads: h.threads ?? 0 },
    startedAt: new Date().toISOString(),
    seeds: [],
  };
  if (!existsSync(o.stateFile)) return fresh;
  const found = readHuntState(o.stateFile);
  const why = incompatibility(found, fresh);
  if (why) throw new Error(`${o.stateFile} cannot be resumed: ${why}. Move it away (or name another file with --state) to start a new hunt.`);
  return found;
}

export async function runHunt(o: HuntOptions): Promise<HuntOutcome> {
  const state = await startState(o);
  const mine = shardSeeds(o.plan, o.shard);
  const done = new Set(state.seeds.map((r) => r.seed));
  const todo = mine.filter((s) => !done.has(s));
  const total = mine.length * o.plan.casesPerSeed;
  let judged = (mine.length - todo.length) * o.plan.casesPerSeed;
  o.log(
    `hunt: seeds ${o.plan.seedFrom}-${o.plan.seedTo}, shard ${shardLabel(o.shard)} (${mine.length} seeds), ${o.plan.casesPerSeed} cases per seed, ` +
      `${state.torch.version} (${state.torch.cpuCapability}, ${state.torch.threads} thread(s)); state ${o.stateFile}` +
      (todo.length < mine.length ? `; resuming: ${mine.length - todo.length} seeds already done` : ""),
  );
  const t0 = performance.now();
  let judgedHere = 0;
  let lastLine = t0;
  /** Overall position after `inSeed` more cases than the finished seeds hold. */
  const overall = (inSeed: number) => {
    const rate = ((judgedHere + inSeed) * 1000) / Math.max(1, performance.now() - t0);
    const left = total - judged - inSeed;
    const found = state.seeds.filter((r) => r.disagreement !== null).length;
    return (
      `${judged + inSeed}/${total} cases (${(((judged + inSeed) * 100) / total).toFixed(1)}%), ${rate.toFixed(0)} cases/s, ` +
      `${left > 0 && rate > 0 ? `about ${minutes((left / rate) * 1000)} left` : "done"}, ${found} disagreement(s) so far`
    );
  };
  const progress = (seed: number, inSeed: number) => {
    if (performance.now() - lastLine < o.progressEveryMs) return;
    lastLine = performance.now();
    o.log(`hunt: seed ${seed}: ${inSeed}/${o.plan.casesPerSeed}; ${overall(inSeed)}`);
  };

  for (const seed of todo) {
    const started = performance.now();
    const run = await runLive({
      oracle: o.oracle,
      port: o.port,
      seed,
      runs: o.plan.casesPerSeed,
      batchSize: o.batchSize,
      shrinkBudget: o.shrinkBudget,
      ...(o.arbitrary ? { arbitrary: o.arbitrary } : {}),
      onBatch: (n) => progress(seed, n),
    });
    let disagreement: Disagreement | null = null;
    if (run.failure !== null) {
      const f = run.failure;
      const file = await saveFailure(o.regressionsDir, f, o.oracle, o.port.name);
      disagreement = {
        index: run.firstFailure!.index,
        failedCases: run.verdicts.filter(fails).length,
        path: f.path,
        difference: kindInWords(f.shrunk.verdict, f.shrunk.golden, f.kind),
        regression: file === null ? "(not written: the oracle gave no result)" : path.relative(process.cwd(), file),
      };
      o.log(`hunt: DISAGREEMENT at seed ${seed}, case ${disagreement.index}: ${disagreement.difference}\n  replay: TC_SEED=${seed} TC_PATH=${f.path}\n  written to ${disagreement.regression}`);
    }
    state.seeds.push({ seed, cases: run.verdicts.length, ms: Math.round(performance.now() - started), commit: o.commit, finishedAt: new Date().toISOString(), disagreement });
    state.seeds.sort((a, b) => a.seed - b.seed);
    writeHuntState(o.stateFile, state);
    judged += run.verdicts.length;
    judgedHere += run.verdicts.length;
    lastLine = performance.now();
    o.log(`hunt: seed ${seed} finished in ${minutes(performance.now() - started)}${disagreement ? " with a disagreement" : ", clean"}; ${overall(0)}`);
  }
  return { state, ran: todo.length };
}
