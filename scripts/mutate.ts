// npm run mutate -- [--batch NAME ...] [--recheck | --static | --lifted] [-- stryker options]:
// Stryker on the port and the judge, one run per batch of stryker.config.mjs (with the batch's own config when it has
// one; each batch's report is kept when a later one is stopped), then docs/mutation.md from the batches' reports and
// wall times. Without --batch, the regular batches.
// --static: the static-* batches (static mutants counted, stryker.static.config.mjs) that have no kept report yet, so
// a stopped run resumes where it stopped; `--batch static-NAME` runs one again. Each is seeded with its regular
// batch's report (when there is one) minus the ignored mutants and the static ones it left undetected, so Stryker
// reuses the regular results and runs only the static mutants; run the regular batches first. (A "hybrid" mutant,
// reached both at load time and by a test calling the same code, is static too: the regular run, ignoring static
// mutants, switched it on only once the port had loaded (Stryker's runtime activation), so its load-time effect was
// never tried, and one that survived there runs again.)
// --lifted: judge the equivalence marks (`npm run mutation-marks`): run a batch again on a copy of the project whose
// Stryker directives are blanked (same lines and columns, so the report maps 1:1 onto the source), seeded with that
// batch's kept report minus its ignored mutants, so only what the marks (and, in a regular batch, ignoreStatic)
// held back runs. Its report is kept apart (reports/mutation/lifted-NAME.json) and never enters docs/mutation.md.
// Without --batch, every batch with a kept report and no lifted one yet, so a stopped run resumes.
// --recheck: test again only what the batch's last full run left undetected (survived, no coverage), after tests
// were added or made stricter: Stryker's incremental mode is seeded with that report minus its undetected mutants,
// and with the test files' current text, so it reuses the killed and timed-out results of mutants whose code did not
// change (tests were only added or tightened, so they still die) and runs the rest. Do not use it after a test was
// loosened or removed: run the batch in full. docs/mutation.md says which batches were rechecked, and when the full
// run was.
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { writeMutationCorpus } from "../support/mutation/corpus.ts";
import { provisionOracle } from "../src/oracle/provision.ts";
import { liftedCopy } from "./lifted-copy.ts";
import { liftMarks } from "./mutation-marks.ts";
import { batchFacts, batchReport, liftedReport, REPORT_JSON, strykerConfig, writeMutationPage, type BatchRun } from "./mutation-report.ts";

