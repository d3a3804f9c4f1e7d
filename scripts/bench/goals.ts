// The five figures of the project's speed goals, each measured here in one run (nothing is asserted: the bench
// prints and documents them, tests never time anything).
import { builtinAdapter } from "../../src/adapters/builtin/index.ts";
import { caseArbitrary } from "../../src/arbitraries/index.ts";
import { readJudgeConfig } from "../../src/conformance/config.ts";
import { overriddenBuiltinAdapter } from "../../src/adapters/builtin/overrides.ts";
import { BITS } from "../../src/conformance/policy.ts";
import { caseSize } from "../../src/engine/case-size.ts";
import { sampleCases } from "../../src/engine/generated.ts";
import { fails, runLive } from "../../src/engine/live.ts";
import { ORACLE_BATCH, runEngine } from "../../src/engine/run.ts";
import { loadReplayCorpus } from "../../src/corpus/corpus.ts";
import { REPO_ROOT, startOracle, type WorkerClient } from "../../src/oracle/index.ts";
import { BUG_CATALOGUE } from "../../support/bugs/catalogue.ts";
import path from "node:path";
import { BN_SHAPE, timeBatchNorm2d, WARMUP } from "./batchnorm.ts";
import { type CpuSpent, describeCpu, idleCoresRatio, measureCpu } from "./cpu.ts";
import { type AloneRun, PytorchAlone } from "./pytorch-alone.ts";

export interface Goal {
  /** "ratio" figures are better when higher (>= target), "seconds" and "times" when lower (<= target). */
  better: "higher" | "lower";
  target: number;
}

export interface GoalFigure {
  name: string;
  label: string;
  value: number;
  unit: string;
  goal: Goal;
  /** How it was measured, with the raw numbers behind the figure. */
  detail: string;
  /** Set when the figure does not count (e.g. the port's result was not bit-exact). */
  invalid?: string;
}

export const met = (f: GoalFigure) => f.invalid === undefined && (f.goal.better === "higher" ? f.value >= f.goal.target : f.value <= f.goal.target);

export const JUDGE_CONFIG = readJudgeConfig(path.join(REPO_ROOT, "test", "judge", "judge.config.json"), {});

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const microseconds = (seconds: number, cases: number) => `${((seconds / cases) * 1e6).toFixed(0)} µs`;

/** Where the median of an odd number of values is. */
const medianIndex = (xs: number[]) => xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0])[xs.length >> 1]![1];

/** Timed rounds of the oracle alone and PyTorch alone, and how many live runs are timed between the first of them. */
const ROUNDS = 5;
const LIVE_RUNS = 3;

/**
 * Two figures from the same cases: the live judge (sample + oracle + port + compare) ÷ the oracle alone, and the
 * oracle alone ÷ PyTorch alone (the same builds and steps in one Python process, no recording, no pipe).
 */
