// The engine: cases (from any source, a list or a stream made as the run reaches it) run on the port and judged
// against golden answers (stored with the case, or asked of the oracle), batch by batch, each compared once. The
// oracle is kept a batch's worth of cases ahead of the port, in small batches, so that neither side waits for the
// other: the oracle answers while the port runs, and the first and last batches, which one side runs alone, are short.
// A batch the port fails as a whole is judged case by case as a crash (the run goes on with the next batch), and cases
// with a float difference get PyTorch's answer to their exact twin, when an oracle is at hand, to say who is closer.
import { setImmediate } from "node:timers/promises";
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

/** Items made as the run reaches them (generated cases: the oracle starts on the first while the rest are sampled). */
export interface ItemStream {
  /** How many the stream yields. */
  total: number;
  items: Iterable<EngineItem>;
}

export interface EngineOptions {
  port: Adapter;
  /** PyTorch, for items without a stored golden and for exact twins; none: stored goldens only, no exact verdicts. */
  oracle?: Adapter;
  settings: JudgeSettings;
  /**
   * Cases per batch; with an oracle (and no stopWhen), how many cases it is kept ahead of the port, and both the
   * oracle and the port get batches of at most ORACLE_BATCH.
   */
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
  /** The case of each verdict; undefined for a case keepOutcomes let go. */
  cases: (Case | undefined)[];
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

/**
 * Cases per batch while the oracle answers ahead: small enough that the run's first batch (the oracle's alone) and its
 * last (the port's and the comparison's alone) are short, large enough that a batch costs little beside its cases.
 */
export const ORACLE_BATCH = 50;

export async function runEngine(items: readonly EngineItem[] | ItemStream, o: EngineOptions): Promise<EngineRun> {
  const t0 = performance.now();
  const size = o.batchSize ?? 250;
  const total = "total" in items ? items.total : items.length;
  const source = ("total" in items ? items.items : items)[Symbol.iterator]();
  const verdicts: Verdict[] = [];
  const cases: (Case | undefined)[] = [];
  const golden: (Outcome | undefined)[] = [];
  const ported: (PortOutcome | undefined)[] = [];
  const caps = (await o.port.describe()).capabilities;
  // Pipelined: the oracle gets `size` cases beyond the batch the port runs, unless the run may stop at each batch.
  const chunk = o.oracle && !o.stopWhen ? Math.min(size, ORACLE_BATCH) : size;
  const ahead = o.stopWhen ? 0 : size;
  const asked: { batch: EngineItem[]; first: number; golden: Promise<Outcome[]> }[] = [];
  let taken = 0;
  let exhausted = false;
  /**
   * Asks for batches until `upTo` cases are asked (or the items run out). The requests are written once this thread
   * gives the event loop a turn, so it does after each batch: the oracle starts on a batch while the next is sampled.
   */
  const ask = async (upTo: number) => {
    while (!exhausted && taken < upTo) {
      const batch: EngineItem[] = [];
      for (let r = source.next(); !r.done; r = source.next()) if (batch.push(r.value) === chunk) break;
      exhausted = batch.length < chunk;
      if (batch.length === 0) return;
      const answers = goldenOf(batch, o.oracle);
      answers.catch(() => {}); // awaited in its turn; a failure then ends the run there
      asked.push({ batch, first: taken, golden: answers });
      taken += batch.length;
      await setImmediate();
    }
  };
  // The batches judged once the exact twins before them are answered, in order: the twins queue behind the batches
  // asked ahead, so waiting for them before the next batch's port run would leave both sides idle in turn.
  let finishing: Promise<void> | undefined;
  let failed: { error: unknown } | undefined;
  for (;;) {
    if (failed) throw failed.error;
    if (asked.length === 0) await ask(taken + 1);
    const current = asked.shift();
    if (current === undefined) break;
    const { batch, first, golden: goldenP } = current;
    await ask(first + batch.length + ahead);
    const port = await portOutcomes(o.port, batch.map((i) => i.case), o.settings, caps);
    const answers = await goldenP;
    const comparisons = batch.map((item, k) => compareCase(item.case, answers[k]!, port[k]!, o.settings));
    const finish = (exact: Map<number, Outcome>) => {
      batch.forEach((item, k) => {
        const verdict = judge(item.case, answers[k]!, port[k]!, o.settings, metaOf(item, answers[k]!), exact.get(k), comparisons[k]);
        const keep = o.keepOutcomes?.(verdict) ?? true;
        verdicts.push(verdict);
        cases.push(keep ? item.case : undefined);
        golden.push(keep ? answers[k]! : undefined);
        ported.push(keep ? port[k]! : undefined);
      });
      o.onProgress?.(verdicts.length, total);
    };
    const twins = o.oracle ? exactTwins(batch, answers, port, comparisons) : [];
    if (twins.length === 0 && finishing === undefined) finish(new Map());
    else {
      const exact = twins.length === 0 ? Promise.resolve([]) : o.oracle!.runCases(twins.map(([, t]) => t));
      const done = Promise.all([exact, finishing]).then(([outcomes]) => finish(new Map(twins.map(([k], j) => [k, outcomes[j]!]))));
      finishing = done;
      done.then(
        () => {
          if (finishing === done) finishing = undefined;
        },
        (error: unknown) => {
          failed ??= { error };
        },
      );
    }
    if (o.stopWhen) {
      await finishing;
      if (verdicts.slice(first).some(o.stopWhen)) return { verdicts, cases, golden, port: ported, firstFailureMs: performance.now() - t0 };
    }
  }
  await finishing;
  return { verdicts, cases, golden, port: ported };
}
