// A hunt's state file: its plan, what generated and answered the cases, and one entry per finished seed. Rewritten
// atomically (temporary file, then rename) after every seed, so an interrupted hunt resumes at the first seed that
// had not finished; shards' files merge into one when they agree on everything but their seeds.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { readJsonFileSync } from "../json-file.ts";
import path from "node:path";
import type { HuntPlan } from "./plan.ts";
import { planSeeds } from "./plan.ts";

export const HUNT_STATE_FORMAT = 1;

export interface Disagreement {
  /** Index of the first differing case in this seed's run, and how many of its cases differed. */
  index: number;
  failedCases: number;
  /** TC_SEED=<seed> TC_PATH=<path> replays the first differing case and shrinks it to the same case (with the arbitraries of the hunt's generator). */
  path: string;
  /** The first difference of the shrunk case, as the comparator prints it. */
  difference: string;
  /** The regression file written for it (relative to the repository), or why none was. */
  regression: string;
}

export interface SeedResult {
  seed: number;
  cases: number;
  ms: number;
  /** The port's source when this seed ran (git commit, "+dirty" with uncommitted changes). */
  commit: string;
  finishedAt: string;
  disagreement: Disagreement | null;
}

export interface HuntState {
  format: typeof HUNT_STATE_FORMAT;
  plan: HuntPlan;
  /** Hash of the case generator (src/corpus/provenance.ts): the same seeds mean the same cases only under it. */
  generator: string;
  /** The oracle's torch version, git hash, CPU capability and threads. */
  torch: { version: string; git: string; cpuCapability: string; threads: number };
  startedAt: string;
  seeds: SeedResult[];
}

const samePlan = (a: HuntPlan, b: HuntPlan) => a.seedFrom === b.seedFrom && a.seedTo === b.seedTo && a.casesPerSeed === b.casesPerSeed;
const sameTorch = (a: HuntState["torch"], b: HuntState["torch"]) => a.version === b.version && a.git === b.git && a.cpuCapability === b.cpuCapability && a.threads === b.threads;
const planText = (p: HuntPlan) => `seeds ${p.seedFrom}-${p.seedTo}, ${p.casesPerSeed} cases each`;
const torchText = (t: HuntState["torch"]) => `torch ${t.version} (git ${t.git}), ${t.cpuCapability}, ${t.threads} thread(s)`;

/** Why `found` cannot continue or join `wanted`'s hunt, or null when it can. */
export function incompatibility(found: Omit<HuntState, "seeds" | "startedAt">, wanted: Omit<HuntState, "seeds" | "startedAt">): string | null {
  if (!samePlan(found.plan, wanted.plan)) return `it is a hunt over ${planText(found.plan)}, not ${planText(wanted.plan)}`;
  if (found.generator !== wanted.generator) return `its cases came from another case generator (hash ${found.generator.slice(0, 12)}, now ${wanted.generator.slice(0, 12)}): the same seeds give other cases`;
  if (!sameTorch(found.torch, wanted.torch)) return `it was answered by ${torchText(found.torch)}, not ${torchText(wanted.torch)}`;
  return null;
}

/** Reads and checks a state file; throws an Error naming the file and what is wrong with it. */
export function readHuntState(file: string): HuntState {
  const s = readJsonFileSync(file, "the hunt state file") as HuntState;
  const bad = (what: string) => new Error(`${file}: not a hunt state file (${what})`);
  if (s === null || typeof s !== "object") throw bad("not an object");
  if (s.format !== HUNT_STATE_FORMAT) throw bad(`format ${String(s.format)} is not ${HUNT_STATE_FORMAT}`);
  const p = s.plan as Partial<HuntPlan> | undefined;
  if (!p || ![p.seedFrom, p.seedTo, p.casesPerSeed].every((n) => Number.isSafeInteger(n))) throw bad("plan needs integer seedFrom, seedTo, casesPerSeed");
  if (typeof s.generator !== "string" || !s.torch || typeof s.torch.version !== "string") throw bad("generator or torch missing");
  if (!Array.isArray(s.seeds)) throw bad("seeds is not a list");
  const range = new Set(planSeeds(s.plan));
  for (const [i, r] of s.seeds.entries()) {
    if (!range.has(r?.seed)) throw bad(`seeds[${i}]: seed ${String(r?.seed)} is outside the plan's range`);
    if (r.cases !== s.plan.casesPerSeed) throw bad(`seeds[${i}]: ${String(r.cases)} cases, the plan says ${s.plan.casesPerSeed}`);
  }
  return s;
}

export function writeHuntState(file: string, state: HuntState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 1) + "\n");
  renameSync(tmp, file);
}

/** Shards' states as one: they must agree on plan, generator and torch, and no seed may appear twice. */
export function mergeHuntStates(states: { file: string; state: HuntState }[]): HuntState {
  if (states.length === 0) throw new Error("--merge needs at least one state file");
  const [first, ...rest] = states;
  const seen = new Map<number, string>();
  for (const { file, state } of states) {
    const why = incompatibility(state, first!.state);
    if (why) throw new Error(`${file} cannot be merged with ${first!.file}: ${why}`);
    for (const r of state.seeds) {
      const other = seen.get(r.seed);
      if (other !== undefined) throw new Error(`seed ${r.seed} was run by both ${other} and ${file}: shards must not overlap`);
      seen.set(r.seed, file);
    }
  }
  const startedAt = [first!, ...rest].map((s) => s.state.startedAt).sort()[0]!;
  const seeds = states.flatMap((s) => s.state.seeds).sort((a, b) => a.seed - b.seed);
  return { ...first!.state, startedAt, seeds };
}

/** The plan's seeds no entry covers yet. */
export const missingSeeds = (state: HuntState): number[] => {
  const done = new Set(state.seeds.map((r) => r.seed));
  return planSeeds(state.plan).filter((s) => !done.has(s));
};
