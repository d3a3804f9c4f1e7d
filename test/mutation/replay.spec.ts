// Mutation runs only (vitest.mutate.config.ts; `npm test` runs the same cases in test/fixtures/committed.test.ts
// and test/port/conformance-*.test.ts): the golden corpus, the regression corpus and the conformance case specs,
// every answer PyTorch's (corpus-setup.ts), replayed on the built-in port bit for bit. One test per chunk of
// cases, each stopping at its first difference: Stryker runs a mutant only against the chunks whose cases reach
// the mutated code, and a mutant of the hot path dies in the first chunk.
import { describe, expect, inject, it } from "vitest";
import { runCase } from "../../src/adapters/builtin/index.ts";
import { outcomeOf } from "../../src/fixtures/record.ts";
import { bitExact } from "../../src/fixtures/replay.ts";

const CHUNK = 50;
const items = inject("mutationCorpus");
const chunks = Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, k) => [k * CHUNK, Math.min(items.length, (k + 1) * CHUNK)] as const);

describe("golden, regression and case-spec corpora on the port", () => {
  it("loads", () => {
    expect(inject("mutationCorpusProblems")).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(5000);
  });

  it.each(chunks)("replays cases %i..%i bit for bit", (from, to) => {
    for (const item of items.slice(from, to)) {
      const diff = bitExact(outcomeOf(item.case.id, item.golden), runCase(item.case), item.case);
      if (diff !== undefined) expect.fail(`${item.case.id} (${item.source}): ${diff}`);
    }
  });
});
