// vitest globalSetup: provisions the oracle venv once for the whole run (scripts/provision-oracle.mjs: a no-op when
// the venv is current). If that fails, the run goes on (tests that do not need PyTorch still run) and the reason is
// handed to the tests, so every test that needs the oracle fails with it instead of being skipped.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { TestProject } from "vitest/node";
import type { provisionOracle as Provision } from "../scripts/provision-oracle.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** The oracle venv's python, or "" when provisioning failed. */
    oraclePython: string;
    /** Why provisioning failed, or "". */
    oracleProvisionError: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const script = pathToFileURL(path.resolve(import.meta.dirname, "..", "scripts", "provision-oracle.mjs")).href;
  try {
    const { provisionOracle } = (await import(script)) as { provisionOracle: typeof Provision };
    const { python } = await provisionOracle({ quiet: true });
    project.provide("oraclePython", python);
    project.provide("oracleProvisionError", "");
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    console.error(`\n[global-setup] the PyTorch oracle could not be provisioned; tests that need it will fail: ${reason}\n`);
    project.provide("oraclePython", "");
    project.provide("oracleProvisionError", reason);
  }
}
