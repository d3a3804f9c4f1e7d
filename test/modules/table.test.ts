// The module table against the four other places that name module types (the schema's enum, the oracle's
// MODULE_TYPES, the port's registry) and against what the venv's torch says about each class the oracle builds:
// signature, __init__'s qualname, class path, attributes, registered state, and ModuleInfo's train_and_eval_differ,
// and the names an instance answers to (src/specs/torch-attr-names.json). The port's registry is held to the table
// by test/port/pyargs.test.ts (so to torch's inspect.signature), where mutation runs see it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CASE_SCHEMA_FILE } from "../../src/case/validate.ts";
import { MODULES, moduleSpec, type ModuleSpec } from "../../src/modules/index.ts";
import { registeredModuleTypes } from "../../src/nn/index.ts";
import { ORACLE_SCRIPT, REPO_ROOT } from "../../src/oracle/index.ts";
import { askPython, runPython } from "../port/ask-python.ts";

const schemaEnum = (JSON.parse(readFileSync(CASE_SCHEMA_FILE, "utf8")) as { $defs: { ModuleType: { enum: string[] } } }).$defs.ModuleType.enum;

interface TorchFacts {
  pyPath: string;
  init: string;
  params: ModuleSpec["params"];
  attributes: string[];
  stateKeys: string[];
  random: boolean;
}

// Imports the oracle script (its main() runs only as __main__) and describes the class behind each of its rows.
// Its own classes are reported under __main__, the module they live in when the oracle runs.
const ORACLE_FACTS = `
import inspect, json, sys, torch
sys.path.insert(0, ${JSON.stringify(path.dirname(ORACLE_SCRIPT))})
import oracle

RANKS = json.loads(${JSON.stringify(JSON.stringify(Object.fromEntries(Object.values(MODULES).map((s) => [s.type, s.inputRanks]))))})

def draws(m, ranks):
    """Does a training forward on an input of the spec's largest rank (4 for any) move torch's default generator?"""
    if not callable(getattr(m, "forward", None)) or isinstance(m, (torch.nn.ModuleList, torch.nn.ModuleDict)):
        return False
    x = -torch.ones([2, 3] + [4] * (max(ranks or [4]) - 2))  # negative: RReLU draws a slope only for those
    before = torch.get_rng_state()
    m.train()(x)
    return not torch.equal(before, torch.get_rng_state())

def wire(v):
    if isinstance(v, float) and v.is_integer():
        return {"$float": v}
    return v

out = {}
for name, cls in oracle.MODULE_TYPES.items():
    params = []
    for p in list(inspect.signature(cls.__init__).parameters.values())[1:]:
        d = {"name": p.name, "kind": p.kind.name}
        if p.default is not inspect.Parameter.empty:
            d["default"] = wire(p.default)
        params.append(d)
    m = cls(3) if params and params[0]["name"] == "num_features" else cls()
    module = "__main__" if cls.__module__ == "oracle" else cls.__module__
    out[name] = {
        "pyPath": module + "." + cls.__qualname__,
        "init": cls.__init__.__qualname__,
        "params": params,
        "attributes": sorted(k for k in vars(m) if not k.startswith("_") and k != "training"),
        "stateKeys": sorted([*m._parameters, *m._buffers]),
        "random": draws(m, RANKS.get(name)),
    }
print(json.dumps(out))
`;

// ModuleInfo rows of torch's own test suite, read from its source (importing it needs test-only packages).
const MODULE_INFO = `
import ast, json, torch.testing._internal as t, os
src = open(os.path.join(os.path.dirname(t.__file__), "common_modules.py")).read()
out = {}
for node in ast.walk(ast.parse(src)):
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ModuleInfo" and node.args:
        name = ast.unparse(node.args[0]).rsplit(".", 1)[-1]
        kw = {k.arg: k.value for k in node.keywords}
        out[name] = isinstance(kw.get("train_and_eval_differ"), ast.Constant) and kw["train_and_eval_differ"].value is True
print(json.dumps(out))
`;

const sorted = (xs: Iterable<string>) => [...xs].sort();
let torchFacts: Record<string, TorchFacts> | undefined;
const oracleFacts = () => (torchFacts ??= askPython<Record<string, TorchFacts>>(ORACLE_FACTS));

describe("the module table", () => {
  it("names every module type the schema, the oracle and the port's registry name, and no other", () => {
    const oracle = Object.keys(oracleFacts());
    const table = Object.keys(MODULES);
    const places = { schema: schemaEnum, oracle, registry: registeredModuleTypes(), table };
    const all = sorted(new Set(Object.values(places).flat()));
    const missing = Object.entries(places).flatMap(([where, types]) => all.filter((t) => !types.includes(t as never)).map((t) => `${t} is missing from the ${where}`));
    expect(missing).toEqual([]);
    expect(table.length).toBeGreaterThan(0);
  });

  it("matches what torch says about each class: signature, __init__, class path, attributes, state, random draws", () => {
    const facts = oracleFacts();
    for (const [type, f] of Object.entries(facts)) {
      const spec = moduleSpec(type);
      if (spec === undefined) throw new Error(`${type}: not in the table`);
      expect({ type, pyPath: spec.pyPath, init: spec.init, params: spec.params, attributes: sorted(spec.attributes), stateKeys: sorted(spec.stateKeys), random: spec.random }).toEqual({ type, ...f });
    }
  });

  it("says train and eval differ where torch's ModuleInfo does", () => {
    const info = askPython<Record<string, boolean>>(MODULE_INFO);
    const known = Object.values(MODULES).filter((s) => s.type in info);
    expect(known.length).toBeGreaterThan(0);
    for (const s of known) expect({ type: s.type, differ: s.trainEvalDiffer }).toEqual({ type: s.type, differ: info[s.type] });
  });

  it("has the attribute names the spec offers to add_module as the venv's torch gives them (scripts/torch-attr-names.py --check)", () => {
    const script = path.join(REPO_ROOT, "scripts", "torch-attr-names.py");
    const check = runPython(`import runpy, sys\nsys.argv = [${JSON.stringify(script)}, "--check"]\nrunpy.run_path(sys.argv[0], run_name="__main__")`);
    expect(check.status, check.stderr).toBe(0);
  });

  it("keys each spec by its own type and knows no other name", () => {
    for (const [type, spec] of Object.entries(MODULES)) expect(spec.type).toBe(type);
    expect(moduleSpec("Linear")).toBeUndefined();
    expect(moduleSpec("toString")).toBeUndefined();
  });
});
