// One case through the profiles and the comparator: the case the port receives, and the verdict on its answer.
import type { Outcome } from "../adapters/adapter.ts";
import { Unsupported, type PortOutcome, type UnsupportedOutcome } from "../adapters/third-party/unsupported.ts";
import type { Case, Result } from "../case/index.ts";
import { type CompareOptions, compareOutcomes, type Difference } from "../conformance/compare.ts";
import { flushNearZero } from "./flush.ts";
import type { Profile } from "./profiles/index.ts";

export type Verdict =
  | { status: "pass" }
  | { status: "fail"; difference: Difference }
  | { status: "unsupported"; feature: string; reason: string }
  /** PyTorch gave no answer (the oracle lost the case): nothing can be said about the port. */
  | { status: "no-golden"; reason: string };

/** The case in the port's conventions, or why the port's conventions cannot express it. */
export function toPortCase(c: Case, profiles: readonly Profile[]): Case | UnsupportedOutcome {
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

/** The comparator's options plus an absolute floor (see flush.ts). */
export type JudgeCompare = CompareOptions & { atol?: number };

export function judge(c: Case, golden: Outcome, port: PortOutcome, profiles: readonly Profile[], compare: JudgeCompare): Verdict {
  if (golden.status === "lost") return { status: "no-golden", reason: golden.reason };
  if (port.status === "unsupported") return { status: "unsupported", feature: port.feature, reason: port.reason };
  let g: Outcome = golden;
  let p: Outcome = port;
  if (golden.status === "ok" && port.status === "ok") {
    let gr = golden.result;
    let pr = portView(port.result, c, profiles);
    for (const prof of profiles) {
      if (!prof.mask) continue;
      const nextG = prof.mask(gr, c, golden.result);
      pr = prof.mask(pr, c, golden.result);
      gr = nextG;
    }
    if (compare.atol !== undefined) {
      gr = flushNearZero(gr, compare.atol);
      pr = flushNearZero(pr, compare.atol);
    }
    g = { ...golden, result: gr };
    p = { ...port, result: pr };
  }
  const { atol: _atol, ...options } = compare;
  const difference = compareOutcomes(g, p, options);
  return difference === null ? { status: "pass" } : { status: "fail", difference };
}
