// The committed corpus of cases the judge once found failing (fixtures/regressions/, like proptest-regressions):
// one pretty-printed JSON file per case holding the case, its tags, PyTorch's result and where it came from, so
// it replays on any port without Python. See fixtures/regressions/README.md.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Case, Handshake, Result } from "../case/index.ts";
import { validateCase, validateResult } from "../case/index.ts";

export const REGRESSION_FORMAT = 1;

export interface RegressionEntry {
  format: typeof REGRESSION_FORMAT;
  /** Also the file name (<id>.json) and the case's id. */
  id: string;
  found: {
    date: string;
    /** The live run that found it: TC_SEED=<seed> TC_PATH=<path> replays it with the arbitraries of that time. */
    seed: number;
    path: string;
    port: string;
    /** The first difference the port showed, as the comparator printed it. */
    difference: string;
  };
  /** The oracle's handshake fields (torch, git version, CPU capability, threads) when the golden was recorded. */
  oracle: Partial<Handshake>;
  tags: string[];
  case: Case;
  golden: Result;
}

/** A stable id from the case's content (its id aside). */
export function regressionId(c: Case): string {
  return `r-${createHash("sha256").update(JSON.stringify({ ...c, id: "" })).digest("hex").slice(0, 16)}`;
}

export function writeRegression(dir: string, entry: Omit<RegressionEntry, "format" | "id" | "case" | "golden"> & { case: Case; golden: Result }): string {
  const id = regressionId(entry.case);
  const full: RegressionEntry = { format: REGRESSION_FORMAT, id, found: entry.found, oracle: entry.oracle, tags: entry.tags, case: { ...entry.case, id }, golden: { ...entry.golden, id } };
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${id}.json`);
  writeFileSync(file, JSON.stringify(full, null, 1) + "\n");
  return file;
}

export class RegressionFileError extends Error {}

/** Every entry of the corpus, checked (format, schema of case and golden, id = file name); sorted by file name. */
export function readRegressions(dir: string): { file: string; entry: RegressionEntry }[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  } catch {
    return [];
  }
  return files.map((f) => {
    const file = path.join(dir, f);
    const entry = JSON.parse(readFileSync(file, "utf8")) as RegressionEntry;
    const bad = (why: string) => new RegressionFileError(`${file}: ${why}`);
    if (entry.format !== REGRESSION_FORMAT) throw bad(`format ${String(entry.format)} is not ${REGRESSION_FORMAT}`);
    if (`${entry.id}.json` !== f) throw bad(`id ${entry.id} does not match the file name`);
    const c = validateCase(entry.case);
    if (!c.ok) throw bad(`case: ${c.issues.map((i) => `${i.where} ${i.message}`).join("; ")}`);
    const g = validateResult(entry.golden);
    if (!g.ok) throw bad(`golden: ${g.issues.map((i) => `${i.where} ${i.message}`).join("; ")}`);
    return { file, entry };
  });
}