export async function oracleThroughput(oracle: WorkerClient, runs: number): Promise<GoalFigure[]> {
  const { seed, batchSize } = JUDGE_CONFIG;
  const cases = sampleCases(caseArbitrary, seed, runs).map((c, i) => ({ ...c, id: `bench-${i}` }));
  // Both sides timed warm: an untimed live run of as many cases of another seed first. V8 compiles the port, the
  // judge and the sampler as they run, on threads of this process, and grows its heap, so a first live run costs this
  // process about half again as much CPU per case as the next ones; the oracle's Python needs no such warm-up, and the
  // client's decoding (the oracle alone's side here) is warm after this run too.
  await runLive({ oracle, port: builtinAdapter, seed: seed + 1, runs, batchSize, shrink: false });
  // Each side then runs every one of these cases once, untimed, and is timed in ROUNDS rounds, taking turns: the oracle
  // alone, then PyTorch alone (a process kept up for all rounds). Between the first LIVE_RUNS + 1 rounds the live
  // judge runs the same cases, each live run compared with the oracle alone of the rounds just before and just after
  // it; the figure is the median of those ratios, for the same reason as the rounds' (below).
  let lost = 0;
  const oracleAlone = async (): Promise<CpuSpent> => {
    const { value: answers, cpu } = await measureCpu(oracle.pid, () => oracle.runCases(cases));
    lost += answers.filter((o) => o.status !== "ok").length;
    return cpu;
  };
  const torch = await PytorchAlone.start(cases);
  const rounds: { oracle: CpuSpent; torch: AloneRun }[] = [];
  const lives: { value: Awaited<ReturnType<typeof runLive>>; cpu: CpuSpent }[] = [];
  try {
    await oracle.runCases(cases);
    for (let r = 0; r < ROUNDS; r++) {
      if (r >= 1 && r <= LIVE_RUNS) lives.push(await measureCpu(oracle.pid, () => runLive({ oracle, port: builtinAdapter, seed, runs, batchSize, shrink: false })));
      rounds.push({ oracle: await oracleAlone(), torch: await torch.run() });
    }
  } finally {
    await torch.close();
  }
  const rate = (c: CpuSpent) => cases.length / c.wallSeconds;
  const aroundLive = (k: number) => (rate(rounds[k]!.oracle) + rate(rounds[k + 1]!.oracle)) / 2;
  const liveRatios = lives.map((l, k) => l.value.casesPerSecond / aroundLive(k));
  const mid = medianIndex(liveRatios); // the live run that gives the figure, described in full below
  const { value: live, cpu: liveCpu } = lives[mid]!;
  const [before, after] = [rounds[mid]!.oracle, rounds[mid + 1]!.oracle];
  const oracleRate = aroundLive(mid);
  const torchRate = (rounds[mid]!.torch.casesPerSecond + rounds[mid + 1]!.torch.casesPerSecond) / 2;
  const failing = live.verdicts.filter(fails).length;
  const idle = idleCoresRatio(before, liveCpu);
  const idleText = idle === undefined ? "" : `; from the CPU times, two idle cores would give about ${idle.toFixed(2)} x (each run as long as its busier process's CPU time)`;
  const oracleText = `the oracle alone (the same cases, sampled beforehand: sampling is the live judge's work; all in one runCases call) ${rate(before).toFixed(0)} cases/s in the round before that live run and ${rate(after).toFixed(0)} in the round after${lost ? ` (over all rounds, ${lost} answers not ok)` : ""}`;
  // Oracle ÷ PyTorch alone compares CPU time per case (user and system: the worker's from /proc/<pid>/stat,
  // PyTorch alone's from time.process_time() in its own process): wall time on a shared machine measures the
  // scheduler too. The oracle alone also has a client decoding its answers while it works; a run on two idle cores
  // lasts as long as the busier of the two, so that is the oracle's side of the ratio. The figure is the median of
  // the rounds' ratios: this machine's speed drifts by a third within a minute, and each round's two runs, next to
  // each other in time, see the same machine.
  const busier = (c: CpuSpent) => (c.oracleSeconds === undefined ? undefined : Math.max(c.oracleSeconds, c.nodeSeconds));
  const oracleCpus = rounds.map((r) => busier(r.oracle));
  const torchCpus = rounds.map((r) => r.torch.cpuSeconds);
  const ratios = oracleCpus.some((c) => c === undefined) ? undefined : rounds.map((_, i) => torchCpus[i]! / oracleCpus[i]!);
  const wallRatio = oracleRate / torchRate;
  const perCase = (list: (number | undefined)[]) => list.map((c) => microseconds(c!, cases.length)).join(", ");
  return [
    {
      name: "live-vs-oracle",
      label: "live verified cases/s ÷ oracle alone, same cases",
      value: liveRatios[mid]!,
      unit: "x",
      goal: { better: "higher", target: 0.8 },
      detail:
        `seed ${seed}, ${runs} cases, after an untimed live run of ${runs} cases of seed ${seed + 1} (V8 compiles the port, judge and sampler while they first run; the oracle's Python needs no warm-up); ${LIVE_RUNS} live runs between the rounds of the next figure, the median of their ratios to the oracle alone of the rounds around each (${liveRatios.map((x) => x.toFixed(2)).join(", ")}); that run: ` +
        `the live judge (sampling, oracle, port, bit-exact comparison; the oracle kept ${batchSize} cases ahead, in batches of ${ORACLE_BATCH}) ` +
        `${live.casesPerSecond.toFixed(0)} cases/s (${describeCpu(liveCpu)}); ${oracleText} (the one before: ${describeCpu(before)})` +
        idleText +
        (failing > 0 ? `; in that run the port differed on ${failing} case(s) (not shrunk here)` : "; in that run the port agreed on every case"),
    },
    {
      name: "oracle-vs-pytorch",
      label: ratios === undefined ? "oracle alone cases/s ÷ PyTorch alone, same cases" : "oracle alone ÷ PyTorch alone, cases per CPU-second, same cases",
      value: ratios === undefined ? wallRatio : ratios[medianIndex(ratios)]!,
      unit: "x",
      goal: { better: "higher", target: 0.5 },
      detail:
        `the same ${runs} cases, each side run once untimed and then timed in ${ROUNDS} rounds, the oracle alone then PyTorch alone in each (a live run between each two of the first ${LIVE_RUNS + 1}); the median of the rounds' ratios: ` +
        (ratios === undefined
          ? "the oracle's CPU time cannot be read here (no /proc), so the figure is the ratio of the wall-clock rates; "
          : `rounds ${ratios.map((x) => x.toFixed(2)).join(", ")}; the oracle alone ${perCase(oracleCpus)} of CPU per case, the busier of its worker (${perCase(rounds.map((r) => r.oracle.oracleSeconds))}: request validation, the run, a snapshot after every step, encoding, reading and writing the pipe) and the client decoding its answers (${perCase(rounds.map((r) => r.oracle.nodeSeconds))}), `) +
        `PyTorch alone ${perCase(torchCpus)} (the oracle's own build and step functions in one Python process: no validation, recording, encoding or pipe)` +
        `; by the wall clock, ${oracleText}, PyTorch alone ${rounds[mid]!.torch.casesPerSecond.toFixed(0)} and ${rounds[mid + 1]!.torch.casesPerSecond.toFixed(0)} cases/s: ${wallRatio.toFixed(2)} x`,
    },
  ];
}

