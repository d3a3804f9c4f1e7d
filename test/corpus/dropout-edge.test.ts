// The corpus holds dropout's keep/drop edge (p = 1 - u for a uniform u the forward draws: src/specs/module-dropout.ts)
// for every dropout class and both float dtypes, so a port that keeps on u <= 1 - p instead of u < 1 - p fails the
// stored corpus, with no oracle: the catalogue's dropout-keep-off-by-one planted into the built-in port.
import { beforeAll, describe, expect, it } from "vitest";
import { overriddenBuiltinAdapter } from "../../src/adapters/builtin/overrides.ts";
import { onDropoutEdge } from "../../src/arbitraries/edges.ts";
import { decodePy } from "../../src/case/index.ts";
import { BIT_EXACT } from "../../src/engine/judge.ts";
import { type EngineItem, runEngine } from "../../src/engine/run.ts";
import { loadReplayCorpus } from "../../src/corpus/corpus.ts";
import { currentExpectation } from "../../src/corpus/expectation.ts";
import { DROPOUTS } from "../../support/bugs/plant.ts";
import { BUG_CATALOGUE } from "../../support/bugs/catalogue.ts";

describe("dropout's keep/drop edge in the corpus", () => {
  let edges: EngineItem[];
  beforeAll(async () => {
    const corpus = await loadReplayCorpus({ expectation: currentExpectation() });
    edges = corpus.items.filter((i) => i.case.id.startsWith("module-dropout/edge/"));
  });

  it("covers every dropout class in float32 and float64, each case with p on a draw after its manual_seed", () => {
    const types = new Set(edges.map((i) => Object.values(i.case.nodes)[0]!.type));
    expect([...types].sort()).toEqual([...DROPOUTS].sort());
    expect(new Set(edges.map((i) => i.case.steps[1]!.op === "forward" && i.case.steps[1].input.dtype))).toEqual(new Set(["float32", "float64"]));
    for (const { case: c } of edges) {
      const seed = c.steps[0]!.op === "manual_seed" ? c.steps[0].seed : NaN;
      expect(onDropoutEdge(seed, Number(decodePy(Object.values(c.nodes)[0]!.args![0]!))), c.id).toBe(true);
    }
  });

  it("catches the keep comparison's off-by-one in every one of those cases", async () => {
    const bug = BUG_CATALOGUE.find((b) => b.id === "dropout-keep-off-by-one")!;
    const port = overriddenBuiltinAdapter(`builtin+${bug.id}`, bug.overrides);
    const verdicts = (await runEngine(edges, { port, settings: BIT_EXACT })).verdicts;
    expect(verdicts.filter((v) => v.status !== "fail").map((v) => v.id)).toEqual([]);
    expect(verdicts.length).toBe(edges.length);
  });
});
