// Expectations match differences, not cases: a case with an expected difference and an unexpected one fails the run,
// the expected difference marked with its reason, the unexpected one not hidden behind it. PyTorch's side is a
// golden stored in the committed corpus (real torch); the port is the built-in one with its answer altered in two
// independent fields.
import { describe, expect, it } from "vitest";
import type { Adapter, Outcome } from "../../src/adapters/adapter.ts";
import { builtinAdapter } from "../../src/adapters/builtin/index.ts";
import type { Result } from "../../src/case/index.ts";
import { judgeRun } from "../../src/engine/engine.ts";
import { BIT_EXACT } from "../../src/engine/judge.ts";
import { loadReplayCorpus } from "../../src/corpus/corpus.ts";
import { ExpectationMatcher } from "../../src/verify/expectations.ts";

/** The built-in port, but every module reports training=true. */
const allTraining: Adapter = {
  name: "builtin+all-training",
  describe: async () => ({ implementation: "the built-in port reporting every module in training mode" }),
  close: async () => {},
  async runCases(cases) {
    const outs: Outcome[] = await builtinAdapter.runCases(cases);
    return outs.map((o) => {
      if (o.status !== "ok") return o;
      const r = structuredClone(o.result);
      for (const s of r.steps) s.snapshot.modules = s.snapshot.modules.map(([n, t]) => [n, t, true]);
      return { ...o, result: r };
    });
  },
};

describe("expected and unexpected differences in one case", () => {
  it("the unexpected difference fails the run; the expected one is marked, not hiding it", async () => {
    const corpus = await loadReplayCorpus();
    // a stored case with a forward output where some module ends in eval mode: the planted training flag differs there
    const hasOutput = (r: Result) => r.steps.some((s) => s.value?.output !== undefined && s.value.output.data.length > 0);
    const item = corpus.items.find((i) => i.golden.status === "ok" && hasOutput(i.golden.result) && i.case.steps.some((s) => s.op === "eval") && i.golden.result.steps.some((s) => s.snapshot.modules.some(([, , t]) => t === false)))!;
    expect(item).toBeDefined();
    const withOnly = (expectations: ExpectationMatcher) =>
      judgeRun({ items: [item], port: allTraining, settings: { ...BIT_EXACT, expectations }, about: { cases: "one stored case", strict: false } });

    // expected: the flags; nothing else differs, so the case is an expected failure and the run passes
    const flagsOnly = await withOnly(new ExpectationMatcher([{ path: "*.snapshot.modules*", reason: "planted: training flags" }]));
    expect(flagsOnly.cases[0]!.status).toBe("xfail");
    expect(flagsOnly.ok).toBe(true);

    // plant a second, independent difference: the lowest bit of the first output element flipped
    const outputs: Adapter = {
      ...allTraining,
      async runCases(cases) {
        const outs = await allTraining.runCases(cases);
        return outs.map((o) => {
          if (o.status !== "ok") return o;
          const r = structuredClone(o.result);
          const step = r.steps.find((s) => s.value?.output !== undefined && s.value.output.data.length > 0);
          if (step) step.value!.output = { ...step.value!.output!, data: Buffer.from(Buffer.from(step.value!.output!.data, "base64").map((b, k) => (k === 0 ? b ^ 1 : b))).toString("base64") };
          return { ...o, result: r };
        });
      },
    };
    const report = await judgeRun({ items: [item], port: outputs, settings: { ...BIT_EXACT, expectations: new ExpectationMatcher([{ path: "*.snapshot.modules*", reason: "planted: training flags" }]) }, about: { cases: "one stored case", strict: false } });
    const v = report.cases[0]!;
    expect(v.status).toBe("fail");
    expect(report.ok).toBe(false);
    const expected = v.differences.filter((d) => d.expected !== undefined);
    const unexpected = v.differences.filter((d) => d.expected === undefined);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((d) => d.path.includes("snapshot.modules") && d.expected === "planted: training flags")).toBe(true);
    expect(unexpected.map((d) => d.cause)).toEqual(["forward: value.output"]);
    // the matrix counts each by its cause
    expect(report.matrix.find((r) => r.cause === "forward: value.output")).toMatchObject({ fail: 1, xfail: 0 });
    expect(report.matrix.filter((r) => r.cause.endsWith("snapshot.modules.training")).every((r) => r.fail === 0 && r.xfail > 0)).toBe(true);
  });
});
