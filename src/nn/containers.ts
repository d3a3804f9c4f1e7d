// Containers: Sequential, ModuleList, ModuleDict (torch/nn/modules/container.py), Identity
// (torch/nn/modules/linear.py), and the schema's Chain and FrozenBN (defined by the oracle, reference-py/oracle.py).
import type { Py } from "../case/pyvalue.ts";
import { pyTypeName } from "../case/pyvalue.ts";
import { keyError, typeError, valueError } from "../errors.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";
import { checkModuleInitArgs } from "./pyargs.ts";
import { pyConstructor, registerModuleType } from "./registry.ts";

/** What a container may be given: modules, or (from a case) any Python value, which add_module then rejects. */
export type ModuleOrPy = Module | Py | readonly ModuleOrPy[];

const notCallable = (name: string) => typeError(`'${name}' object is not callable`);

/** A dict a case can carry (a Python Mapping). */
function isPyDict(value: ModuleOrPy): value is { [key: string]: Py } {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Module);
}

/** Python's iter() over the values a case can carry: str -> characters, list -> items, dict -> keys. */
function pyIterable(value: ModuleOrPy): readonly ModuleOrPy[] | null {
  if (typeof value === "string") return [...value];
  if (Array.isArray(value)) return value as readonly ModuleOrPy[];
  if (isPyDict(value)) return Object.keys(value);
  return null;
}

function pyTypeNameOf(value: ModuleOrPy): string {
  return value instanceof Module ? value.className : pyTypeName(value as Py);
}

/** Sequential(*modules), or Sequential(OrderedDict) given as a Map. Forward chains _modules values (duplicates too). */
export class Sequential extends Module {
  static override pyAttrs: readonly string[] = [
    "__add__", "__delitem__", "__getitem__", "__iadd__", "__imul__", "__iter__", "__len__", "__mul__", "__rmul__",
    "__setitem__", "_get_item_by_idx", "append", "extend", "insert", "pop",
  ];
  static override pyForward = { qualname: "Sequential.forward", arg: "input" };

  constructor(...args: (ModuleOrPy | Map<string, ModuleOrPy>)[]) {
    super();
    const [first] = args;
    if (args.length === 1 && first instanceof Map) {
      for (const [key, module] of first) this.addModule(key, module);
    } else {
      args.forEach((module, idx) => this.addModule(String(idx), module as ModuleOrPy));
    }
  }

  get length(): number {
    return this._modules.size;
  }

  append(module: ModuleOrPy): this {
    this.addModule(String(this.length), module);
    return this;
  }

  override forward(input: Tensor): Tensor {
    for (const module of this._modules.values()) {
      if (module === null) throw notCallable("NoneType");
      input = module.call(input);
    }
    return input;
  }
}

/** ModuleList(modules=None): no forward of its own. */
export class ModuleList extends Module {
  static override pyAttrs: readonly string[] = [
    "__add__", "__delitem__", "__getitem__", "__iadd__", "__iter__", "__len__", "__setitem__", "_get_abs_string_index",
    "append", "extend", "insert", "pop",
  ];

  constructor(modules: ModuleOrPy = null) {
    super();
    if (modules !== null) this.extend(modules);
  }

  get length(): number {
    return this._modules.size;
  }

  append(module: ModuleOrPy): this {
    this.addModule(String(this.length), module);
    return this;
  }

  extend(modules: ModuleOrPy): this {
    const items = pyIterable(modules);
    if (items === null) throw typeError(`ModuleList.extend should be called with an iterable, but got ${pyTypeNameOf(modules)}`);
    const offset = this.length;
    items.forEach((module, i) => this.addModule(String(offset + i), module));
    return this;
  }
}

/** ModuleDict(modules=None): from a mapping or an iterable of (key, module) pairs; no forward of its own. */
export class ModuleDict extends Module {
  static override pyAttrs: readonly string[] = [
    "__contains__", "__delitem__", "__getitem__", "__iter__", "__len__", "__setitem__", "clear", "items", "keys", "pop",
    "update", "values",
  ];

