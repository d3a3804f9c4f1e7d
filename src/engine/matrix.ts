// The matrix and its companions: differences counted by cause, cases counted per feature tag, the totals, and the
// unsupported features.
import type { CauseRow, FeatureRow } from "./report-model.ts";
import { type Counts, countStatuses, type Verdict, zeroCounts } from "./verdict.ts";

export const totals = (cases: readonly Verdict[]): Counts => countStatuses(cases);

const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

export function causeMatrix(cases: readonly Verdict[]): CauseRow[] {
  const rows = new Map<string, CauseRow>();
  for (const c of cases) {
    const seen = new Set<string>();
    for (const d of c.differences) {
      if (d.consequenceOf !== undefined) continue;
      let row = rows.get(d.cause);
      if (row === undefined) rows.set(d.cause, (row = { cause: d.cause, fail: 0, xfail: 0, closer: 0, cases: 0 }));
      if (d.expected !== undefined) row.xfail++;
      else if (d.closer === "port") row.closer++;
      else row.fail++;
      if (!seen.has(d.cause)) row.cases++;
      seen.add(d.cause);
    }
  }
  return [...rows.values()].sort((a, b) => order(a.cause, b.cause));
}

export function featureTable(cases: readonly Verdict[]): FeatureRow[] {
  const rows = new Map<string, FeatureRow>();
  for (const c of cases) {
    for (const tag of c.tags) {
      let row = rows.get(tag);
      if (row === undefined) rows.set(tag, (row = { tag, ...zeroCounts() }));
      row[c.status]++;
    }
  }
  return [...rows.values()].sort((a, b) => order(a.tag, b.tag));
}

/** Unsupported features, most frequent first, with the first reason given. */
export function unsupportedSummary(cases: readonly Verdict[]): { feature: string; cases: number; reason: string }[] {
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

/** Causes with unexpected differences. */
export const failingCauses = (matrix: readonly CauseRow[]): string[] => matrix.filter((r) => r.fail + r.closer > 0).map((r) => r.cause);
