// The comparator field by field (compare.ts): how each kind of field is walked, named and described. Hand-made
// Results: the comparator's own wording and arithmetic, not PyTorch's behaviour (no value here is a golden).
import { describe, expect, it } from "vitest";
import type { Outcome } from "../../src/adapters/adapter.ts";
import { type Result, type Tensor, wireTensor } from "../../src/case/index.ts";
import { compareOutcomes, compareResults, type Difference, formatDifference, formatDifferences } from "../../src/conformance/compare.ts";
import { resolvePolicy } from "../../src/conformance/policy.ts";

const f32 = (...xs: number[]) => wireTensor("float32", [xs.length], xs);
const f64 = (...xs: number[]) => wireTensor("float64", [xs.length], xs);
const i64 = (...xs: bigint[]) => wireTensor("int64", [xs.length], xs);
/** Results that differ only in what `step` holds at steps[1] (any shape: the comparator walks what it is given). */
const at = (step: Record<string, unknown>): Result => ({ schema: 1, id: "a", build: { error: null }, steps: [{ error: null }, step] }) as unknown as Result;
const cmp = (g: Record<string, unknown>, p: Record<string, unknown>, policy = resolvePolicy()) => compareResults(at(g), at(p), policy);
const brief = (ds: Difference[]) => ds.map((d) => ({ path: d.path, step: d.step, field: d.field, golden: d.golden, port: d.port, note: d.note }));

