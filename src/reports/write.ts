// Writes a report as JSON and JUnit XML into the reports directory (gitignored), e.g. reports/conformance.json and
// reports/conformance.junit.xml, or reports/conformance-shard-2-of-4.* for a shard.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { reportJson } from "./json.ts";
import { junitXml } from "./junit.ts";
import type { ConformanceReport } from "./model.ts";

export function reportBaseName(r: ConformanceReport): string {
  const s = r.shards;
  return s.length === 1 && s[0]!.count > 1 ? `conformance-shard-${s[0]!.index}-of-${s[0]!.count}` : "conformance";
}

export async function writeReports(dir: string, r: ConformanceReport): Promise<{ json: string; junit: string }> {
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, reportBaseName(r));
  const json = `${base}.json`;
  const junit = `${base}.junit.xml`;
  await writeFile(json, reportJson(r));
  await writeFile(junit, junitXml(r));
  return { json, junit };
}
