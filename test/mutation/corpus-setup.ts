// vitest globalSetup of mutation runs, once per Stryker test runner: hands replay.spec.ts the replay corpus
// (corpus.ts) as a directory of chunk files, read one test at a time (handing the whole corpus to every run
// through vitest's provide() costs seconds per mutant). scripts/mutate.ts builds it once for all runners and
// batches and names it in TC_MUTATION_CORPUS, so a runner restarted after a timeout starts in a moment; without
// it (`npx stryker run` alone) each runner builds its own, starting PyTorch once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { readMutationCorpus, writeMutationCorpus } from "../../support/mutation/corpus.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Directory of the replay items, chunk-<k>.json for k < mutationChunks, in replay order. */
    mutationCorpusDir: string;
    mutationChunks: number;
    /** How many items the chunks hold. */
    mutationCorpusSize: number;
    /** The corpus's problems (unreadable or altered files), as messages. */
    mutationCorpusProblems: string[];
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TC_MUTATION_CORPUS;
  const dir = given || (await mkdtemp(path.join(tmpdir(), "torch-conformance-mutation-")));
  const index = given ? await readMutationCorpus(dir) : await writeMutationCorpus(dir);
  project.provide("mutationCorpusDir", dir);
  project.provide("mutationChunks", index.chunks);
  project.provide("mutationCorpusSize", index.size);
  project.provide("mutationCorpusProblems", index.problems);
  return given ? undefined : () => rm(dir, { recursive: true, force: true });
}
