// The JSON report: the whole Report, readable back for `--merge`.
import { readJsonFile } from "../json-file.ts";
import { REPORT_FORMAT, type Report } from "../engine/report-model.ts";

export const reportJson = (r: Report): string => `${JSON.stringify(r, null, 1)}\n`;

export async function readReport(file: string): Promise<Report> {
  const r = (await readJsonFile(file, "a torch-conformance report")) as Report;
  if (r === null || typeof r !== "object" || r.format !== REPORT_FORMAT || !Array.isArray(r.cases) || !Array.isArray(r.shards)) {
    throw new Error(`${file}: not a torch-conformance report of format ${REPORT_FORMAT}`);
  }
  return r;
}
