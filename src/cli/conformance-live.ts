// The live part of the conformance gate: random cases from the judge's arbitrary, run on the oracle and the port,
// compared bit for bit, a failure shrunk (src/conformance/live.ts). Skipped, with a line saying why, when the oracle
// cannot start. `--shard i/n` gives each shard its own seed (base + i - 1) and an equal share of the runs.
import type { Adapter } from "../adapters/adapter.ts";
import { formatDifference } from "../conformance/compare.ts";
import { runLive, type Verdict } from "../conformance/live.ts";
import type { ShardSpec } from "../fixtures/partition.ts";
import type { CaseReport, LiveReport } from "../reports/model.ts";
import { startOracle } from "../oracle/index.ts";

export const LIVE_DEFAULTS = { seed: 1, runs: 500, shrinkTimeLimitMs: 60_000 };

export interface LivePartOptions {
  enabled: boolean;
  adapter: Adapter;
  seed?: number;
  runs?: number;
  shard?: ShardSpec;
}

const caseReport = (v: Verdict): CaseReport => ({
  suite: "live",
  id: v.case.id,
  tags: v.tags,
  status: v.difference === null ? "pass" : "fail",
  ...(v.difference ? { message: formatDifference(v.difference) } : {}),
});

export async function runLivePart(o: LivePartOptions): Promise<{ report: LiveReport; cases: CaseReport[] }> {
  if (!o.enabled) return { report: { status: "skipped", detail: "--no-live was given" }, cases: [] };
  let oracle: Adapter;
  try {
    oracle = await startOracle({ provision: true });
  } catch (e) {
    return { report: { status: "skipped", detail: `the oracle is not available (${(e as Error).message}); only the fixtures were replayed` }, cases: [] };
  }
  const n = o.shard?.count ?? 1;
  const seed = (o.seed ?? LIVE_DEFAULTS.seed) + (o.shard ? o.shard.index - 1 : 0);
  const runs = Math.ceil((o.runs ?? LIVE_DEFAULTS.runs) / n);
  try {
    const run = await runLive({ oracle, port: o.adapter, seed, runs, shrinkTimeLimitMs: LIVE_DEFAULTS.shrinkTimeLimitMs });
    const cases = run.verdicts.map(caseReport);
    const f = run.failure;
    if (f) {
      cases.push({
        suite: "live",
        id: `shrunk counterexample (seed ${f.seed})`,
        tags: f.shrunk.tags,
        status: "fail",
        message: `${f.shrunk.difference ? formatDifference(f.shrunk.difference) : "(no difference)"}\ncase: ${JSON.stringify(f.shrunk.case)}\nreplay: TC_SEED=${f.seed} TC_PATH=${f.path}`,
      });
    }
    const failed = run.verdicts.filter((v) => v.difference !== null).length;
    const detail = `${run.verdicts.length} random cases (seed ${seed}) against ${(await oracle.describe()).torch}: ${failed} differ, ${run.casesPerSecond.toFixed(0)} cases/s`;
    return { report: { status: "ran", detail }, cases };
  } catch (e) {
    return { report: { status: "ran", detail: `failed: ${(e as Error).message}` }, cases: [{ suite: "live", id: `live run (seed ${seed})`, tags: [], status: "error", message: (e as Error).message }] };
  } finally {
    await oracle.close();
  }
}
