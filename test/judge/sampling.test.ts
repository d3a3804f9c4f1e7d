// The live judge samples cases up front and relies on fc.check testing the very same values with the same seed
// (src/conformance/live.ts). This checks that premise for the judge's own property.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseArbitrary } from "../../src/arbitraries/index.ts";
import type { Case } from "../../src/case/index.ts";
import { judgeProperty, sampleCases } from "../../src/conformance/live.ts";

describe("fc.sample vs fc.check", () => {
  it("yields the values fc.check tests, in order, for the same seed", async () => {
    const seen: Case[] = [];
    const prop = judgeProperty(caseArbitrary, async (c) => {
      seen.push(c);
      return { case: c, golden: { id: "", status: "lost", reason: "" }, port: { id: "", status: "lost", reason: "" }, difference: null, tags: [] };
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
    const prop = judgeProperty(caseArbitrary, async (c) => ({ case: c, golden: { id: "", status: "lost", reason: "" }, port: { id: "", status: "lost", reason: "" }, difference: c.steps.length >= 3 ? { path: "", golden: "", port: "", note: "" } : null, tags: [] }));
    const details = await fc.check(prop, { seed: 5, numRuns: 200 });
    expect(details.failed).toBe(true);
    const [replayed] = sampleCases(caseArbitrary, 5, 1, details.counterexamplePath!);
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(details.counterexample![0]));
  });
});