describe("structure", () => {
  it("names keys missing in the port or unexpected there", () => {
    expect(brief(cmp({ value: { a: 1, b: [2] } }, { value: { a: 1, c: "x" } }))).toEqual([
      { path: "steps[1].value.b", step: 1, field: "value.b", golden: "[2]", port: "(absent)", note: "missing in port" },
      { path: "steps[1].value.c", step: 1, field: "value.c", golden: "(absent)", port: '"x"', note: "unexpected in port" },
    ]);
    // a port result that only adds a key: nothing of the golden's is missing
    expect(brief(cmp({ value: { a: 1 } }, { value: { a: 1, c: "x" } }))).toEqual([{ path: "steps[1].value.c", step: 1, field: "value.c", golden: "(absent)", port: '"x"', note: "unexpected in port" }]);
  });

  it("compares lists element by element, then names the first extra entry", () => {
    expect(brief(cmp({ warnings: ["a", "b", "c"] }, { warnings: ["a", "x"] }))).toEqual([
      { path: "steps[1].warnings[1]", step: 1, field: "warnings", golden: '"b"', port: '"x"', note: "strings differ at character 0" },
      { path: "steps[1].warnings[2]", step: 1, field: "warnings", golden: '"c"', port: "(absent)", note: "3 entries in golden, 2 in port" },
    ]);
    expect(brief(cmp({ warnings: [] }, { warnings: ["w"] }))).toEqual([{ path: "steps[1].warnings[0]", step: 1, field: "warnings", golden: "(absent)", port: '"w"', note: "0 entries in golden, 1 in port" }]);
  });

  it("tells where two strings part, and values of different kinds apart", () => {
    expect(cmp({ s: "abcd" }, { s: "abxd" })[0]!.note).toBe("strings differ at character 2");
    expect(cmp({ s: "ab" }, { s: "abc" })[0]!.note).toBe("strings differ at character 2");
    expect(cmp({ s: "abc" }, { s: "ab" })[0]!.note).toBe("strings differ at character 2");
    expect(brief(cmp({ s: "1" }, { s: 1 }))).toEqual([{ path: "steps[1].s", step: 1, field: "s", golden: '"1"', port: "1", note: "values differ" }]);
    expect(cmp({ s: null }, { s: {} })[0]!.note).toBe("values differ");
    expect(cmp({ s: [1] }, { s: { 0: 1 } })[0]!.note).toBe("values differ");
    expect(cmp({ s: { a: 1 } }, { s: [1] })[0]!.note).toBe("values differ");
    expect(cmp({ s: true }, { s: false })[0]!.note).toBe("values differ");
    expect(cmp({ s: 0 }, { s: 0 })).toEqual([]);
    expect(cmp({ s: 1 }, { s: 2 }, resolvePolicy({ signedZero: "ignore" }))[0]!.note).toBe("values differ");
  });

  it("compares a number, a string, an object and null as different kinds, whichever side holds which", () => {
    expect(brief(cmp({ s: 1 }, { s: "1" }))).toEqual([{ path: "steps[1].s", step: 1, field: "s", golden: "1", port: '"1"', note: "values differ" }]);
    expect(brief(cmp({ s: 5 }, { s: { a: 1 } }))).toEqual([{ path: "steps[1].s", step: 1, field: "s", golden: "5", port: '{"a":1}', note: "values differ" }]);
    expect(brief(cmp({ s: { a: 1 } }, { s: 5 }))).toEqual([{ path: "steps[1].s", step: 1, field: "s", golden: '{"a":1}', port: "5", note: "values differ" }]);
    expect(brief(cmp({ value: { output: f32(1) } }, { value: { output: null } }))).toEqual([{ path: "steps[1].value.output", step: 1, field: "value.output", golden: JSON.stringify(f32(1)), port: "null", note: "values differ" }]);
  });

  it("names a field outside the steps by its top-level key, and a step's list that is no list by 'steps'", () => {
    const g = at({}) as unknown as Record<string, unknown>;
    const [top] = compareResults({ ...g, extra: [1] } as unknown as Result, { ...g, extra: [2] } as unknown as Result);
    expect([top!.path, top!.step, top!.field]).toEqual(["extra[0]", null, "extra"]);
    const [steps] = compareResults(g as unknown as Result, { ...g, steps: "none" } as unknown as Result);
    expect([steps!.path, steps!.step, steps!.field]).toEqual(["steps", null, "steps"]);
    const [empty] = compareResults({ ...g, extra: { "": 1 } } as unknown as Result, { ...g, extra: { "": 2 } } as unknown as Result);
    expect([empty!.path, empty!.field]).toEqual(["extra.", "extra"]);
  });

  it("shortens a long value to 300 characters", () => {
    const long = "x".repeat(400);
    const [d] = cmp({ s: [long] }, { s: [] });
    expect(d!.golden).toBe(`${JSON.stringify(long).slice(0, 300)}...`);
    expect(cmp({ s: ["x".repeat(298)] }, { s: [] })[0]!.golden).toBe(JSON.stringify("x".repeat(298)));
  });

  it("names build fields and the outcome's top level without a step", () => {
    const g = at({}) as unknown as Record<string, unknown>;
    const [d] = compareResults({ ...g, build: { error: "E" } } as unknown as Result, g as unknown as Result);
    expect([d!.path, d!.step, d!.field]).toEqual(["build.error", null, "build.error"]);
    const [top] = compareResults({ ...g, extra: 1 } as unknown as Result, g as unknown as Result);
    expect([top!.path, top!.step, top!.field]).toEqual(["extra", null, "extra"]);
    const [steps] = compareResults(g as unknown as Result, { ...g, steps: [{ error: null }] } as unknown as Result);
    expect([steps!.path, steps!.step, steps!.field, steps!.note]).toEqual(["steps[1]", 1, "", "2 entries in golden, 1 in port"]);
  });
});

