// vitest globalSetup of mutation runs: loads the golden and regression corpora once per Stryker test runner
// (reading and verifying 5,000 gzipped, hashed records takes seconds, longer than replaying them) and hands the
// plain records to every run of replay.spec.ts, ordered so that a mutant dies early: first a few cases that between
// them carry every feature tag (greedily, most new tags first), then the rest in corpus order.
import type { TestProject } from "vitest/node";
import { loadReplayCorpus } from "../../src/fixtures/corpus.ts";
import type { ReplayItem } from "../../src/fixtures/replay.ts";
import { regressionsSource } from "../../src/fixtures/regressions-source.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The golden + regression replay items, in replay order. */
    mutationCorpus: ReplayItem[];
    /** The corpus's problems (unreadable or altered files), as messages. */
    mutationCorpusProblems: string[];
  }
}

export function killerOrder(items: readonly ReplayItem[]): ReplayItem[] {
  const rest = new Set(items);
  const seen = new Set<string>();
  const first: ReplayItem[] = [];
  for (;;) {
    let best: ReplayItem | undefined;
    let gain = 0;
    for (const it of rest) {
      const g = new Set(it.tags.filter((t) => !seen.has(t))).size;
      if (g > gain) [best, gain] = [it, g];
    }
    if (!best) break;
    first.push(best);
    rest.delete(best);
    for (const t of best.tags) seen.add(t);
  }
  return [...first, ...rest];
}

export default async function setup(project: TestProject): Promise<void> {
  const corpus = await loadReplayCorpus({ extra: [regressionsSource] });
  project.provide("mutationCorpus", killerOrder(corpus.items));
  project.provide("mutationCorpusProblems", corpus.problems.map((p) => `${p.source}: ${p.message}`));
}
