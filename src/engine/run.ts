// The engine: cases (from any source) run on the port and judged against golden answers (stored with the case, or
// asked of the oracle), batch by batch, each compared once. The oracle answers the next batch while the port runs this
// one. A batch the port fails as a whole is judged case by case as a crash (the run goes on with the next batch), and
// cases with a float difference get PyTorch's answer to their exact twin, when an oracle is at hand, to say who is
// closer.
import type { Adapter, Outcome } from "../adapters/adapter.ts";
import { type Capabilities, type Case, outsideCapabilities } from "../case/index.ts";
import { featureTags } from "../verify/features.ts";
import { exactTwin } from "./exact.ts";
import { type CaseMeta, compareCase, type Comparison, judge, type JudgeSettings, type NotApplicable, type PortOutcome, toPortCase } from "./judge.ts";
import type { Verdict } from "./verdict.ts";

export interface EngineItem {
  case: Case;
  /** The stored golden outcome (corpus, regressions, a case file); absent: asked of the oracle. */
  golden?: Outcome;
  suite: string;
  source?: string;
  /** Feature tags; absent: computed from the case and PyTorch's result. */
  tags?: string[];
}

export interface EngineOptions {
  port: Adapter;
  /** PyTorch, for items without a stored golden and for exact twins; none: stored goldens only, no exact verdicts. */
  oracle?: Adapter;
  settings: JudgeSettings;
  /** Cases per batch. */
  batchSize?: number;
  /** End the run with the batch holding the first verdict this holds (then the oracle gets no batch ahead). */
  stopWhen?: (v: Verdict) => boolean;
  /**
   * The cases whose golden and port outcomes the run hands back (default: every case); the others' are let go once
   * judged, so a long run does not hold every answer it compared.
   */
  keepOutcomes?: (v: Verdict) => boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Every item judged once, in order; the golden outcomes are returned alongside for reproductions. */
export interface EngineRun {
  verdicts: Verdict[];
  /** undefined for a case keepOutcomes let go. */
  golden: (Outcome | undefined)[];
  /** The port's side of each case, as judged (run, unsupported, not applicable or lost); undefined as golden. */
  port: (PortOutcome | undefined)[];
  /** With stopWhen: from the start of the run to the end of the batch where it held. */
  firstFailureMs?: number;
}

const NO_ORACLE = "no golden answer is stored with this case and no oracle was given";

async function goldenOf(items: readonly EngineItem[], oracle: Adapter | undefined): Promise<Outcome[]> {
  const ask = items.filter((i) => i.golden === undefined).map((i) => i.case);
  const asked = ask.length === 0 ? [] : oracle ? await oracle.runCases(ask) : ask.map((c): Outcome => ({ id: c.id, status: "lost", reason: NO_ORACLE }));
  let next = 0;
  return items.map((i) => i.golden ?? asked[next++]!);
}

/** A case outside the port's declared capabilities: not run. */
function notApplicable(c: Case, caps: Capabilities | undefined): NotApplicable | undefined {
  const outside = outsideCapabilities(c, caps);
  return outside === undefined ? undefined : { id: c.id, status: "not-applicable", feature: outside, reason: `the port declares no ${outside}` };
}

/**
 * The port's outcomes: cases outside its declared capabilities are not applicable, then the profiles (an
 * inexpressible case is unsupported without running); a failed batch is lost.
 */
export async function portOutcomes(port: Adapter, cases: readonly Case[], settings: JudgeSettings, caps?: Capabilities): Promise<PortOutcome[]> {
  const prepared = cases.map((c) => notApplicable(c, caps) ?? toPortCase(c, settings.profiles));
  const runnable = prepared.filter((p): p is Case => !("status" in p));
  let answers: Outcome[];
  try {
    answers = runnable.length > 0 ? await port.runCases(runnable) : [];
  } catch (e) {
    const reason = `adapter ${port.name} failed on the batch: ${(e as Error).message}`;
    answers = runnable.map((c) => ({ id: c.id, status: "lost", reason }));
  }
  let next = 0;
  return prepared.map((p) => ("status" in p ? p : (answers[next++] ?? { id: p.id, status: "lost", reason: `adapter ${port.name} returned no outcome for this case` })));
}

const metaOf = (item: EngineItem, golden: Outcome): CaseMeta => ({
  suite: item.suite,
  ...(item.source ? { source: item.source } : {}),
  tags: item.tags ?? featureTags(item.case, golden.status === "ok" ? golden.result : undefined),
});

/** Exact twins of the cases where PyTorch and the port both answered and differ in some float tensor, by batch index. */
function exactTwins(items: readonly EngineItem[], golden: Outcome[], port: PortOutcome[], comparisons: (Comparison | undefined)[]): [number, Case][] {
  const twins: [number, Case][] = [];
  items.forEach((item, k) => {
    if (golden[k]!.status !== "ok" || port[k]!.status !== "ok") return;
    if (!comparisons[k]!.found.some((d) => d.mismatch && d.mismatch.maxAbs !== null)) return;
    const twin = exactTwin(item.case);
    if (twin) twins.push([k, twin]);
  });
  return twins;
}

export async function runEngine(items: readonly EngineItem[], o: EngineOptions): Promise<EngineRun> {
  const t0 = performance.now();
  const size = o.batchSize ?? 250;
  const verdicts: Verdict[] = [];
  const golden: (Outcome | undefined)[] = [];
  const ported: (PortOutcome | undefined)[] = [];
  const caps = (await o.port.describe()).capabilities;
  const ask = (at: number) => (at < items.length ? goldenOf(items.slice(at, at + size), o.oracle) : undefined);
  let next = ask(0);
  // The batch before, judged once its exact twins are answered: they queue behind this batch's golden answers, so
  // waiting for them before this batch's port run would leave both sides idle in turn.
  let previous: Promise<void> | undefined;
  for (let at = 0; at < items.length; at += size) {
    const batch = items.slice(at, at + size);
    const goldenP = next ?? ask(at)!;
    // Pipelined: the oracle gets the next batch before this one is judged, unless the run may stop here.
    next = o.stopWhen ? undefined : ask(at + size);
    const port = await portOutcomes(o.port, batch.map((i) => i.case), o.settings, caps);
    const answers = await goldenP;
    await previous;
    const comparisons = batch.map((item, k) => compareCase(item.case, answers[k]!, port[k]!, o.settings));
    const finish = (exact: Map<number, Outcome>) => {
      batch.forEach((item, k) => {
        const verdict = judge(item.case, answers[k]!, port[k]!, o.settings, metaOf(item, answers[k]!), exact.get(k), comparisons[k]);
        const keep = o.keepOutcomes?.(verdict) ?? true;
        verdicts.push(verdict);
        golden.push(keep ? answers[k]! : undefined);
        ported.push(keep ? port[k]! : undefined);
      });
      o.onProgress?.(verdicts.length, items.length);
    };
    const twins = o.oracle ? exactTwins(batch, answers, port, comparisons) : [];
    if (twins.length === 0) finish(new Map());
    else {
      previous = o.oracle!.runCases(twins.map(([, t]) => t)).then((exact) => finish(new Map(twins.map(([k], j) => [k, exact[j]!]))));
      previous.catch(() => {}); // awaited below or in the next round; a failure then ends the run there
    }
    if (o.stopWhen) {
      await previous;
      if (verdicts.slice(at).some(o.stopWhen)) return { verdicts, golden, port: ported, firstFailureMs: performance.now() - t0 };
    }
  }
  await previous;
  return { verdicts, golden, port: ported };
}
