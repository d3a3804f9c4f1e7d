// The judge must catch a wrong port. A BatchNorm whose momentum convention is inverted (Keras style:
// running = m * running + (1 - m) * batch) is planted into the built-in port through its module registry, without
// editing src/: the live property must fail, shrink the case, and print both reproducers. (The same bug heads the
// port-bug catalogue, support/bugs/catalogue.ts, which test/e2e/bug-catalogue.test.ts runs in the CI configuration.)
import { describe, expect, it } from "vitest";
import { caseSize } from "../../src/engine/case-size.ts";
import { formatFailure } from "../../src/engine/failure-report.ts";
import { runLive } from "../../src/engine/live.ts";
import { overriddenBuiltinAdapter } from "../../src/adapters/builtin/overrides.ts";
import { invertedMomentum } from "../../support/bugs/catalogue.ts";
import { sharedOracle } from "../oracle/helpers.ts";

describe("planted bug", () => {
  it("an inverted BatchNorm momentum is caught, shrunk and reported with both reproducers", { timeout: 600_000 }, async () => {
    const oracle = await sharedOracle();
    const port = overriddenBuiltinAdapter("builtin+inverted-momentum", { BatchNorm1d: invertedMomentum, BatchNorm2d: invertedMomentum, BatchNorm3d: invertedMomentum });
    const run = await runLive({ oracle, port, seed: 7, runs: 300, shrinkBudget: 2000 });
    expect(run.failure, "the judge did not notice the planted bug").not.toBeNull();
    const f = run.failure!;
    const before = caseSize(f.original.case);
    const after = caseSize(f.shrunk.case);
    console.log(`planted bug: first failing case ${JSON.stringify(before)}, shrunk in ${f.shrinks} steps (${f.liveCalls} live cases) to ${JSON.stringify(after)}`);
    const report = formatFailure(f, port.name);
    console.log(report);
    expect(after.bytes).toBeLessThanOrEqual(before.bytes);
    expect(f.shrinks).toBeGreaterThan(0);
    expect(Object.values(f.shrunk.case.nodes).some((n) => n.type.startsWith("BatchNorm"))).toBe(true);
    expect(f.shrunk.verdict.status).toBe("fail");
    expect(f.shrunk.verdict.differences.some((d) => /running_(mean|var)|output/.test(d.path))).toBe(true);
    expect(report).toContain('os.environ["ATEN_CPU_CAPABILITY"] = "default"');
    expect(report).toContain('import { runCase } from "./src/adapters/builtin/index.ts"');
    expect(report).toContain(`TC_SEED=7 TC_PATH=${f.path}`);
  });
});
