// The JSON report: the whole ConformanceReport, readable back for `merge`.
import { readFile } from "node:fs/promises";
import { REPORT_FORMAT, type ConformanceReport } from "./model.ts";

export const reportJson = (r: ConformanceReport): string => `${JSON.stringify(r, null, 1)}\n`;

export async function readReport(file: string): Promise<ConformanceReport> {
  let r: ConformanceReport;
  try {
    r = JSON.parse(await readFile(file, "utf8")) as ConformanceReport;
  } catch (e) {
    throw new Error(`${file}: cannot read a conformance report (${(e as Error).message})`);
  }
  if (r.format !== REPORT_FORMAT || !Array.isArray(r.cases) || !Array.isArray(r.shards)) {
    throw new Error(`${file}: not a conformance report of format ${REPORT_FORMAT}`);
  }
  return r;
}
