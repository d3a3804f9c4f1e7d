// vitest globalSetup: provisions the oracle venv once for the whole run (src/oracle/provision.ts: a no-op when the
// venv is current). If that fails, the run goes on (tests that do not need PyTorch still run) and the reason is
// handed to the tests, so every test that needs the oracle fails with it instead of being skipped.
// It also gives the run a temporary directory of its own, removed when the run ends: TMPDIR points at it, so what the
// tests and the processes they start (the CLI, the oracle, Python's tempfile) put in os.tmpdir() goes with it, and
// no test leaves anything in the system's temporary directory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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

/** Gives the run its own TMPDIR (inherited by the test workers, started after this); returns what removes it. */
function ownTmpdir(): () => void {
  const before = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(tmpdir(), "tc-test-run-"));
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}

export default async function setup(project: TestProject): Promise<() => void> {
  const removeTmpdir = ownTmpdir();
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
  return removeTmpdir;
}
