// The engine samples generated cases in parts, as a run reaches them (src/engine/generated.ts), and a live run replays
// one case by its position (TC_SEED and TC_PATH): both rest on fc.check testing the very values fc.sample yields with
// the same seed, and on a path naming the case at that position. This checks those premises for the judge's arbitrary.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseArbitrary } from "../../src/arbitraries/index.ts";
import type { Case } from "../../src/case/index.ts";
import { generateCases, parseGeneratedId, sampleCases } from "../../src/engine/generated.ts";

describe("fc.sample vs fc.check", () => {
  it("yields the values fc.check tests, in order, for the same seed", async () => {
    const seen: Case[] = [];
    const prop = fc.asyncProperty(caseArbitrary, async (c) => {
      seen.push(c);
      return true;
    });
    for (const seed of [1, 99, 123456]) {
      seen.length = 0;
      const sampled = sampleCases(caseArbitrary, seed, 300);
      const details = await fc.check(prop, { seed, numRuns: 300 });
      expect(details.failed).toBe(false);
      expect(seen.map((c) => JSON.stringify(c))).toEqual(sampled.map((c) => JSON.stringify(c)));
    }
  });

  it("replays a counterexample path as the one case at that path", async () => {
    const prop = fc.asyncProperty(caseArbitrary, async (c) => c.steps.length < 3);
    const details = await fc.check(prop, { seed: 5, numRuns: 200 });
    expect(details.failed).toBe(true);
    const [replayed] = sampleCases(caseArbitrary, 5, 1, details.counterexamplePath!);
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(details.counterexample![0]));
  });

  it("a stream sampled in parts yields the cases of one sample of them all", () => {
    for (const seed of [1, 42]) {
      const one = sampleCases(caseArbitrary, seed, 700).map((c, i) => JSON.stringify({ ...c, id: `g${seed}-${i}` }));
      expect(generateCases(seed, 700).map((g) => JSON.stringify(g.case))).toEqual(one);
    }
  });

  it("names generated cases by their position in the unfiltered stream, whatever --features selects", () => {
    const all = generateCases(3, 200);
    const bn = generateCases(3, 20, ["module.BatchNorm*"]);
    expect(bn).toHaveLength(20);
    for (const g of bn) {
      expect(parseGeneratedId(g.case.id)).toEqual({ seed: 3, signature: "", index: g.index });
      expect(JSON.stringify({ ...all[g.index]!.case, id: "" })).toBe(JSON.stringify({ ...g.case, id: "" }));
    }
  });
});
