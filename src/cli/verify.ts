// `torch-conformance verify --impl <builtin | js-pytorch | tfjs | module.ts | "command args">`: where does an
// implementation differ from PyTorch, feature by feature? Seeded random cases, PyTorch's answers from the oracle,
// the implementation's through its adapter; a conformance matrix in JSON, JUnit, Markdown and HTML.
// Exit code: 0 no unexpected failure (and, with --strict, no unexpected pass); 1 otherwise; 2 bad setup.
import { Command, Option } from "commander";
import path from "node:path";
import type { Adapter } from "../adapters/adapter.ts";
import type { PortAdapter } from "../adapters/third-party/unsupported.ts";
import { startOracle } from "../oracle/index.ts";
import { loadExpectations } from "../verify/expectations.ts";
import { resolveImpl } from "../verify/impl.ts";
import type { VerifyReport } from "../verify/model.ts";
import { PRESETS, PROFILES, resolveProfiles } from "../verify/profiles/index.ts";
import { verify } from "../verify/run.ts";
import { EXTENSIONS, type Format, FORMATS, writeVerifyReports } from "../verify/write.ts";

export interface VerifyCliOptions {
  impl: string;
  features: string[];
  expectations?: string;
  strict: boolean;
  profile: string[];
  seed: number;
  runs: number;
  ulps?: number;
  atol?: number;
  shrinkRuns: number;
  maxCounterexamples: number;
  reports: string;
  json?: string | true;
  junit?: string | true;
  markdown?: string | true;
  html?: string | true;
  quiet?: boolean;
  /** Python for the oracle (default: $TORCH_CONFORMANCE_PYTHON, else the project's venv). */
  python?: string;
}

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
};
const collect = (v: string, acc: string[]) => [...acc, v];
const commaList = (v: string, acc: string[]) => [...acc, ...v.split(",").map((s) => s.trim()).filter((s) => s !== "")];

/** The files to write: the formats given (a path, or the default name when given without one), else all four. */
export function reportFiles(o: VerifyCliOptions, portName: string): Partial<Record<Format, string>> {
  const base = path.join(o.reports, `verify-${portName.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-|-$/g, "")}`);
  const given = FORMATS.filter((f) => o[f] !== undefined);
  const files: Partial<Record<Format, string>> = {};
  for (const f of given.length > 0 ? given : FORMATS) files[f] = typeof o[f] === "string" ? (o[f] as string) : base + EXTENSIONS[f];
  return files;
}

export function summaryLines(r: VerifyReport, files: string[]): string[] {
  const t = r.totals;
  const lines = [
    `${r.port.name}: ${r.ok ? "PASS" : "FAIL"}: ${t.pass} passed, ${t.fail} failed, ${t.xfail} expected failures, ${t.unsupported} unsupported${t["no-golden"] ? `, ${t["no-golden"]} without a PyTorch answer` : ""} (${r.settings.runs} cases, seed ${r.settings.seed}, ${r.settings.compare})`,
  ];
  const failing = r.matrix.filter((row) => row.fail > 0);
  if (failing.length > 0) lines.push(`failing features: ${failing.map((row) => `${row.tag} (${row.fail})`).join(", ")}`);
  lines.push(...r.warnings.map((w) => `warning: ${w}`));
  if (files.length > 0) lines.push(`reports: ${files.join(", ")}`);
  return lines;
}

