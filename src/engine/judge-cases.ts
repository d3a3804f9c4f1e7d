// Cases judged one by one outside a run's stream (shrinking candidates, a counterexample's final case): through the
// engine like any other item, each distinct case (ids aside) once, with the port's own outcome (the engine's) kept
// beside the verdict so a reproduction never runs the port a second time.
import type { Adapter, Outcome } from "../adapters/adapter.ts";
import type { Case } from "../case/index.ts";
import { caseKey } from "../conformance/answer-cache.ts";
import type { JudgeSettings, PortOutcome } from "./judge.ts";
import { type EngineItem, runEngine } from "./run.ts";
import type { Verdict } from "./verdict.ts";

/** A case, PyTorch's outcome for it, the port's, and the verdict on the port's. */
export interface Judged {
  case: Case;
  golden: Outcome;
  port: PortOutcome;
  verdict: Verdict;
}

export interface CaseJudge {
  judge(items: readonly EngineItem[]): Promise<Judged[]>;
  /** Cases run so far (cache hits aside). */
  readonly calls: number;
}

const restamp = <O extends PortOutcome>(o: O, id: string): O => (o.status === "ok" ? { ...o, id, result: { ...o.result, id } } : { ...o, id });

export function caseJudge(o: { port: Adapter; oracle?: Adapter; settings: JudgeSettings }): CaseJudge {
  const cache = new Map<string, Judged>();
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async judge(items) {
      const keyOf = (i: EngineItem) => `${i.golden ? "stored" : "live"}\0${caseKey(i.case)}`;
      const fresh = [...new Map(items.filter((i) => !cache.has(keyOf(i))).map((i) => [keyOf(i), i])).values()];
      if (fresh.length > 0) {
        // ids unique within the batch: the engine matches exact twins to cases by id
        const run = await runEngine(
          fresh.map((i, k) => ({ ...i, case: { ...i.case, id: `j${calls + k}` } })),
          { port: o.port, oracle: o.oracle, settings: o.settings },
        );
        fresh.forEach((item, k) => cache.set(keyOf(item), { case: item.case, golden: run.golden[k]!, port: run.port[k]!, verdict: run.verdicts[k]! }));
        calls += fresh.length;
      }
      return items.map((i) => {
        const j = cache.get(keyOf(i))!;
        const id = i.case.id;
        return { case: i.case, golden: restamp(j.golden, id), port: restamp(j.port, id), verdict: { ...j.verdict, id } };
      });
    },
  };
}
