// vitest globalSetup of the "port" project in mutation runs (vitest.mutate.config.ts), once per Stryker test runner:
// the oracle answers the lines of test/port/serve-lines.ts here, so that test/port/serve.test.ts, run again for every
// mutant of the protocol worker, compares with PyTorch's answers without starting PyTorch each time.
import type { TestProject } from "vitest/node";
import { startOracle } from "../../src/oracle/index.ts";
import { askOracle } from "../port/serve-lines.ts";

export default async function setup(project: TestProject): Promise<void> {
  const oracle = await startOracle();
  try {
    project.provide("serveOracleAnswers", await askOracle(oracle));
  } finally {
    await oracle.close();
  }
}