/** Runs a verification as the CLI does; returns the report, the files written and the exit code. */
export async function runVerifyCli(o: VerifyCliOptions, log: (line: string) => void = console.log): Promise<{ report: VerifyReport; files: string[]; exitCode: number }> {
  const profiles = resolveProfiles(o.profile);
  // reports name the file relative to where verify runs (the repository root for the published matrices)
  const expectations = o.expectations ? { file: path.relative(process.cwd(), path.resolve(o.expectations)), content: await loadExpectations(o.expectations) } : undefined;
  let oracle: Adapter | undefined;
  let port: PortAdapter | undefined;
  try {
    oracle = await startOracle(o.python ? { python: o.python } : { provision: true });
    port = await resolveImpl(o.impl);
    const report = await verify({
      port,
      oracle,
      profiles,
      compare: { ...(o.ulps === undefined ? { mode: "bits" } : { mode: "ulp", maxUlps: { float32: o.ulps, float64: o.ulps } }), ...(o.atol === undefined ? {} : { atol: o.atol }) },
      seed: o.seed,
      runs: o.runs,
      features: o.features,
      expectations,
      strict: o.strict,
      shrinkRuns: o.shrinkRuns,
      maxCounterexamples: o.maxCounterexamples,
      onProgress: o.quiet ? undefined : (phase, done, total) => process.stderr.write(`\r${phase}: ${done}/${total}${done === total ? "\n" : ""}`),
    });
    const files = await writeVerifyReports(report, reportFiles(o, report.port.name));
    for (const line of summaryLines(report, files)) log(line);
    return { report, files, exitCode: report.ok ? 0 : 1 };
  } finally {
    await port?.close();
    await oracle?.close();
  }
}

export function verifyCommand(): Command {
  const profileHelp = [...PROFILES.map((p) => p.id), ...Object.keys(PRESETS).map((k) => `${k} (preset)`)].join(", ");
  return new Command("verify")
    .description("verify an implementation against PyTorch, feature by feature (conformance matrix)")
    .requiredOption("--impl <impl>", 'builtin, js-pytorch, tfjs, a .ts/.js module exporting an adapter, or a command speaking the worker protocol ("python3 my_port.py")')
    .option("--features <globs>", "only cases carrying one of these feature tags (comma list; repeat to require several; a leading ! excludes)", collect, [])
    .option("--expectations <file>", "expected failures, each with a reason (JSON, see src/verify/expectations.schema.json)")
    .option("--strict", "fail on an unexpected pass (an expectation whose cases all passed)", false)
    .option("--profile <names>", `convention profiles (comma list): ${profileHelp}`, commaList, [])
    .addOption(new Option("--seed <n>", "seed of the generated cases").argParser(int("--seed")).default(1))
    .addOption(new Option("--runs <n>", "number of generated cases").argParser(int("--runs")).default(500))
    .addOption(new Option("--ulps <n>", "compare floats within n ULP (NaN payloads ignored) instead of bit for bit").argParser(int("--ulps")))
    .addOption(new Option("--atol <x>", "with --ulps: float magnitudes below x count as 0 on both sides").argParser((v) => {
      const x = Number(v);
      if (!(x >= 0)) throw new Error(`--atol must be a non-negative number, got ${JSON.stringify(v)}`);
      return x;
    }))
    .addOption(new Option("--shrink-runs <n>", "tries allowed for shrinking each counterexample (0: none)").argParser(int("--shrink-runs")).default(300))
    .addOption(new Option("--max-counterexamples <n>", "failing features that get a counterexample").argParser(int("--max-counterexamples")).default(40))
    .option("--reports <dir>", "directory of the default report files", "reports")
    .option("--json [file]", "write the JSON report")
    .option("--junit [file]", "write JUnit XML")
    .option("--markdown [file]", "write the Markdown report")
    .option("--html [file]", "write the self-contained HTML report")
    .option("--quiet", "no progress on stderr")
    .option("--python <path>", "python of the oracle (default: $TORCH_CONFORMANCE_PYTHON, else the oracle venv that `provision` makes)")
    .addHelpText("after", "\nWithout --json/--junit/--markdown/--html all four are written to <reports>/verify-<impl>.*")
    .action(async (o: VerifyCliOptions) => {
      try {
        process.exitCode = (await runVerifyCli(o)).exitCode;
      } catch (e) {
        console.error(`verify: ${(e as Error).message}`);
        process.exitCode = 2;
      }
    });
}
