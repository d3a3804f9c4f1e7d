// The tag table of a live run, written as JSON and Markdown (reports/ is not committed).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { RARE_TAGS, type ShortTag, shortTags } from "./tag-shares.ts";
import { missingTags, tagTableMarkdown, tallyTags } from "./tags.ts";

export interface TagReport {
  seed: number;
  runs: number;
  casesPerSecond: number;
  counts: Record<string, number>;
  missingRequired: string[];
  /** Required tags below their minimum share of the run (tag-shares.ts). */
  belowMinimum: ShortTag[];
}

export function writeTagReport(dir: string, info: { seed: number; runs: number; casesPerSecond: number }, tagLists: Iterable<readonly string[]>): TagReport {
  const counts = tallyTags(tagLists);
  const report: TagReport = { ...info, counts: Object.fromEntries(counts), missingRequired: missingTags(counts), belowMinimum: shortTags(counts, info.runs) };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "tags.json"), JSON.stringify(report, null, 1) + "\n");
  const head = `# Live judge: feature tags\n\nseed ${info.seed}, ${info.runs} cases, ${info.casesPerSecond.toFixed(0)} cases/s (oracle + port + comparison)\n\n`;
  const missing = report.missingRequired.length > 0 ? `\n\nRequired tags never exercised: ${report.missingRequired.join(", ")}\n` : "\n";
  const short = report.belowMinimum.map((s) => `- ${s.tag}: ${s.cases} cases, ${(100 * s.share).toFixed(2)}% (at least ${(100 * s.minimum).toFixed(1)}%)`);
  const rare = Object.entries(RARE_TAGS).map(([tag, r]) => `- ${tag}: at least ${(100 * r.share).toFixed(1)}%, since ${r.why}`);
  const shares = `\nEvery required tag must reach 1% of the cases, except these, rare by nature:\n\n${rare.join("\n")}\n${short.length > 0 ? `\nBelow their minimum:\n\n${short.join("\n")}\n` : ""}`;
  writeFileSync(path.join(dir, "tags.md"), head + tagTableMarkdown(counts, info.runs) + missing + shares);
  return report;
}
