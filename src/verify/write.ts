// Writes a verification report in the formats asked for (JSON, JUnit XML, Markdown, HTML).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { htmlReport } from "../reports/html.ts";
import { markdownReport } from "../reports/markdown.ts";
import { verifyJunit } from "./junit.ts";
import type { VerifyReport } from "./model.ts";

export type Format = "json" | "junit" | "markdown" | "html";
export const FORMATS: readonly Format[] = ["json", "junit", "markdown", "html"];
export const EXTENSIONS: Record<Format, string> = { json: ".json", junit: ".junit.xml", markdown: ".md", html: ".html" };

export const render: Record<Format, (r: VerifyReport) => string> = {
  json: (r) => `${JSON.stringify(r, null, 1)}\n`,
  junit: verifyJunit,
  markdown: markdownReport,
  html: htmlReport,
};

/** Writes each format to its file (directories created); returns the files written. */
export async function writeVerifyReports(r: VerifyReport, files: Partial<Record<Format, string>>): Promise<string[]> {
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
