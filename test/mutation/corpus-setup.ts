// vitest globalSetup of mutation runs: loads the golden and regression corpora once per Stryker test runner
// (reading and verifying 5,000 gzipped, hashed records takes seconds, longer than replaying them) and hands the
// plain records to every run of replay.spec.ts.
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

export default async function setup(project: TestProject): Promise<void> {
  const corpus = await loadReplayCorpus({ extra: [regressionsSource] });
  project.provide("mutationCorpus", corpus.items);
  project.provide("mutationCorpusProblems", corpus.problems.map((p) => `${p.source}: ${p.message}`));
}