describe("named tensors", () => {
  it("name a parameter by its full name in the path and by its attribute in the field", () => {
    const [d] = cmp({ snapshot: { parameters: [["0.block.weight", f32(1)]] } }, { snapshot: { parameters: [["0.block.weight", f32(2)]] } });
    expect([d!.path, d!.field]).toEqual(['steps[1].snapshot.parameters["0.block.weight"]', "snapshot.parameters.weight"]);
    const [top] = cmp({ value: { entries: [["weight", f32(1)]] } }, { value: { entries: [["weight", f32(2)]] } });
    expect([top!.path, top!.field]).toEqual(['steps[1].value.entries["weight"]', "value.entries.weight"]);
  });

  it("say which names are missing or unexpected, then compare the tensors both sides have", () => {
    const ds = cmp({ snapshot: { buffers: [["a", f32(1)], ["b", f32(1)]] } }, { snapshot: { buffers: [["a", f32(2)], ["c", f32(1)]] } });
    expect(brief(ds).map((d) => [d.path, d.note])).toEqual([
      ["steps[1].snapshot.buffers", 'names differ (missing in port: ["b"], unexpected in port: ["c"])'],
      ['steps[1].snapshot.buffers["a"]', "1 of 1 elements differ, the first at [0]: 8388608 ULP apart (bits mode: 0 allowed)"],
    ]);
    expect(ds[0]!.golden).toBe('["a","b"]');
    expect(ds[0]!.port).toBe('["a","c"]');
  });

  it("tell the same names in another order", () => {
    expect(brief(cmp({ snapshot: { buffers: [["a", f32(1)], ["b", f32(1)]] } }, { snapshot: { buffers: [["b", f32(1)], ["a", f32(1)]] } }))).toEqual([
      { path: "steps[1].snapshot.buffers", step: 1, field: "snapshot.buffers", golden: '["a","b"]', port: '["b","a"]', note: "same names in a different order" },
    ]);
  });

  it("are a list of names either side may leave empty", () => {
    expect(cmp({ snapshot: { buffers: [] } }, { snapshot: { buffers: [["a", f32(1)]] } })[0]!.note).toBe('names differ (missing in port: [], unexpected in port: ["a"])');
    expect(cmp({ snapshot: { buffers: [["a", f32(1)]] } }, { snapshot: { buffers: [] } })[0]!.note).toBe('names differ (missing in port: ["a"], unexpected in port: [])');
    expect(cmp({ snapshot: { buffers: [] } }, { snapshot: { buffers: [] } })).toEqual([]);
  });

  it("are lists of [name, tensor] pairs only; any other list under those keys compares as a list", () => {
    const t = f32(1);
    const u = f32(2);
    const paths = (g: unknown[], p: unknown[]) => cmp({ value: { entries: g } }, { value: { entries: p } }).map((d) => [d.path, d.note]);
    expect(paths([], [1])).toEqual([["steps[1].value.entries[0]", "0 entries in golden, 1 in port"]]);
    expect(paths([1], [])).toEqual([["steps[1].value.entries[0]", "1 entries in golden, 0 in port"]]);
    expect(paths([["a", t], 5], [["a", u], 5])).toEqual([["steps[1].value.entries[0][1]", "1 of 1 elements differ, the first at [0]: 8388608 ULP apart (bits mode: 0 allowed)"]]);
    expect(paths([["a", t, 3]], [["a", u, 3]])).toEqual([["steps[1].value.entries[0][1]", "1 of 1 elements differ, the first at [0]: 8388608 ULP apart (bits mode: 0 allowed)"]]);
    expect(paths([[5, t]], [[5, u]])).toEqual([["steps[1].value.entries[0][1]", "1 of 1 elements differ, the first at [0]: 8388608 ULP apart (bits mode: 0 allowed)"]]);
    expect(paths([{ 0: "a", 1: t, length: 2 }], [{ 0: "a", 1: u, length: 2 }])).toEqual([["steps[1].value.entries[0].1", "1 of 1 elements differ, the first at [0]: 8388608 ULP apart (bits mode: 0 allowed)"]]);
  });

  it("are only the parameters, buffers and state-dict entries; other lists of pairs compare as lists", () => {
    const [d] = cmp({ value: { other: [["a", f32(1)]] } }, { value: { other: [["b", f32(1)]] } });
    expect([d!.path, d!.note]).toEqual(["steps[1].value.other[0][0]", "strings differ at character 0"]);
    const [e] = cmp({ value: { entries: [1] } }, { value: { entries: [2] } });
    expect([e!.path, e!.note]).toEqual(["steps[1].value.entries[0]", "values differ"]);
  });
});

