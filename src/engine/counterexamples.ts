// One counterexample per failing cause and per expectation that explained something: the first case that shows it,
// shrunk (generated cases, with the oracle in the loop) while it still shows it, with both sides' printouts and the
// reproduction scripts.
import type { Adapter, Outcome } from "../adapters/adapter.ts";
import { caseArbitraryFor } from "../arbitraries/index.ts";
import { type Case, outsideCapabilities, type Result } from "../case/index.ts";
import { pythonSnippet, typescriptSnippet } from "../conformance/snippets.ts";
import { summarizeResult } from "../conformance/summary.ts";
import type { Counterexample } from "./report-model.ts";
import type { ExpectationMatcher } from "../verify/expectations.ts";
import { causeMatrix, failingCauses } from "./matrix.ts";
import { type JudgeSettings, type PortOutcome, portView, toPortCase } from "./judge.ts";
import type { Origin } from "./generated.ts";
import { type EngineItem, portOutcomes, runEngine } from "./run.ts";
import { shrinkCase } from "./shrink.ts";
import type { JudgedDifference, Verdict } from "./verdict.ts";

export interface CounterexampleOptions {
  port: Adapter;
  oracle?: Adapter;
  settings: JudgeSettings;
  /** Tries allowed for shrinking each counterexample (0: none). */
  shrinkRuns: number;
  /** At most this many counterexamples. */
  max: number;
  /** The seed and stream path of generated items (by case id), which shrinking replays. */
  generated: Map<string, Origin>;
  onProgress?: (done: number, total: number) => void;
}

type Shows = (ds: readonly JudgedDifference[], c: Case, tags: readonly string[]) => boolean;

async function judgeOne(c: Case, item: EngineItem, o: CounterexampleOptions): Promise<{ verdict: Verdict; golden: Outcome }> {
  // expectations are matched without counting: the matcher's tallies belong to the run
  const run = await runEngine([{ ...item, case: c, tags: undefined }], { port: o.port, oracle: o.oracle, settings: { ...o.settings, expectations: undefined } });
  return { verdict: run.verdicts[0]!, golden: run.golden[0]! };
}

/** What a side printed; a result the summary cannot read (a port's malformed answer) is shown as its JSON. */
function lines(x: PortOutcome, c: Case, view: (r: Result) => Result = (r) => r): string[] {
  if (x.status !== "ok") return [JSON.stringify(x)];
  try {
    return summarizeResult(c, view(x.result));
  } catch {
    return [JSON.stringify(x.result)];
  }
}

async function make(label: string, item: EngineItem, first: Verdict, shows: Shows, o: CounterexampleOptions, matcher?: ExpectationMatcher): Promise<Counterexample> {
  const explain = (v: Verdict): JudgedDifference[] =>
    v.differences.map((d) => {
      if (!matcher) return d;
      const i = matcher.entries.findIndex((_, k) => matcher.explains(k, { id: v.id, tags: v.tags, status: "fail" }, d.path));
      return i < 0 ? d : { ...d, expected: matcher.entries[i]!.reason };
    });
  const origin = o.generated.get(first.id);
  // a shrunk case stays inside the capabilities the port declared (one outside them says nothing about the port)
  const stillShows = async (c: Case) => {
    if (outsideCapabilities(c, origin?.capabilities) !== undefined) return false;
    const { verdict } = await judgeOne(c, item, o);
    return shows(explain(verdict), c, verdict.tags);
  };
  const shrunk = origin && o.oracle && o.shrinkRuns > 0 ? await shrinkCase(caseArbitraryFor(origin.capabilities), origin.seed, origin.path, first.id, stillShows, { maxTries: o.shrinkRuns }) : null;
  const kase = shrunk?.case ?? item.case;
  const { verdict, golden } = await judgeOne(kase, item, o);
  const portCase = toPortCase(kase, o.settings.profiles);
  const [port] = "status" in portCase ? [portCase] : await portOutcomes(o.port, [kase], o.settings);
  const portLines = lines(port!, kase, (r) => portView(r, kase, o.settings.profiles));
  const differences = explain(verdict);
  return {
    label,
    firstFailure: first.id,
    case: kase,
    shrinkSteps: shrunk?.steps ?? 0,
    shrinkInterrupted: shrunk?.interrupted ?? false,
    differences: differences.length > 0 ? differences : first.differences,
    snippets: { python: pythonSnippet(kase), ...(o.port.name === "builtin" ? { typescript: typescriptSnippet(kase) } : {}), golden: lines(golden, kase), port: portLines },
  };
}

/** `verdicts[i]` is the verdict on `items[i]`. */
export async function counterexamples(items: readonly EngineItem[], verdicts: readonly Verdict[], o: CounterexampleOptions, matcher?: ExpectationMatcher): Promise<{ causes: Map<string, Counterexample>; expectations: Map<number, Counterexample>; problems: string[] }> {
  const causes = new Map<string, Counterexample>();
  const expectations = new Map<number, Counterexample>();
  const targets: { label: string; shows: Shows; put: (cx: Counterexample) => void }[] = [
    ...failingCauses(causeMatrix(verdicts)).map((cause) => ({
      label: cause,
      shows: ((ds) => ds.some((d) => d.cause === cause && d.expected === undefined && d.consequenceOf === undefined)) as Shows,
      put: (cx: Counterexample) => void causes.set(cause, cx),
    })),
    ...(matcher?.entries ?? []).flatMap((_, k) =>
      matcher!.explained[k]! > 0
        ? [{ label: `expectation ${k + 1}`, shows: ((ds, c, tags) => ds.some((d) => matcher!.explains(k, { id: c.id, tags, status: "fail" }, d.path))) as Shows, put: (cx: Counterexample) => void expectations.set(k, cx) }]
        : [],
    ),
  ].slice(0, o.max);
  const problems: string[] = [];
  for (const [n, t] of targets.entries()) {
    const at = verdicts.findIndex((v, i) => t.shows(v.differences, items[i]!.case, v.tags));
    try {
      if (at >= 0) t.put(await make(t.label, items[at]!, verdicts[at]!, t.shows, o, matcher));
    } catch (e) {
      // the run's verdicts stand; only this reproduction is missing
      problems.push(`no counterexample for ${t.label}: ${(e as Error).message}`);
    }
    o.onProgress?.(n + 1, targets.length);
  }
  return { causes, expectations, problems };
}
