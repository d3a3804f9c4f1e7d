// Edge-case SPECS for nn.Module train()/eval(), the containers and the Dropout family. They say what to run,
// never what comes out: the expected results come from real PyTorch through the oracle.
import type { Case, DType, Node, PyValue, Step, Tensor as WireTensor } from "../case/index.ts";
import { wireTensor } from "../case/index.ts";
import { dropoutEdges } from "../arbitraries/edges.ts";

// --- builders ------------------------------------------------------------------------------------

const F = (x: number | "nan" | "inf" | "-inf" | "-0"): PyValue => ({ $float: x });

export function t(dtype: DType, shape: number[], values?: ArrayLike<number> | ArrayLike<bigint>): WireTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (values !== undefined) return wireTensor(dtype, shape, values);
  if (dtype === "int64") return wireTensor(dtype, shape, Array.from({ length: n }, (_, i) => BigInt(i - 3)));
  return wireTensor(dtype, shape, Array.from({ length: n }, (_, i) => ((i * 37) % 11) - 4.75 + i / 8));
}

/** 12 float32 values including NaN, +-inf, -0 and a subnormal. */
const SPECIALS = [1.5, -2.25, NaN, Infinity, -Infinity, 0, -0, 3.1, 1e-40, -7, 1e30, -1e-30];

const fwd = (path: string, input: WireTensor): Step => ({ op: "forward", path, input });
const train = (path: string, mode?: PyValue): Step => (mode === undefined ? { op: "train", path } : { op: "train", path, mode });
const evalStep = (path: string): Step => ({ op: "eval", path });
const seed = (s: number): Step => ({ op: "manual_seed", seed: s });
const setattr = (path: string, name: "training" | "p" | "inplace" | "momentum", value: PyValue): Step => ({ op: "setattr", path, name, value });
const sd = (path: string): Step => ({ op: "state_dict", path });

const cases: Case[] = [];
function add(id: string, nodes: Record<string, Node>, root: string, steps: Step[], tags: string[] = []): void {
  cases.push({ schema: 1, id, tags, nodes, root, steps });
}
/** A one-module case: root `m`. */
function single(id: string, node: Node, steps: Step[]): void {
  add(id, { m: node }, "m", steps);
}

// --- train()/eval() ----------------------------------------------------------------------------------

const tree: Record<string, Node> = {
  root: { type: "Sequential", children: [["a", "d1"], ["b", "chain"]] },
  chain: { type: "Chain", children: [["x", "d2"], ["y", "ml"]] },
  ml: { type: "ModuleList", children: [["0", "d3"]] },
  d1: { type: "Dropout" },
  d2: { type: "Dropout2d", args: [0.25] },
  d3: { type: "AlphaDropout" },
};
const modes: [string, PyValue | undefined][] = [
  ["int1", 1], ["int0", 0], ["none", null], ["str", "True"], ["float1", F(1)], ["float0", F(0)], ["list", [true]],
  ["emptylist", []], ["dict", {}], ["true", true], ["false", false], ["absent", undefined], ["nan", F("nan")],
];
for (const [name, mode] of modes) {
  add(`train/mode-${name}`, tree, "root", [evalStep(""), train("", mode), train("b", mode), evalStep("b.y")]);
}
add("train/returns-self-nested", tree, "root", [train("b.y.0", false), evalStep("b"), train("b.x"), evalStep("")]);
for (const [name, value] of [["int", 1], ["zero", 0], ["none", null], ["str", "yes"], ["float", 0.5], ["list", [1]], ["dict", { a: 1 }], ["nan", F("nan")], ["false", false]] as [string, PyValue][]) {
  add(`training-attr/${name}`, tree, "root", [
    setattr("", "training", value),
    setattr("a", "training", value),
    fwd("a", t("float32", [2, 3])),
    train("b"),
    fwd("b.x", t("float32", [2, 3, 2])),
    setattr("b.y.0", "training", value),
    fwd("b.y.0", t("float32", [4])),
    evalStep(""),
    fwd("", t("float32", [2, 3, 2])),
  ]);
}

// --- shared submodules --------------------------------------------------------------------------------