/** Loading and replaying the golden corpus on the port, bit-exact comparison included. */
export async function fixtureReplay(): Promise<GoalFigure> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const corpus = await loadReplayCorpus();
  const t1 = performance.now();
  const { verdicts } = await runEngine(corpus.items, { port: builtinAdapter, settings: { profiles: [], policy: BITS }, batchSize: 500 });
  const t2 = performance.now();
  const cpuUsed = process.cpuUsage(cpu);
  const cpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
  const bad = verdicts.filter((v) => v.status !== "pass").length + corpus.problems.length;
  const perCase = (t2 - t0) / corpus.items.length;
  return {
    name: "fixture-replay",
    label: "fixture replay, 5,000 cases",
    value: (perCase * 5000) / 1000,
    unit: "s",
    goal: { better: "lower", target: 5 },
    detail:
      `${corpus.items.length} golden cases: load ${seconds(t1 - t0)}, replay and compare ${seconds(t2 - t1)} of wall time ` +
      `(${seconds(cpuMs)} of CPU time in this process, ${((cpuMs / (t2 - t0)) * 100).toFixed(0)}% of the wall time)${corpus.items.length === 5000 ? "" : "; scaled to 5,000 cases"}`,
    ...(bad > 0 ? { invalid: `${bad} case(s) did not pass` } : {}),
  };
}

