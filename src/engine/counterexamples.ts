// One counterexample per failing cause and per expectation that explained something: the first case that shows it,
// shrunk (any case, generated or stored, when the oracle can answer the candidates) while it fails the same way
// (failure-kind.ts), with both sides' printouts and the reproduction scripts. The port runs once per candidate and
// never again for the printout.
import type { Adapter, Outcome } from "../adapters/adapter.ts";
import type { Case, Result } from "../case/index.ts";
import { pythonSnippet, typescriptSnippet } from "../conformance/snippets.ts";
import { summarizeResult } from "../conformance/summary.ts";
import type { Counterexample } from "./report-model.ts";
import type { ExpectationMatcher } from "../verify/expectations.ts";
import { caseSize } from "./case-size.ts";
import { failureKinds, isRoot, kindInWords, statusKind } from "./failure-kind.ts";
import { caseJudge, type Judged } from "./judge-cases.ts";
import { causeMatrix, failingCauses } from "./matrix.ts";
import { type JudgeSettings, type PortOutcome, portView } from "./judge.ts";
import type { EngineItem } from "./run.ts";
import { shrinkCase } from "./shrink.ts";
import type { JudgedDifference, Verdict } from "./verdict.ts";

export interface CounterexampleOptions {
  port: Adapter;
  oracle?: Adapter;
  settings: JudgeSettings;
  /** Candidate cases shrinking may judge for each counterexample (0: no shrinking). */
  shrinkRuns: number;
  /** At most this many counterexamples. */
  max: number;
  onProgress?: (done: number, total: number) => void;
}

/** The differences a target counts (a cause's unexpected ones, or the ones an expectation explains). */
type Counts = (d: JudgedDifference, c: Case, tags: readonly string[]) => boolean;

/** What a side printed; a result the summary cannot read (a port's malformed answer) is shown as its JSON. */
function lines(x: PortOutcome, c: Case, view: (r: Result) => Result = (r) => r): string[] {
  if (x.status !== "ok") return [JSON.stringify(x)];
  try {
    return summarizeResult(c, view(x.result));
  } catch {
    return [JSON.stringify(x.result)];
  }
}

async function make(label: string, item: EngineItem, first: Verdict, counts: Counts, o: CounterexampleOptions, matcher?: ExpectationMatcher): Promise<Counterexample> {
  const explain = (v: Verdict): Verdict => ({
    ...v,
    differences: v.differences.map((d) => {
      if (!matcher) return d;
      const i = matcher.entries.findIndex((_, k) => matcher.explains(k, { id: v.id, tags: v.tags, status: "fail" }, d.path));
      return i < 0 ? d : { ...d, expected: matcher.entries[i]!.reason };
    }),
  });
  // expectations are matched without counting: the matcher's tallies belong to the run
  const judge = caseJudge({ port: o.port, oracle: o.oracle, settings: { ...o.settings, expectations: undefined } });
  const kindsOf = (j: Judged) => {
    const v = explain(j.verdict);
    return failureKinds(v, j.golden, (d) => d.consequenceOf === undefined && counts(d, j.case, v.tags));
  };
  const [original] = await judge.judge([{ ...item, tags: undefined }]);
  const kind = kindsOf(original!)[0] ?? statusKind(original!.verdict);
  const holds = async (cs: readonly Case[]) => (await judge.judge(cs.map((c) => ({ case: c, suite: item.suite })))).map((j) => kindsOf(j).includes(kind));
  const shrunk = o.oracle && o.shrinkRuns > 0 ? await shrinkCase(original!.case, holds, { budget: o.shrinkRuns }) : null;
  const final = shrunk && shrunk.steps > 0 ? (await judge.judge([{ case: { ...shrunk.case, id: `${first.id}-shrunk` }, suite: item.suite }]))[0]! : original!;
  const kase = final.case;
  const differences = explain(final.verdict).differences;
  const difference = (j: Judged) => kindInWords(explain(j.verdict), j.golden, kind);
  return {
    label,
    firstFailure: first.id,
    kind,
    original: { size: caseSize(original!.case), difference: difference(original!) },
    sameFailure: kindsOf(final).includes(kind),
    case: kase,
    golden: final.golden,
    shrinkSteps: shrunk?.steps ?? 0,
    shrinkTried: shrunk?.tried ?? 0,
    shrinkInterrupted: shrunk?.interrupted ?? false,
    difference: difference(final),
    differences: differences.length > 0 ? differences : first.differences,
    snippets: { python: pythonSnippet(kase), ...(o.port.name === "builtin" ? { typescript: typescriptSnippet(kase) } : {}), golden: lines(final.golden, kase), port: lines(final.port, kase, (r) => portView(r, kase, o.settings.profiles)) },
  };
}

/** `verdicts[i]` is the verdict on `items[i]`. */
export async function counterexamples(items: readonly EngineItem[], verdicts: readonly Verdict[], o: CounterexampleOptions, matcher?: ExpectationMatcher): Promise<{ causes: Map<string, Counterexample>; expectations: Map<number, Counterexample>; problems: string[] }> {
  const causes = new Map<string, Counterexample>();
  const expectations = new Map<number, Counterexample>();
  const targets: { label: string; counts: Counts; put: (cx: Counterexample) => void }[] = [
    ...failingCauses(causeMatrix(verdicts)).map((cause) => ({
      label: cause,
      counts: ((d) => d.cause === cause && isRoot(d)) as Counts,
      put: (cx: Counterexample) => void causes.set(cause, cx),
    })),
    ...(matcher?.entries ?? []).flatMap((_, k) =>
      matcher!.explained[k]! > 0
        ? [{ label: `expectation ${k + 1}`, counts: ((d, c, tags) => matcher!.explains(k, { id: c.id, tags, status: "fail" }, d.path)) as Counts, put: (cx: Counterexample) => void expectations.set(k, cx) }]
        : [],
    ),
  ].slice(0, o.max);
  const problems: string[] = [];
  for (const [n, t] of targets.entries()) {
    const at = verdicts.findIndex((v, i) => v.differences.some((d) => t.counts(d, items[i]!.case, v.tags)));
    try {
      if (at >= 0) t.put(await make(t.label, items[at]!, verdicts[at]!, t.counts, o, matcher));
    } catch (e) {
      // the run's verdicts stand; only this reproduction is missing
      problems.push(`no counterexample for ${t.label}: ${(e as Error).message}`);
    }
    o.onProgress?.(n + 1, targets.length);
  }
  return { causes, expectations, problems };
}