add("shared/sequential-d-d", { s: { type: "Sequential", children: [["0", "d"], ["1", "d"]] }, d: { type: "Dropout", args: [0.5] } }, "s", [
  fwd("", t("float32", [3, 4])),
  evalStep("1"),
  fwd("", t("float32", [3, 4])),
  train("0"),
  sd(""),
  fwd("0", t("float32", [6])),
  fwd("1", t("float32", [6])),
]);
const sharedTwoParents: Record<string, Node> = {
  root: { type: "Chain", children: [["a", "pa"], ["b", "pb"]] },
  pa: { type: "Sequential", children: [["x", "d"]] },
  pb: { type: "Sequential", children: [["y", "d"], ["z", "e"]] },
  d: { type: "Dropout", args: [0.3] },
  e: { type: "Dropout1d", args: [0.6] },
};
add("shared/two-parents-last-wins", sharedTwoParents, "root", [evalStep("a"), train("b"), evalStep("b.y"), train("a.x"), sd(""), fwd("", t("float32", [2, 3, 4]))]);
add("shared/two-parents-forward", sharedTwoParents, "root", [seed(7), fwd("a", t("float32", [8])), fwd("b.z", t("float32", [2, 8])), evalStep("a"), fwd("", t("float32", [2, 3, 4]))]);
add("shared/chain-dedup-forward", { c: { type: "Chain", children: [["p", "d"], ["q", "d"], ["r", "i"]] }, d: { type: "Dropout", args: [0.5] }, i: { type: "Identity" } }, "c", [
  fwd("", t("float32", [10])),
  seed(0),
  fwd("p", t("float32", [10])),
]);
add("shared/sequential-self-nesting-dedup", {
  r: { type: "Sequential", children: [["0", "s"], ["1", "s"], ["2", "d"]] },
  s: { type: "Sequential", children: [["0", "d"], ["1", "d"]] },
  d: { type: "Dropout", args: [0.5] },
}, "r", [fwd("", t("float32", [2, 5])), evalStep("0"), sd(""), sd("1")]);

// --- children added after eval() / add_module -------------------------------------------------------

add("add-module/after-eval", { s: { type: "Sequential", children: [["0", "d"]] }, d: { type: "Dropout" }, n: { type: "Dropout", args: [0.9] }, c: { type: "Chain", children: [["k", "n2"]] }, n2: { type: "Dropout2d" } }, "s", [
  evalStep(""),
  { op: "add_module", path: "", name: "1", node: "n" },
  { op: "add_module", path: "", name: "2", node: "c" },
  fwd("", t("float32", [2, 3, 2])),
  evalStep(""),
  fwd("", t("float32", [2, 3, 2])),
]);
const addModuleNames: [string, string, string][] = [
  ["training", "", "x"], ["forward", "", "x"], ["dotted", "", "a.b"], ["empty", "", ""], ["p-on-dropout", "0", "p"],
  ["inplace-on-dropout", "0", "inplace"], ["dunder-class", "", "__class__"], ["replace-existing", "", "0"],
  ["state-dict", "", "state_dict"], ["_modules", "", "_modules"], ["append-on-sequential", "", "append"],
  ["newline-dot", "", "a\n.b'\""], ["unicode-dot", "", "é.ß"], ["extend-on-dropout", "0", "extend"], ["T_destination", "", "T_destination"],
  ["_version", "", "_version"], ["dump_patches", "", "dump_patches"], ["ok-name", "0", "child"],
];
for (const [id, path, name] of addModuleNames) {
  add(`add-module/${id}`, { s: { type: "Sequential", children: [["0", "d"]] }, d: { type: "Dropout" }, n: { type: "Identity" } }, "s", [
    { op: "add_module", path, name, node: "n" },
    fwd("", t("float32", [3])),
    sd(""),
  ]);
}
for (const [container, name] of [["ModuleList", "append"], ["ModuleList", "insert"], ["ModuleDict", "keys"], ["ModuleDict", "update"], ["ModuleDict", "items"], ["Chain", "append"], ["Identity", "p"]] as [Node["type"], string][]) {
  add(`add-module/${container}-${name}`, { c: { type: container }, n: { type: "Dropout" } }, "c", [{ op: "add_module", path: "", name, node: "n" }]);
}
add("add-module/same-node-twice", { s: { type: "Sequential" }, n: { type: "Dropout" }, m: { type: "Chain" } }, "s", [
  { op: "add_module", path: "", name: "a", node: "n" },
  { op: "add_module", path: "", name: "b", node: "n" },
  { op: "add_module", path: "a", name: "c", node: "m" },
  sd(""),
  evalStep("a"),
  fwd("", t("float32", [5])),
]);
add("build/child-name-errors", { s: { type: "Sequential", children: [["training", "d"]] }, d: { type: "Dropout" } }, "s", []);
add("build/child-name-dot", { s: { type: "Chain", children: [["ok", "d"], ["a.b", "d"]] }, d: { type: "Dropout" } }, "s", []);
add("build/child-replaces-positional", { s: { type: "Sequential", args: [null, null], children: [["1", "d"], ["0", "e"], ["2", "d"]] }, d: { type: "Dropout" }, e: { type: "Identity" } }, "s", [
  fwd("", t("float32", [4])),
  sd(""),
]);

