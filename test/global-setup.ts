// vitest globalSetup: provisions the oracle venv once for the whole run (src/oracle/provision.ts: a no-op when the
// venv is current). If that fails, the run goes on (tests that do not need PyTorch still run) and the reason is
// handed to the tests, so every test that needs the oracle fails with it instead of being skipped.
import type { TestProject } from "vitest/node";
import { provisionOracle } from "../src/oracle/provision.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The oracle venv's python, or "" when provisioning failed. */
    oraclePython: string;
    /** Why provisioning failed, or "". */
    oracleProvisionError: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  try {
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
