// The verdict on a case both sides answered (judge.ts): the profiles' view of the port and masks, the differences
// with their causes and roots, the expectations, and who is closer to the exact value. Hand-made cases and results:
// the engine's own rules, no PyTorch value.
import { describe, expect, it } from "vitest";
import type { Outcome } from "../../src/adapters/adapter.ts";
import { Unsupported } from "../../src/adapters/third-party/unsupported.ts";
import { type Case, type Result, type Tensor, wireTensor } from "../../src/case/index.ts";
import { BITS, resolvePolicy } from "../../src/conformance/policy.ts";
import { BIT_EXACT, compareCase, judge, type JudgeSettings, portView, toPortCase } from "../../src/engine/judge.ts";
import { ExpectationMatcher, type JudgedCase } from "../../src/verify/expectations.ts";
import type { Profile } from "../../src/verify/profiles/index.ts";

const f32 = (...xs: number[]) => wireTensor("float32", [xs.length], xs);
const f64 = (...xs: number[]) => wireTensor("float64", [xs.length], xs);
const c: Case = { schema: 1, id: "c", nodes: { m: { type: "BatchNorm1d", args: [2] } }, root: "m", steps: [{ op: "train", path: "" }, { op: "forward", path: "", input: f32(1, 2) }] };
const meta = { suite: "case", tags: ["bn"] };
const result = (output: Tensor = f32(1, 2), error: unknown = null, flag = false): Result =>
  ({ schema: 1, id: "c", build: { error: null }, steps: [{ error: null, value: { flag } }, { error, value: { output } }] }) as unknown as Result;
const ok = (r: Result): Outcome => ({ id: "c", status: "ok", result: r });
const rejected: Outcome = { id: "c", status: "rejected", code: "bad_tree", message: "m", where: "/case/root" };
const valueError = { type: "ValueError", message: "m" };

/** An expectation matcher that also records what the judge told it. */
class Recording extends ExpectationMatcher {
  readonly seen: JudgedCase[] = [];
  override observe(jc: JudgedCase) {
    this.seen.push(jc);
    return super.observe(jc);
  }
}

describe("BIT_EXACT", () => {
  it("is bit for bit, with no profile and no expectation", () => {
    expect(BIT_EXACT).toEqual({ profiles: [], policy: BITS });
  });
});