// --- get_submodule errors ------------------------------------------------------------------------------

for (const path of ["nope", "0.nope", "training", "0.p", "a..b", "1", ".", "0.", "forward", "__class__"]) {
  add(`path/${path}`, { s: { type: "Sequential", args: [null], children: [["0", "d"], ["1", "n"]] }, d: { type: "Dropout" }, n: { type: "ModuleDict", args: [[["k", null]]] } }, "s", [
    train(path),
    fwd(path, t("float32", [2])),
    sd(path),
  ]);
}
add("path/none-child", { s: { type: "ModuleDict", args: [[["k", null]]] } }, "s", [evalStep("k"), fwd("", t("float32", [2]))]);

// --- containers: construction and forward --------------------------------------------------------------

const containerArgs: [Node["type"], string, PyValue[], Record<string, PyValue>][] = [
  ["Sequential", "none", [null], {}], ["Sequential", "int", [1], {}], ["Sequential", "str", ["ab"], {}], ["Sequential", "list", [[]], {}],
  ["Sequential", "dict", [{}], {}], ["Sequential", "kwarg", [], { modules: null }], ["Sequential", "nones", [null, null, null], {}],
  ["ModuleList", "none", [null], {}], ["ModuleList", "int", [3], {}], ["ModuleList", "float", [F(1)], {}], ["ModuleList", "emptystr", [""], {}],
  ["ModuleList", "str", ["ab"], {}], ["ModuleList", "list-none", [[null, null]], {}], ["ModuleList", "list-int", [[null, 1]], {}],
  ["ModuleList", "dict", [{ a: null }], {}], ["ModuleList", "emptydict", [{}], {}], ["ModuleList", "two", [null, null], {}],
  ["ModuleList", "kw", [], { modules: [null] }], ["ModuleList", "multiple", [null], { modules: null }], ["ModuleList", "bool", [true], {}],
  ["ModuleDict", "none", [null], {}], ["ModuleDict", "int", [1], {}], ["ModuleDict", "dict-none", [{ a: null, b: null }], {}],
  ["ModuleDict", "dict-int", [{ a: 1 }], {}], ["ModuleDict", "dict-training", [{ training: null }], {}], ["ModuleDict", "pairs", [[["x", null], ["y", null]]], {}],
  ["ModuleDict", "pair-int-name", [[[1, null]]], {}], ["ModuleDict", "pair-len3", [[["a", null, null]]], {}], ["ModuleDict", "pair-not-iterable", [[null]], {}],
  ["ModuleDict", "pair-int", [[5]], {}], ["ModuleDict", "pair-str2", [["ab"]], {}], ["ModuleDict", "pair-str3", [["abc"]], {}],
  ["ModuleDict", "pair-dict2", [[{ a: 1, b: 2 }]], {}], ["ModuleDict", "str", ["ab"], {}], ["ModuleDict", "emptystr", [""], {}],
  ["ModuleDict", "pair-dot", [[["a.b", null]]], {}], ["ModuleDict", "pair-empty-name", [[["", null]]], {}], ["ModuleDict", "float", [F("nan")], {}],
  ["Identity", "anything", [1, "a", null], { x: 1, dtype: "float32" }], ["Chain", "arg", [1], {}], ["Chain", "kwarg", [], { a: 1 }],
  ["Chain", "both", [1, 2], { b: 1 }], ["FrozenBN", "arg", [null], {}], ["FrozenBN", "kwarg", [], { mode: true }], ["Chain", "none", [], {}],
];
for (const [type, id, args, kwargs] of containerArgs) {
  single(`container/${type}-${id}`, { type, args, kwargs }, [fwd("", t("float32", [2, 2])), train("", false), sd("")]);
}
for (const type of ["Sequential", "ModuleList", "ModuleDict", "Chain", "FrozenBN", "Identity"] as const) {
  single(`container/${type}-dtype`, { type, dtype: "float64" }, [fwd("", t("float64", [2]))]);
  add(`container/${type}-with-children-forward`, { c: { type, children: [["first", "d"], ["second", "e"]] }, d: { type: "Dropout", args: [0.5] }, e: { type: "Dropout", kwargs: { inplace: true } } }, "c", [
    fwd("", t("float32", [3, 3])),
    evalStep(""),
    fwd("", t("float32", [3, 3])),
    train(""),
    sd(""),
  ]);
}
add("container/frozenbn-train-no-bn", { f: { type: "FrozenBN", children: [["d", "d"], ["s", "s"]] }, s: { type: "Sequential", children: [["0", "e"]] }, d: { type: "Dropout" }, e: { type: "Dropout1d" } }, "f", [
  train("", 1), evalStep(""), train(""), fwd("", t("float32", [2, 3, 4])), train("s", false), train("", "no"),
]);
// ModuleList(list) names the items by position: the None children are reached by path
add("container/modulelist-nones-by-path", { l: { type: "ModuleList", args: [[null, null, null]] } }, "l", [evalStep("1"), train("2"), sd("2"), sd("")]);
add("container/sequential-none-forward", { s: { type: "Sequential", args: [null], children: [["1", "d"]] }, d: { type: "Dropout" } }, "s", [fwd("", t("float32", [2])), fwd("1", t("float32", [2]))]);
add("container/sequential-setattr-child", { s: { type: "Sequential", children: [["p", "d"], ["momentum", "e"]] }, d: { type: "Dropout" }, e: { type: "Dropout" } }, "s", [
  setattr("", "p", 0.5), setattr("", "p", null), fwd("", t("float32", [2])), setattr("", "momentum", null), sd(""), setattr("", "training", 5), train("momentum"),
]);
add("reset/none-child", { c: { type: "ModuleDict", args: [{ reset_parameters: null }] } }, "c", [{ op: "reset_parameters", path: "" }, { op: "reset_running_stats", path: "" }]);

