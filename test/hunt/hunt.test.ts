// The hunt loop against real PyTorch, on small plans: a planted bug is found, shrunk, saved as a regression and
// recorded; an interrupted hunt resumes where it stopped; shards run their own seeds and merge into one clean hunt.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Adapter } from "../../src/adapters/adapter.ts";
import { builtinAdapter } from "../../src/adapters/builtin/index.ts";
import { overriddenBuiltinAdapter } from "../../src/adapters/builtin/overrides.ts";
import { readRegressions } from "../../src/conformance/regressions.ts";
import { makePlan } from "../../src/hunt/plan.ts";
import { type HuntOptions, runHunt } from "../../src/hunt/run.ts";
import { mergeHuntStates, missingSeeds, readHuntState, writeHuntState } from "../../src/hunt/state.ts";
import { invertedMomentum } from "../../support/bugs/catalogue.ts";
import { sharedOracle } from "../oracle/helpers.ts";

let oracle: Adapter;
beforeAll(async () => {
  oracle = await sharedOracle();
});

function options(dir: string, over: Partial<HuntOptions>): HuntOptions & { lines: string[] } {
  const lines: string[] = [];
  return {
    plan: makePlan({ seedFrom: 1, seedTo: 2 }, 80),
    stateFile: path.join(dir, "state.json"),
    regressionsDir: path.join(dir, "regressions"),
    oracle,
    port: builtinAdapter,
    generator: "test-generator",
    commit: "test-commit",
    batchSize: 25,
    shrinkBudget: 2000,
    log: (l) => lines.push(l),
    progressEveryMs: 0,
    lines,
    ...over,
  };
}
const tmp = () => mkdtempSync(path.join(tmpdir(), "hunt-run-"));

describe("hunt", () => {
  it("finds a planted bug, keeps it as a regression with PyTorch's answer, and records it in the state", { timeout: 300_000 }, async () => {
    const dir = tmp();
    const port = overriddenBuiltinAdapter("builtin+inverted-momentum", { BatchNorm1d: invertedMomentum, BatchNorm2d: invertedMomentum, BatchNorm3d: invertedMomentum });
    const o = options(dir, { port, plan: makePlan({ seedFrom: 7, seedTo: 7 }, 300) });
    const { state, ran } = await runHunt(o);
    expect(ran).toBe(1);
    const d = state.seeds[0]!.disagreement!;
    expect(d, "the planted bug was not found").not.toBeNull();
    expect(d.failedCases).toBeGreaterThan(0);
    expect(o.lines.join("\n")).toContain(`replay: TC_SEED=7 TC_PATH=${d.path}`);
    const corpus = readRegressions(o.regressionsDir);
    expect(corpus.problems).toEqual([]);
    expect(corpus.entries).toHaveLength(1);
    expect(path.resolve(d.regression)).toBe(corpus.entries[0]!.file);
    expect(corpus.entries[0]!.entry.found).toMatchObject({ seed: 7, path: d.path, port: "builtin+inverted-momentum" });
    expect(readHuntState(o.stateFile)).toEqual(state);
  });

  it("resumes after an interruption: seeds already in the state file are not run again", { timeout: 300_000 }, async () => {
    const dir = tmp();
    const first = await runHunt(options(dir, { plan: makePlan({ seedFrom: 3, seedTo: 3 }, 40) }));
    expect(first.state.seeds.map((r) => [r.seed, r.cases, r.disagreement])).toEqual([[3, 40, null]]);
    // an interrupted two-seed hunt: the state file holds seed 3 only
    const interrupted = { ...first.state, plan: makePlan({ seedFrom: 3, seedTo: 4 }, 80) };
    writeHuntState(path.join(dir, "state.json"), interrupted);
    const o = options(dir, { plan: interrupted.plan });
    const resumed = await runHunt(o);
    expect(resumed.ran).toBe(1);
    expect(resumed.state.seeds.map((r) => r.seed)).toEqual([3, 4]);
    expect(resumed.state.seeds[0]).toEqual(first.state.seeds[0]);
    expect(o.lines[0]).toContain("resuming: 1 seeds already done");
    expect(missingSeeds(resumed.state)).toEqual([]);
    expect((await runHunt(options(dir, { plan: interrupted.plan }))).ran).toBe(0);
    await expect(runHunt(options(dir, { plan: makePlan({ seedFrom: 3, seedTo: 5 }, 120) }))).rejects.toThrow(/state\.json cannot be resumed: it is a hunt over seeds 3-4/);
  });

  it("shards run disjoint seeds and merge into the whole hunt", { timeout: 300_000 }, async () => {
    const dir = tmp();
    const plan = makePlan({ seedFrom: 11, seedTo: 13 }, 90);
    const shards = [];
    for (const index of [1, 2]) {
      const stateFile = path.join(dir, `shard-${index}.json`);
      const { state } = await runHunt(options(dir, { plan, shard: { index, count: 2 }, stateFile }));
      shards.push({ file: stateFile, state });
    }
    expect(shards.map((s) => s.state.seeds.map((r) => r.seed))).toEqual([[11, 13], [12]]);
    const merged = mergeHuntStates(shards);
    expect(missingSeeds(merged)).toEqual([]);
    expect(merged.seeds.every((r) => r.disagreement === null && r.cases === 30)).toBe(true);
    expect(existsSync(path.join(dir, "regressions"))).toBe(false);
    expect(JSON.parse(readFileSync(shards[0]!.file, "utf8")).torch.version).toMatch(/^2\.13\.0/);
  });
});
