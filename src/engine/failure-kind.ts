// What "fails the same way" means to the shrinker: two differences are of one kind when they concern the same
// feature (the step's op and the field, with step indices and module names left out: the cause), say the same kind of
// thing (the note without its numbers and names), raise the same error type on each side, and show the same class
// of value on each side at the first differing element (finite, zero, subnormal, infinity, NaN). A shrink that keeps
// the failure but moves it to zeros (where a wrong scale is invisible), to subnormals (where a wrong rule reads as
// rounding noise) or to another error type is a different failure, and is refused.
import type { Outcome } from "../adapters/adapter.ts";
import { formatDifference } from "../conformance/compare.ts";
import { atPath } from "./exact.ts";
import type { JudgedDifference, Verdict } from "./verdict.ts";

const BITS = /\((0x[0-9a-f]+)\)$/;

/** The class of a float as the comparator shows it ("1.5 (0x3fc00000)"), or "" when it is not a shown float. */
export function valueClass(shown: string): string {
  const m = BITS.exec(shown);
  if (!m) return "";
  const bits = BigInt(m[1]!);
  const [expBits, manBits] = m[1]!.length > 10 ? [11n, 52n] : [8n, 23n];
  const top = (1n << expBits) - 1n;
  const exp = (bits >> manBits) & top;
  const man = bits & ((1n << manBits) - 1n);
  if (exp === top) return man === 0n ? "infinity" : "NaN";
  if (exp === 0n) return man === 0n ? "zero" : "subnormal";
  return "finite";
}

/** The error type a side shows in an error field: a type string, or the type inside a shown error object. */
function shownErrorType(shown: string): string {
  if (shown === "null" || shown === "(absent)") return "no error";
  const inObject = /"type":"([^"]*)"/.exec(shown);
  if (inObject) return inObject[1]!;
  try {
    const v: unknown = JSON.parse(shown);
    return typeof v === "string" ? v : shown;
  } catch {
    return shown;
  }
}

function errorTypes(d: JudgedDifference, golden: Outcome): string | undefined {
  const at = /^(.*?\berror)(\.[A-Za-z_]+)?$/.exec(d.path);
  if (!at) return undefined;
  if (at[2] === undefined || at[2] === ".type") return `${shownErrorType(d.golden)} vs ${shownErrorType(d.port)}`;
  // a field inside an error both sides raised (its message, say): the type is the same on both sides
  const type = golden.status === "ok" ? atPath(golden.result, `${at[1]}.type`) : undefined;
  return `${String(type)} on both sides`;
}

/** The kind of one difference (see the top of this file). */
export function differenceKind(d: JudgedDifference, golden: Outcome): string {
  const note = d.mismatch ? (valueClass(d.golden) === "" ? "int64 values differ" : "elements differ") : d.note.replace(/\s*\(.*$/s, "").replace(/\d+/g, "#");
  const sides = errorTypes(d, golden) ?? (d.mismatch ? `${valueClass(d.golden) || "value"} vs ${valueClass(d.port) || "value"}` : "");
  return [d.cause, note, sides].filter((s) => s !== "").join(" | ");
}

/** A difference that counts: neither explained by an expectation nor following from another. */
export const isRoot = (d: JudgedDifference): boolean => d.expected === undefined && d.consequenceOf === undefined;

/** The kind of a failing verdict with no difference (the port crashed, hung, ...): its status. */
export const statusKind = (v: Verdict): string => `status ${v.status}`;

/** The kinds a verdict shows, among the differences `which` selects (by default the unexpected root ones). */
export function failureKinds(v: Verdict, golden: Outcome, which: (d: JudgedDifference) => boolean = isRoot): string[] {
  const kinds = v.differences.filter(which).map((d) => differenceKind(d, golden));
  return kinds.length === 0 && v.differences.length === 0 && v.status !== "pass" ? [statusKind(v)] : kinds;
}

/** Whether a judged case fails the way `kind` says (an unexpected root difference of that kind, or that status). */
export const failsAs = (j: { verdict: Verdict; golden: Outcome }, kind: string): boolean => failureKinds(j.verdict, j.golden).includes(kind);

/** The first difference of `v` of kind `kind` (undefined for a status kind or when it has none). */
export const differenceOfKind = (v: Verdict, golden: Outcome, kind: string): JudgedDifference | undefined => v.differences.find((d) => differenceKind(d, golden) === kind);

/** The first difference of a verdict in words, or its status and reason when it has none. */
export const firstDifference = (v: Verdict): string => (v.differences[0] ? formatDifference(v.differences[0]) : `${v.status}${v.reason ? `: ${v.reason}` : ""}`);

/** The first difference of a verdict of that kind in words (or its first difference, or status, when it has none). */
export function kindInWords(v: Verdict, golden: Outcome, kind: string): string {
  const d = differenceOfKind(v, golden, kind);
  return firstDifference(d ? { ...v, differences: [d] } : v);
}
