// What `conformance` and `verify` share: the port (--impl, --timeout), the policy (--rtol/--atol/--ulps per dtype,
// --nan, --signed-zero, --profile, --expectations, --strict), the report files, --shard and the progress lines.
import { Command, InvalidArgumentError, Option } from "commander";
import path from "node:path";
import type { Adapter } from "../adapters/adapter.ts";
import type { FloatDType } from "../conformance/floats.ts";
import { type ComparePolicy, type NanPolicy, resolvePolicy, type SignedZeroPolicy } from "../conformance/policy.ts";
import type { JudgeSettings } from "../engine/judge.ts";
import { parseShard, type ShardSpec } from "../engine/partition.ts";
import { REFERENCE_TORCH, SUPPORTED_VERSIONS, type SupportedTorch, torchRow } from "../oracle/provision.ts";
import { EXTENSIONS, type Format, FORMATS } from "../reports/write.ts";
import { ExpectationMatcher, loadExpectations } from "../verify/expectations.ts";
import { resolveImpl } from "../verify/impl.ts";
import { PRESETS, PROFILES, resolveProfiles } from "../verify/profiles/index.ts";

type PerDtype = Partial<Record<FloatDType, number>>;

export interface EngineCliOptions {
  impl: string;
  /** The torch version whose oracle (and stored goldens) judge the port; the reference when absent. */
  torch?: SupportedTorch;
  profile: string[];
  expectations?: string;
  strict: boolean;
  rtol?: PerDtype;
  atol?: PerDtype;
  ulps?: PerDtype;
  nan?: NanPolicy;
  signedZero?: SignedZeroPolicy;
  /** Seconds a batch of a subprocess port (and of the oracle) may take. */
  timeout?: number;
  shard?: ShardSpec;
  merge?: string[];
  reports: string;
  json?: string | true;
  junit?: string | true;
  markdown?: string | true;
  html?: string | true;
  quiet?: boolean;
}

export const nonNegativeInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
};

/** "1e-6" (both dtypes) or "float32=1e-5,float64=1e-7". */
export const perDtype = (name: string, integer: boolean) => (v: string): PerDtype => {
  const parse = (x: string) => {
    const n = Number(x);
    if (x.trim() === "" || !(n >= 0) || !Number.isFinite(n) || (integer && !Number.isSafeInteger(n))) throw new InvalidArgumentError(`${name} must be a non-negative ${integer ? "integer" : "number"} or dtype=value pairs (float32=..,float64=..), got ${JSON.stringify(v)}`);
    return n;
  };
  if (!v.includes("=")) return { float32: parse(v), float64: parse(v) };
  const out: PerDtype = {};
  for (const part of v.split(",")) {
    const [k, x = ""] = part.split("=").map((s) => s.trim());
    if (k !== "float32" && k !== "float64") throw new InvalidArgumentError(`${name}: unknown dtype ${JSON.stringify(k)} (float32 or float64)`);
    out[k] = parse(x);
  }
  return out;
};

const seconds = (v: string) => {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`--timeout must be a positive number of seconds, got ${JSON.stringify(v)}`);
  return n;
};

const commaList = (v: string, acc: string[]) => [...acc, ...v.split(",").map((s) => s.trim()).filter((s) => s !== "")];

export function profilesHelp(): string {
  return [
    "Convention profiles (--profile, comma list):",
    ...PROFILES.map((p) => `  ${p.id.padEnd(20)} ${p.summary}`),
    ...Object.entries(PRESETS).map(([k, p]) => `  ${k.padEnd(20)} ${p.summary} (preset: ${p.profiles.join(", ")})`),
  ].join("\n");
}

