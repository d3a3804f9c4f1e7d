// Edge-case SPECS for what each module class declares rather than computes: the names add_module must refuse because
// an instance already answers to them, every name setattr may write offered to add_module and setattr on every type, the constructors' defaults, the constructors' TypeErrors (whose texts name
// the __init__ qualname), and the call errors whose texts name forward's qualname or the class's path. The names come from PyTorch's side (src/specs/torch-attr-names.json, written by
// scripts/torch-attr-names.py from dir() of each class's instance), the signatures from the module table (checked
// against inspect.signature by test/modules/table.test.ts). They say what to run, never what comes out.
import { createRequire } from "node:module";
import path from "node:path";
import type { Case, ModuleType, Node, PyValue, SetAttrStep, Step } from "../case/index.ts";
import { wireTensor } from "../case/index.ts";
import { caseSchema } from "../case/validate.ts";
import { MODULES } from "../modules/index.ts";
import type { ModuleSpec } from "../modules/index.ts";
import { PACKAGE_ROOT } from "../package-root.ts";

interface TorchAttrNames {
  torch: string;
  /** dir() of a bare nn.Module(): every type answers to these. */
  Module: string[];
  /** What dir() of each type's instance adds to Module's names. */
  types: Record<ModuleType, string[]>;
}
// Read from the package root (the file ships as is, beside the compiled code), as the other JSON inputs of src/ are.
const NAMES = createRequire(import.meta.url)(path.join(PACKAGE_ROOT, "src", "specs", "torch-attr-names.json")) as TorchAttrNames;

const cases: Case[] = [];
function add(id: string, nodes: Record<string, Node>, root: string, steps: Step[]): void {
  cases.push({ schema: 1, id, tags: [], nodes, root, steps });
}

/** The arguments that build a module of the type with everything else left to its defaults. */
const required = (spec: ModuleSpec): PyValue[] => (spec.params[0]?.name === "num_features" ? [3] : []);
const node = (spec: ModuleSpec, kwargs?: Record<string, PyValue>): Node => ({ type: spec.type, args: required(spec), ...(kwargs && { kwargs }) });

// --- add_module with a name the module already answers to: PyTorch's KeyError, or none for a name it lacks ----------

const offer = (spec: ModuleSpec, name: string) =>
  add(`add-module-name/${spec.type}/${name}`, { m: node(spec), c: { type: "Identity" } }, "m", [{ op: "add_module", path: "", name, node: "c" }, { op: "state_dict", path: "" }]);
for (const name of NAMES.Module) offer(MODULES.Identity, name);
for (const spec of Object.values(MODULES)) for (const name of NAMES.types[spec.type]) offer(spec, name);

// --- each name setattr may write, on every type: added as a child first (refused where the module answers to it),
// then set to None (a child slot, a parameter or buffer slot, or a plain attribute), then added again --------------

const SETATTR_NAMES = (caseSchema.$defs.SetAttrStep as { properties: { name: { enum: SetAttrStep["name"][] } } }).properties.name.enum;
for (const spec of Object.values(MODULES)) {
  for (const name of SETATTR_NAMES) {
    add(`setattr-name/${spec.type}/${name}`, { m: node(spec), c: { type: "Identity" } }, "m", [
      { op: "add_module", path: "", name, node: "c" },
      { op: "setattr", path: "", name, value: null },
      { op: "add_module", path: "", name, node: "c" },
      ...exercise(spec),
    ]);
  }
}

// --- each default: omitted, then given as the signature says; a run that shows it (training forward, state) -------

/** A training forward on a seeded input of the type's first rank (4 for any), then the state and an eval forward. */
function exercise(spec: ModuleSpec): Step[] {
  const rank = spec.inputRanks?.[0] ?? 4;
  const shape = [2, 3, 4, 5, 3].slice(0, rank);
  if (spec.norm && !spec.norm.lazy && spec.norm.family === "InstanceNorm" && rank === spec.norm.dim + 1) shape[0] = 3;
  const n = shape.reduce((a, b) => a * b, 1);
  const input = wireTensor("float32", shape, Array.from({ length: n }, (_, i) => ((i * 7) % 11) - 5.5 + i / 8));
  if (spec.leaf === "container") return [{ op: "state_dict", path: "" }];
  return [
    { op: "manual_seed", seed: 7 },
    { op: "forward", path: "", input },
    { op: "state_dict", path: "" },
    { op: "eval", path: "" },
    { op: "forward", path: "", input },
  ];
}
for (const spec of Object.values(MODULES)) {
  add(`default/${spec.type}/all-omitted`, { m: node(spec) }, "m", exercise(spec));
  for (const p of spec.params) if (p.default !== undefined) add(`default/${spec.type}/${p.name}`, { m: node(spec, { [p.name]: p.default }) }, "m", exercise(spec));
}

// --- the constructors' TypeErrors: too many positional arguments, an unknown keyword, a missing required one -------

for (const spec of Object.values(MODULES)) {
  const positional = spec.params.filter((p) => p.kind === "POSITIONAL_OR_KEYWORD");
  if (!spec.params.some((p) => p.kind === "VAR_POSITIONAL")) {
    add(`init-error/${spec.type}/too-many-positional`, { m: { type: spec.type, args: [...required(spec), ...positional.slice(required(spec).length).map((p) => p.default ?? null), null] } }, "m", []);
  }
  if (!spec.params.some((p) => p.kind === "VAR_KEYWORD")) add(`init-error/${spec.type}/unknown-keyword`, { m: { type: spec.type, args: required(spec), kwargs: { no_such_argument: 1 } } }, "m", []);
  if (required(spec).length > 0) add(`init-error/${spec.type}/missing-required`, { m: { type: spec.type } }, "m", []);
  const first = positional[0];
  if (first) add(`init-error/${spec.type}/given-twice`, { m: { type: spec.type, args: [first.default ?? 3], kwargs: { [first.name]: first.default ?? 3 } } }, "m", []);
}

// --- the qualnames and class paths in call errors --------------------------------------------------------------

for (const spec of Object.values(MODULES)) {
  // m.reset_parameters() on a parent without that method calls its child of that name with no argument: a TypeError
  // naming the child's forward (or its lazy initialize_parameters), NotImplementedError for a class without forward
  add(`no-argument-call/${spec.type}`, { c: { type: "Chain", children: [["reset_parameters", "x"], ["reset_running_stats", "x"]] }, x: node(spec) }, "c", [
    { op: "reset_parameters", path: "" },
    { op: "reset_running_stats", path: "" },
    { op: "reset_parameters", path: "reset_parameters" },
  ]);
  // cls(..., dtype=...) with dtype among the keywords too: the TypeError names the class by its path
  add(`dtype-twice/${spec.type}`, { m: { ...node(spec, { dtype: null }), dtype: "float64" } }, "m", []);
}

export const signatureNameCases: readonly Case[] = cases;