for (const name of ["momentum", "lower", "eps", "track_running_stats"] as const) {
  add(`setattr-extra/${name}`, { s: { type: "Sequential", children: [["0", "d"]] }, d: { type: "Dropout" }, n: { type: "Identity" } }, "s", [
    { op: "setattr", path: "0", name, value: 0.5 },
    { op: "setattr", path: "", name, value: null },
    { op: "add_module", path: "", name, node: "n" },
    { op: "add_module", path: "0", name, node: "n" },
    train(name),
    fwd("0", t("float32", [3])),
  ]);
}

// --- constructor binding and p validation ------------------------------------------------------------------

const ctorCases: [string, PyValue[], Record<string, PyValue>, Node["dtype"]?][] = [
  ["three-positional", [0.1, false, 3], {}], ["four-positional-kw", [0.1, false, 3, 4], { inplace: true }], ["unknown-kw", [], { q: 0.1 }],
  ["p-twice", [0.1], { p: 0.2 }], ["inplace-twice", [0.1, true], { inplace: false }], ["kw-order", [], { inplace: 1, p: 0.2 }],
  ["dtype", [], {}, "float64"], ["dtype-and-kw", [], { dtype: "x" }, "float32"], ["dtype-kw-only", [], { dtype: "float32" }],
  ["p-neg", [-0.1], {}], ["p-big", [1.1], {}], ["p-two", [2], {}], ["p-minus-one", [-1], {}], ["p-str", ["0.5"], {}], ["p-none", [null], {}],
  ["p-list", [[0.5]], {}], ["p-dict", [{}], {}], ["p-nan", [F("nan")], {}], ["p-inf", [F("inf")], {}], ["p-neginf", [F("-inf")], {}],
  ["p-true", [true], {}], ["p-false", [false], {}], ["p-int1", [1], {}], ["p-float1", [F(1)], {}], ["p-neg0", [F("-0")], {}],
  ["p-tiny-neg", [-1e-300], {}], ["p-huge-int", [9007199254740991], {}], ["p-just-above-1", [1.0000000000000002], {}],
];
for (const type of ["Dropout", "Dropout2d", "AlphaDropout"] as const) {
  for (const [id, args, kwargs, dtype] of ctorCases) {
    single(`ctor/${type}-${id}`, { type, args, kwargs, ...(dtype ? { dtype } : {}) }, [fwd("", t("float32", [2, 3, 2])), evalStep(""), fwd("", t("float32", [2, 3, 2]))]);
  }
}

