// Shared by the verify tests: the provisioned oracle python (a loud failure saying why there is none), a scratch
// directory for reports, a quiet runVerifyCli on the shared oracle, the settings of a known port, and the verdict on
// one case of a port against the live oracle.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Adapter } from "../../src/adapters/adapter.ts";
import { wireTensor, type Case, type Node, type Step } from "../../src/case/index.ts";
import { runVerifyCli, type VerifyCliOptions } from "../../src/cli/verify.ts";
import { resolvePolicy } from "../../src/conformance/policy.ts";
import { judge, toPortCase } from "../../src/engine/judge.ts";
import type { Verdict } from "../../src/engine/verdict.ts";
import type { KnownPort } from "../../src/verify/known-ports.ts";
import { resolveProfiles } from "../../src/verify/profiles/index.ts";
import { provisionedPython, sharedOracle } from "../oracle/helpers.ts";

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

/** runVerifyCli, quiet, with PyTorch's answers from this test process's shared oracle (test/oracle/helpers.ts). */
export const runVerify = async (o: VerifyCliOptions) => runVerifyCli(o, silent, await sharedOracle());

/** A case of one node (the root) and these steps. */
export const single = (node: Node, steps: Step[]): Case => ({ schema: 1, id: "t", nodes: { n: node }, root: "n", steps });
export const x = (shape: number[], values: number[]) => wireTensor("float32", shape, values);

/** The verdict on one case: PyTorch's answer from the live oracle, the port's under these profiles and policy. */
export async function verdictOf(port: Adapter, c: Case, profiles: string[], policy = resolvePolicy()): Promise<Verdict> {
  const ps = resolveProfiles(profiles);
  const [golden] = await (await sharedOracle()).runCases([c]);
  const portCase = toPortCase(c, ps);
  const [answer] = "status" in portCase ? [portCase] : await port.runCases([portCase]);
  return judge(c, golden!, answer!, { profiles: ps, policy }, { suite: "test", tags: [] });
}
