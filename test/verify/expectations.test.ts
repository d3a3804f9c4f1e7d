// Expectations files: schema checks with a clear message, matching by feature/case/path, and what is left over.
import { describe, expect, it } from "vitest";
import { ExpectationMatcher, parseExpectations } from "../../src/verify/expectations.ts";

describe("parseExpectations", () => {
  it("accepts entries with a reason and at least one selector", () => {
    const f = parseExpectations({ expectations: [{ feature: "dropout.p1", reason: "r" }, { case: "v1-*", reason: "r" }, { path: "steps[*].value.output*", reason: "r" }, { feature: ["a", "b"], reason: "r" }] }, "x.json");
    expect(f.expectations).toHaveLength(4);
  });

  it.each([
    [{ expectations: [{ feature: "x" }] }, "reason"],
    [{ expectations: [{ reason: "no selector" }] }, "/expectations/0"],
    [{ expectations: [{ feature: "x", reason: "" }] }, "/expectations/0/reason"],
    [{ expectations: [{ feature: "x", reason: "r", typo: 1 }] }, "/expectations/0"],
    [{ expected: [] }, "expectations"],
  ])("rejects %j, naming where", (value, where) => {
    expect(() => parseExpectations(value, "ports.json")).toThrow(/^ports\.json: not a valid expectations file: /);
    expect(() => parseExpectations(value, "ports.json")).toThrow(where);
  });
});

describe("ExpectationMatcher", () => {
  const entries = [
    { feature: "dropout.p1", path: "steps[*].value.output*", reason: "p1" },
    { feature: ["module.Dropout", "input.nan"], reason: "nan" },
    { case: "v1-7", reason: "one case" },
    { feature: "never.seen", reason: "stale" },
    { feature: "bn.eval", reason: "fixed upstream" },
  ];

  it("explains each difference of a failure when every selector matches, first entry's reason", () => {
    const m = new ExpectationMatcher(entries);
    const reasons = (c: Parameters<ExpectationMatcher["observe"]>[0]) => m.observe(c).map((e) => e?.reason);
    expect(reasons({ id: "v1-0", tags: ["dropout.p1", "module.Dropout"], status: "fail", paths: ["steps[2].value.output", "steps[2].error"] })).toEqual(["p1", undefined]);
    expect(reasons({ id: "v1-1", tags: ["dropout.p1"], status: "fail", paths: ["steps[2].error"] })).toEqual([undefined]);
    expect(reasons({ id: "v1-2", tags: ["module.Dropout"], status: "fail", paths: ["x"] })).toEqual([undefined]);
    expect(reasons({ id: "v1-3", tags: ["module.Dropout", "input.nan"], status: "fail", paths: ["x", "y"] })).toEqual(["nan", "nan"]);
    expect(reasons({ id: "v1-7", tags: [], status: "fail", paths: ["x"] })).toEqual(["one case"]);
    // an entry counts each case it explains once, however many of its differences
    expect(m.explained).toEqual([1, 1, 1, 0, 0]);
  });

  it("reports entries matching nothing and entries whose cases all passed", () => {
    const m = new ExpectationMatcher(entries);
    m.observe({ id: "v1-0", tags: ["dropout.p1"], status: "fail", paths: ["steps[0].value.output"] });
    m.observe({ id: "v1-1", tags: ["bn.eval"], status: "pass" });
    m.observe({ id: "v1-2", tags: ["bn.eval"], status: "unsupported" });
    expect(m.unmatched().map((e) => e.reason)).toEqual(["nan", "one case", "stale"]);
    expect(m.unexpectedPasses().map((e) => e.reason)).toEqual(["fixed upstream"]);
  });
});
