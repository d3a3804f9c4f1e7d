// Merging the reports of `--shard i/n` runs into one: every shard of the same n present exactly once, same adapter.
// Corpus-wide problems (suite "fixtures") that every shard repeats are kept once.
import type { ConformanceReport } from "./model.ts";
import { REPORT_FORMAT } from "./model.ts";

export function mergeReports(parts: readonly ConformanceReport[]): ConformanceReport {
  if (parts.length === 0) throw new Error("merge: no reports given");
  const adapters = new Set(parts.map((p) => p.adapter));
  if (adapters.size > 1) throw new Error(`merge: the reports come from different adapters (${[...adapters].join(", ")})`);
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
    if (ids.has(key)) throw new Error(`merge: case ${c.id} (${c.suite}) appears in more than one report: were the shards run on different corpora?`);
    ids.add(key);
  }
  const seen = new Set<string>();
  const cases = parts.flatMap((p) => p.cases).filter((c) => {
    if (c.suite !== "fixtures") return true;
    const key = `${c.id}\0${c.source ?? ""}\0${c.message ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    format: REPORT_FORMAT,
    adapter: parts[0]!.adapter,
    shards: shards.sort((a, b) => a.index - b.index),
    notices: [...new Set(parts.flatMap((p) => p.notices))],
    live: parts.flatMap((p) => p.live),
    cases,
    durationMs: Math.max(...parts.map((p) => p.durationMs)),
  };
}
