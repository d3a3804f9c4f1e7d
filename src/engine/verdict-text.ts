// A verdict in words: its differences (each with its cause, whether an expectation explains it, and who is closer
// to the exact value) or its reason, and a run's totals in one line. Shared by the failure report, the terminal
// summary, JUnit and the Markdown/HTML counterexamples.
import { formatDifference } from "../conformance/compare.ts";
import type { JudgedDifference, Verdict } from "./verdict.ts";

export function differenceText(d: JudgedDifference): string {
  const notes = [d.consequenceOf !== undefined ? `follows from ${d.consequenceOf}` : "", d.expected !== undefined ? `expected: ${d.expected}` : "", d.closer === "port" ? "the port is closer to the exact value than PyTorch" : d.closer === "golden" ? "PyTorch is closer to the exact value" : ""].filter((s) => s !== "");
  return `[${d.cause}] ${formatDifference(d)}${notes.length > 0 ? `\n  (${notes.join("; ")})` : ""}`;
}

export function verdictMessage(v: Verdict): string {
  const diffs = v.differences.map(differenceText).join("\n");
  if (v.status === "unsupported") return `unsupported (${v.feature ?? "?"}): ${v.reason ?? ""}`;
  if (v.status === "not-applicable") return `not applicable (${v.feature ?? "?"}): ${v.reason ?? ""}`;
  if (diffs === "") return v.reason ?? "";
  return v.status === "xfail" ? `expected failure: ${v.reason ?? ""}\n${diffs}` : diffs;
}

/** Totals in one line, naming every status that occurred (a timeout or crash is never folded into "failed"). */
export function totalsLine(t: Record<string, number>): string {
  const words: [string, string][] = [
    ["pass", "passed"], ["fail", "failed"], ["closer", "differ but closer to exact than PyTorch"], ["xfail", "expected failures"], ["unsupported", "unsupported"], ["not-applicable", "not applicable (outside the port's declared capabilities)"],
    ["timed-out", "timed out"], ["crashed", "crashed"], ["protocol-error", "protocol errors"], ["lost", "lost"], ["no-golden", "without a PyTorch answer"], ["error", "errors"],
  ];
  return words.filter(([k]) => k === "pass" || k === "fail" || (t[k] ?? 0) > 0).map(([k, w]) => `${t[k] ?? 0} ${w}`).join(", ");
}
