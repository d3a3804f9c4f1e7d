// What a hunt covers: a contiguous range of seeds and a total number of live cases, split evenly over the seeds (each
// seed is one live run of its own, and the unit of progress, resumption and sharding). `--shard i/n` splits the seeds
// as every sharded run does (engine/partition.ts), so n machines together cover each seed once.
import { type ShardSpec, takeShard } from "../engine/partition.ts";

export interface HuntPlan {
  seedFrom: number;
  seedTo: number;
  /** Live cases per seed: the requested total divided over the seeds, rounded up. */
  casesPerSeed: number;
}

/** "7" or "1-20" (inclusive); seeds are non-negative integers, as fast-check takes them. */
export function parseSeedRange(text: string): { seedFrom: number; seedTo: number } {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const seedFrom = m ? Number(m[1]) : NaN;
  const seedTo = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || !Number.isSafeInteger(seedFrom) || !Number.isSafeInteger(seedTo) || seedTo < seedFrom || seedTo > 0xffffffff) {
    throw new Error(`--seeds ${JSON.stringify(text)}: expected a seed or an inclusive range "from-to" of seeds 0..4294967295 with from <= to, e.g. --seeds 1-20`);
  }
  return { seedFrom, seedTo };
}

export function makePlan(seeds: { seedFrom: number; seedTo: number }, cases: number): HuntPlan {
  if (!Number.isSafeInteger(cases) || cases < 1) throw new Error(`--cases must be a positive integer, got ${cases}`);
  const count = seeds.seedTo - seeds.seedFrom + 1;
  return { ...seeds, casesPerSeed: Math.ceil(cases / count) };
}

export const planSeeds = (plan: HuntPlan): number[] => Array.from({ length: plan.seedTo - plan.seedFrom + 1 }, (_, i) => plan.seedFrom + i);

/** The seeds one shard runs. */
export const shardSeeds = (plan: HuntPlan, shard: ShardSpec | undefined): number[] => takeShard(planSeeds(plan), shard);

export const planTotal = (plan: HuntPlan): number => (plan.seedTo - plan.seedFrom + 1) * plan.casesPerSeed;

export const seedsLabel = (plan: HuntPlan): string => (plan.seedFrom === plan.seedTo ? `${plan.seedFrom}` : `${plan.seedFrom}-${plan.seedTo}`);
