// Every difference is attributed to the feature it concerns: the operation of the step that produced it (or the
// build) and the kind of field (the output, a buffer by attribute name, the error, the warnings, ...), so a matrix
// row counts the differences of one cause instead of blaming every tag the case carries.
import type { Case } from "../case/index.ts";
import type { Difference } from "../conformance/compare.ts";

export function causeOf(c: Case, d: Difference): string {
  if (d.step === null) return d.field === "outcome" ? "outcome" : d.field;
  const op = c.steps[d.step]?.op ?? "step";
  return d.field === "" ? op : `${op}: ${d.field}`;
}
