// The verify preset's case sources: one case by id (generated or stored), a seed range split into shards whose
// reports merge into one, the feature list; and progress that reads as whole lines off a terminal.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { progressReporter } from "../../src/cli/engine-options.ts";
import { featureCounts, shardSeeds } from "../../src/engine/generated.ts";
import { loadReplayCorpus } from "../../src/corpus/corpus.ts";
import type { Report } from "../../src/engine/report-model.ts";
import { cliOptions, runVerify } from "../verify/helpers.ts";

describe("verify --case", () => {
  it("reruns a generated case by its id, and a corpus case with its stored golden", { timeout: 120_000 }, async () => {
    const generated = await runVerify(cliOptions({ impl: "builtin", case: "g1-17", json: true }));
    expect(generated.report.cases.map((c) => [c.id, c.status])).toEqual([["g1-17", "pass"]]);
    expect(generated.report.settings.cases).toBe("case g1-17");
    const stored = (await loadReplayCorpus()).items[42]!;
    const replayed = await runVerify(cliOptions({ impl: "builtin", case: stored.case.id, json: true }));
    expect(replayed.report.cases.map((c) => [c.id, c.status])).toEqual([[stored.case.id, "pass"]]);
    await expect(runVerify(cliOptions({ impl: "builtin", case: "no-such-case" }))).rejects.toThrow(/--case no-such-case: no such file, and no case with this id/);
  });
});

describe("verify --shard over a seed range", () => {
  it("splits the seeds as every shard does (every n-th, starting at the i-th), refuses more shards than seeds, and the shards' reports merge", { timeout: 300_000 }, async () => {
    expect([1, 2, 3].map((i) => shardSeeds({ seed: 10, seeds: 7, runs: 1, shard: { index: i, count: 3 } }))).toEqual([[10, 13, 16], [11, 14], [12, 15]]);
    expect(() => shardSeeds({ seed: 1, seeds: 1, runs: 1000, shard: { index: 1, count: 2 } })).toThrow(/split by seed and has only 1 seed\(s\); give at least 2 seeds/);
    const files: string[] = [];
    for (const index of [1, 2]) {
      const { files: written } = await runVerify(cliOptions({ impl: "builtin", seed: 3, seeds: 4, runs: 10, shard: { index, count: 2 }, json: true }));
      files.push(written[0]!);
    }
    expect(files.map((f) => path.basename(f))).toEqual(["verify-builtin-shard-1-of-2.json", "verify-builtin-shard-2-of-2.json"]);
    const { report } = await runVerify(cliOptions({ impl: "builtin", merge: files, json: true }));
    const ids = report.cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(40);
    expect(new Set(ids.map((id) => id.split("-")[0]))).toEqual(new Set(["g3", "g4", "g5", "g6"]));
    expect(report.shards).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
    expect(report.ok).toBe(true);
    expect((JSON.parse(readFileSync(files[0]!, "utf8")) as Report).settings.cases).toMatch(/^20 generated cases, seeds 3\.\.6 \(shard 1\/2\)$/);
  });
});

describe("feature list and progress", () => {
  it("lists the tags --features selects on, with counts", () => {
    const tags = new Map(featureCounts(1, 300));
    expect(tags.get("module.BatchNorm2d")).toBeGreaterThan(0);
    expect(tags.get("op.forward")).toBeGreaterThan(0);
    expect([...tags.values()].every((n) => n > 0 && n <= 300)).toBe(true);
  });

  it("writes one whole line per tenth of the work when stderr is not a terminal", () => {
    let text = "";
    const sink = Object.assign(new Writable({ write: (chunk, _e, done) => ((text += String(chunk)), done()) }), { isTTY: false }) as unknown as NodeJS.WriteStream;
    const report = progressReporter(false, sink)!;
    for (let i = 0; i <= 100; i++) report("cases", i, 100);
    expect(text).not.toContain("\r");
    expect(text.split("\n").filter((l) => l !== "")).toEqual(Array.from({ length: 11 }, (_, k) => `cases: ${k * 10}/100`));
  });
});
