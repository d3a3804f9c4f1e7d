// The engine as one call: items from any case source (generated, the golden corpus, regressions, one case), golden
// answers stored with them or asked of the oracle, any port, one policy with profiles and expectations; the verdicts,
// counterexamples and the one report. `conformance` and `verify` (src/cli) are presets of it.
import type { Adapter } from "../adapters/adapter.ts";
import { describePolicy } from "../conformance/policy.ts";
import type { Report } from "./report-model.ts";
import { counterexamples } from "./counterexamples.ts";
import type { JudgeSettings } from "./judge.ts";
import { buildReport } from "./report.ts";
import { type EngineItem, runEngine } from "./run.ts";
import type { Verdict } from "./verdict.ts";

export interface JudgeRunOptions {
  items: EngineItem[];
  /** Cases that could not even be loaded (corpus problems), reported as they are. */
  problems?: Verdict[];
  port: Adapter;
  oracle?: Adapter;
  settings: JudgeSettings;
  /** For the report: what was run. */
  about: { cases: string; seed?: number; runs?: number; features?: string[]; expectationsFile?: string; strict: boolean; shards?: Report["shards"] };
  /** Candidate cases shrinking may judge per counterexample (generated and stored cases alike). */
  shrinkRuns?: number;
  maxCounterexamples?: number;
  batchSize?: number;
  notices?: string[];
  warnings?: string[];
  onProgress?: (phase: string, done: number, total: number) => void;
}

export async function judgeRun(o: JudgeRunOptions): Promise<Report> {
  const start = Date.now();
  const run = await runEngine(o.items, { port: o.port, oracle: o.oracle, settings: o.settings, batchSize: o.batchSize, keepOutcomes: () => false, onProgress: (d, t) => o.onProgress?.("cases", d, t) });
  const cx =
    (o.maxCounterexamples ?? 0) > 0
      ? await counterexamples(o.items, run.verdicts, { port: o.port, oracle: o.oracle, settings: o.settings, shrinkRuns: o.shrinkRuns ?? 0, max: o.maxCounterexamples!, onProgress: (d, t) => o.onProgress?.("counterexamples", d, t) }, o.settings.expectations)
      : undefined;
  const portInfo = await o.port.describe();
  const oracleInfo = o.oracle ? await o.oracle.describe() : undefined;
  return buildReport({
    verdicts: [...(o.problems ?? []), ...run.verdicts],
    port: { name: o.port.name, implementation: portInfo.implementation, ...(portInfo.version !== undefined ? { version: portInfo.version } : {}), ...(portInfo.capabilities ? { capabilities: portInfo.capabilities } : {}) },
    golden: oracleInfo ? { source: "oracle", torch: oracleInfo.torch, cpuCapability: oracleInfo.cpuCapability, threads: oracleInfo.threads } : { source: "stored" },
    settings: {
      cases: o.about.cases,
      ...(o.about.seed !== undefined ? { seed: o.about.seed } : {}),
      ...(o.about.runs !== undefined ? { runs: o.about.runs } : {}),
      features: [...(o.about.features ?? [])],
      compare: describePolicy(o.settings.policy),
      profiles: o.settings.profiles.map(({ id, summary, rules }) => ({ id, summary, rules })),
      ...(o.about.expectationsFile ? { expectations: o.about.expectationsFile } : {}),
      strict: o.about.strict,
    },
    shards: o.about.shards,
    matcher: o.settings.expectations,
    counterexamples: cx,
    notices: o.notices,
    warnings: [...(o.warnings ?? []), ...(cx?.problems ?? [])],
    durationMs: Date.now() - start,
  });
}
