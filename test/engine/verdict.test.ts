// Counting verdicts and what fails a run (verdict.ts): the engine's own bookkeeping.
import { describe, expect, it } from "vitest";
import { type CaseStatus, countStatuses, FAILING, runPassed, type Verdict, zeroCounts } from "../../src/engine/verdict.ts";

const ALL: CaseStatus[] = ["pass", "fail", "closer", "xfail", "unsupported", "not-applicable", "timed-out", "crashed", "protocol-error", "lost", "no-golden", "error"];
const v = (status: CaseStatus): Verdict => ({ id: status, suite: "s", tags: [], status, differences: [] });

describe("verdict counts", () => {
  it("start at 0 for every status", () => {
    expect(zeroCounts()).toEqual(Object.fromEntries(ALL.map((s) => [s, 0])));
  });

  it("count each verdict under its status", () => {
    expect(countStatuses([v("pass"), v("fail"), v("pass"), v("no-golden")])).toEqual({ ...zeroCounts(), pass: 2, fail: 1, "no-golden": 1 });
    expect(countStatuses([])).toEqual(zeroCounts());
  });
});

describe("a run", () => {
  it("fails on an unexpected difference, a closer port, a case without an answer and a case that could not be judged", () => {
    expect([...FAILING].sort()).toEqual(["closer", "crashed", "error", "fail", "lost", "no-golden", "protocol-error", "timed-out"]);
    for (const s of FAILING) expect(runPassed([v("pass"), v(s)])).toBe(false);
  });

  it("passes with passes, expected failures, unsupported and not-applicable cases, or none", () => {
    expect(runPassed([v("pass"), v("xfail"), v("unsupported"), v("not-applicable")])).toBe(true);
    expect(runPassed([])).toBe(true);
  });
});
