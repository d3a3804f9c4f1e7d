// Every difference is attributed to the feature it concerns: the operation of the step that produced it (or the
// build) and the kind of field (the output, a buffer by attribute name, the error, the warnings, ...), so a matrix
// row counts the differences of one cause instead of blaming every tag the case carries.
import type { Case } from "../case/index.ts";
import type { Difference } from "../conformance/compare.ts";

export function causeOf(c: Case, d: Difference): string {
  if (d.step === null) return d.field;
  const op = c.steps[d.step]?.op ?? "step";
  return d.field === "" ? op : `${op}: ${d.field}`;
}

/** Where a step's (or the build's) record starts in a comparator path: "steps[3]" or "build". */
function recordOf(path: string): string | undefined {
  return /^(steps\[\d+\]|build)/.exec(path)?.[1];
}

const withoutRecord = (path: string) => path.replace(/^(steps\[\d+\]|build)\.?/, "");

/**
 * For each difference, the index of the difference it follows from (or -1 when it is a root):
 * - once the build's error differs, everything else differs because of it (the two sides built different things);
 * - in a record (the build or a step) whose error differs, the rest of that record (value, snapshot) follows from
 *   the error: one side raised and so returned nothing or changed no state;
 * - a difference repeating one of an earlier record (same field, same values on both sides) is the same difference
 *   carried over, e.g. a running statistic left behind by an earlier step;
 * - state (a snapshot field) that diverged because of a differing error stays diverged: its later differences follow
 *   from that error too, whatever values each side goes on to compute from its own state.
 */
export function consequences(ds: readonly Difference[]): number[] {
  const out = ds.map(() => -1);
  const errorAt = new Map<string, number>();
  ds.forEach((d, i) => {
    const rec = recordOf(d.path);
    if (rec !== undefined && d.path === `${rec}.error` && !errorAt.has(rec)) errorAt.set(rec, i);
  });
  const buildError = errorAt.get("build");
  const seen = new Map<string, number>();
  const diverged = new Map<string, number>();
  ds.forEach((d, i) => {
    const rec = recordOf(d.path);
    const err = rec === undefined ? undefined : errorAt.get(rec);
    const field = withoutRecord(d.path);
    const key = `${field}\0${d.golden}\0${d.port}`;
    const first = seen.get(key);
    if (buildError !== undefined && i !== buildError) out[i] = buildError;
    else if (err !== undefined && err !== i) {
      out[i] = err;
      if (field.startsWith("snapshot")) diverged.set(field, err);
    } else if (diverged.has(field)) out[i] = diverged.get(field)!;
    else if (first !== undefined && recordOf(ds[first]!.path) !== rec) out[i] = first;
    if (first === undefined) seen.set(key, i);
  });
  // a consequence of a consequence follows from the root
  return out.map((o) => {
    let r = o;
    while (r >= 0 && out[r]! >= 0) r = out[r]!;
    return r;
  });
}
