// Merging the reports of `--shard i/n` runs into one: every shard of the same n present exactly once, same port.
// Corpus-wide problems (suite "fixtures") that every shard repeats are kept once; the matrix and totals are
// recomputed from the merged cases (expectation counts are summed).
import { buildReport } from "../engine/report.ts";
import type { Report } from "../engine/report-model.ts";

export function mergeReports(parts: readonly Report[]): Report {
  if (parts.length === 0) throw new Error("merge: no reports given");
  const ports = new Set(parts.map((p) => p.port.name));
  if (ports.size > 1) throw new Error(`merge: the reports come from different ports (${[...ports].join(", ")})`);
  const shards = parts.flatMap((p) => p.shards);
  const counts = new Set(shards.map((s) => s.count));
  if (shards.length === 0 || counts.size !== 1) {
    throw new Error(`merge: expected reports of --shard i/n runs with one n, got shards ${shards.map((s) => `${s.index}/${s.count}`).join(", ") || "(none)"}`);
  }
  const n = shards[0]!.count;
  const have = shards.map((s) => s.index).sort((a, b) => a - b);
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !have.includes(i));
  const dup = have.filter((x, i) => have.indexOf(x) !== i);
  if (missing.length > 0 || dup.length > 0) {
    throw new Error(`merge: shards of ${n}: ${missing.length > 0 ? `missing ${missing.join(", ")}` : ""}${missing.length > 0 && dup.length > 0 ? "; " : ""}${dup.length > 0 ? `given twice ${dup.join(", ")}` : ""}`);
  }
  const ids = new Set<string>();
  for (const c of parts.flatMap((p) => p.cases)) {
    if (c.suite === "fixtures") continue;
    const key = `${c.suite}\0${c.id}`;
    if (ids.has(key)) throw new Error(`merge: case ${c.id} (${c.suite}) appears in more than one report: were the shards run on different corpora or seeds?`);
    ids.add(key);
  }
  const seen = new Set<string>();
  const cases = parts.flatMap((p) => p.cases).filter((c) => {
    if (c.suite !== "fixtures") return true;
    const key = `${c.id}\0${c.source ?? ""}\0${c.reason ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const first = parts[0]!;
  const merged = buildReport({
    verdicts: cases,
    port: first.port,
    golden: first.golden,
    settings: { ...first.settings, ...(first.settings.runs !== undefined ? { runs: parts.reduce((s, p) => s + (p.settings.runs ?? 0), 0) } : {}) },
    shards: shards.sort((a, b) => a.index - b.index),
    notices: [...new Set(parts.flatMap((p) => p.notices))],
    durationMs: Math.max(...parts.map((p) => p.durationMs)),
  });
  const entries = first.expectations.entries.map((e, k) => ({ ...e, explained: parts.reduce((s, p) => s + (p.expectations.entries[k]?.explained ?? 0), 0) }));
  const unexpectedPasses = first.expectations.unexpectedPasses.filter((e) => parts.every((p) => p.expectations.unexpectedPasses.some((x) => JSON.stringify(x) === JSON.stringify(e))));
  const unmatched = first.expectations.unmatched.filter((e) => parts.every((p) => p.expectations.unmatched.some((x) => JSON.stringify(x) === JSON.stringify(e))));
  return {
    ...merged,
    expectations: { entries, unmatched, unexpectedPasses },
    warnings: [...new Set(parts.flatMap((p) => p.warnings))],
    ok: merged.ok && (!first.settings.strict || unexpectedPasses.length === 0),
  };
}