// --- p written later, inplace, training types at forward ------------------------------------------------

const laterP: [string, PyValue][] = [["str", "x"], ["none", null], ["big", 2], ["neg", -0.5], ["nan", F("nan")], ["true", true], ["one", 1], ["zero", 0], ["list", [0.1]], ["neg0", F("-0")]];
for (const type of ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"] as const) {
  for (const [id, value] of laterP) {
    single(`setattr-p/${type}-${id}`, { type }, [setattr("", "p", value), fwd("", t("float32", [2, 3, 2])), evalStep(""), fwd("", t("float32", [2, 3, 2]))]);
  }
}
for (const [id, value] of [["int1", 1], ["str", "a"], ["emptystr", ""], ["none", null], ["list", [0]], ["zero", 0]] as [string, PyValue][]) {
  for (const type of ["Dropout", "Dropout1d", "AlphaDropout"] as const) {
    single(`setattr-inplace/${type}-${id}`, { type }, [setattr("", "inplace", value), fwd("", t("float32", [3, 4])), setattr("", "training", 0), fwd("", t("float32", [3, 4]))]);
  }
}

// --- values and masks: p x seeds x dtypes -----------------------------------------------------------------

const ps: [string, PyValue][] = [["0", 0], ["1e-10", 1e-10], ["0.5", 0.5], ["1", 1], ["0.999999", 0.999999], ["f1", F(1)], ["f0", F(0)]];
for (const [pid, p] of ps) {
  for (const s of [0, 1, 42, 4294967301, 9007199254740991]) {
    single(`values/Dropout-p${pid}-seed${s}`, { type: "Dropout", args: [p] }, [seed(s), fwd("", t("float32", [3, 4], SPECIALS)), fwd("", t("float64", [2, 7]))]);
  }
}
for (const type of ["Dropout", "AlphaDropout", "FeatureAlphaDropout", "Dropout1d", "Dropout2d", "Dropout3d"] as const) {
  for (const [pid, p] of [["0.2", 0.2], ["0.5", 0.5], ["0.9", 0.9], ["1", 1], ["0", 0], ["1e-10", 1e-10]] as [string, PyValue][]) {
    for (const dtype of ["float32", "float64"] as const) {
      single(`values/${type}-p${pid}-${dtype}`, { type, args: [p] }, [
        fwd("", t(dtype, [2, 3, 2], SPECIALS)),
        fwd("", t(dtype, [2, 2, 2, 2, 2])),
        evalStep(""),
        fwd("", t(dtype, [2, 3, 2], SPECIALS)),
      ]);
    }
  }
}
// p where rounding 1-p (or alpha*a) to float32 first changes the float32 result: the kernels' order shows.
for (const type of ["Dropout", "Dropout2d", "AlphaDropout", "FeatureAlphaDropout"] as const) {
  for (const p of [0.021, 0.025, 0.04, 0.007, 0.023, 0.032]) {
    single(`values/${type}-rounding-p${p}`, { type, args: [p] }, [fwd("", t("float32", [4, 6, 2])), fwd("", t("float64", [4, 6, 2]))]);
  }
}
for (const type of ["Dropout", "AlphaDropout", "FeatureAlphaDropout", "Dropout2d"] as const) {
  single(`values/${type}-int64`, { type }, [fwd("", t("int64", [2, 3, 2])), fwd("", t("float32", [4, 2])), evalStep(""), fwd("", t("int64", [2, 3, 2]))]);
  single(`values/${type}-int64-p1`, { type, args: [1] }, [fwd("", t("int64", [2, 3, 2])), fwd("", t("int64", [0, 2]))]);
}
single("values/dropout-p1-specials", { type: "Dropout", args: [1] }, [fwd("", t("float32", [8], [1, -2, NaN, Infinity, -Infinity, 0, -0, 3])), fwd("", t("float64", [8], [1, -2, NaN, Infinity, -Infinity, 0, -0, 3]))]);
single("values/many-forwards-one-stream", { type: "Dropout", args: [0.3] }, Array.from({ length: 8 }, (_, i) => fwd("", t("float32", [3 + i, 5]))));
single("values/large-tensor", { type: "Dropout", args: [0.37] }, [seed(3), fwd("", t("float32", [64, 129]))]);
single("values/nan-payloads", { type: "Dropout", args: [0.5] }, [fwd("", { dtype: "float32", shape: [4], data: Buffer.from([1, 0, 0xc0, 0x7f, 0, 0, 0xc0, 0xff, 0x12, 0x34, 0xa0, 0x7f, 1, 0, 0, 0]).toString("base64") })]);

