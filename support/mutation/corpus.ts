// The replay corpus of mutation runs, written once to a directory in chunks of CHUNK cases (chunks.ts) with an
// index: the golden corpus (the generated groups and the hand-written specs of src/specs/, reading and verifying
// thousands of gzipped, hashed records takes seconds) and the regressions. Order: first a few golden cases that
// between them carry every feature tag (greedily, most new tags first), so most mutants die within a few cases.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { type CorpusItem, loadReplayCorpus, regressionsSource } from "../../src/corpus/corpus.ts";
import { CHUNK, chunkFile } from "./chunks.ts";

export interface CorpusIndex {
  chunks: number;
  size: number;
  /** The corpus's problems (unreadable or altered files), as messages. */
  problems: string[];
}

const indexFile = (dir: string) => path.join(dir, "index.json");

export function killerOrder(items: readonly CorpusItem[]): CorpusItem[] {
  const rest = new Set(items);
  const seen = new Set<string>();
  const first: CorpusItem[] = [];
  for (;;) {
    let best: CorpusItem | undefined;
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

/** Builds the corpus into `dir` (which must exist). */
export async function writeMutationCorpus(dir: string): Promise<CorpusIndex> {
  const corpus = await loadReplayCorpus({ extra: [regressionsSource] });
  const items = killerOrder(corpus.items);
  const chunks = Math.ceil(items.length / CHUNK);
  for (let k = 0; k < chunks; k++) await writeFile(chunkFile(dir, k), JSON.stringify(items.slice(k * CHUNK, (k + 1) * CHUNK)));
  const index: CorpusIndex = { chunks, size: items.length, problems: corpus.problems.map((p) => `${p.source}: ${p.reason}`) };
  await writeFile(indexFile(dir), JSON.stringify(index));
  return index;
}

export async function readMutationCorpus(dir: string): Promise<CorpusIndex> {
  try {
    return JSON.parse(await readFile(indexFile(dir), "utf8")) as CorpusIndex;
  } catch (e) {
    throw new Error(`no mutation corpus in ${dir} (${(e as Error).message}): TC_MUTATION_CORPUS must name a directory written by writeMutationCorpus`);
  }
}
