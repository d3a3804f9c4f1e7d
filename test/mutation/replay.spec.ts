// Mutation runs only (vitest.mutate.config.ts; `npm test` runs the full replay in test/fixtures/committed.test.ts):
// the golden corpus and the regression corpus, every answer PyTorch's, replayed on the built-in port one case at a
// time and stopped at the first difference, so a mutant that changes any stored result dies within a few cases
// instead of after all 5,000. The corpus is loaded once per test runner by corpus-setup.ts.
import { describe, expect, inject, it } from "vitest";
import { runCase } from "../../src/adapters/builtin/index.ts";
import { outcomeOf } from "../../src/fixtures/record.ts";
import { bitExact } from "../../src/fixtures/replay.ts";

describe("golden and regression corpora on the port (first difference)", () => {
  const items = inject("mutationCorpus");

  it("loads", () => {
    expect(inject("mutationCorpusProblems")).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(5000);
  });

  it("replays bit for bit", () => {
    for (const item of items) {
      const diff = bitExact(outcomeOf(item.case.id, item.golden), runCase(item.case), item.case);
      if (diff !== undefined) expect.fail(`${item.case.id} (${item.source}): ${diff}`);
    }
  });
});
