// Shared by the verify tests: the provisioned oracle python (a loud failure saying why there is none), a scratch
// directory for reports, and a quiet runVerifyCli with the settings of a known port.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runVerifyCli, type VerifyCliOptions } from "../../src/cli/verify.ts";
import type { KnownPort } from "../../src/verify/known-ports.ts";
import { provisionedPython } from "../oracle/helpers.ts";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export const oraclePython = provisionedPython;

export const scratch = (name: string) => mkdtempSync(path.join(tmpdir(), `verify-${name}-`));

export function cliOptions(over: Partial<VerifyCliOptions> & { impl: string }): VerifyCliOptions {
  return {
    features: [],
    strict: false,
    profile: [],
    seed: 1,
    seeds: 1,
    runs: 100,
    shrinkRuns: 100,
    maxCounterexamples: 5,
    reports: scratch("reports"),
    quiet: true,
    python: oraclePython(),
    ...over,
  };
}

export const portOptions = (p: KnownPort, runs: number): VerifyCliOptions =>
  cliOptions({
    impl: p.impl,
    profile: p.profiles,
    features: p.features,
    ...(p.ulps !== undefined ? { ulps: { float32: p.ulps, float64: p.ulps } } : {}),
    ...(p.atol !== undefined ? { atol: { float32: p.atol, float64: p.atol } } : {}),
    expectations: p.expectations,
    seed: p.seed,
    runs,
    json: true,
  });

export const silent = () => {};