/** --torch <version>: a SUPPORTED_TORCH row, the reference by default (doctor, provision, conformance, verify). */
export const torchOption = (what: string): Option =>
  new Option("--torch <version>", `the torch version ${what} (${SUPPORTED_VERSIONS.join(", ")})`)
    .argParser((v: string) => {
      try {
        return torchRow(v);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    })
    .default(REFERENCE_TORCH, REFERENCE_TORCH.torch);

/** defaultImpl: the port when --impl is not given (null: the command checks it is given). */
export function addEngineOptions(cmd: Command, defaultImpl: string | null): Command {
  const impl = new Option("--impl <impl>", 'the port: builtin, js-pytorch, tfjs, tinygrad (Python; needs clang), a .ts/.js module exporting an adapter, or a command speaking the worker protocol ("python3 my_port.py")');
  return cmd
    .addOption(defaultImpl === null ? impl : impl.default(defaultImpl))
    .addOption(torchOption("of the oracle and the goldens that judge the port"))
    .option("--profile <names>", "convention profiles (comma list; see below)", commaList, [])
    .option("--expectations <file>", "expected differences, each with a reason (JSON, see src/verify/expectations.schema.json)")
    .option("--strict", "fail on an unexpected pass (an expectation whose cases all passed)", false)
    .addOption(new Option("--rtol <x>", "relative tolerance (torch.testing.assert_close's rule; per dtype: float32=..,float64=..); selects tolerance mode").argParser(perDtype("--rtol", false)))
    .addOption(new Option("--atol <x>", "absolute tolerance (per dtype as --rtol); selects tolerance mode").argParser(perDtype("--atol", false)))
    .addOption(new Option("--ulps <n>", "also accept floats within n units in the last place (per dtype as --rtol); selects tolerance mode").argParser(perDtype("--ulps", true)))
    .addOption(new Option("--nan <policy>", "NaN against NaN: payload bits must agree, or any NaN matches (default: bits; any in tolerance mode)").choices(["bits", "any"]))
    .addOption(new Option("--signed-zero <policy>", "-0 against +0 (default: strict; ignore in tolerance mode)").choices(["strict", "ignore"]))
    .addOption(new Option("--timeout <seconds>", "how long one batch of a subprocess port (or of the oracle) may take before its cases are timed out (default 60)").argParser(seconds))
    .addOption(new Option("--shard <i/n>", "run only part i of n (1-based); merge the shards' JSON reports with --merge").argParser(parseShard))
    .option("--merge <reports...>", "merge these shard JSON reports instead of running")
    .option("--json [file]", "write the JSON report")
    .option("--junit [file]", "write JUnit XML")
    .option("--markdown [file]", "write the Markdown report")
    .option("--html [file]", "write the self-contained HTML report")
    .option("--quiet", "no progress on stderr")
    .addHelpText("after", `\n${profilesHelp()}`);
}

export function policyOf(o: EngineCliOptions): ComparePolicy {
  return resolvePolicy({ rtol: o.rtol, atol: o.atol, ulps: o.ulps, nan: o.nan, signedZero: o.signedZero });
}

export async function settingsOf(o: EngineCliOptions): Promise<{ settings: JudgeSettings; expectationsFile?: string }> {
  const profiles = resolveProfiles(o.profile);
  if (!o.expectations) return { settings: { profiles, policy: policyOf(o) } };
  const content = await loadExpectations(o.expectations);
  // reports name the file relative to where the command runs (the repository root for the published matrices)
  return { settings: { profiles, policy: policyOf(o), expectations: new ExpectationMatcher(content.expectations) }, expectationsFile: path.relative(process.cwd(), path.resolve(o.expectations)) };
}

export const timeoutMs = (o: EngineCliOptions) => (o.timeout === undefined ? undefined : Math.round(o.timeout * 1000));

export const oracleOptions = (o: EngineCliOptions) => {
  const batchTimeoutMs = timeoutMs(o);
  return { torch: o.torch, ...(batchTimeoutMs ? { batchTimeoutMs } : {}) };
};

export const openPort = (o: EngineCliOptions): Promise<Adapter> => resolveImpl(o.impl, { batchTimeoutMs: timeoutMs(o) });

/** The files to write: the formats given (a path, or `base` + extension when given without one), else `defaults`. */
export function reportFiles(o: EngineCliOptions, base: string, defaults: readonly Format[]): Partial<Record<Format, string>> {
  const given = FORMATS.filter((f) => o[f] !== undefined);
  const files: Partial<Record<Format, string>> = {};
  for (const f of given.length > 0 ? given : defaults) files[f] = typeof o[f] === "string" ? (o[f] as string) : base + EXTENSIONS[f];
  return files;
}

/**
 * Progress on stderr: redrawn in place on a terminal; elsewhere (CI logs, pipes) one whole line per tenth of the work,
 * so a log reads as lines, never as `\r`-joined text.
 */
export function progressReporter(quiet: boolean | undefined, stream: NodeJS.WriteStream = process.stderr): ((phase: string, done: number, total: number) => void) | undefined {
  if (quiet) return undefined;
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let lastPhase = "";
  return (phase, done, total) => {
    if (tty) return void stream.write(`\r${phase}: ${done}/${total}${done === total ? "\n" : ""}`);
    const tenth = total === 0 ? 10 : Math.floor((10 * done) / total);
    if (phase === lastPhase && tenth === lastTenth) return;
    [lastPhase, lastTenth] = [phase, tenth];
    stream.write(`${phase}: ${done}/${total}\n`);
  };
}
