// The tag table of a live run, written as JSON and Markdown (reports/ is not committed).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { missingTags, tagTableMarkdown, tallyTags } from "./tags.ts";

export interface TagReport {
  seed: number;
  runs: number;
  casesPerSecond: number;
  counts: Record<string, number>;
  missingRequired: string[];
}

export function writeTagReport(dir: string, info: { seed: number; runs: number; casesPerSecond: number }, tagLists: Iterable<readonly string[]>): TagReport {
  const counts = tallyTags(tagLists);
  const report: TagReport = { ...info, counts: Object.fromEntries(counts), missingRequired: missingTags(counts) };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "tags.json"), JSON.stringify(report, null, 1) + "\n");
  const head = `# Live judge: feature tags\n\nseed ${info.seed}, ${info.runs} cases, ${info.casesPerSecond.toFixed(0)} cases/s (oracle + port + comparison)\n\n`;
  const missing = report.missingRequired.length > 0 ? `\n\nRequired tags never exercised: ${report.missingRequired.join(", ")}\n` : "\n";
  writeFileSync(path.join(dir, "tags.md"), head + tagTableMarkdown(counts, info.runs) + missing);
  return report;
}
