// The live judge in CI: a fixed seed and number of random cases (test/judge/judge.config.json) through real PyTorch
// and the built-in port, compared bit for bit. Exploration: TC_SEED=<n> TC_RUNS=<n>; replay of a reported
// counterexample: TC_SEED=<seed> TC_PATH=<path>. A failure is shrunk with the oracle in the loop, printed with both
// reproducers and written to fixtures/regressions/ (commit it: test/judge/regressions.test.ts replays it).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinAdapter } from "../../src/adapters/builtin/index.ts";
import { readJudgeConfig } from "../../src/conformance/config.ts";
import { formatFailure } from "../../src/engine/failure-report.ts";
import { runLive } from "../../src/engine/live.ts";
import { saveFailure } from "../../src/engine/save-failure.ts";
import { writeTagReport } from "../../src/conformance/tag-report.ts";
import { sharedOracle } from "../oracle/helpers.ts";

const REPO = path.resolve(import.meta.dirname, "..", "..");
const cfg = readJudgeConfig(path.join(import.meta.dirname, "judge.config.json"));

describe("live judge", () => {
  it(`the built-in port agrees with PyTorch on random cases (seed ${cfg.seed}${cfg.path ? `, path ${cfg.path}` : `, ${cfg.runs} runs`})`, { timeout: 900_000 }, async () => {
    const oracle = await sharedOracle();
    const run = await runLive({ oracle, port: builtinAdapter, ...cfg, shrinkBudget: cfg.shrinkBudget });
    const report = writeTagReport(path.join(REPO, "reports"), { seed: run.seed, runs: run.verdicts.length, casesPerSecond: run.casesPerSecond }, run.verdicts.map((v) => v.tags));
    console.log(`live judge: ${run.verdicts.length} cases in ${(run.firstPassMs / 1000).toFixed(1)} s (${run.casesPerSecond.toFixed(0)} cases/s); tag table in reports/tags.md`);
    if (run.failure !== null) {
      const f = run.failure;
      const file = (await saveFailure(path.join(REPO, "fixtures", "regressions"), f, oracle, builtinAdapter.name)) ?? "(not written: the oracle gave no result)";
      console.error(`${formatFailure(f, builtinAdapter.name)}\nWritten to ${file}`);
      expect.fail(`the port differs from PyTorch (shrunk case written to ${file}); see the report above`);
    }
    if (!cfg.exploratory) {
      expect(report.missingRequired, "required feature tags never exercised by the CI run").toEqual([]);
      expect(report.belowMinimum, "required feature tags below their minimum share of the CI run (src/conformance/tag-shares.ts)").toEqual([]);
    }
  });
});