// Our options, then after a `--` the options every `stryker run` gets (e.g. `-- --concurrency 1`).
const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const ours = split < 0 ? argv : argv.slice(0, split);
const forwarded = split < 0 ? [] : argv.slice(split + 1);
const USAGE = "usage: npm run mutate -- [--batch NAME ...] [--recheck | --static | --lifted] [-- stryker options]";
const { values: options } = (() => {
  try {
    return parseArgs({
      args: ours,
      options: { batch: { type: "string", multiple: true, default: [] }, recheck: { type: "boolean", default: false }, static: { type: "boolean", default: false }, lifted: { type: "boolean", default: false } },
    });
  } catch (e) {
    console.error(`mutate: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
})();
const picked = options.batch;
const { recheck, static: statics, lifted } = options;
const { batches, staticBatches, batchConfigs } = await strykerConfig();
const isStatic = (name: string) => Object.hasOwn(staticBatches, name);
if (recheck && (statics || picked.some(isStatic))) throw new Error("--recheck reruns a regular batch's undetected mutants; a static batch resumes with --static instead");
if (lifted && (recheck || statics)) throw new Error("--lifted reruns only the marked mutants of batches already run; it goes with neither --recheck nor --static");
const exists = async (file: string) => (await stat(file).catch(() => undefined)) !== undefined;
const kept = (name: string) => exists(batchReport(name));
const names =
  picked.length > 0
    ? picked
    : statics
      ? (await Promise.all(Object.keys(staticBatches).map(async (n) => ((await kept(n)) ? [] : [n])))).flat()
      : lifted
        ? (await Promise.all(Object.keys(batches).map(async (n) => ((await kept(n)) && !(await exists(liftedReport(n))) ? [n] : [])))).flat()
        : Object.keys(batches).filter((n) => !isStatic(n));
const unknown = names.filter((n) => !(n in batches));
if (unknown.length > 0) throw new Error(`unknown batch ${unknown.join(", ")}; the batches are ${Object.keys(batches).join(", ")}`);

type ReportedMutant = { status: string; static?: boolean };
type Report = { files: Record<string, { source: string; mutants: ReportedMutant[] }>; testFiles?: Record<string, { source?: string }> };

/**
 * An incremental file for Stryker from an earlier report: its mutants minus those `drop` says run again, with the
 * test files' text of now, so that Stryker reruns only those and the port's changed code. Stryker reruns every
 * mutant a changed test file covers, and the replay covers them all; the tests only grew stricter since, so a killed
 * mutant stays killed. `source` maps each port file's text as the report has it to what Stryker will compare it with.
 */
async function seedFrom(report: Report, drop: (mutant: ReportedMutant) => boolean, source = (_file: string, text: string) => text): Promise<Report> {
  const seed = structuredClone(report);
  for (const [name, file] of Object.entries(seed.files)) {
    file.mutants = file.mutants.filter((m) => !drop(m));
    file.source = source(name, file.source);
  }
  for (const [file, test] of Object.entries(seed.testFiles ?? {})) {
    const now = await readFile(file, "utf8").catch(() => undefined);
    if (now === undefined) delete seed.testFiles![file];
    else test.source = now;
  }
  return seed;
}
/** The batch's last run (a full one, or the full run a recheck started from), for --recheck. */
async function lastFullRun(name: string): Promise<{ report: Report; full: BatchRun }> {
  let report: Report, facts: BatchRun;
  try {
    report = JSON.parse(await readFile(batchReport(name), "utf8")) as Report;
    facts = JSON.parse(await readFile(batchFacts(name), "utf8")) as BatchRun;
  } catch (e) {
    throw new Error(`--recheck: batch ${name} has no readable report of an earlier run (${(e as Error).message}); run it in full first`);
  }
  return { report, full: facts.recheckOf ?? facts };
}
const previous = new Map<string, { report: Report; full: BatchRun }>();
if (recheck) for (const name of names) previous.set(name, await lastFullRun(name));
/** The kept report a --lifted run of the batch starts from. */
async function keptReport(name: string): Promise<Report> {
  try {
    return JSON.parse(await readFile(batchReport(name), "utf8")) as Report;
  } catch (e) {
    throw new Error(`--lifted: batch ${name} has no readable report (${(e as Error).message}); run it first (npm run mutate -- --batch ${name})`);
  }
}
const liftFrom = new Map<string, Report>();
if (lifted) for (const name of names) liftFrom.set(name, await keptReport(name));

// The mutation tests have PyTorch answer the case specs: built once here for every batch and runner
// (support/mutation/corpus.ts). Stryker's sandbox has no venv (stryker.config.mjs), so runners get the python by name.
const python = process.env.TORCH_CONFORMANCE_PYTHON || (await provisionOracle()).python;
const corpus = await mkdtemp(path.join(tmpdir(), "torch-conformance-mutation-"));
// A --lifted run's Stryker works in a copy of the project with the directives blanked; the sources here stay as they are.
const cwd = lifted ? await liftedCopy(liftMarks) : process.cwd();
try {
  const index = await writeMutationCorpus(corpus);
  console.log(`mutation corpus: ${index.size} cases answered by PyTorch, in ${index.chunks} chunks`);
  for (const name of names) {
    const globs = batches[name]!;
    console.log(`\n== mutate batch ${name}: ${globs.join(", ")}`);
    const incrementalFile = `reports/stryker-incremental-${name}.json`;
    const config = isStatic(name) ? ["stryker.static.config.mjs"] : batchConfigs[name] ? [batchConfigs[name]] : [];
    const args = ["stryker", "run", ...config, "--mutate", globs.join(","), "--incrementalFile", incrementalFile, ...forwarded];
    const before = previous.get(name);
    const regularRun = isStatic(name) ? await readFile(batchReport(name.slice("static-".length)), "utf8").catch(() => undefined) : undefined;
    const ignored = (m: ReportedMutant) => m.status === "Ignored";
    const undetected = (m: ReportedMutant) => m.status === "Survived" || m.status === "NoCoverage";
    const lift = liftFrom.get(name);
    const seed = lift
      ? await seedFrom(lift, ignored, liftMarks)
      : before
        ? await seedFrom(before.report, undetected)
        : regularRun
          ? await seedFrom(JSON.parse(regularRun) as Report, (m) => ignored(m) || (m.static === true && undetected(m)))
          : undefined;
    if (seed) {
      await writeFile(path.join(cwd, incrementalFile), JSON.stringify(seed));
      args.push("--incremental");
    }
    const t0 = performance.now();
    const run = await execa("npx", args, { cwd, stdio: "inherit", reject: false, env: { TORCH_CONFORMANCE_PYTHON: python, TC_MUTATION_CORPUS: corpus } });
    if (run.exitCode !== 0) {
      console.error(`stryker run failed on batch ${name} (exit ${run.exitCode}); docs/mutation.md left as it was`);
      process.exitCode = run.exitCode ?? 1;
      break;
    }
    if (lift) {
      await copyFile(path.join(cwd, path.relative(process.cwd(), REPORT_JSON)), liftedReport(name));
      console.log(`kept as ${path.relative(process.cwd(), liftedReport(name))}; judge the marks with npm run mutation-marks -- reports/mutation/lifted-*.json`);
      continue;
    }
    await copyFile(REPORT_JSON, batchReport(name));
    const facts: BatchRun = { wallSeconds: (performance.now() - t0) / 1000, finished: new Date().toISOString(), ...(before ? { recheckOf: before.full } : {}) };
    await writeFile(batchFacts(name), JSON.stringify(facts));
  }
} finally {
  await rm(corpus, { recursive: true, force: true });
  if (lifted) await rm(cwd, { recursive: true, force: true });
}
// after a --lifted run too: the page's marks section is judged by the lifted reports
if (process.exitCode) process.exit();
const { page, score } = await writeMutationPage();
console.log(`${page} written: mutation score ${score.toFixed(2)}% of the port and the judge`);
