// docs/mutation.md from Stryker's JSON reports, one per batch of stryker.config.mjs (kept by scripts/mutate.ts as
// reports/mutation/batch-<name>.json with its wall time beside it; the marks-lifted reports, lifted-<name>.json, are not counted in the score, only in the marks' section): mutation score per file, per directory and in
// total, with Stryker's own metric definitions (mutation-testing-metrics), then every undetected mutant and the
// ignored ones by reason. Run by scripts/mutate.ts; alone, `tsx scripts/mutation-report.ts` rewrites the page from
// the batch reports there are.
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { calculateMetrics, type Metrics } from "mutation-testing-metrics";
import { mutationSeed } from "../support/mutation/seed.ts";
import { heldBack, judgeMarks, marksUnder, mergeReports, type JudgedMark, type MutationReport } from "./mutation-marks.ts";

type Files = Parameters<typeof calculateMetrics>[0];
type FileResult = Files[string];
type Mutant = FileResult["mutants"][number];

const ROOT = path.resolve(import.meta.dirname, "..");
/** Where Stryker writes its JSON report (stryker.config.mjs). */
export const REPORT_JSON = path.join(ROOT, "reports", "mutation", "mutation.json");
const PAGE = path.join(ROOT, "docs", "mutation.md");
/** The mutation-score goal of the port and the judge, over every mutant (static ones included), in percent. */
const GOAL = 97;

/** Where scripts/mutate.ts keeps the report of one batch, and the facts of its run. */
export const batchReport = (name: string) => path.join(path.dirname(REPORT_JSON), `batch-${name}.json`);
export const batchFacts = (name: string) => path.join(path.dirname(REPORT_JSON), `batch-${name}.run.json`);
/** Where scripts/mutate.ts --lifted keeps the report of the batch run with its Stryker directives blanked. */
export const liftedReport = (name: string) => path.join(path.dirname(REPORT_JSON), `lifted-${name}.json`);

export interface BatchRun {
  /** Wall time of the batch's `stryker run`. */
  wallSeconds: number;
  finished: string;
  /** Set when this run was a --recheck: the full run whose killed results it reused. */
  recheckOf?: BatchRun;
}

interface Batch {
  name: string;
  globs: string[];
  /** The batch's own Stryker options (stryker.config.mjs's batchConfigs), when it has them. */
  own?: { file: string; config: Record<string, unknown> };
  run?: BatchRun;
  files?: Files;
}

/** When the batch ran; for a recheck (scripts/mutate.ts --recheck), also the full run it started from. */
const finishedCell = (run: BatchRun) =>
  run.recheckOf ? `${run.finished}: recheck of the undetected mutants of the full run of ${run.recheckOf.finished} (${minutes(run.recheckOf.wallSeconds)})` : run.finished;
const pct = (x: number) => (Number.isNaN(x) ? "n/a" : `${x.toFixed(2)}%`);
const minutes = (s: number) => `${(s / 60).toFixed(1)} min`;

function row(name: string, m: Metrics): string {
  const cells = [m.mutationScore, m.mutationScoreBasedOnCoveredCode].map(pct);
  const counts = [m.killed, m.timeout, m.survived, m.noCoverage, m.ignored, m.runtimeErrors + m.compileErrors, m.totalMutants];
  return `| ${name} | ${cells.join(" | ")} | ${counts.join(" | ")} |`;
}

const HEAD = [
  "| file | score | score of covered code | killed | timeout | survived | no coverage | ignored | errors | mutants |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
];

