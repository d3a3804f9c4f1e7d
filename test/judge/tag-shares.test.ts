// The reach rule itself (project-owned numbers): a required tag under 1% of the run, or under its stated minimum when
// it is rare by nature, is reported with its count and share; at or above, it is not.
import { describe, expect, it } from "vitest";
import { MIN_SHARE, RARE_TAGS, shortTags } from "../../src/conformance/tag-shares.ts";
import { REQUIRED_TAGS } from "../../src/conformance/tags.ts";

describe("tag shares", () => {
  it("reports a required tag below 1% (or never seen), and passes one at exactly 1%", () => {
    const counts = new Map([["a", 10], ["b", 9]]);
    expect(shortTags(counts, 1000, ["a", "b", "c"])).toEqual([
      { tag: "b", cases: 9, share: 0.009, minimum: MIN_SHARE },
      { tag: "c", cases: 0, share: 0, minimum: MIN_SHARE },
    ]);
  });

  it("holds a rare-by-nature tag to its stated minimum instead", () => {
    const [tag, rare] = Object.entries(RARE_TAGS)[0]!;
    const at = Math.ceil(rare.share * 10_000);
    expect(shortTags(new Map([[tag, at]]), 10_000, [tag])).toEqual([]);
    expect(shortTags(new Map([[tag, at - 1]]), 10_000, [tag])).toEqual([{ tag, cases: at - 1, share: (at - 1) / 10_000, minimum: rare.share }]);
  });

  it("names only required tags as rare, each with a reason and a minimum below 1%", () => {
    for (const [tag, r] of Object.entries(RARE_TAGS)) {
      expect(REQUIRED_TAGS as readonly string[]).toContain(tag);
      expect(r.share).toBeGreaterThan(0);
      expect(r.share).toBeLessThan(MIN_SHARE);
      expect(r.why.length).toBeGreaterThan(20);
    }
  });
});
