// What "fails the same way" means to the shrinker (failure-kind.ts): the class of a shown float, the error types on
// each side, the note without its numbers, and the kinds a verdict shows. Hand-made differences and verdicts: the
// engine's own rules, no PyTorch value (test/judge/no-slippage.test.ts runs the rule against PyTorch).
import { describe, expect, it } from "vitest";
import type { Outcome } from "../../src/adapters/adapter.ts";
import type { Result } from "../../src/case/index.ts";
import { differenceKind, differenceOfKind, failsAs, failureKinds, firstDifference, isRoot, kindInWords, statusKind, valueClass } from "../../src/engine/failure-kind.ts";
import type { JudgedDifference, Verdict } from "../../src/engine/verdict.ts";

const mismatch = { count: 1, total: 2, first: 0, maxAbs: null, maxRel: null, maxUlps: null };
const d = (over: Partial<JudgedDifference> = {}): JudgedDifference => ({ path: "steps[1].value.output", step: 1, field: "value.output", golden: "1 (0x3f800000)", port: "2 (0x40000000)", note: "1 of 2 elements differ", cause: "forward: value.output", mismatch, ...over });
const v = (status: Verdict["status"], differences: JudgedDifference[] = [], reason?: string): Verdict => ({ id: "c", suite: "s", tags: [], status, differences, ...(reason ? { reason } : {}) });
const withError = (error: unknown): Outcome => ({ id: "c", status: "ok", result: { steps: [{}, {}, { error }] } as unknown as Result });
const none: Outcome = { id: "c", status: "rejected", code: "bad_tree", message: "m", where: "" };

describe("valueClass", () => {
  // float32's infinity bits in a float64 are a finite number; float64 by its 16 hex digits, float32 by its 8
  it.each([
    ["1.5 (0x3fc00000)", "finite"],
    ["0 (0x00000000)", "zero"],
    ["-0 (0x80000000)", "zero"],
    ["1e-45 (0x00000001)", "subnormal"],
    ["5.877472e-39 (0x00400000)", "subnormal"],
    ["1.1754944e-38 (0x00800000)", "finite"],
    ["inf (0x7f800000)", "infinity"],
    ["-inf (0xff800000)", "infinity"],
    ["nan (0x7fc00000)", "NaN"],
    ["nan (0x7f800001)", "NaN"],
    ["3.4028235e38 (0x7f7fffff)", "finite"],
    ["1 (0x3ff0000000000000)", "finite"],
    ["0 (0x0000000000000000)", "zero"],
    ["5e-324 (0x0000000000000001)", "subnormal"],
    ["inf (0x7ff0000000000000)", "infinity"],
    ["nan (0x7ff8000000000000)", "NaN"],
    ["nan (0x7ff0000000000001)", "NaN"],
    ["3.3e-314 (0x000000007f800000)", "subnormal"],
    ["2.1219957909652723e-314 (0x00000000ffffffff)", "subnormal"],
  ])("classes %s as %s by its bits", (shown, cls) => {
    expect(valueClass(shown)).toBe(cls);
  });

  it("is empty for anything that is not a shown float", () => {
    for (const s of ["1", "0", '"x"', "(absent)", "1 (0x3f800000) more", "(0x)", "1 (3f800000)", "1 (0X3F800000)", "1 (0x3f80000g)", "1 0x3f800000"]) expect(valueClass(s)).toBe("");
  });
});

