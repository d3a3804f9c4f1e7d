// The project copied for a marks-lifted mutation run (scripts/mutate.ts --lifted): every file Stryker's sandbox
// would take, with the port's sources passed through `lift` (the Stryker directives blanked), node_modules linked.
import { cp, mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { tsFilesUnder } from "./mutation-marks.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
/** Not copied: installed or generated, and (the venv) a gigabyte the mutation tests never read. */
const LEFT_OUT = new Set(["node_modules", ".git", "reports", ".stryker-tmp", "coverage", ".tmp", "dist", "reference-py/.venv"]);

/** A fresh copy of the project in the temporary directory; the caller removes it. */
export async function liftedCopy(lift: (file: string, source: string) => string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "torch-conformance-lifted-"));
  await cp(ROOT, dir, { recursive: true, filter: (src) => !LEFT_OUT.has(path.relative(ROOT, src).split(path.sep).join("/")) });
  await symlink(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  await mkdir(path.join(dir, "reports"));
  for (const file of await tsFilesUnder(dir)) await writeFile(path.join(dir, file), lift(file, await readFile(path.join(dir, file), "utf8")));
  return dir;
}
