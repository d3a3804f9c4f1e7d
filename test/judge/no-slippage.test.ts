// Shrinking keeps the failure it was given (src/engine/failure-kind.ts). Three planted bugs, each found by the live
// judge in its CI configuration (test/judge/judge.config.json), once slipped while shrinking under "any failure will
// do": an eval-mode Dropout that drops and rescales shrank to all-zero inputs,
// where only `value.sameObject` still differed; BatchNorm normalising with batch statistics in eval() shrank to
// subnormal inputs and to zeros; a missing rank check (PyTorch raises ValueError, the port nothing) shrank to a case
// where the port raises a RuntimeError instead. Each test here fails on such a shrink (and did on the fast-check
// shrinker this one replaced, with these very bugs, seed and configuration).
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Adapter } from "../../src/adapters/adapter.ts";
import { cachedAdapter } from "../../src/conformance/answer-cache.ts";
import { readJudgeConfig } from "../../src/conformance/config.ts";
import { overriddenBuiltinAdapter } from "../../src/adapters/builtin/overrides.ts";
import { differenceOfKind, failureKinds, valueClass } from "../../src/engine/failure-kind.ts";
import { atPath } from "../../src/engine/exact.ts";
import type { Judged } from "../../src/engine/judge-cases.ts";
import { type LiveFailure, runLive } from "../../src/engine/live.ts";
import type { JudgedDifference } from "../../src/engine/verdict.ts";
import { sharedOracle } from "../oracle/helpers.ts";
import { BUG_CATALOGUE } from "../../support/bugs/catalogue.ts";

const cfg = readJudgeConfig(path.join(import.meta.dirname, "judge.config.json"), {});
let oracle: Adapter | undefined;

/** `seed`: one whose first failing case has the kind that once slipped (the CI seed's first failure may be another). */
async function shrunkFailure(bugId: string, seed = cfg.seed): Promise<LiveFailure> {
  oracle ??= cachedAdapter(await sharedOracle());
  const bug = BUG_CATALOGUE.find((b) => b.id === bugId)!;
  const port = overriddenBuiltinAdapter(`builtin+${bug.id}`, bug.overrides);
  const run = await runLive({ oracle, port, seed, runs: cfg.runs, batchSize: cfg.batchSize, shrinkBudget: cfg.shrinkBudget, stopAtFirstFailure: true });
  expect(run.failure, `${bugId} was not found`).not.toBeNull();
  const f = run.failure!;
  expect(f.sameFailure).toBe(true);
  expect(failureKinds(f.shrunk.verdict, f.shrunk.golden)).toContain(f.kind);
  return f;
}

/** The error type each side raised in the step of a difference, read from the results themselves. */
const errorTypes = (j: Judged, d: JudgedDifference): unknown[] =>
  [j.golden, j.port].map((o) => (o.status === "ok" ? (atPath(o.result, d.step === null ? "build.error.type" : `steps[${d.step}].error.type`) ?? null) : o.status));

/** The shrunk case's difference of the original's kind. */
const kept = (f: LiveFailure) => differenceOfKind(f.shrunk.verdict, f.shrunk.golden, f.kind)!;

describe("shrinking without slippage", () => {
  it("zeros do not hide a wrong scale: dropout-in-eval still shows a differing output, not only sameObject", { timeout: 300_000 }, async () => {
    const f = await shrunkFailure("dropout-in-eval");
    const d = kept(f);
    expect(d.field).toBe("value.output");
    expect(valueClass(d.golden)).toBe("finite");
  });

  it("subnormals do not hide a rule: bn-eval-batch-stats still differs on normal values", { timeout: 300_000 }, async () => {
    const f = await shrunkFailure("bn-eval-batch-stats", 3);
    const d = kept(f);
    expect(d.mismatch).toBeDefined();
    expect([valueClass(d.golden), valueClass(d.port)]).not.toContain("subnormal");
    expect(f.kind).toMatch(/finite vs finite$/);
  });

  it("the error type does not change: bn-no-rank-check still shows PyTorch's ValueError against no error in the port", { timeout: 300_000 }, async () => {
    const f = await shrunkFailure("bn-no-rank-check", 2);
    const before = differenceOfKind(f.original.verdict, f.original.golden, f.kind)!;
    const after = kept(f);
    expect(after.field).toMatch(/^error/);
    expect(errorTypes(f.shrunk, after)).toEqual(errorTypes(f.original, before));
    expect(errorTypes(f.shrunk, after)).toEqual(["ValueError", null]);
  });
});