describe("the verdict on answered cases", () => {
  it("passes when nothing differs, carrying the case's id, suite, source and tags", () => {
    expect(judge(c, ok(result()), ok(result()), BIT_EXACT, meta)).toEqual({ id: "c", suite: "case", tags: ["bn"], differences: [], status: "pass" });
    expect(judge(c, ok(result()), ok(result()), BIT_EXACT, { ...meta, source: "f.jsonl:3" })).toEqual({ id: "c", suite: "case", source: "f.jsonl:3", tags: ["bn"], differences: [], status: "pass" });
    expect(judge(c, rejected, rejected, BIT_EXACT, meta).status).toBe("pass");
  });

  it("fails on a difference, attributed to its step's op and field", () => {
    const v = judge(c, ok(result()), ok(result(f32(1, 3))), BIT_EXACT, meta);
    expect(v.status).toBe("fail");
    expect(v.differences).toHaveLength(1);
    expect(v.differences[0]).toMatchObject({ path: "steps[1].value.output", cause: "forward: value.output" });
    expect(Object.keys(v.differences[0]!).sort()).toEqual(["cause", "field", "golden", "mismatch", "note", "path", "port", "step"]);
    expect(v.reason).toBeUndefined();
    expect(judge(c, ok(result()), rejected, BIT_EXACT, meta)).toMatchObject({ status: "fail", differences: [{ path: "", cause: "outcome" }] });
  });

  it("marks what follows from a differing error, and does not count it", () => {
    const v = judge(c, ok(result(f32(1, 2), valueError)), ok(result(f32(1, 3))), BIT_EXACT, meta);
    expect(v.differences.map((d) => [d.path, d.consequenceOf])).toEqual([
      ["steps[1].error", undefined],
      ["steps[1].value.output", "steps[1].error"],
    ]);
    expect(v.status).toBe("fail");
    const m = new Recording([{ path: "*.error", reason: "known" }]);
    const xfail = judge(c, ok(result(f32(1, 2), valueError)), ok(result(f32(1, 3))), { ...BIT_EXACT, expectations: m }, meta);
    expect(m.seen.map((jc) => jc.paths)).toEqual([["steps[1].error"]]);
    expect(xfail.status).toBe("xfail");
    expect(xfail.reason).toBe("known");
    // a consequence carries its root's expectation
    expect(xfail.differences.map((d) => d.expected)).toEqual(["known", "known"]);
  });

  it("tells the expectations each case and only its root paths, and is an expected failure when they explain every root", () => {
    const m = new Recording([{ path: "*.flag", reason: "flags" }, { path: "*.output", reason: "outputs" }]);
    const s: JudgeSettings = { ...BIT_EXACT, expectations: m };
    const v = judge(c, ok(result(f32(1, 2), valueError, true)), ok(result(f32(1, 3))), s, meta);
    expect(m.seen).toEqual([{ id: "c", tags: ["bn"], status: "fail", paths: ["steps[0].value.flag", "steps[1].error"] }]);
    expect(v.status).toBe("fail");
    expect(v.differences.map((d) => d.expected)).toEqual(["flags", undefined, undefined]);
    const both = judge(c, ok(result(f32(1, 2), null, true)), ok(result(f32(1, 3))), s, meta);
    expect(both).toMatchObject({ status: "xfail", reason: "flags; outputs" });
    const twice = judge(c, ok(result(f32(1, 2), null, true)), ok(result(f32(1, 3))), { ...BIT_EXACT, expectations: new ExpectationMatcher([{ path: "*", reason: "all" }]) }, meta);
    expect(twice).toMatchObject({ status: "xfail", reason: "all" });
    judge(c, ok(result()), ok(result()), s, meta);
    expect(m.seen.at(-1)).toEqual({ id: "c", tags: ["bn"], status: "pass", paths: [] });
    judge(c, rejected, { id: "c", status: "unsupported", feature: "BatchNorm1d", reason: "no" }, s, meta);
    expect(m.seen.at(-1)).toEqual({ id: "c", tags: ["bn"], status: "unsupported" });
  });

  it("is 'closer' when the port is closer to the exact value on every unexpected difference, else a failure", () => {
    const exact = ok(result(f64(1, 2.75)));
    expect(judge(c, ok(result(f32(1, 2))), ok(result(f32(1, 3))), BIT_EXACT, meta, exact)).toMatchObject({ status: "closer", differences: [{ closer: "port" }] });
    expect(judge(c, ok(result(f32(1, 3))), ok(result(f32(1, 2))), BIT_EXACT, meta, exact)).toMatchObject({ status: "fail", differences: [{ closer: "golden" }] });
    const noTwin = judge(c, ok(result(f32(1, 2))), ok(result(f32(1, 3))), BIT_EXACT, meta, rejected);
    expect(noTwin.status).toBe("fail");
    expect(noTwin.differences[0]).not.toHaveProperty("closer");
    const alsoFlag = judge(c, ok(result(f32(1, 2), null, true)), ok(result(f32(1, 3))), BIT_EXACT, meta, exact);
    expect(alsoFlag.status).toBe("fail");
    expect(alsoFlag.differences.map((d) => d.closer)).toEqual([undefined, "port"]);
    const flagExpected = judge(c, ok(result(f32(1, 2), null, true)), ok(result(f32(1, 3))), { ...BIT_EXACT, expectations: new ExpectationMatcher([{ path: "*.flag", reason: "flags" }]) }, meta, exact);
    expect(flagExpected.status).toBe("closer");
  });

  it("weighs only the unexpected roots: a consequence where PyTorch is closer does not stop the port being closer", () => {
    const out = (a: Tensor, b: Tensor) => ({ schema: 1, id: "c", build: { error: null }, steps: [{ error: null, value: { output: a } }, { error: null, value: { output: b } }] }) as unknown as Result;
    const golden = out(f32(1, 2), f32(5, 2, 7));
    const port = out(f32(1, 3), f32(5, 3, 9));
    const exact = ok(out(f64(1, 2.75), f64(5, 2.75, 7)));
    const v = judge(c, ok(golden), ok(port), BIT_EXACT, meta, exact);
    expect(v.differences.map((d) => [d.path, d.closer, d.consequenceOf])).toEqual([
      ["steps[0].value.output", "port", undefined],
      ["steps[1].value.output", "tie", "steps[0].value.output"],
    ]);
    expect(v.status).toBe("closer");
  });

  it("judges the comparison it is handed, when the caller made one", () => {
    const same = compareCase(c, ok(result()), ok(result()), BIT_EXACT);
    expect(judge(c, ok(result()), ok(result(f32(1, 3))), BIT_EXACT, meta, undefined, same).status).toBe("pass");
  });

  it("compares under the settings' policy", () => {
    expect(judge(c, ok(result(f32(1, 2))), ok(result(f32(1, 2.0000002))), { profiles: [], policy: resolvePolicy({ ulps: { float32: 1 } }) }, meta).status).toBe("pass");
  });
});