/** The catalogue's inverted-momentum bug: from the start of the live run (oracle up, answers not cached) to the shrunk case. */
export async function plantedBug(oracle: WorkerClient, oracleStartMs: number): Promise<GoalFigure> {
  const { seed, runs, batchSize, shrinkBudget } = JUDGE_CONFIG;
  const bug = BUG_CATALOGUE.find((b) => b.id === "bn-inverted-momentum")!;
  const port = overriddenBuiltinAdapter(`builtin+${bug.id}`, bug.overrides);
  const t0 = performance.now();
  const run = await runLive({ oracle, port, seed, runs, batchSize, shrinkBudget, stopAtFirstFailure: true });
  const ms = performance.now() - t0;
  const f = run.failure;
  if (f === null || run.firstFailure === null) throw new Error(`the planted bug ${bug.id} was not found`);
  const size = (c: Parameters<typeof caseSize>[0]) => {
    const s = caseSize(c);
    return `${s.nodes} nodes, ${s.steps} steps, ${s.bytes} bytes`;
  };
  return {
    name: "planted-bug",
    label: "find and shrink a planted bug",
    value: ms / 1000,
    unit: "s",
    goal: { better: "lower", target: 15 },
    detail:
      `${bug.id}, CI configuration (seed ${seed}, batches of ${batchSize}): first failure at case ${run.firstFailure.index + 1} after ${seconds(run.firstFailure.ms)}; ` +
      `shrunk in ${f.shrinks} steps (${f.liveCalls} cases live) in ${seconds(f.shrinkMs)} from ${size(f.original.case)} to ${size(f.shrunk.case)}; ` +
      `the oracle was already running (starting it took ${seconds(oracleStartMs)}, not counted)`,
  };
}

/** The port's BatchNorm2d training forward against torch's, one thread, DEFAULT capability. */
export function batchNorm2d(repeats: number): GoalFigure {
  const t = timeBatchNorm2d(repeats);
  return {
    name: "batchnorm2d",
    label: `BatchNorm2d training forward ${BN_SHAPE.join("x")} f32, port ÷ torch`,
    value: t.tsMs.min / t.torchMs.min,
    unit: "x",
    goal: { better: "lower", target: 2 },
    detail:
      `measured first in the run (a V8 that compiled the kernel for this input only), fastest of ${t.repeats} forwards of a fresh module on each side (two rounds of torch then the port, each after ${WARMUP} untimed forwards): ` +
      `port ${t.tsMs.min.toFixed(1)} ms (median ${t.tsMs.median.toFixed(1)}), torch ${t.torchMs.min.toFixed(1)} ms (median ${t.torchMs.median.toFixed(1)}) ` +
      `(${t.torch.torch}, ${t.torch.capability}, ${t.torch.threads} thread); output and running stats ${t.bitExact ? "bit-exact" : `NOT bit-exact (${t.mismatch})`}`,
    ...(t.bitExact ? {} : { invalid: `not bit-exact: ${t.mismatch}` }),
  };
}

export async function measureGoals(opts: { runs: number; repeats: number }): Promise<{ figures: GoalFigure[]; handshake: string }> {
  // The BatchNorm2d forward first, while V8 has compiled the port's kernel for nothing else: after the judge has run
  // float64 and tiny inputs through it, its code is polymorphic and the same forward takes about half as long again.
  const bn = batchNorm2d(opts.repeats);
  const figures: GoalFigure[] = [];
  const started = performance.now();
  const oracle = await startOracle({ provision: true });
  const startMs = performance.now() - started;
  let handshake = "";
  try {
    const d = await oracle.describe();
    handshake = `torch ${d.torch} (git ${d.gitVersion?.slice(0, 12)}), ATEN_CPU_CAPABILITY ${d.cpuCapability}, ${d.threads} thread(s), Python ${d.python}`;
    figures.push(...(await oracleThroughput(oracle, opts.runs)));
    figures.push(await plantedBug(oracle, startMs));
  } finally {
    await oracle.close();
  }
  figures.push(await fixtureReplay());
  figures.push(bn);
  return { figures, handshake };
}
