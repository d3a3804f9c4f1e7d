// The answer cache asks its adapter once per case (ids aside), gives every answer the id of the case asked, and asks
// again for a case whose answer was lost or timed out (neither says anything about the case); a golden is never
// recorded from either.
import { describe, expect, it } from "vitest";
import type { Adapter, Outcome } from "../../src/adapters/adapter.ts";
import type { Case } from "../../src/case/index.ts";
import { cachedAdapter } from "../../src/conformance/answer-cache.ts";
import { goldenOf, RecordError } from "../../src/corpus/shard-file.ts";

const kase = (id: string, root: string): Case => ({ schema: 1, id, nodes: { [root]: { type: "Identity" } }, root, steps: [] });

function recording(lose: Set<string>, timeOut = new Set<string>()): Adapter & { asked: string[] } {
  const asked: string[] = [];
  return {
    name: "fake",
    asked,
    describe: async () => ({ implementation: "fake" }),
    async runCases(cases) {
      asked.push(...cases.map((c) => c.id));
      return cases.map((c): Outcome => {
        if (lose.has(c.root)) return { id: c.id, status: "lost", reason: "crash" };
        if (timeOut.has(c.root)) return { id: c.id, status: "rejected", code: "timeout", message: "the case ran longer than the time limit of 10 s", where: "/case/steps/0" };
        return { id: c.id, status: "ok", result: { schema: 1, id: c.id, build: { error: null, warnings: [] }, steps: [] } };
      });
    },
    close: async () => {},
  };
}

describe("cachedAdapter", () => {
  it("answers a case once, whatever its id, with the id asked", async () => {
    const base = recording(new Set());
    const cached = cachedAdapter(base);
    await cached.runCases([kase("a1", "m"), kase("b1", "n")]);
    const again = await cached.runCases([kase("b2", "n"), kase("c2", "o"), kase("a2", "m")]);
    expect(base.asked).toEqual(["a1", "b1", "c2"]);
    expect(again.map((o) => o.id)).toEqual(["b2", "c2", "a2"]);
    expect(again.map((o) => (o.status === "ok" ? o.result.id : null))).toEqual(["b2", "c2", "a2"]);
  });

  it("asks again for a case whose answer was lost", async () => {
    const lose = new Set(["m"]);
    const base = recording(lose);
    const cached = cachedAdapter(base);
    expect((await cached.runCases([kase("a1", "m")]))[0]!.status).toBe("lost");
    lose.clear();
    expect((await cached.runCases([kase("a2", "m")]))[0]!.status).toBe("ok");
    expect(base.asked).toEqual(["a1", "a2"]);
  });

  it("asks again for a case that timed out, and records no golden from it", async () => {
    const slow = new Set(["m"]);
    const base = recording(new Set(), slow);
    const cached = cachedAdapter(base);
    const [first] = await cached.runCases([kase("a1", "m")]);
    expect(first).toMatchObject({ status: "rejected", code: "timeout" });
    expect(() => goldenOf(first!)).toThrow(RecordError);
    expect(() => goldenOf(first!)).toThrow("the oracle gave no answer (the case ran longer than the time limit of 10 s)");
    slow.clear();
    expect((await cached.runCases([kase("a2", "m")]))[0]!.status).toBe("ok");
    expect(base.asked).toEqual(["a1", "a2"]);
  });
});
