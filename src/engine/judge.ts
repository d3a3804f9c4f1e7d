// One case through the profiles, the comparison policy, the expectations and the exact reference: the case the port
// receives, and the verdict on its answer.
import type { Outcome } from "../adapters/adapter.ts";
import { Unsupported } from "../adapters/third-party/unsupported.ts";
import type { Case, Result } from "../case/index.ts";
import { compareOutcomes, type Difference } from "../conformance/compare.ts";
import { BITS, type ComparePolicy } from "../conformance/policy.ts";
import type { ExpectationMatcher } from "../verify/expectations.ts";
import type { Profile } from "../verify/profiles/index.ts";
import { causeOf, consequences } from "./attribute.ts";
import { closerSide } from "./exact.ts";
import { noAnswerStatus } from "./no-answer.ts";
import type { JudgedDifference, Verdict } from "./verdict.ts";

/** A case outside the port's declared capabilities: the engine does not run it (run.ts). */
export type NotApplicable = { id: string; status: "not-applicable"; feature: string; reason: string };
/** The port's side of a case as the engine holds it. */
export type PortOutcome = Outcome | NotApplicable;

/** The case in the port's conventions, or why the port's conventions cannot express it. */
export function toPortCase(c: Case, profiles: readonly Profile[]): Case | Extract<Outcome, { status: "unsupported" }> {
  let out = c;
  try {
    for (const p of profiles) if (p.toPort) out = p.toPort(out);
  } catch (e) {
    if (e instanceof Unsupported) return { id: c.id, status: "unsupported", feature: e.feature, reason: e.message };
    throw e;
  }
  return out;
}

/** The port's result in torch's conventions (the profiles' fromPort), as it is compared. */
export function portView(r: Result, c: Case, profiles: readonly Profile[]): Result {
  let out = r;
  for (const prof of profiles) if (prof.fromPort) out = prof.fromPort(out, c);
  return out;
}

export interface JudgeSettings {
  profiles: readonly Profile[];
  policy: ComparePolicy;
  expectations?: ExpectationMatcher;
}

/** Where a case comes from and what it exercises, carried into its verdict. */
export interface CaseMeta {
  suite: string;
  source?: string;
  tags: string[];
}

/** Golden and port results as compared (profiles applied: the port's view, then each mask on both sides). */
function compared(c: Case, golden: Result, port: Result, profiles: readonly Profile[]): [Result, Result] {
  let gr = golden;
  let pr = portView(port, c, profiles);
  for (const prof of profiles) {
    if (!prof.mask) continue;
    const nextG = prof.mask(gr, c, golden);
    pr = prof.mask(pr, c, golden);
    gr = nextG;
  }
  return [gr, pr];
}

/** Both outcomes as compared, and their differences. */
export interface Comparison {
  g: Outcome;
  p: Outcome;
  found: Difference[];
}

/** The comparison half of judge(); undefined when there is nothing to compare (no golden or no port answer). */
export function compareCase(c: Case, golden: Outcome, port: PortOutcome, s: JudgeSettings): Comparison | undefined {
  if (golden.status === "lost" || golden.status === "unsupported" || port.status === "unsupported" || port.status === "not-applicable" || port.status === "lost") return undefined;
  let g: Outcome = golden;
  let p: Outcome = port;
  if (golden.status === "ok" && port.status === "ok") {
    const [gr, pr] = compared(c, golden.result, port.result, s.profiles);
    g = { ...golden, result: gr };
    p = { ...port, result: pr };
  }
  return { g, p, found: compareOutcomes(g, p, s.policy) };
}

/**
 * The verdict on one case. `exact`: PyTorch's answer to the case's exact twin (exact.ts), when one was asked for;
 * it decides, for each numeric difference, who is closer. `comparison`: compareCase's, when the caller made it already.
 */
export function judge(c: Case, golden: Outcome, port: PortOutcome, s: JudgeSettings, meta: CaseMeta, exact?: Outcome, comparison = compareCase(c, golden, port, s)): Verdict {
  const base = { id: c.id, suite: meta.suite, ...(meta.source ? { source: meta.source } : {}), tags: meta.tags, differences: [] };
  if (golden.status === "lost" || golden.status === "unsupported") return { ...base, status: "no-golden", reason: golden.reason };
  if (port.status === "not-applicable") return { ...base, status: "not-applicable", feature: port.feature, reason: port.reason };
  if (port.status === "unsupported") {
    s.expectations?.observe({ id: c.id, tags: meta.tags, status: "unsupported" });
    return { ...base, status: "unsupported", feature: port.feature, reason: port.reason };
  }
  if (port.status === "lost") return { ...base, status: noAnswerStatus(port.reason), reason: port.reason };
  const { g, p, found } = comparison!; // defined: both sides answered
  const origin = consequences(found);
  const roots = found.filter((_, i) => origin[i]! < 0);
  const status = found.length === 0 ? "pass" : "fail";
  // Stryker disable next-line ArrayDeclaration: equivalent: without expectations the fallback's entries are only asked for a reason, which no entry has
  const expectedRoots = s.expectations?.observe({ id: c.id, tags: meta.tags, status, paths: roots.map((d) => d.path) }) ?? [];
  const expected = new Map(roots.map((d, k) => [d, expectedRoots[k]?.reason]));
  const differences: JudgedDifference[] = found.map((d, i) => {
    const root = origin[i]! < 0 ? d : found[origin[i]!]!;
    const side = exact?.status === "ok" && g.status === "ok" && p.status === "ok" ? closerSide(d, g.result, p.result, exact.result) : undefined;
    const why = expected.get(root);
    return { ...d, cause: causeOf(c, d), ...(why !== undefined ? { expected: why } : {}), ...(side !== undefined ? { closer: side } : {}), ...(root !== d ? { consequenceOf: root.path } : {}) };
  });
  if (differences.length === 0) return { ...base, status: "pass" };
  const unexpected = differences.filter((d) => d.expected === undefined && d.consequenceOf === undefined);
  if (unexpected.length === 0) return { ...base, status: "xfail", differences, reason: [...new Set(differences.map((d) => d.expected))].join("; ") };
  return { ...base, status: unexpected.every((d) => d.closer === "port") ? "closer" : "fail", differences };
}

/** The reference configuration's settings: bit for bit, no profile, no expectation. */
export const BIT_EXACT: JudgeSettings = { profiles: [], policy: BITS };
