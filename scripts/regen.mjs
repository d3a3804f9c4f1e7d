#!/usr/bin/env -S npx tsx
// Regenerates the golden fixtures from the pinned oracle (torch 2.13.0, DEFAULT, 1 thread), run as `npm run regen`.
//   npm run regen                          all groups, written atomically (a killed run leaves the old fixtures)
//   npm run regen -- --only random-03      just these groups (repeat or comma-separate)
//   npm run regen -- --check               regenerate in memory; fail naming every file and case that differs
//   --allow-other-torch                    accept an oracle that is not the pinned configuration
//   --fixtures DIR                         another fixtures directory (default: $TORCH_CONFORMANCE_FIXTURES, else fixtures/)
// Runs under tsx (it imports the TypeScript sources); zx supplies argv and chalk.
import { $, argv, chalk } from "zx";
import cliProgress from "cli-progress";
import { regen, RegenError } from "../src/fixtures/regen.ts";
import { fixturesLayout, displayPath, REPO_ROOT } from "../src/fixtures/paths.ts";
import { GENERATOR_SOURCES } from "../src/fixtures/generator-hash.ts";
import { startOracle } from "../src/oracle/index.ts";

const KNOWN = new Set(["_", "only", "check", "allow-other-torch", "fixtures", "help"]);
const unknown = Object.keys(argv).filter((k) => !KNOWN.has(k));
if (argv.help || unknown.length > 0 || argv._.length > 0) {
  if (!argv.help) console.error(chalk.red(`regen: unknown argument(s): ${[...unknown.map((k) => `--${k}`), ...argv._].join(" ")}`));
  console.error("usage: npm run regen -- [--only GROUP[,GROUP]] [--check] [--allow-other-torch] [--fixtures DIR]");
  process.exit(argv.help ? 0 : 2);
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
  const out = await regen({
    dir: layout.root,
    only,
    check: Boolean(argv.check),
    allowOtherTorch: Boolean(argv["allow-other-torch"]),
    startOracle: (relaxed) => startOracle({ provision: true, ...(relaxed ? { expect: { torchPrefix: undefined, cpuCapability: undefined, threads: undefined } } : {}) }),
    onStart: (total, groups) => {
      bar.start(total, 0, { groups: groups.length > 3 ? `${groups.length} groups` : groups.join(", ") });
      console.error(`regen: ${total} cases in ${groups.length} group(s) from the oracle${argv.check ? " (--check: nothing is written)" : ""}`);
    },
    onProgress: (done) => {
      bar.update(done);
      if (done >= bar.getTotal()) bar.stop();
    },
    log: (line) => console.error(line),
  });
  bar.stop();
  if (out.missingTags.length > 0) console.error(chalk.yellow(`warning: no case carries the required tag(s) ${out.missingTags.join(", ")}`));
  if (argv.check) {
    if (out.ok) console.log(chalk.green(`regen --check: ${displayPath(layout.root)} is exactly what the oracle gives today (${out.cases} cases)`));
    else {
      console.error(chalk.red(`regen --check: ${displayPath(layout.root)} differs from what the oracle gives today:`));
      for (const d of out.differences) console.error(`  ${d}`);
      console.error(`run \`npm run regen\` and commit the result if the change is intended`);
    }
  } else console.log(chalk.green(`regen: wrote ${out.cases} cases to ${displayPath(layout.root)}`));
  process.exit(out.ok ? 0 : 1);
} catch (e) {
  bar.stop();
  console.error(chalk.red(`regen: ${e instanceof RegenError ? e.message : e?.stack ?? e}`));
  process.exit(1);
}