describe("answers without a comparison", () => {
  it("the port's lost answer is a status named by its reason", () => {
    expect(judge(c, ok(result()), { id: "c", status: "lost", reason: "timeout after 5 ms" }, BIT_EXACT, meta)).toEqual({ id: "c", suite: "case", tags: ["bn"], differences: [], status: "timed-out", reason: "timeout after 5 ms" });
    expect(judge(c, ok(result()), { id: "c", status: "lost", reason: "client closed" }, BIT_EXACT, meta)).toMatchObject({ status: "lost", reason: "client closed" });
  });

  it("a case outside the port's capabilities is not applicable, with the feature and why", () => {
    const na = { id: "c", status: "not-applicable" as const, feature: "hooks", reason: "not declared" };
    expect(judge(c, ok(result()), na, BIT_EXACT, meta)).toEqual({ id: "c", suite: "case", tags: ["bn"], differences: [], status: "not-applicable", feature: "hooks", reason: "not declared" });
    expect(judge(c, { id: "c", status: "lost", reason: "r" }, na, BIT_EXACT, meta).status).toBe("no-golden");
  });

  it("compareCase has nothing to compare when either side gave no answer", () => {
    const lost: Outcome = { id: "c", status: "lost", reason: "r" };
    const unsupported: Outcome = { id: "c", status: "unsupported", feature: "f", reason: "r" };
    const na = { id: "c", status: "not-applicable" as const, feature: "f", reason: "r" };
    for (const [g, p] of [[lost, ok(result())], [unsupported, ok(result())], [ok(result()), lost], [ok(result()), unsupported], [ok(result()), na]] as const) {
      expect(compareCase(c, g, p, BIT_EXACT)).toBeUndefined();
    }
    const masks: JudgeSettings = { profiles: [{ id: "m", summary: "", rules: [], fromPort: (r) => r, mask: (r) => r }], policy: BITS };
    const found = [{ path: "", step: null, field: "outcome", golden: "rejected (bad_tree at /case/root: m)", port: "a result", note: "the outcomes differ" }];
    expect(compareCase(c, rejected, ok(result()), masks)).toStrictEqual({ g: rejected, p: ok(result()), found });
    expect(compareCase(c, ok(result()), rejected, masks)).toStrictEqual({ g: ok(result()), p: rejected, found: [{ ...found[0]!, golden: "a result", port: "rejected (bad_tree at /case/root: m)", note: "the port did not answer with a result" }] });
  });
});

describe("profiles", () => {
  const tag = (r: Result, mark: string): Result => ({ ...r, build: { ...r.build, mark } }) as unknown as Result;
  const markOf = (o: Outcome | undefined) => (o?.status === "ok" ? (o.result.build as unknown as { mark?: string }).mark : undefined);

  it("turn the case into the port's conventions in order, or say the port cannot express it", () => {
    const renames = (to: string): Profile => ({ id: to, summary: "", rules: [], toPort: (k) => ({ ...k, id: `${k.id}>${to}` }) });
    expect(toPortCase(c, [renames("a"), { id: "none", summary: "", rules: [] }, renames("b")])).toMatchObject({ id: "c>a>b", steps: c.steps });
    const refuses: Profile = { id: "x", summary: "", rules: [], toPort: () => { throw new Unsupported("float64", "no float64 here"); } };
    expect(toPortCase(c, [renames("a"), refuses])).toEqual({ id: "c", status: "unsupported", feature: "float64", reason: "no float64 here" });
    const breaks: Profile = { id: "y", summary: "", rules: [], toPort: () => { throw new TypeError("bug"); } };
    expect(() => toPortCase(c, [breaks])).toThrow(TypeError);
  });

  it("read the port's result back in torch's conventions, in order", () => {
    const back = (m: string): Profile => ({ id: m, summary: "", rules: [], fromPort: (r, k) => tag(r, `${(r.build as unknown as { mark?: string }).mark ?? ""}${m}${k.id}`) });
    expect(markOf(ok(portView(result(), c, [back("1"), { id: "none", summary: "", rules: [] }, back("2")])))).toBe("1c2c");
  });

  it("mask both sides in order, each mask seeing the unmasked golden, after the port's result is read back", () => {
    const seen: string[] = [];
    const golden = result();
    const masking = (m: string): Profile => ({
      id: m,
      summary: "",
      rules: [],
      mask: (r, _k, g) => {
        seen.push(`${m}:${(r.build as unknown as { mark?: string }).mark ?? "-"}:${g === golden}`);
        return tag(r, `${(r.build as unknown as { mark?: string }).mark ?? ""}${m}`);
      },
    });
    const fromPort: Profile = { id: "p", summary: "", rules: [], fromPort: (r) => tag(r, "P") };
    const cmp = compareCase(c, ok(golden), ok(result()), { profiles: [fromPort, masking("1"), masking("2")], policy: BITS })!;
    expect(seen).toEqual(["1:-:true", "1:P:true", "2:1:true", "2:P1:true"]);
    expect([markOf(cmp.g), markOf(cmp.p)]).toEqual(["12", "P12"]);
    expect(cmp.found.map((d) => [d.path, d.golden, d.port])).toEqual([["build.mark", '"12"', '"P12"']]);
  });

  it("a mask hides what it masks from the verdict", () => {
    const noOutput: Profile = { id: "m", summary: "", rules: [], mask: (r) => ({ ...r, steps: r.steps.map((s) => ({ ...s, value: undefined })) }) as unknown as Result };
    expect(judge(c, ok(result()), ok(result(f32(1, 3))), { profiles: [noOutput], policy: BITS }, meta).status).toBe("pass");
  });
});