describe("modules", () => {
  const mods = (...m: [string, string, unknown][]) => ({ snapshot: { modules: m } });

  it("compare the named_modules() names first", () => {
    expect(brief(cmp(mods(["", "Sequential", true], ["0", "Dropout", true]), mods(["", "Sequential", true])))).toEqual([
      { path: "steps[1].snapshot.modules", step: 1, field: "snapshot.modules", golden: '["","0"]', port: '[""]', note: "named_modules() differ" },
    ]);
  });

  it("then each module's class and training flag, by module name (left out of the field)", () => {
    expect(brief(cmp(mods(["", "Sequential", true], ["0", "Dropout", true]), mods(["", "Sequential", true], ["0", "Dropout2d", false])))).toEqual([
      { path: 'steps[1].snapshot.modules["0"].class', step: 1, field: "snapshot.modules.class", golden: '"Dropout"', port: '"Dropout2d"', note: "class differs" },
      { path: 'steps[1].snapshot.modules["0"].training', step: 1, field: "snapshot.modules.training", golden: "true", port: "false", note: "values differ" },
    ]);
  });

  it("compare as a list unless every entry is a [name, class, flag] triple of strings and a value, and only under modules", () => {
    const paths = (g: unknown[], p: unknown[], key = "modules") => cmp({ snapshot: { [key]: g } }, { snapshot: { [key]: p } }).map((d) => [d.path, d.note]);
    expect(paths([["", "A", true], 5], [["", "B", true], 5])).toEqual([["steps[1].snapshot.modules[0][1]", "strings differ at character 0"]]);
    expect(paths([[1, "A", true]], [[1, "B", true]])).toEqual([["steps[1].snapshot.modules[0][1]", "strings differ at character 0"]]);
    expect(paths([["", 2, true]], [["", 3, true]])).toEqual([["steps[1].snapshot.modules[0][1]", "values differ"]]);
    expect(paths([["", "A", true]], [["", "B", true]], "others")).toEqual([["steps[1].snapshot.others[0][1]", "strings differ at character 0"]]);
  });

  it("that are not triples compare as lists", () => {
    const [d] = cmp({ snapshot: { modules: [["", "Sequential"]] } }, { snapshot: { modules: [["", "Linear"]] } });
    expect([d!.path, d!.note]).toEqual(["steps[1].snapshot.modules[0][1]", "strings differ at character 0"]);
  });
});

