// Mutation runs only (vitest.mutate.config.ts; `npm test` runs the same cases in test/corpus/committed.test.ts
// and test/port/conformance-*.test.ts): the golden corpus, the regression corpus and the conformance case specs
// (malformed requests among them), every answer PyTorch's (written in chunks by corpus-setup.ts), replayed on the
// built-in port bit for bit. One test per chunk, each stopping at its first difference: Stryker runs a mutant only
// against the chunks whose cases reach the mutated code, and a mutant of the hot path dies in the first chunk.
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { runCase } from "../../src/adapters/builtin/index.ts";
import { compareOutcomes, formatDifferences } from "../../src/conformance/compare.ts";
import type { CorpusItem } from "../../src/corpus/corpus.ts";
import { CHUNK, chunkFile } from "../../support/mutation/chunks.ts";

const dir = inject("mutationCorpusDir");
const size = inject("mutationCorpusSize");
const chunks = Array.from({ length: inject("mutationChunks") }, (_, k) => [k * CHUNK, Math.min(size, (k + 1) * CHUNK), k] as const);

describe("golden, regression and case-spec corpora on the port", () => {
  it("loads", () => {
    expect(inject("mutationCorpusProblems")).toEqual([]);
    expect(size).toBeGreaterThanOrEqual(5000);
  });

  it.each(chunks)("replays cases %i..%i bit for bit", (_from, _to, k) => {
    const items = JSON.parse(readFileSync(chunkFile(dir, k), "utf8")) as CorpusItem[];
    for (const item of items) {
      const golden = item.golden;
      // a rejection (only the malformed-request specs have one) must match in code, pointer and text, as in
      // test/port/conformance-rejections.test.ts; the judge itself compares only codes
      const port = runCase(item.case);
      const diff = golden.status === "rejected" ? (isDeepStrictEqual(golden, port) ? "" : `rejected as ${JSON.stringify(golden)}, port: ${JSON.stringify(port)}`) : formatDifferences(compareOutcomes(golden, port));
      if (diff !== "") expect.fail(`${item.case.id} (${item.source}): ${diff}`);
    }
  });
});
