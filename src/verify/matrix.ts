// The conformance matrix: per feature tag, how many cases passed, failed, failed as expected, were unsupported by
// the port or got no answer from PyTorch; and the totals over cases.
import { type CaseRecord, type Counts, type MatrixRow, zeroCounts } from "./model.ts";

export function totals(cases: readonly CaseRecord[]): Counts {
  const n = zeroCounts();
  for (const c of cases) n[c.status]++;
  return n;
}

export function buildMatrix(cases: readonly CaseRecord[]): MatrixRow[] {
  const rows = new Map<string, MatrixRow>();
  for (const c of cases) {
    for (const tag of c.tags) {
      let row = rows.get(tag);
      if (row === undefined) rows.set(tag, (row = { tag, ...zeroCounts() }));
      row[c.status]++;
    }
  }
  return [...rows.values()].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

/** Unsupported features, most frequent first, with the first reason given. */
export function unsupportedSummary(cases: readonly CaseRecord[]): { feature: string; cases: number; reason: string }[] {
  const by = new Map<string, { feature: string; cases: number; reason: string }>();
  for (const c of cases) {
    if (c.status !== "unsupported") continue;
    const key = c.feature ?? "(unspecified)";
    const e = by.get(key);
    if (e) e.cases++;
    else by.set(key, { feature: key, cases: 1, reason: c.reason ?? "" });
  }
  return [...by.values()].sort((a, b) => b.cases - a.cases || a.feature.localeCompare(b.feature));
}

/** Tags with unexpected failures (expected ones get a counterexample per expectation instead). */
export function failingTags(matrix: readonly MatrixRow[]): string[] {
  return matrix.filter((r) => r.fail > 0).map((r) => r.tag);
}