describe("tensors", () => {
  it("report dtype, then shape, then laziness, instead of elements", () => {
    expect(brief(cmp({ value: { output: f32(1) } }, { value: { output: f64(1) } }))).toEqual([{ path: "steps[1].value.output.dtype", step: 1, field: "value.output.dtype", golden: "float32", port: "float64", note: "dtype differs" }]);
    expect(brief(cmp({ value: { output: f32(1, 2) } }, { value: { output: wireTensor("float32", [2, 1], [1, 2]) } }))).toEqual([{ path: "steps[1].value.output.shape", step: 1, field: "value.output.shape", golden: "[2]", port: "[2,1]", note: "shape differs" }]);
    const lazy: Tensor = { dtype: "float32", shape: [], data: "", lazy: true };
    const empty = wireTensor("float32", [], []);
    expect(brief(cmp({ value: { output: lazy } }, { value: { output: { ...empty, shape: [] } } }))).toEqual([{ path: "steps[1].value.output.lazy", step: 1, field: "value.output.lazy", golden: "true", port: "false", note: "lazy differs" }]);
    expect(cmp({ value: { output: lazy } }, { value: { output: lazy } })).toEqual([]);
    expect(brief(cmp({ value: { output: { ...empty, shape: [] } } }, { value: { output: lazy } }))).toEqual([{ path: "steps[1].value.output.lazy", step: 1, field: "value.output.lazy", golden: "false", port: "true", note: "lazy differs" }]);
  });

  it("compare data a profile masked (not a tensor's bytes) as it is", () => {
    const masked = (data: string): Tensor => ({ dtype: "float32", shape: [1], data });
    expect(brief(cmp({ value: { output: masked("*") } }, { value: { output: masked("AACAPw==") } }))).toEqual([
      { path: "steps[1].value.output.data", step: 1, field: "value.output.data", golden: '"*"', port: '"AACAPw=="', note: "data differs" },
    ]);
  });

  it("count differing int64 elements and show the first", () => {
    const [d] = cmp({ value: { output: i64(1n, 2n, 3n, 4n) } }, { value: { output: i64(1n, 5n, 3n, 6n) } });
    expect([d!.path, d!.golden, d!.port, d!.note]).toEqual(["steps[1].value.output", "2", "5", "int64 values differ (2 of 4 elements)"]);
    expect(d!.mismatch).toEqual({ count: 2, total: 4, first: 1, maxAbs: null, maxRel: null, maxUlps: null });
    expect(formatDifference(d!)).toBe("steps[1].value.output[1]: int64 values differ (2 of 4 elements)\n  golden: 2\n  port:   5");
  });

  it("compare values, not how the bytes were written", () => {
    const written = (t: Tensor, data: string): Tensor => ({ ...t, data });
    const one = i64(1n);
    expect(one.data).toBe("AQAAAAAAAAA=");
    expect(cmp({ value: { output: one } }, { value: { output: written(one, "AQAAAAAAAAB=") } })).toEqual([]);
    const f = f32(1);
    expect(f.data).toBe("AACAPw==");
    expect(cmp({ value: { output: f } }, { value: { output: written(f, "AACAPx==") } })).toEqual([]);
  });

  it("show every hex digit of the bits", () => {
    const [d] = cmp({ value: { output: f32(0) } }, { value: { output: f32(1e-45) } });
    expect([d!.golden, d!.port]).toEqual(["0 (0x00000000)", "1e-45 (0x00000001)"]);
    const [e] = cmp({ value: { output: f64(0) } }, { value: { output: f64(5e-324) } });
    expect([e!.golden, e!.port]).toEqual(["0 (0x0000000000000000)", "5e-324 (0x0000000000000001)"]);
  });

  it("call a signed-zero difference infinitely relative, and keep the first of equal relative differences", () => {
    expect(cmp({ value: { output: f32(0, 1) } }, { value: { output: f32(-0, 1) } })[0]!.mismatch).toEqual({ count: 1, total: 2, first: 0, maxAbs: { value: 0, index: 0 }, maxRel: { value: Infinity, index: 0 }, maxUlps: { value: 1, index: 0 } });
    expect(cmp({ value: { output: f32(4, 2) } }, { value: { output: f32(6, 3) } })[0]!.mismatch).toMatchObject({ maxAbs: { value: 2, index: 0 }, maxRel: { value: 0.5, index: 0 } });
  });

  it("give float64 elements in their own digits and bits", () => {
    const [d] = cmp({ value: { output: f64(1, 0.1) } }, { value: { output: f64(1, 0.30000000000000004) } });
    expect([d!.golden, d!.port]).toEqual(["0.1 (0x3fb999999999999a)", "0.30000000000000004 (0x3fd3333333333334)"]);
    expect(d!.mismatch).toMatchObject({ count: 1, total: 2, first: 1 });
  });

  it("leave infinities and NaN out of the greatest differences", () => {
    const [d] = cmp({ value: { output: f32(Infinity, 1, 2, NaN) } }, { value: { output: f32(1, 1.5, 2, 3) } });
    expect(d!.mismatch).toEqual({ count: 3, total: 4, first: 0, maxAbs: { value: 0.5, index: 1 }, maxRel: { value: 0.5, index: 1 }, maxUlps: { value: 4194304, index: 1 } });
    const [none] = cmp({ value: { output: f32(Infinity, NaN) } }, { value: { output: f32(1, 3) } });
    expect(none!.mismatch).toEqual({ count: 2, total: 2, first: 0, maxAbs: null, maxRel: null, maxUlps: null });
    expect(none!.note).toBe("2 of 2 elements differ, the first at [0]: 1073741824 ULP apart (bits mode: 0 allowed)");
  });

  it("keep the first of equal greatest differences, and call a difference from 0 infinitely relative", () => {
    const [d] = cmp({ value: { output: f32(2, 0, 4, 2) } }, { value: { output: f32(3, 1, 5, 3) } });
    expect(d!.mismatch).toEqual({ count: 4, total: 4, first: 0, maxAbs: { value: 1, index: 0 }, maxRel: { value: Infinity, index: 1 }, maxUlps: { value: 1065353216, index: 1 } });
    expect(d!.note).toMatch(/; greatest \|diff\| 1\.000e\+0 at \[0\], relative Infinity at \[1\], ULP 1065353216 at \[1\]$/);
  });

  it("in tolerance mode, say how far apart and what was allowed", () => {
    const [d] = cmp({ value: { output: f32(1) } }, { value: { output: f32(1.5) } }, resolvePolicy({ atol: { float32: 0.25 }, rtol: { float32: 0.125 } }));
    expect(d!.note).toBe("1 of 1 elements differ, the first at [0]: 4194304 ULP apart, |diff| 5.000e-1 (allowed: 3.750e-1)");
    const [n] = cmp({ value: { output: f32(NaN) } }, { value: { output: f32(NaN) } }, resolvePolicy({ nan: "bits", signedZero: "ignore" }));
    expect(n).toBeUndefined();
    const payload = (bits: number) => wireTensor("float32", [1], new Float32Array(new Uint32Array([bits]).buffer));
    expect(cmp({ value: { output: payload(0x7fc00000) } }, { value: { output: payload(0x7fc00001) } }, resolvePolicy({ ulps: { float32: 1 }, nan: "bits" }))[0]!.note).toBe(
      "1 of 1 elements differ, the first at [0]: NaN bit patterns differ",
    );
    expect(cmp({ value: { output: f32(0) } }, { value: { output: f32(-0) } }, resolvePolicy({ ulps: { float32: 1 }, signedZero: "strict" }))[0]!.note).toBe("1 of 1 elements differ, the first at [0]: -0 vs +0");
    expect(cmp({ value: { output: f32(1) } }, { value: { output: f32(NaN) } }, resolvePolicy({ ulps: { float32: 1 } }))[0]!.note).toBe("1 of 1 elements differ, the first at [0]: NaN vs number");
    expect(cmp({ value: { output: f32(1) } }, { value: { output: f32(-Infinity) } }, resolvePolicy({ ulps: { float32: 1 } }))[0]!.note).toBe("1 of 1 elements differ, the first at [0]: infinity vs other value");
  });

  it("in tolerance mode, bound float64 by float64's tolerances and an element exactly at the bound passes", () => {
    const p = resolvePolicy({ atol: { float32: 1, float64: 0.5 } });
    expect(cmp({ value: { output: f64(1) } }, { value: { output: f64(1.5) } }, p)).toEqual([]);
    expect(cmp({ value: { output: f64(1) } }, { value: { output: f64(1.75) } }, p)[0]!.note).toBe("1 of 1 elements differ, the first at [0]: 3377699720527872 ULP apart, |diff| 7.500e-1 (allowed: 5.000e-1)");
    const r = resolvePolicy({ rtol: { float32: 0.5 } });
    expect(cmp({ value: { output: f32(-2) } }, { value: { output: f32(-3) } }, r)).toEqual([]);
    expect(cmp({ value: { output: f32(-2) } }, { value: { output: f32(-3.5) } }, r)).toHaveLength(1);
    const u = resolvePolicy({ ulps: { float32: 2 } });
    expect(cmp({ value: { output: f32(1) } }, { value: { output: f32(1.0000002) } }, u)).toEqual([]);
  });
});

