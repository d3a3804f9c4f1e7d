// Writes a report in the formats asked for (JSON, JUnit XML, Markdown, HTML), directories created.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { htmlReport } from "./html.ts";
import { reportJson } from "./json.ts";
import { junitXml } from "./junit.ts";
import { markdownReport } from "./markdown.ts";
import type { Report } from "../engine/report-model.ts";

export type Format = "json" | "junit" | "markdown" | "html";
export const FORMATS: readonly Format[] = ["json", "junit", "markdown", "html"];
export const EXTENSIONS: Record<Format, string> = { json: ".json", junit: ".junit.xml", markdown: ".md", html: ".html" };

export const render: Record<Format, (r: Report) => string> = { json: reportJson, junit: junitXml, markdown: markdownReport, html: htmlReport };

/** The shard part of a report's file name: "-shard-2-of-4" for one shard of several, else "". */
export function shardSuffix(r: Report): string {
  const s = r.shards;
  return s.length === 1 && s[0]!.count > 1 ? `-shard-${s[0]!.index}-of-${s[0]!.count}` : "";
}

/** Writes each format to its file; returns the files written. */
export async function writeReport(r: Report, files: Partial<Record<Format, string>>): Promise<string[]> {
  const written: string[] = [];
  for (const f of FORMATS) {
    const file = files[f];
    if (file === undefined) continue;
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, render[f](r));
    written.push(file);
  }
  return written;
}