const pick = (files: Files, names: string[]): Files => Object.fromEntries(names.map((n) => [n, files[n]!]));
const where = (file: string, m: Mutant) => `${file}:${m.location.start.line}:${m.location.start.column}`;
const oneLine = (s: string | undefined, max = 90) => {
  const t = (s ?? "").replace(/\s+/g, " ").trim();
  return (t.length > max ? `${t.slice(0, max - 1)}…` : t).replace(/\|/g, "\\|").replace(/`/g, "'");
};

/** How far the static-* batches (stryker.static.config.mjs) got: the score counts a file's static mutants once its static batch ran. */
function staticState(batches: Batch[]): string {
  const all = batches.filter((b) => b.name.startsWith("static-"));
  const ran = all.filter((b) => b.run);
  if (ran.length === all.length) return `tested by the ${all.length} static-* batches (stryker.static.config.mjs); the score counts them`;
  const head = ran.length === 0 ? "not yet run" : `${ran.length} of the ${all.length} static-* batches run`;
  return `${head} (\`npm run mutate -- --static\`, stryker.static.config.mjs); the files of a static batch not run have their static mutants ignored`;
}

/** The equivalence marks as the marks-lifted runs (scripts/mutate.ts --lifted) judged them. */
function marksMarkdown(judged: JudgedMark[], lifted: string[]): string[] {
  const out = [`## Equivalence marks (${judged.length})`, ""];
  out.push(
    lifted.length === 0
      ? "No marks-lifted run yet (`npm run mutate -- --lifted`): the marks below are not judged."
      : `Judged by the marks-lifted runs of ${lifted.join(", ")} (\`npm run mutation-marks -- reports/mutation/lifted-*.json\` checks them): a mark holds when every mutant it covers survives a run that does not honour it.`,
    "",
    "| mark | mutators | verdict | covered mutants (line:column mutator replacement: status) | reason |",
    "|---|---|---|---|---|",
  );
  for (const m of judged) {
    const mutants = m.mutants.map((x) => `${x.line}:${x.column} ${x.mutator} \`${oneLine(x.replacement, 40)}\`: ${x.status}`).join("; ");
    const verdict = m.verdict === "file not in report" ? "not judged" : m.verdict;
    out.push(`| ${m.file}:${m.line} | ${m.mutators.join(", ")} | ${verdict} | ${mutants} | ${oneLine(m.reason, 200)} |`);
  }
  out.push("");
  return out;
}

/** The goal counts every mutant, so a page with a batch not run (static ones included) cannot say it is met. */
const goalVerdict = (score: number, everyBatchRan: boolean) =>
  score < GOAL ? "NOT met" : everyBatchRan ? "met" : "not yet judged: a batch has not run, and its mutants are not counted";

const testsOf = (c: Record<string, unknown>) => (c.vitest as { configFile: string }).configFile;

/** The header line of a batch with its own Stryker config: the judge's, tested by its unit tests. */
function ownTests(name: string, own: NonNullable<Batch["own"]>): string {
  const statics = own.config.ignoreStatic ? "ignored" : "tested (a reload of the judge and its tests takes seconds)";
  return `- batch ${name} (${own.file}): the judge, what decides agree or differ and how a difference is described, attributed and classified (the no-slippage rule); tests: \`${testsOf(own.config)}\`, the judge's unit tests on hand-made results and verdicts, no Python: a port that agrees with PyTorch never reaches most of the judge, so the replay cannot test it; static mutants ${statics}`;
}

function mutationMarkdown(batches: Batch[], config: Record<string, unknown>, marks: string[]): string {
  const files: Files = Object.assign({}, ...batches.map((b) => b.files ?? {}));
  const names = Object.keys(files).sort();
  const total = calculateMetrics(files).metrics;
  const dirs = [...new Set(names.map((n) => path.posix.dirname(n)))].sort();
  const ran = batches.filter((b) => b.run);
  const c = config;
  const out = [
    "# Mutation testing of the port and the judge",
    "",
    "Generated by `npm run mutate` (scripts/mutate.ts: one Stryker run per batch of stryker.config.mjs, then",
    "scripts/mutation-report.ts from the batches' JSON reports); do not edit by hand.",
    "",
    `- tests of the port's batches: \`${testsOf(c)}\`: that the port loads at all (a static mutant that breaks its import would otherwise count as survived), the golden corpus (its spec groups are the conformance case specs of src/specs/) and the regression corpus, replayed bit for bit in chunks of 50 cases, then the port's unit and property tests; fast-check seed ${mutationSeed()}`,
    ...batches.flatMap((b) => (b.own ? [ownTests(b.name, b.own)] : [])),
    `- runner: ${String(c.testRunner)}, coverage analysis ${String(c.coverageAnalysis)}, concurrency ${String(c.concurrency)}, timeout ${String(c.timeoutFactor)} x the dry run + ${Number(c.timeoutMS) / 1000} s, incremental ${String(c.incremental)}, static mutants ${c.ignoreStatic ? "ignored" : "tested"}`,
    `- static mutants: ${staticState(batches)}`,
    `- wall time of the batches run: ${minutes(ran.reduce((s, b) => s + b.run!.wallSeconds, 0))} on 2 cores shared with other work`,
    "",
    "| batch | files | wall time | finished |",
    "|---|---|---:|---|",
    ...batches.map((b) => `| ${b.name} | ${b.globs.map((g) => `\`${g}\``).join(", ")} | ${b.run ? minutes(b.run.wallSeconds) : "**not run**"} | ${b.run ? finishedCell(b.run) : ""} |`),
    "",
    `**Total${ran.length < batches.length ? " of the batches run" : ""}: ${pct(total.mutationScore)}** (${total.totalDetected} of ${total.totalValid} valid mutants detected; goal ${GOAL}% over every mutant: ${goalVerdict(total.mutationScore, ran.length === batches.length)}).`,
    "Score = (killed + timeout) / (killed + timeout + survived + no coverage); ignored mutants and errors are not counted.",
    "",
    "## Per directory",
    "",
    ...HEAD.map((l) => l.replace("| file |", "| directory |")),
    ...dirs.map((d) => row(d, calculateMetrics(pick(files, names.filter((n) => path.posix.dirname(n) === d))).metrics)),
    row("**total**", total),
    "",
    "## Per file",
    "",
    ...HEAD,
    ...names.map((n) => row(n, calculateMetrics(pick(files, [n])).metrics)),
    "",
  ];
  const listed = (status: string[]) => names.flatMap((n) => files[n]!.mutants.filter((m) => status.includes(m.status)).map((m) => ({ file: n, m })));
  const undetected = listed(["Survived", "NoCoverage"]);
  out.push(`## Undetected mutants (${undetected.length})`, "");
  if (undetected.length === 0) out.push("None.", "");
  else {
    out.push("| where | status | mutator | replacement |", "|---|---|---|---|");
    for (const { file, m } of undetected) out.push(`| ${where(file, m)} | ${m.status} | ${m.mutatorName} | \`${oneLine(m.replacement)}\` |`);
    out.push("");
  }
  const ignored = listed(["Ignored"]);
  const reasons = new Map<string, number>();
  for (const { m } of ignored) {
    const r = oneLine(m.statusReason, 200) || "(no reason given)";
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  out.push(`## Ignored mutants (${ignored.length}), by reason`, "");
  if (ignored.length === 0) out.push("None.", "");
  else out.push("| reason | mutants |", "|---|---:|", ...[...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `| ${r} | ${n} |`), "");
  out.push(...marks);
  return out.join("\n");
}

async function readJson<T>(file: string): Promise<T | undefined> {
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read ${path.relative(ROOT, file)}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(raw) as T;
  } catch (e) {
    throw new Error(`${path.relative(ROOT, file)} is not JSON: ${(e as Error).message}`);
  }
}

/** stryker.config.mjs: the options and the batches of files that scripts/mutate.ts runs one by one. */
export async function strykerConfig(): Promise<{ config: Record<string, unknown>; batches: Record<string, string[]>; staticBatches: Record<string, string[]>; batchConfigs: Record<string, string> }> {
  const mod = (await import(path.join(ROOT, "stryker.config.mjs"))) as { default: Record<string, unknown>; batches: Record<string, string[]>; staticBatches: Record<string, string[]>; batchConfigs: Record<string, string> };
  return { config: mod.default, batches: mod.batches, staticBatches: mod.staticBatches, batchConfigs: mod.batchConfigs };
}

/** Merges the batches' reports (a batch without one is shown as not run) and writes docs/mutation.md. */
export async function writeMutationPage(): Promise<{ page: string; score: number }> {
  const { config, batches, batchConfigs } = await strykerConfig();
  const list: Batch[] = [];
  for (const [name, globs] of Object.entries(batches)) {
    const file = batchConfigs[name];
    const own = file ? { file, config: ((await import(path.join(ROOT, file))) as { default: Record<string, unknown> }).default } : undefined;
    const report = await readJson<{ files?: Files }>(batchReport(name));
    if (report && (!report.files || typeof report.files !== "object")) throw new Error(`${path.relative(ROOT, batchReport(name))} has no "files": not a mutation testing report`);
    const run = report ? ((await readJson<BatchRun>(batchFacts(name))) ?? { wallSeconds: NaN, finished: (await stat(batchReport(name))).mtime.toISOString() }) : undefined;
    list.push({ name, globs, ...(own ? { own } : {}), ...(run ? { run } : {}), ...(report ? { files: report.files! } : {}) });
  }
  if (list.every((b) => !b.files)) throw new Error(`no batch report in ${path.relative(ROOT, path.dirname(REPORT_JSON))}; run \`npm run mutate\` first`);
  const lifted = (await Promise.all(Object.keys(batches).map(async (name) => ({ name, report: await readJson<MutationReport>(liftedReport(name)) })))).filter((l) => l.report);
  const judged = judgeMarks(await heldBack(ROOT, await marksUnder(ROOT)), mergeReports(lifted.map((l) => l.report!)));
  await writeFile(PAGE, mutationMarkdown(list, config, marksMarkdown(judged, lifted.map((l) => l.name))));
  const files: Files = Object.assign({}, ...list.map((b) => b.files ?? {}));
  return { page: path.relative(ROOT, PAGE), score: calculateMetrics(files).metrics.mutationScore };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const { page, score } = await writeMutationPage();
  console.log(`${page}: mutation score ${pct(score)}`);
}
