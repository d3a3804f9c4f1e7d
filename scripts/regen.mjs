#!/usr/bin/env -S npx tsx
// Regenerates the golden fixtures from the pinned oracle (torch 2.13.0, DEFAULT, 1 thread), run as `npm run regen`.
//   npm run regen                          all groups, written atomically (a killed run leaves the old fixtures)
//   npm run regen -- --only random-03      just these groups (repeat or comma-separate)
//   npm run regen -- --check               regenerate in memory; fail naming every file and case that differs
//   npm run regen -- --torch 2.14.1        another supported version's goldens: fixtures/torch/<v>/ (overrides of the reference corpus)
//   npm run regen -- --torch 2.14.1 --diff 2.13.0 [--report BASE]
//                                          also a drift report against <old>'s stored goldens: BASE.md and BASE.json
//                                          (default reports/drift-<old>-to-<new>); exit 0 unchanged, 3 changed, 1 error
//   --allow-other-torch                    accept an oracle that is not the pinned configuration
//   --fixtures DIR                         another fixtures directory (default: $TORCH_CONFORMANCE_FIXTURES, else fixtures/)
// Runs under tsx (it imports the TypeScript sources); zx supplies argv and chalk.
import { $, argv, chalk } from "zx";
import cliProgress from "cli-progress";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { regen, RegenError, regenWithDiff } from "../src/corpus/regen.ts";
import { fixturesLayout, displayPath, REPO_ROOT } from "../src/corpus/paths.ts";
import { GENERATOR_SOURCES } from "../src/corpus/provenance.ts";
import { loadVersionGolden, regenCommandFor, versionPaths } from "../src/corpus/versions.ts";
import { startOracle, UNPINNED } from "../src/oracle/index.ts";
import { REFERENCE_TORCH, SUPPORTED_VERSIONS, torchRow } from "../src/oracle/provision.ts";

const KNOWN = new Set(["_", "only", "check", "allow-other-torch", "fixtures", "torch", "diff", "report", "help"]);
const unknown = Object.keys(argv).filter((k) => !KNOWN.has(k));
if (argv.help || unknown.length > 0 || argv._.length > 0) {
  if (!argv.help) console.error(chalk.red(`regen: unknown argument(s): ${[...unknown.map((k) => `--${k}`), ...argv._].join(" ")}`));
  console.error("usage: npm run regen -- [--torch VERSION [--diff OLD_VERSION [--report BASE]]] [--only GROUP[,GROUP]] [--check] [--allow-other-torch] [--fixtures DIR]");
  process.exit(argv.help ? 0 : 2);
}
let row, diffRow;
try {
  row = argv.torch === undefined ? REFERENCE_TORCH : torchRow(String(argv.torch));
  diffRow = argv.diff === undefined ? undefined : torchRow(String(argv.diff));
  if (argv.report !== undefined && !diffRow) throw new Error("--report names the drift report's files: it needs --diff");
} catch (e) {
  console.error(chalk.red(`regen: ${e.message}`));
  process.exit(2);
}
const only = [argv.only ?? []].flat().flatMap((s) => String(s).split(",")).filter(Boolean);
const layout = fixturesLayout(argv.fixtures);

// Fixtures record the hash of the generator sources; made from uncommitted sources they are stale once committed.
const dirty = await $({ quiet: true, nothrow: true, cwd: REPO_ROOT })`git status --porcelain -- ${GENERATOR_SOURCES}`;
if (dirty.exitCode === 0 && dirty.stdout.trim() !== "" && !argv.check) {
  console.error(chalk.yellow(`warning: generator sources have uncommitted changes; the manifest records their current hash:\n${dirty.stdout.trimEnd()}`));
}

const bar = new cliProgress.SingleBar(
  { format: "regen [{bar}] {value}/{total} cases | {groups} | {duration}s", noTTYOutput: true, notTTYSchedule: 1000, stream: process.stderr, hideCursor: false },
  cliProgress.Presets.shades_classic,
);

try {
  const opts = {
    dir: layout.root,
    only,
    check: Boolean(argv.check),
    allowOtherTorch: Boolean(argv["allow-other-torch"]),
    torch: row.torch,
    startOracle: () => startOracle({ provision: true, torch: row, expect: UNPINNED }),
    onStart: (total, groups) => {
      bar.start(total, 0, { groups: groups.length > 3 ? `${groups.length} groups` : groups.join(", ") });
      console.error(`regen: ${total} cases in ${groups.length} group(s) from the oracle${argv.check ? " (--check: nothing is written)" : ""}`);
    },
    onProgress: (done) => {
      bar.update(done);
      if (done >= bar.getTotal()) bar.stop();
    },
    log: (line) => console.error(line),
  };
  const drift = diffRow ? await regenWithDiff({ ...opts, diff: diffRow.torch, command: `npm run regen -- ${process.argv.slice(2).join(" ")}` }) : undefined;
  const out = drift ? drift.outcome : await regen(opts);
  bar.stop();
  if (out.missingTags.length > 0) console.error(chalk.yellow(`warning: no case carries the required tag(s) ${out.missingTags.join(", ")}`));
  if (argv.check) {
    if (out.ok) console.log(chalk.green(`regen --check: ${displayPath(layout.root)} is exactly what the oracle gives today (${out.cases} cases)`));
    else {
      console.error(chalk.red(`regen --check: ${displayPath(layout.root)} differs from what the oracle gives today:`));
      for (const d of out.differences) console.error(`  ${d}`);
      console.error(`run \`${regenCommandFor(row.torch)}\` and commit the result if the change is intended`);
    }
  } else console.log(chalk.green(`regen: wrote torch ${row.torch}'s ${out.cases} cases to ${displayPath(layout.root)}${row === REFERENCE_TORCH ? "" : `/torch/${row.torch}`}`));
  // other versions' goldens are overrides of the reference corpus: a new reference corpus leaves them stale
  if (!argv.check && row === REFERENCE_TORCH) {
    for (const v of SUPPORTED_VERSIONS.filter((x) => x !== row.torch && existsSync(versionPaths(layout, x).manifest))) {
      const { problems } = await loadVersionGolden(layout.root, v);
      if (problems.length > 0) console.error(chalk.yellow(`warning: torch ${v}'s goldens no longer apply to this corpus: run \`${regenCommandFor(v)}\``));
    }
  }
  if (drift) {
    const base = String(argv.report ?? path.join("reports", `drift-${diffRow.torch}-to-${row.torch}`));
    await mkdir(path.dirname(path.resolve(base)), { recursive: true });
    await writeFile(`${base}.md`, drift.markdown);
    await writeFile(`${base}.json`, drift.json);
    const d = drift.drift;
    const say = drift.exitCode === 0 ? chalk.green : chalk.yellow;
    console.log(say(`drift ${diffRow.torch} -> ${row.torch}: ${d.changed.length} changed, ${d.unchanged} unchanged, ${d.added.length} only new, ${d.removed.length} only old: ${base}.md, ${base}.json`));
  }
  process.exit(out.ok ? (drift?.exitCode ?? 0) : 1);
} catch (e) {
  bar.stop();
  console.error(chalk.red(`regen: ${e instanceof RegenError ? e.message : e?.stack ?? e}`));
  process.exit(1);
}