describe("outcomes", () => {
  const ok: Outcome = { id: "a", status: "ok", result: at({}) };
  it("describe each side that did not answer with a result", () => {
    expect(compareOutcomes(ok, { id: "a", status: "lost", reason: "worker died" })).toEqual([{ path: "", step: null, field: "outcome", golden: "a result", port: "lost (worker died)", note: "the port did not answer with a result" }]);
    expect(compareOutcomes({ id: "a", status: "rejected", code: "bad_tree", message: "m", where: "" }, ok)).toEqual([
      { path: "", step: null, field: "outcome", golden: "rejected (bad_tree at /: m)", port: "a result", note: "the outcomes differ" },
    ]);
    expect(compareOutcomes({ id: "a", status: "rejected", code: "bad_tree", message: "m", where: "/case/root" }, { id: "a", status: "unsupported", feature: "f", reason: "no f" })[0]).toMatchObject({
      golden: "rejected (bad_tree at /case/root: m)",
      port: "unsupported (no f)",
    });
  });

  it("compare the results under the policy given", () => {
    const with1 = (x: number): Outcome => ({ id: "a", status: "ok", result: at({ value: { output: f32(x) } }) });
    expect(compareOutcomes(with1(1), with1(1.0000001), resolvePolicy({ ulps: { float32: 1 } }))).toEqual([]);
    expect(compareOutcomes(with1(1), with1(1.0000001))).toHaveLength(1);
  });

  it("are printed one difference after another, the outcome as a whole as (outcome)", () => {
    const ds = compareOutcomes(ok, { id: "a", status: "lost", reason: "r" });
    expect(formatDifferences([...ds, ...ds])).toBe("(outcome): the port did not answer with a result\n  golden: a result\n  port:   lost (r)\n".repeat(2).slice(0, -1));
    expect(formatDifference({ ...ds[0]!, path: "build.error" })).toBe("build.error: the port did not answer with a result\n  golden: a result\n  port:   lost (r)");
  });
});