describe("differenceKind", () => {
  it("is the cause, 'elements differ' and the value classes for a float tensor", () => {
    expect(differenceKind(d(), none)).toBe("forward: value.output | elements differ | finite vs finite");
    expect(differenceKind(d({ golden: "0 (0x00000000)", port: "nan (0x7fc00000)" }), none)).toBe("forward: value.output | elements differ | zero vs NaN");
  });

  it("says int64 for a tensor whose shown values are not floats", () => {
    expect(differenceKind(d({ golden: "0", port: "1", note: "int64 values differ (1 of 1 elements)" }), none)).toBe("forward: value.output | int64 values differ | value vs value");
  });

  it("is the note without its numbers and parenthesis for anything else", () => {
    const names = d({ mismatch: undefined, path: "steps[1].snapshot.buffers", cause: "forward: snapshot.buffers", note: 'names differ (missing in port: ["1.running_mean"], unexpected in port: [])' });
    expect(differenceKind(names, none)).toBe("forward: snapshot.buffers | names differ");
    expect(differenceKind(d({ mismatch: undefined, cause: "c", note: "3 entries in golden, 12 in port" }), none)).toBe("c | # entries in golden, # in port");
    expect(differenceKind(d({ mismatch: undefined, cause: "c", note: "strings differ at character 17" }), none)).toBe("c | strings differ at character #");
    expect(differenceKind(d({ mismatch: undefined, cause: "c", note: "x (a\nb) 2" }), none)).toBe("c | x");
    expect(differenceKind(d({ mismatch: undefined, cause: "c", note: "x  (y)" }), none)).toBe("c | x");
    expect(differenceKind(d({ mismatch: undefined, cause: "c", note: "x(y)" }), none)).toBe("c | x");
    expect(differenceKind(d({ mismatch: undefined, cause: "", note: "values differ" }), none)).toBe("values differ");
  });

  it("names the error types of each side for an error field", () => {
    const err = (golden: string, port: string, path = "steps[2].error") => differenceKind(d({ mismatch: undefined, path, cause: "forward: error", note: "values differ", golden, port }), none);
    expect(err('{"type":"ValueError","message":"m"}', "null")).toBe("forward: error | values differ | ValueError vs no error");
    expect(err("(absent)", '{"message":"m","type":"RuntimeError"}')).toBe("forward: error | values differ | no error vs RuntimeError");
    expect(err('"ValueError"', '"TypeError"', "steps[2].error.type")).toBe("forward: error | values differ | ValueError vs TypeError");
    expect(err("3", "not json", "build.error")).toBe("forward: error | values differ | 3 vs not json");
    expect(err('{"message":"m"}', "null")).toBe('forward: error | values differ | {"message":"m"} vs no error');
  });

  it("takes the type of an error both sides raised from the golden result, for a field inside it", () => {
    const msg = d({ mismatch: undefined, path: "steps[2].error.message", cause: "forward: error.message", note: "strings differ at character 4", golden: '"abc d"', port: '"abc e"' });
    expect(differenceKind(msg, withError({ type: "KeyError", message: "x" }))).toBe("forward: error.message | strings differ at character # | KeyError on both sides");
    expect(differenceKind(msg, none)).toBe("forward: error.message | strings differ at character # | undefined on both sides");
  });

  it("does not take a field that merely ends in 'error' for an error", () => {
    const other = (path: string) => differenceKind(d({ mismatch: undefined, path, cause: "c", note: "values differ", golden: "null", port: "1" }), none);
    expect(other("steps[2].value.terror")).toBe("c | values differ");
    expect(other("steps[2].errors")).toBe("c | values differ");
    expect(other("steps[2].error.message.more")).toBe("c | values differ");
  });
});

describe("the kinds a verdict shows", () => {
  const root = d();
  const expected = d({ path: "steps[1].snapshot.buffers", cause: "forward: snapshot.buffers", expected: "known" });
  const consequence = d({ path: "steps[2].value.output", cause: "eval: value.output", consequenceOf: "steps[1].value.output" });

  it("count only the unexpected root differences", () => {
    expect([isRoot(root), isRoot(expected), isRoot(consequence)]).toEqual([true, false, false]);
    expect(failureKinds(v("fail", [expected, root, consequence]), none)).toEqual(["forward: value.output | elements differ | finite vs finite"]);
    expect(failureKinds(v("fail", [expected, root, consequence]), none, () => true)).toHaveLength(3);
  });

  it("are the status for a failure without differences, and nothing for a pass or explained differences", () => {
    expect(statusKind(v("crashed"))).toBe("status crashed");
    expect(failureKinds(v("crashed"), none)).toEqual(["status crashed"]);
    expect(failureKinds(v("pass"), none)).toEqual([]);
    expect(failureKinds(v("xfail", [expected]), none)).toEqual([]);
  });

  it("decide whether a judged case fails that way", () => {
    const kind = differenceKind(root, none);
    expect(failsAs({ verdict: v("fail", [root]), golden: none }, kind)).toBe(true);
    expect(failsAs({ verdict: v("fail", [expected]), golden: none }, differenceKind(expected, none))).toBe(false);
    expect(failsAs({ verdict: v("timed-out"), golden: none }, "status timed-out")).toBe(true);
    expect(failsAs({ verdict: v("fail", [root]), golden: none }, "status fail")).toBe(false);
  });

  it("find the first difference of a kind, and say it in words", () => {
    const second = d({ path: "steps[3].value.output", golden: "0 (0x00000000)" });
    const verdict = v("fail", [root, second]);
    expect(differenceOfKind(verdict, none, differenceKind(second, none))).toBe(second);
    expect(differenceOfKind(verdict, none, "status fail")).toBeUndefined();
    expect(kindInWords(verdict, none, differenceKind(second, none))).toBe("steps[3].value.output[0]: 1 of 2 elements differ\n  golden: 0 (0x00000000)\n  port:   2 (0x40000000)");
    expect(kindInWords(verdict, none, "status fail")).toBe(firstDifference(verdict));
    expect(firstDifference(verdict)).toBe("steps[1].value.output[0]: 1 of 2 elements differ\n  golden: 1 (0x3f800000)\n  port:   2 (0x40000000)");
    expect(firstDifference(v("crashed", [], "worker exited with code 1"))).toBe("crashed: worker exited with code 1");
    expect(firstDifference(v("crashed"))).toBe("crashed");
  });
});
