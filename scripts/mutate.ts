// npm run mutate [-- --batch NAME ...] [-- stryker options, e.g. --force to ignore the incremental cache]:
// Stryker on the port, one run per batch of stryker.config.mjs (each batch's report is kept when a later one is
// stopped), then docs/mutation.md from the batches' reports and wall times.
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { writeMutationCorpus } from "../test/mutation/corpus.ts";
import { provisionOracle } from "./provision-oracle.mjs";
import { batchFacts, batchReport, REPORT_JSON, strykerConfig, writeMutationPage, type BatchRun } from "./mutation-report.ts";

// --batch NAME picks batches; every other argument goes to each `stryker run`.
const picked: string[] = [];
const forwarded: string[] = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--batch") picked.push(argv[++i] ?? "");
  else forwarded.push(argv[i]!);
}
const { batches } = await strykerConfig();
const names = picked.length > 0 ? picked : Object.keys(batches);
const unknown = names.filter((n) => !(n in batches));
if (unknown.length > 0) throw new Error(`unknown batch ${unknown.join(", ")}; the batches are ${Object.keys(batches).join(", ")}`);

// The mutation tests have PyTorch answer the case specs: built once here for every batch and runner
// (test/mutation/corpus.ts). Stryker's sandbox has no venv (stryker.config.mjs), so runners get the python by name.
const python = process.env.TORCH_CONFORMANCE_PYTHON || (await provisionOracle()).python;
const corpus = await mkdtemp(path.join(tmpdir(), "torch-conformance-mutation-"));
try {
  const index = await writeMutationCorpus(corpus);
  console.log(`mutation corpus: ${index.size} cases answered by PyTorch, in ${index.chunks} chunks`);
  for (const name of names) {
    const globs = batches[name]!;
    console.log(`\n== mutate batch ${name}: ${globs.join(", ")}`);
    const args = ["stryker", "run", "--mutate", globs.join(","), "--incrementalFile", `reports/stryker-incremental-${name}.json`, ...forwarded];
    const t0 = performance.now();
    const run = await execa("npx", args, { stdio: "inherit", reject: false, env: { TORCH_CONFORMANCE_PYTHON: python, TC_MUTATION_CORPUS: corpus } });
    if (run.exitCode !== 0) {
      console.error(`stryker run failed on batch ${name} (exit ${run.exitCode}); docs/mutation.md left as it was`);
      process.exitCode = run.exitCode ?? 1;
      break;
    }
    await copyFile(REPORT_JSON, batchReport(name));
    const facts: BatchRun = { wallSeconds: (performance.now() - t0) / 1000, finished: new Date().toISOString() };
    await writeFile(batchFacts(name), JSON.stringify(facts));
  }
} finally {
  await rm(corpus, { recursive: true, force: true });
}
if (process.exitCode) process.exit();
const { page, score } = await writeMutationPage();
console.log(`${page} written: mutation score ${score.toFixed(2)}% of the port`);