// --- rank rules ----------------------------------------------------------------------------------------

const shapesByRank: number[][] = [[], [5], [2, 5], [2, 3, 4], [2, 3, 2, 2], [2, 2, 2, 2, 2], [1, 2, 2, 1, 2, 2]];
for (const type of ["Dropout1d", "Dropout2d", "Dropout3d", "FeatureAlphaDropout"] as const) {
  for (const shape of shapesByRank) {
    for (const inplace of [false, true]) {
      single(`rank/${type}-${shape.length}d${inplace ? "-inplace" : ""}`, { type, args: [0.5, inplace] }, [fwd("", t("float32", shape)), evalStep(""), fwd("", t("float32", shape))]);
    }
  }
  for (const shape of [[0], [0, 3], [2, 0, 3], [3, 0], [0, 2, 3, 4], [2, 3, 0, 1, 1]]) {
    single(`rank/${type}-empty-${shape.join("x")}`, { type }, [fwd("", t("float32", shape)), evalStep(""), fwd("", t("float32", shape))]);
  }
}
for (const type of ["Dropout", "AlphaDropout"] as const) {
  for (const shape of [[], [0], [1], [2, 0, 3]]) {
    single(`rank/${type}-${shape.length}d-${shape.join("x") || "scalar"}`, { type, args: [0.5, true] }, [fwd("", t("float64", shape)), evalStep(""), fwd("", t("float64", shape))]);
  }
}

// --- inplace ---------------------------------------------------------------------------------------

for (const [pid, p] of [["0", 0], ["0.5", 0.5], ["1", 1]] as [string, PyValue][]) {
  for (const type of ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"] as const) {
    single(`inplace/${type}-p${pid}`, { type, args: [p], kwargs: { inplace: true } }, [fwd("", t("float32", [2, 3, 4], [...SPECIALS, ...SPECIALS])), evalStep(""), fwd("", t("float32", [2, 3, 4]))]);
  }
}
add("inplace/chain-of-inplace", { s: { type: "Sequential", children: [["0", "a"], ["1", "b"], ["2", "c"]] }, a: { type: "Dropout", args: [0.2, true] }, b: { type: "Dropout", args: [0.2, true] }, c: { type: "Dropout2d", args: [0.5, true] } }, "s", [
  fwd("", t("float32", [2, 3, 2])),
  evalStep("1"),
  fwd("", t("float32", [2, 3, 2])),
]);

// --- state_dict / load_state_dict without parameters ---------------------------------------------------------

const sdTree: Record<string, Node> = {
  r: { type: "Sequential", children: [["0", "c"], ["1", "d"], ["2", "c"]] },
  c: { type: "Chain", children: [["x", "d"], ["y", "l"]] },
  l: { type: "ModuleList", children: [["0", "e"]] },
  d: { type: "Dropout" },
  e: { type: "Identity" },
};
const one = t("float32", [1]);
add("state-dict/metadata-shared", sdTree, "r", [sd(""), sd("0"), sd("0.y"), sd("2.x")]);
add("state-dict/load-empty-strict", sdTree, "r", [sd(""), { op: "load_state_dict", path: "", from: 0 }, { op: "load_state_dict", path: "" }, { op: "load_state_dict", path: "0", strict: false }]);
add("state-dict/load-unexpected", sdTree, "r", [
  sd(""),
  { op: "load_state_dict", path: "", from: 0, put: [["0.x.weight", one], ["bias", one], ["3.w", one], ["1.p", one]] },
  { op: "load_state_dict", path: "", from: 0, put: [["0.x.weight", one], ["bias", one]], strict: false },
  { op: "load_state_dict", path: "0", put: [["y.0.k", one], ["z", one]], strict: false },
  { op: "load_state_dict", path: "0.y", put: [["0.k", one]], version: "none" },
  { op: "load_state_dict", path: "0.y", from: 0, put: [["0", one]], version: 7, strict: false },
  { op: "load_state_dict", path: "", from: 0, remove: ["nothing"], version: "keep" },
]);
add("reject/load-from-failed-state-dict-step", sdTree, "r", [sd("nope"), { op: "load_state_dict", path: "", from: 0 }]);
add("state-dict/load-on-bad-path", sdTree, "r", [sd(""), { op: "load_state_dict", path: "9", from: 0 }, { op: "load_state_dict", path: "0.q", from: 0, strict: false }]);

