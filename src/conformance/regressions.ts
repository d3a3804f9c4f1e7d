// The committed corpus of cases the judge once found failing (fixtures/regressions/, like proptest-regressions):
// one pretty-printed JSON file per case holding the case, its tags, PyTorch's result and where it came from, so
// it replays on any port without Python. See fixtures/regressions/README.md.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Case, Handshake, Result } from "../case/index.ts";
import { validateCase, validateResult } from "../case/index.ts";
import { type JsonFileError, readJsonFileSync } from "../json-file.ts";

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

export interface RegressionProblem {
  file: string;
  message: string;
}

/** One file of the corpus, checked (JSON, format, id = file name, tags, schema of case and golden); throws why not. */
function readRegressionFile(file: string): RegressionEntry {
  let entry: RegressionEntry;
  try {
    entry = readJsonFileSync(file, "the regression") as RegressionEntry;
  } catch (e) {
    throw new Error((e as JsonFileError).reason);
  }
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) throw new Error("not a JSON object");
  if (entry.format !== REGRESSION_FORMAT) throw new Error(`format ${String(entry.format)} is not ${REGRESSION_FORMAT}`);
  if (`${entry.id}.json` !== path.basename(file)) throw new Error(`id ${String(entry.id)} does not match the file name`);
  if (!Array.isArray(entry.tags) || !entry.tags.every((t) => typeof t === "string")) throw new Error("tags is not an array of strings");
  if (entry.found === null || typeof entry.found !== "object") throw new Error("found is not an object");
  const c = validateCase(entry.case);
  if (!c.ok) throw new Error(`case: ${c.issues.map((i) => `${i.where} ${i.message}`).join("; ")}`);
  const g = validateResult(entry.golden);
  if (!g.ok) throw new Error(`golden: ${g.issues.map((i) => `${i.where} ${i.message}`).join("; ")}`);
  return entry;
}

/**
 * Every entry of the corpus, sorted by file name; a bad file is a problem naming it and does not stop the others.
 * A missing directory is an empty corpus.
 */
export function readRegressions(dir: string): { entries: { file: string; entry: RegressionEntry }[]; problems: RegressionProblem[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], problems: [] };
    return { entries: [], problems: [{ file: dir, message: `cannot list the directory: ${(e as Error).message}` }] };
  }
  const entries: { file: string; entry: RegressionEntry }[] = [];
  const problems: RegressionProblem[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      entries.push({ file, entry: readRegressionFile(file) });
    } catch (e) {
      problems.push({ file, message: (e as Error).message });
    }
  }
  return { entries, problems };
}
