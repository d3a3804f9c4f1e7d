// The JSON report: the whole Report, readable back for `--merge`.
import { readFile } from "node:fs/promises";
import { REPORT_FORMAT, type Report } from "../engine/report-model.ts";

export const reportJson = (r: Report): string => `${JSON.stringify(r, null, 1)}\n`;

export async function readReport(file: string): Promise<Report> {
  let r: Report;
  try {
    r = JSON.parse(await readFile(file, "utf8")) as Report;
  } catch (e) {
    throw new Error(`${file}: cannot read a torch-conformance report (${(e as Error).message})`);
  }
  if (r.format !== REPORT_FORMAT || !Array.isArray(r.cases) || !Array.isArray(r.shards)) {
    throw new Error(`${file}: not a torch-conformance report of format ${REPORT_FORMAT}`);
  }
  return r;
}