// --- malformed cases: rejected before anything runs ------------------------------------------------------------

add("reject/cycle", { a: { type: "Sequential", children: [["0", "b"]] }, b: { type: "Chain", children: [["0", "a"]] } }, "a", []);
add("reject/self-cycle-unreached", { a: { type: "Dropout" }, b: { type: "Chain", children: [["0", "b"]] } }, "a", []);
add("reject/unknown-child", { a: { type: "Sequential", children: [["0", "zz"]] } }, "a", []);
add("reject/unknown-root", { a: { type: "Dropout" } }, "b", []);
add("reject/unknown-add-module-node", { a: { type: "Sequential" } }, "a", [{ op: "add_module", path: "", name: "x", node: "q" }]);
add("reject/from-not-earlier", { a: { type: "Sequential" } }, "a", [{ op: "load_state_dict", path: "", from: 0 }]);
add("reject/from-not-state-dict", { a: { type: "Sequential" } }, "a", [evalStep(""), { op: "load_state_dict", path: "", from: 0 }]);
add("reject/bad-tensor-length", { a: { type: "Dropout" } }, "a", [fwd("", { dtype: "float32", shape: [3], data: "AAAAAA==" })]);
add("reject/bad-tensor-padding", { a: { type: "Dropout" } }, "a", [fwd("", { dtype: "float32", shape: [1], data: "AAAAA" })]);
add("reject/lazy-input", { a: { type: "Dropout" } }, "a", [fwd("", { dtype: "float32", shape: [], data: "", lazy: true })]);
add("reject/too-large", { a: { type: "Dropout" } }, "a", [fwd("", { dtype: "float32", shape: [1025, 1024], data: "" })]);
add("reject/bad-put", { a: { type: "Dropout" } }, "a", [sd(""), { op: "load_state_dict", path: "", from: 0, put: [["k", { dtype: "int64", shape: [2], data: "AAAAAAAAAAA=" }]] }]);
add("reject/tensor-before-tree", { a: { type: "Sequential", children: [["0", "zz"]] } }, "a", [fwd("", { dtype: "float64", shape: [2], data: "" })]);

// --- the keep/drop edge -----------------------------------------------------------------------------------------

// p = 1 - u for a uniform u the forward draws after manual_seed(0) (see arbitraries/edges.ts): that element (or, for
// the feature variants, that channel) sits exactly on the keep/drop boundary, in each dropout class and both float
// dtypes; the edges are the 2nd and the 4th draw, so the draws before them count too.
{
  const edgeShapes: [string, number[]][] = [
    ["Dropout", [2, 4]],
    ["Dropout1d", [2, 3, 2]],
    ["Dropout2d", [2, 3, 2, 2]],
    ["Dropout3d", [1, 4, 1, 2, 1]],
    ["AlphaDropout", [2, 4]],
    ["FeatureAlphaDropout", [2, 3, 2]],
  ];
  const edges = dropoutEdges(0).filter(({ index }) => index > 0 && index < 4);
  for (const [type, shape] of edgeShapes) {
    for (const { index, u } of edges) {
      for (const dtype of ["float32", "float64"] as const) {
        single(`edge/${type}-draw${index}-${dtype}`, { type: type as Node["type"], args: [1 - u] }, [seed(0), fwd("", t(dtype, shape))]);
      }
    }
  }
}

export const moduleDropoutCases: readonly Case[] = cases;
