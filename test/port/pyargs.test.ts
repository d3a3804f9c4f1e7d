// Python's argument binding (src/nn/pyargs.ts) beyond what the registered signatures reach, and the registry (its
// types, and each one's class path and signature against the module table).
// No registered __init__ has two required parameters, a required keyword-only one or no defaults at all, so the
// conformance specs cannot show those TypeError texts: these signatures are made up, and the expected texts come
// from the oracle venv's CPython, asked once for the same calls on classes with those signatures.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TorchError } from "../../src/errors.ts";
import "../../src/nn/index.ts";
import { bindArgs, type PyArg, type PySignature } from "../../src/nn/pyargs.ts";
import { moduleFactory, registeredModuleTypes } from "../../src/nn/registry.ts";
import type { PyValue } from "../../src/case/index.ts";
import { MODULES, type ModuleSpec } from "../../src/modules/index.ts";
import { askPython } from "./ask-python.ts";

/** The TypeError text bindArgs raises (failing the test when it binds or raises anything else). */
function typeErrorOf(sig: PySignature, args: PyArg[], kwargs: [string, PyArg][] = []): string {
  try {
    bindArgs(sig, args, kwargs);
  } catch (e) {
    if (e instanceof TorchError && e.pyType === "TypeError") return e.message;
    throw e;
  }
  throw new Error("bound without a TypeError");
}

const F: PySignature = { qualname: "F.__init__", params: [{ name: "a" }, { name: "b" }, { name: "c" }, { name: "k", kwOnly: true }, { name: "j", kwOnly: true }] };
const G: PySignature = { qualname: "G.__init__", params: [{ name: "a" }, { name: "b" }] };
const H: PySignature = { qualname: "H.__init__", params: [] };
const L: PySignature = { qualname: "L.__init__", params: [{ name: "a" }, { name: "k", kwOnly: true }, { name: "j", kwOnly: true }] };
const PY_CLASSES = `
class F:
    def __init__(self, a, b, c, *, k, j): pass
class G:
    def __init__(self, a, b): pass
class H:
    def __init__(self): pass
class L:
    def __init__(self, a, *, k, j): pass
`;

/** Calls [class, positional ints, keyword ints], each one's TypeError text as CPython gives it. */
const CALLS: [PySignature, number[], [string, number][]][] = [
  [F, [], []],
  [F, [1], []],
  [G, [], []],
  [F, [1, 2, 3], []],
  [F, [1, 2, 3], [["k", 1]]],
  [G, [1, 2, 3], []],
  [H, [1], []],
  [L, [1, 2], [["k", 1], ["j", 2]]],
];
function cpythonTypeErrors(): string[] {
  const calls = CALLS.map(([sig, args, kwargs]) => `${sig.qualname.split(".")[0]}(${[...args.map(String), ...kwargs.map(([k, v]) => `${k}=${v}`)].join(", ")})`);
  const script = `${PY_CLASSES}
import json
out = []
for call in ${JSON.stringify(calls)}:
    try:
        eval(call)
        out.append("bound")
    except TypeError as e:
        out.append(str(e))
print(json.dumps(out))
`;
  return askPython<string[]>(script);
}

describe("bindArgs: CPython 3.11's binding errors", () => {
  it("missing positional and keyword-only arguments, too many positional ones: the texts CPython gives", () => {
    const expected = cpythonTypeErrors();
    const actual = CALLS.map(([sig, args, kwargs]) => typeErrorOf(sig, args.map(BigInt), kwargs.map(([k, v]) => [k, BigInt(v)])));
    expect(actual).toEqual(expected);
  });

  it("*args and **kwargs collect the rest, in call order", () => {
    const sig: PySignature = { qualname: "V.__init__", params: [{ name: "a" }], varArgs: true, varKwargs: true };
    const bound = bindArgs(sig, [1n, 2n, "x"], [["z", null], ["a2", 5n]]);
    expect(bound.values).toEqual(new Map([["a", 1n]]));
    expect(bound.args).toEqual([2n, "x"]);
    expect(bound.kwargs).toEqual([["z", null], ["a2", 5n]]);
  });

  it("fills every parameter not given with its default, as BoundArguments.apply_defaults() does", () => {
    // The registered constructors would not show this: their TypeScript defaults equal the signatures' (checked
    // elsewhere), so an unfilled parameter reaches the same value through `undefined`.
    const sig: PySignature = { qualname: "D.__init__", params: [{ name: "a" }, { name: "b", default: 0.5 }, { name: "c", default: null, kwOnly: true }] };
    const asJson = (values: Map<string, PyArg>) => Object.fromEntries([...values].map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]));
    const ported = [asJson(bindArgs(sig, [1n], []).values), asJson(bindArgs(sig, [1n, 2n], [["c", true]]).values)];
    const cpython = askPython<unknown[]>(`
import inspect, json
class D:
    def __init__(self, a, b=0.5, *, c=None): pass
out = []
for args, kwargs in [((1,), {}), ((1, 2), {"c": True})]:
    bound = inspect.signature(D).bind(*args, **kwargs)
    bound.apply_defaults()
    out.append(dict(bound.arguments))
print(json.dumps(out))
`);
    expect(ported).toEqual(cpython);
  });
});

describe("the module registry", () => {
  it("constructs every module type the case schema names, and no other", () => {
    const schema = JSON.parse(readFileSync(new URL("../../src/case/case-v1.schema.json", import.meta.url), "utf8")) as { $defs: { ModuleType: { enum: string[] } } };
    expect([...registeredModuleTypes()].sort()).toEqual([...schema.$defs.ModuleType.enum].sort());
  });

  // The table is torch's word (test/modules/table.test.ts checks it against the venv's classes), and a class path or
  // qualname no case can show (a constructor taking *args and **kwargs never raises a binding error) is held to it here.
  it("gives each type the module table's class path, __init__ qualname, parameters, kinds and defaults", () => {
    for (const spec of Object.values(MODULES)) {
      const factory = moduleFactory(spec.type);
      const sig = factory?.signature;
      if (sig === undefined) throw new Error(`${spec.type}: the port registers no signature`);
      const named = (kwOnly: boolean): ModuleSpec["params"] =>
        sig.params.filter((p) => !p.kwOnly === !kwOnly).map((p) => ({ name: p.name, kind: kwOnly ? "KEYWORD_ONLY" : "POSITIONAL_OR_KEYWORD", ...(p.default !== undefined && { default: p.default as PyValue }) }));
      const params = [...named(false), ...(sig.varArgs ? [{ name: "args", kind: "VAR_POSITIONAL" } as const] : []), ...named(true), ...(sig.varKwargs ? [{ name: "kwargs", kind: "VAR_KEYWORD" } as const] : [])];
      expect({ type: spec.type, pyPath: factory!.pyPath, init: sig.qualname, params }).toEqual({ type: spec.type, pyPath: spec.pyPath, init: spec.init, params: spec.params });
    }
  });
});
