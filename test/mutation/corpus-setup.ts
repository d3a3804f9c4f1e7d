// vitest globalSetup of mutation runs, once per Stryker test runner: loads the golden and regression corpora
// (reading and verifying 5,000 gzipped, hashed records takes seconds, longer than replaying them) and has real
// PyTorch answer the conformance case specs of test/port/cases/ (one oracle start per runner instead of one per
// mutant), then writes them to a temporary directory in chunks of CHUNK cases that replay.spec.ts reads one test
// at a time (handing the whole corpus to every run through vitest's provide() costs seconds per mutant). Order: first a few golden cases that
// between them carry every feature tag (greedily, most new tags first), so most mutants die within a few cases.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import type { Case } from "../../src/case/index.ts";
import { loadReplayCorpus } from "../../src/fixtures/corpus.ts";
import { goldenOf } from "../../src/fixtures/record.ts";
import type { ReplayItem } from "../../src/fixtures/replay.ts";
import { regressionsSource } from "../../src/fixtures/regressions-source.ts";
import { startOracle } from "../../src/oracle/index.ts";
import { batchNormCases } from "../port/cases/batchnorm.ts";
import { instanceLazyRreluCases } from "../port/cases/instancenorm-lazy-rrelu.ts";
import { moduleDropoutCases } from "../port/cases/module-dropout.ts";
import { CHUNK, chunkFile } from "./chunks.ts";

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

const SPECS: Record<string, readonly Case[]> = {
  "test/port/cases/batchnorm.ts": batchNormCases,
  "test/port/cases/module-dropout.ts": moduleDropoutCases,
  "test/port/cases/instancenorm-lazy-rrelu.ts": instanceLazyRreluCases,
};

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

async function specItems(): Promise<ReplayItem[]> {
  const oracle = await startOracle();
  try {
    const items: ReplayItem[] = [];
    for (const [file, cases] of Object.entries(SPECS)) {
      const answers = await oracle.runCases(cases);
      cases.forEach((c, i) => items.push({ suite: "specs", source: `${file} ${c.id}`, tags: c.tags ?? [], case: c, golden: goldenOf(answers[i]!) }));
    }
    return items;
  } finally {
    await oracle.close();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const corpus = await loadReplayCorpus({ extra: [regressionsSource] });
  const items = [...killerOrder(corpus.items), ...(await specItems())];
  const dir = await mkdtemp(path.join(tmpdir(), "torch-conformance-mutation-"));
  const chunks = Math.ceil(items.length / CHUNK);
  for (let k = 0; k < chunks; k++) await writeFile(chunkFile(dir, k), JSON.stringify(items.slice(k * CHUNK, (k + 1) * CHUNK)));
  project.provide("mutationCorpusDir", dir);
  project.provide("mutationChunks", chunks);
  project.provide("mutationCorpusSize", items.length);
  project.provide("mutationCorpusProblems", corpus.problems.map((p) => `${p.source}: ${p.message}`));
  return () => rm(dir, { recursive: true, force: true });
}