  constructor(modules: ModuleOrPy | Map<string, ModuleOrPy> = null) {
    super();
    if (modules !== null) this.update(modules);
  }

  /** self[key] = module */
  set(key: Py, module: ModuleOrPy): void {
    this.addModule(key, module);
  }

  update(modules: ModuleOrPy | Map<string, ModuleOrPy>): void {
    if (modules instanceof Map) {
      for (const [key, module] of modules) this.set(key, module);
      return;
    }
    if (pyIterable(modules) === null) {
      throw typeError(`ModuleDict.update should be called with an iterable of key/value pairs, but got ${pyTypeNameOf(modules)}`);
    }
    if (isPyDict(modules)) {
      for (const [key, module] of Object.entries(modules)) this.set(key, module); // a Mapping
      return;
    }
    pyIterable(modules)!.forEach((m, j) => {
      const pair = pyIterable(m);
      if (pair === null) throw typeError(`ModuleDict update sequence element #${j} should be Iterable; is${pyTypeNameOf(m)}`);
      if (pair.length !== 2) throw valueError(`ModuleDict update sequence element #${j} has length ${pair.length}; 2 is required`);
      // self[m[0]] = m[1]: Python evaluates m[1] first; a dict element is indexed by key, so m[1] is a KeyError.
      if (!Array.isArray(m) && typeof m !== "string") throw keyError(1);
      this.set(pair[0] as Py, pair[1]!);
    });
  }
}

/** Identity(*args, **kwargs): ignores its arguments; forward returns the input object itself. */
export class Identity extends Module {
  static override pyForward = { qualname: "Identity.forward", arg: "input" };

  override forward(input: Tensor): Tensor {
    return input;
  }
}

/** The schema's Chain: a plain Module whose forward runs children() (deduplicated) in order. */
export class Chain extends Module {
  static override pyForward = { qualname: "Chain.forward", arg: "x" };

  override forward(x: Tensor): Tensor {
    for (const m of this.children()) x = m.call(x);
    return x;
  }
}

/** Marks the _BatchNorm family, so FrozenBN can find it without importing it (InstanceNorm is not one). */
export interface MaybeBatchNorm {
  readonly isBatchNorm?: boolean;
}

/** The schema's FrozenBN: train(mode) as Module's, then every _BatchNorm among modules() goes back to eval. */
export class FrozenBN extends Chain {
  override train(mode: Py = true): this {
    super.train(mode);
    for (const m of this.modules()) if ((m as MaybeBatchNorm).isBatchNorm === true) m.eval();
    return this;
  }
}

const containerPath = "torch.nn.modules.container";
registerModuleType(
  "Sequential",
  pyConstructor(`${containerPath}.Sequential`, { qualname: "Sequential.__init__", params: [], varArgs: true }, ({ args }) => new Sequential(...(args as Py[]))),
);
registerModuleType(
  "ModuleList",
  pyConstructor(`${containerPath}.ModuleList`, { qualname: "ModuleList.__init__", params: [{ name: "modules", default: null }] }, ({ values }) => new ModuleList(values.get("modules") as Py)),
);
registerModuleType(
  "ModuleDict",
  pyConstructor(`${containerPath}.ModuleDict`, { qualname: "ModuleDict.__init__", params: [{ name: "modules", default: null }] }, ({ values }) => new ModuleDict(values.get("modules") as Py)),
);
registerModuleType(
  "Identity",
  pyConstructor("torch.nn.modules.linear.Identity", { qualname: "Identity.__init__", params: [], varArgs: true, varKwargs: true }, () => new Identity()),
);
// The oracle defines Chain and FrozenBN in the script it runs as __main__, without an __init__ of their own:
// Module.__init__(*args, **kwargs), which refuses any argument naming the subclass.
for (const cls of [Chain, FrozenBN]) {
  registerModuleType(cls.name as "Chain" | "FrozenBN", {
    pyPath: `__main__.${cls.name}`,
    signature: { qualname: "Module.__init__", params: [], varArgs: true, varKwargs: true },
    create(args, kwargs) {
      checkModuleInitArgs(cls.name, args, kwargs);
      return new cls();
    },
  });
}
