// Convention profiles: a port that follows another convention than PyTorch (Keras's momentum direction, another
// eps default, channels-last layout, ...) is checked for everything else instead of failing wholesale. Each profile
// is a documented transformation, listed in every report that used it:
// - toPort: the case the port receives (torch's case rewritten into the port's convention); it throws Unsupported
//   for a case the convention cannot express;
// - fromPort: the port's result mapped back into torch's convention (e.g. the layout of outputs);
// - mask: fields not compared under the convention, blanked identically in the golden and the port result.
import type { Case, PyValue, Result, Snapshot, StepResult, StepValue } from "../../case/index.ts";
import { moduleSpec, positionalNames } from "../../modules/index.ts";

export interface Profile {
  id: string;
  /** One line: the convention. */
  summary: string;
  /** What the profile does to cases and results, one rule per line (shown in reports). */
  rules: string[];
  toPort?(c: Case): Case;
  fromPort?(port: Result, original: Case): Result;
  /** `golden` is the (unmasked) golden result, for masks that depend on what PyTorch did. */
  mask?(r: Result, c: Case, golden: Result): Result;
}

export const clone = <T>(x: T): T => structuredClone(x);


/**
 * Rewrites one constructor argument of every normalization node: `f` gets the given value (undefined when the
 * argument was not passed) and returns the value to pass (undefined: leave it as it was).
 */
export function rewriteNormArg(c: Case, name: string, f: (given: PyValue | undefined) => PyValue | undefined): Case {
  const out = clone(c);
  for (const node of Object.values(out.nodes)) {
    const spec = moduleSpec(node.type);
    if (spec?.norm === undefined) continue;
    // where boundArg reads it: a keyword of that name, else the positional argument at its place
    const at = positionalNames(spec).indexOf(name);
    const args = node.args ?? [];
    const keyword = node.kwargs !== undefined && Object.hasOwn(node.kwargs, name);
    const positional = !keyword && at >= 0 && at < args.length;
    const given = positional ? args[at] : node.kwargs?.[name];
    const next = f(given);
    if (next === undefined) continue;
    if (positional) args[at] = next;
    else node.kwargs = { ...(node.kwargs ?? {}), [name]: next };
  }
  return out;
}

/** Applies f to every snapshot of a result (build and steps). */
export function mapSnapshots(r: Result, f: (s: Snapshot) => Snapshot): Result {
  const out = clone(r);
  if (out.build.snapshot) out.build.snapshot = f(out.build.snapshot);
  out.steps = out.steps.map((s) => ({ ...s, snapshot: f(s.snapshot) }));
  return out;
}

/** Applies f to every step's value (with the step index). */
export function mapValues(r: Result, f: (v: StepValue, i: number) => StepValue): Result {
  const out = clone(r);
  out.steps = out.steps.map((s: StepResult, i) => (s.value === undefined ? s : { ...s, value: f(s.value, i) }));
  return out;
}

/** Every step's value without `fields` (what a profile does not compare). */
export function withoutValueFields(r: Result, fields: readonly (keyof StepValue)[]): Result {
  return mapValues(r, (v) => {
    const rest = { ...v };
    for (const f of fields) delete rest[f];
    return rest;
  });
}

/** A marker that replaces a value not compared under a profile (the same on both sides). */
export const MASKED = "(not compared under this profile)";
