// The oracle for the judge's tests: the venv that test/global-setup.ts provisioned. Without it these tests fail
// with the reason (they never pass without PyTorch).
import { inject } from "vitest";
import type { Adapter } from "../../src/adapters/adapter.ts";
import { startOracle } from "../../src/oracle/index.ts";

export function oraclePython(): string {
  const python = inject("oraclePython");
  if (!python) throw new Error(`the oracle is not provisioned: ${inject("oracleProvisionError") || "unknown reason"}`);
  return python;
}

export async function startJudgeOracle(): Promise<Adapter> {
  return await startOracle({ python: oraclePython() });
}
