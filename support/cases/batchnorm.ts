// Edge-case SPECS for BatchNorm1d/2d/3d. They say what to run, never what comes out: the expected results
// come from real PyTorch through the oracle, and the port must agree bit for bit.
import type { Case, DType, Node, PyValue, Step, Tensor as WireTensor } from "../../src/case/index.ts";
import { wireTensor } from "../../src/case/index.ts";

// --- inputs (deterministic, varied; never expected values) --------------------------------------------

export const F = (x: number | "nan" | "inf" | "-inf" | "-0"): PyValue => ({ $float: x });

/** xorshift32 uniforms in [0, 1). */
function uniforms(seed: number, n: number): number[] {
  let s = (seed * 2654435761) >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  });
}

type Style = "normal" | "offset" | "const" | "special" | "ints" | "wide";
const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1e-40, -3e38, 3e38, 1.5, -2.25];

/** n input values in a style: normal-ish, a large offset with a small spread, constant, IEEE specials, small ints, or wide magnitudes. */
function values(n: number, style: Style = "normal", seed = 1): number[] {
  const u = uniforms(seed, 2 * n + 2);
  const gauss = (i: number) => Math.sqrt(-2 * Math.log(1 - u[2 * i]!)) * Math.cos(2 * Math.PI * u[2 * i + 1]!);
  return Array.from({ length: n }, (_, i) => {
    switch (style) {
      case "normal":
        return gauss(i);
      case "offset":
        return 1000 + 1e-3 * gauss(i);
      case "const":
        return 2.5;
      case "special":
        return i % 3 === 0 ? SPECIALS[(i / 3 + seed) % SPECIALS.length]! : gauss(i);
      case "ints":
        return Math.floor(u[i]! * 7) - 3;
      case "wide":
        return gauss(i) * 10 ** Math.floor(u[2 * i + 1]! * 40 - 20);
    }
  });
}

const numel = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** An input tensor of the given shape; int64 inputs are small integers. */
export function x(shape: number[], style: Style = "normal", seed = 1, dtype: DType = "float32"): WireTensor {
  if (dtype === "int64") return wireTensor(dtype, shape, values(numel(shape), "ints", seed).map(BigInt));
  return wireTensor(dtype, shape, values(numel(shape), style, seed));
}

// --- steps ------------------------------------------------------------------------------------------

const fwd = (input: WireTensor, path = ""): Step => ({ op: "forward", path, input });
const train = (mode?: PyValue, path = ""): Step => (mode === undefined ? { op: "train", path } : { op: "train", path, mode });
const evalStep = (path = ""): Step => ({ op: "eval", path });
type AttrName = "training" | "track_running_stats" | "momentum" | "eps";
const setattr = (name: AttrName, value: PyValue, path = ""): Step => ({ op: "setattr", path, name, value });
const sd = (path = ""): Step => ({ op: "state_dict", path });
const resetStats = (path = ""): Step => ({ op: "reset_running_stats", path });
const resetParams = (path = ""): Step => ({ op: "reset_parameters", path });
type LoadOptions = { from?: number; remove?: string[]; put?: [string, WireTensor][]; version?: "keep" | "none" | number; strict?: boolean; path?: string };
const load = ({ path = "", ...rest }: LoadOptions): Step => ({ op: "load_state_dict", path, ...rest });

// --- nodes ------------------------------------------------------------------------------------------

type BnType = "BatchNorm1d" | "BatchNorm2d" | "BatchNorm3d";
const bn = (type: BnType, args: PyValue[] = [3], kwargs?: Record<string, PyValue>, dtype?: "float32" | "float64"): Node => ({
  type,
  args,
  ...(kwargs ? { kwargs } : {}),
  ...(dtype ? { dtype } : {}),
});

const cases: Case[] = [];
function add(id: string, nodes: Record<string, Node>, root: string, steps: Step[]): void {
  cases.push({ schema: 1, id, tags: ["batchnorm"], nodes, root, steps });
}
/** A one-module case: root `m`. */
function single(id: string, node: Node, steps: Step[]): void {
  add(id, { m: node }, "m", steps);
}

/** A shape of the rank each type expects, with C channels. */
const SHAPES: Record<BnType, number[][]> = {
  BatchNorm1d: [[8, 3], [4, 3, 5], [2, 3, 1], [5, 3, 9]],
  BatchNorm2d: [[2, 3, 4, 5], [4, 3, 1, 1], [1, 3, 3, 3], [3, 3, 2, 9]],
  BatchNorm3d: [[2, 3, 2, 3, 4], [3, 3, 1, 1, 1], [1, 3, 2, 1, 5], [2, 3, 1, 3, 3]],
};
const TYPES: BnType[] = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d"];
const withC = (shape: number[], c: number) => [shape[0]!, c, ...shape.slice(2)];

// --- construction -----------------------------------------------------------------------------------

const ctorArgs: [string, PyValue[], Record<string, PyValue>?, ("float32" | "float64")?][] = [
  ["defaults", [3]],
  ["float64", [3], undefined, "float64"],
  ["all-positional", [4, F(0.001), F(0.3), false, false]],
  ["kwargs", [], { num_features: 2, eps: F(0.5), momentum: null, affine: true, track_running_stats: true, bias: false }],
  ["affine-false", [3], { affine: false }],
  ["trs-false", [3], { track_running_stats: false }],
  ["bias-false", [3], { bias: false }],
  ["bias-false-affine-false", [3], { bias: false, affine: false }],
  ["truthy-flags", [3], { affine: "yes", track_running_stats: [0], bias: 2 }],
  ["falsy-flags", [3], { affine: 0, track_running_stats: "", bias: null }],
  ["nf-0", [0]],
  ["nf-1", [1]],
  ["nf-negative", [-1]],
  ["nf-negative-trs-only", [-2], { affine: false }],
  ["nf-negative-no-tensors", [-2], { affine: false, track_running_stats: false }],
  ["nf-float", [F(2.5)]],
  ["nf-float-trs-only", [F(3)], { affine: false }],
  ["nf-float-no-tensors", [F(2.5)], { affine: false, track_running_stats: false }],
  ["nf-str", ["3"]],
  ["nf-bool", [true]],
  ["nf-none", [null]],
  ["nf-dict", [{}]],
  ["nf-list-of-float", [[F(2.5)]]],
  // the parser checks a list's first element; later ones fail while unpacking (where a bool passes)
  ["nf-list-int-then-float", [[3, F(2.5)]]],
  ["nf-list-float-then-int", [[F(2.5), 3]]],
  ["nf-list-ints-then-str", [[3, true, "a"]]],
  ["nf-list-bool", [[true, 3]]],
  ["nf-list-int-then-none", [[0, null]]],
  ["no-args", []],
  ["too-many-args", [3, F(1e-5), F(0.1), true, true, null, null, 1]],
  ["too-many-args-and-bias", [3, F(1e-5), F(0.1), true, true, null, null, 1], { bias: false }],
  ["unexpected-kwarg", [3], { foo: 1 }],
  ["duplicate-arg", [3], { num_features: 3 }],
  ["bias-positional", [3, F(1e-5), F(0.1), true, true, null, null]],
  ["dtype-str", [3], { dtype: "float64" }],
  ["dtype-str-trs-only", [3], { dtype: "float64", affine: false }],
  ["dtype-str-no-tensors", [3], { dtype: "float64", affine: false, track_running_stats: false }],
  ["dtype-kwarg-and-node", [3], { dtype: null }, "float64"],
  ["dtype-positional-and-node", [3, F(1e-5), F(0.1), true, true, null, null], undefined, "float64"],
  ["device-cpu", [3], { device: "cpu" }],
  ["device-cpu-0", [3], { device: "cpu:0" }],
  ["device-bool", [3], { device: true }],
  ["device-float", [3], { device: F(1) }],
  ["device-int", [3], { device: 0 }],
  ["device-empty-str", [3], { device: "" }],
  ["device-unknown", [3], { device: "gpu" }],
  ["device-negative-int", [3], { device: -1 }],
  // c10::Device's string grammar: name, then an optional index without leading zeros that fits a C int
  ["device-unknown-with-index", [3], { device: "gpu:0" }],
  ["device-cpu-suffix", [3], { device: "cpux" }],
  ["device-cpu-prefix", [3], { device: "xcpu" }],
  ["device-cpu-upper", [3], { device: "CPU" }],
  ["device-cpu-two-digits", [3], { device: "cpu:10" }],
  ["device-cpu-int-max", [3], { device: "cpu:2147483647" }],
  ["device-cpu-index-overflow", [3], { device: "cpu:2147483648" }],
  ["device-unknown-index-overflow", [3], { device: "gpu:99999999999" }],
  ["device-cpu-leading-zero", [3], { device: "cpu:01" }],
  ["device-cpu-no-index", [3], { device: "cpu:" }],
  ["device-no-name", [3], { device: ":0" }],
  ["device-two-colons", [3], { device: "cpu:0:0" }],
  ["device-digit-in-name", [3], { device: "a1" }],
  ["device-cpu-after-digit", [3], { device: "1cpu" }],
  ["momentum-str-accepted", [3], { momentum: "fast" }],
  ["eps-none-accepted", [3], { eps: null }],
];
for (const type of TYPES) {
  for (const [name, args, kwargs, dtype] of ctorArgs) {
    if (type !== "BatchNorm2d" && !["defaults", "float64", "nf-negative", "no-args", "affine-false"].includes(name)) continue;
    single(`ctor/${type}/${name}`, bn(type, args, kwargs, dtype), [sd()]);
  }
}

// --- buffers and parameters registered as None still hold their names: add_module cannot take them -----

add("none-buffers/add-module", { m: bn("BatchNorm1d", [3], { affine: false, track_running_stats: false }), i: { type: "Identity" } }, "m", [
  ...["running_mean", "running_var", "num_batches_tracked", "weight", "bias"].map((name): Step => ({ op: "add_module", path: "", name, node: "i" })),
  sd(),
]);

// --- the forward table: training x track_running_stats x buffers ------------------------------------

for (const type of TYPES) {
  const [s0, s1] = SHAPES[type] as [number[], number[]];
  // T, T: batch stats, buffers and counter updated
  single(`table/${type}/train-trs`, bn(type), [fwd(x(s0, "normal", 1)), fwd(x(s1, "normal", 2)), sd()]);
  // T, F from the constructor: batch stats, nothing to update
  single(`table/${type}/train-no-trs`, bn(type, [3], { track_running_stats: false }), [fwd(x(s0, "normal", 3)), sd()]);
  // T, F set later: batch stats, buffers and counter untouched
  single(`table/${type}/train-trs-off-later`, bn(type), [setattr("track_running_stats", false), fwd(x(s0, "normal", 4)), fwd(x(s1, "normal", 5))]);
  // F, T: running stats normalise, nothing changes
  single(`table/${type}/eval-trs`, bn(type), [fwd(x(s0, "normal", 6)), evalStep(), fwd(x(s1, "normal", 7)), fwd(x(s0, "offset", 8))]);
  // F, F from the constructor: batch stats in eval (and the batch-size check)
  single(`table/${type}/eval-no-trs`, bn(type, [3], { track_running_stats: false }), [evalStep(), fwd(x(s0, "normal", 9)), fwd(x(withC(s0.map(() => 1), 3)))]);
  // F, F set later: running stats in eval
  single(`table/${type}/eval-trs-off-later`, bn(type), [fwd(x(s0, "normal", 10)), setattr("track_running_stats", false), evalStep(), fwd(x(s1, "normal", 11))]);
  // T set later on a module built without buffers: batch stats, counter None, never incremented
  single(`table/${type}/trs-on-later`, bn(type, [3], { track_running_stats: false }), [setattr("track_running_stats", true), fwd(x(s0, "normal", 12)), evalStep(), fwd(x(s1, "normal", 13))]);
}

// --- momentum -----------------------------------------------------------------------------------------

single("momentum/none-cumulative", bn("BatchNorm1d", [3], { momentum: null }), [
  fwd(x([4, 3], "normal", 20)),
  fwd(x([6, 3], "normal", 21)),
  fwd(x([0, 3])), // an empty batch still counts
  fwd(x([1, 3])), // raises, after counting
  setattr("eps", F(0)),
  fwd(x([5, 3], "normal", 22)), // raises (eps), after counting
  setattr("eps", F(1e-5)),
  fwd(x([3, 3, 2], "normal", 23)),
  sd(),
]);
single("momentum/none-set-later", bn("BatchNorm2d"), [fwd(x([2, 3, 2, 2], "normal", 24)), setattr("momentum", null), fwd(x([2, 3, 2, 2], "normal", 25)), fwd(x([2, 3, 1, 3], "normal", 26))]);
single("momentum/none-eval", bn("BatchNorm2d", [3], { momentum: null }), [evalStep(), fwd(x([2, 3, 2, 2], "normal", 27)), train(), fwd(x([2, 3, 2, 2], "normal", 28))]);
single("momentum/none-counter-minus-one", bn("BatchNorm1d", [3], { momentum: null }), [
  sd(),
  load({ from: 0, put: [["num_batches_tracked", wireTensor("int64", [], [-1n])]] }),
  fwd(x([4, 3], "normal", 29)),
  fwd(x([4, 3], "normal", 30)),
]);
single("momentum/counter-overflow", bn("BatchNorm1d", [3], { momentum: null }), [
  sd(),
  load({ from: 0, put: [["num_batches_tracked", wireTensor("int64", [], [9223372036854775807n])]] }),
  fwd(x([4, 3], "normal", 31)),
  fwd(x([4, 3], "normal", 32)),
]);
const momenta: [string, PyValue][] = [
  ["zero", F(0)], ["one", F(1)], ["int-one", 1], ["int-zero", 0], ["negative", F(-0.5)], ["above-one", F(2)], ["nan", F("nan")],
  ["inf", F("inf")], ["true", true], ["false", false], ["third", F(1 / 3)], ["big-int", 1000000000000000], ["str", "x"], ["list", [F(0.1)]], ["dict", {}],
];
for (const [name, m] of momenta) {
  single(`momentum/${name}`, bn("BatchNorm1d", [3]), [setattr("momentum", m), fwd(x([6, 3], "normal", 40)), fwd(x([3, 3, 4], "special", 41)), evalStep(), fwd(x([2, 3], "normal", 42)), sd()]);
}
single("momentum/zero-nonfinite-stats", bn("BatchNorm1d", [3], { momentum: F(0) }), [fwd(x([4, 3], "special", 43)), sd()]);
single("momentum/ctor-momentum-str", bn("BatchNorm1d", [3], { momentum: "fast" }), [fwd(x([4, 3])), evalStep(), fwd(x([4, 3]))]);

// --- eps ----------------------------------------------------------------------------------------------

const epsValues: [string, PyValue][] = [
  ["zero", F(0)], ["int-zero", 0], ["neg-zero", F("-0")], ["negative", F(-1e-5)], ["minus-half", F(-0.5)], ["nan", F("nan")],
  ["inf", F("inf")], ["minus-inf", F("-inf")], ["tiny", F(1e-300)], ["subnormal-in-f32", F(1e-45)], ["true", true], ["false", false],
  ["int-one", 1], ["int-minus-one", -1], ["none", null], ["str", "x"], ["list", [1]], ["big", F(1e30)],
];
for (const [name, e] of epsValues) {
  single(`eps/${name}`, bn("BatchNorm2d"), [setattr("eps", e), fwd(x([2, 3, 2, 2], "normal", 50)), evalStep(), fwd(x([2, 3, 2, 2], "normal", 51)), sd()]);
}
single("eps/zero-eval-zero-var", bn("BatchNorm1d", [3], { eps: F(0) }), [evalStep(), sd(), load({ from: 1, put: [["running_var", wireTensor("float32", [3], [0, -1, 4])]] }), fwd(x([4, 3], "normal", 52))]);
single("eps/f64-tiny", bn("BatchNorm1d", [3], { eps: F(1e-300) }, "float64"), [fwd(x([4, 3], "const", 53, "float64")), evalStep(), fwd(x([4, 3], "normal", 54, "float64"))]);

// --- one value per channel, pairs, ranks ---------------------------------------------------------------

for (const type of TYPES) {
  const rank = type === "BatchNorm1d" ? [2, 3] : type === "BatchNorm2d" ? [4] : [5];
  for (const r of rank) {
    const one = [1, 3, ...Array(r - 2).fill(1)];
    const pairN = [2, 3, ...Array(r - 2).fill(1)];
    const pairS = r > 2 ? [1, 3, 2, ...Array(r - 3).fill(1)] : null;
    single(`one-value/${type}/rank${r}`, bn(type), [fwd(x(one)), evalStep(), fwd(x(one, "normal", 60)), setattr("track_running_stats", false), fwd(x(one, "normal", 61)), sd()]);
    single(`one-value/${type}/rank${r}-no-trs`, bn(type, [3], { track_running_stats: false }), [evalStep(), fwd(x(one))]);
    single(`pair/${type}/rank${r}-n2`, bn(type), [fwd(x(pairN, "normal", 62)), fwd(x(pairN, "const", 63)), sd()]);
    if (pairS) single(`pair/${type}/rank${r}-spatial2`, bn(type), [fwd(x(pairS, "normal", 64)), fwd(x(pairS, "offset", 65)), sd()]);
  }
  for (const r of [0, 1, 2, 3, 4, 5, 6]) {
    const ok = type === "BatchNorm1d" ? r === 2 || r === 3 : type === "BatchNorm2d" ? r === 4 : r === 5;
    if (ok) continue;
    const shape = [2, 3, 2, 2, 2, 2].slice(0, r);
    single(`wrong-rank/${type}/rank${r}`, bn(type), [fwd(x(shape)), evalStep(), fwd(x(shape)), sd()]);
  }
}

// --- values: NaN, inf, -0, offsets, constants, wide ranges ----------------------------------------------

const valueShapes: [BnType, number[]][] = [
  ["BatchNorm1d", [7, 5]], ["BatchNorm1d", [3, 5, 7]], ["BatchNorm1d", [9, 5, 1]], ["BatchNorm2d", [2, 5, 3, 4]],
  ["BatchNorm2d", [6, 5, 1, 1]], ["BatchNorm3d", [2, 5, 2, 2, 3]], ["BatchNorm3d", [3, 5, 1, 1, 1]],
];
const styles: Style[] = ["special", "offset", "const", "wide", "normal"];
for (const [type, shape] of valueShapes) {
  for (const dtype of ["float32", "float64"] as const) {
    for (const style of styles) {
      if (style === "normal" && dtype === "float32") continue; // plenty of float32 normal inputs elsewhere
      single(`values/${type}/${shape.join("x")}/${dtype}/${style}`, bn(type, [5], undefined, dtype), [
        fwd(x(shape, style, 70 + shape.length, dtype)),
        fwd(x(shape, "normal", 71, dtype)),
        evalStep(),
        fwd(x(shape, style, 72, dtype)),
      ]);
    }
  }
}
single("values/negative-zero-channel", bn("BatchNorm1d", [2], { affine: false }), [
  fwd(wireTensor("float32", [3, 2], [-0, 1, -0, 2, -0, 3])),
  fwd(wireTensor("float32", [2, 2, 2], [-0, -0, 1, 1, -0, -0, 1, 1])),
  evalStep(),
  fwd(wireTensor("float32", [2, 2], [-0, 0, 0, -0])),
]);
single("values/nan-payloads", bn("BatchNorm1d", [2]), [
  fwd({ dtype: "float32", shape: [3, 2], data: Buffer.from(new Uint32Array([0x7fc00001, 0x3f800000, 0xffc00002, 0x7f800001, 0x40000000, 0xff800000]).buffer).toString("base64") }),
  fwd({ dtype: "float32", shape: [2, 2, 2], data: Buffer.from(new Uint32Array([0x7f800000, 0xff800000, 0x7fc12345, 0x3f800000, 0x40000000, 0xffd00000, 0x7f800000, 0x3f800000]).buffer).toString("base64") }),
  sd(),
]);
// NaN payloads through every operand order the kernels keep (x86's: a NaN result carries its first NaN operand's
// payload): three payloads (one signalling, one negative) in the inputs, then NaN weight, bias, running_var and
// running_mean channels. Shapes: spatial 1 (the channels-last kernel; float64's full vectors of 4 channels and the
// rest), channel groups of 4 and a remainder, and rows with partial last vectors whose upper half flips x * alpha.
const PAYLOADS = {
  float32: [0x7fc00001n, 0xffc00002n, 0x7f800003n],
  float64: [0x7ff8000000000001n, 0xfff8000000000002n, 0x7ff0000000000003n],
} as const;
/** Normal values, with NaN payloads at about a third of the positions (varied by seed), or where `only` says. */
function payloads(dtype: "float32" | "float64", shape: number[], seed: number, only?: (i: number) => boolean): WireTensor {
  const n = numel(shape);
  const bytes = dtype === "float32" ? 4 : 8;
  const view = new DataView(new ArrayBuffer(n * bytes));
  values(n, "normal", seed).forEach((v, i) => {
    const nan = only ? only(i) : (i * 7 + seed) % 3 === 0;
    const bits = PAYLOADS[dtype][Math.floor(i / 3 + seed) % 3]!; // not (i + seed) % 3: that is 0 wherever a NaN goes
    if (dtype === "float32") nan ? view.setUint32(i * 4, Number(bits), true) : view.setFloat32(i * 4, v, true);
    else nan ? view.setBigUint64(i * 8, bits, true) : view.setFloat64(i * 8, v, true);
  });
  return { dtype, shape, data: Buffer.from(view.buffer).toString("base64") };
}
const NAN_SHAPES: ["float32" | "float64", BnType, number[]][] = [
  ["float32", "BatchNorm1d", [6, 5]], ["float32", "BatchNorm2d", [2, 6, 3, 13]], ["float32", "BatchNorm1d", [3, 4, 8]], ["float32", "BatchNorm1d", [2, 3, 21]],
  ["float64", "BatchNorm1d", [6, 5]], ["float64", "BatchNorm1d", [5, 9]], ["float64", "BatchNorm1d", [2, 5, 7]], ["float64", "BatchNorm2d", [3, 4, 2, 2]], ["float64", "BatchNorm1d", [2, 6, 11]],
];
for (const [dtype, type, shape] of NAN_SHAPES) {
  const c = shape[1]!;
  // every weight NaN (so every alpha): then x * alpha meets two NaNs wherever the input has one
  const perChannel = (seed: number) => payloads(dtype, [c], seed, (i) => seed === 2 || i % 2 === seed % 2);
  single(`values/nan-payload-order/${dtype}/${shape.join("x")}`, bn(type, [c], undefined, dtype), [
    fwd(payloads(dtype, shape, 1)),
    sd(),
    load({ from: 1, put: [["weight", perChannel(2)], ["bias", perChannel(3)]] }),
    fwd(payloads(dtype, shape, 4)),
    fwd(x(shape, "normal", 5, dtype)),
    sd(),
    evalStep(),
    fwd(payloads(dtype, shape, 6)),
    load({ from: 5, put: [["running_var", perChannel(7)], ["running_mean", perChannel(8)]] }),
    fwd(payloads(dtype, shape, 9)),
    fwd(x(shape, "normal", 10, dtype)),
  ]);
}
// eps = nan passes F.batch_norm's checks (nan <= 0 is False): var + eps then meets two NaNs, in the order of each path
// (and of each part of a compiled loop: channel counts 1, odd and even)
for (const dtype of ["float32", "float64"] as const) {
  for (const trs of [true, false]) {
    for (const c of [4, 1, 2, 3, 5, 7]) {
      single(`values/eps-nan/${dtype}/${trs ? "running-stats" : "batch-stats-only"}${c === 4 ? "" : `/channels-${c}`}`, bn("BatchNorm1d", [c], { eps: F("nan"), track_running_stats: trs }, dtype), [
        fwd(payloads(dtype, [5, c, 3], 11)),
        fwd(x([5, c, 3], "normal", 12, dtype)),
        evalStep(),
        fwd(payloads(dtype, [5, c, 3], 13)),
        sd(),
      ]);
    }
  }
}
single("values/large-random-f32", bn("BatchNorm2d", [16]), [fwd(x([4, 16, 9, 11], "normal", 80)), fwd(x([4, 16, 9, 11], "offset", 81)), evalStep(), fwd(x([2, 16, 7, 13], "wide", 82))]);
single("values/large-random-f64", bn("BatchNorm2d", [16], undefined, "float64"), [fwd(x([4, 16, 9, 11], "normal", 83, "float64")), evalStep(), fwd(x([2, 16, 7, 13], "offset", 84, "float64"))]);
single("values/many-channels-spatial1", bn("BatchNorm1d", [37]), [fwd(x([50, 37], "normal", 85)), fwd(x([50, 37], "special", 86)), fwd(x([3, 37, 1], "offset", 87))]);
single("values/many-channels-spatial1-f64", bn("BatchNorm1d", [37], undefined, "float64"), [fwd(x([50, 37], "special", 88, "float64")), fwd(x([9, 37], "offset", 89, "float64"))]);

// --- dtypes --------------------------------------------------------------------------------------------

for (const [name, node, dtype] of [
  ["f64-input-f32-module", bn("BatchNorm1d"), "float64"],
  ["f32-input-f64-module", bn("BatchNorm1d", [3], undefined, "float64"), "float32"],
  ["int64-input", bn("BatchNorm1d"), "int64"],
  ["int64-input-f64-module", bn("BatchNorm1d", [3], undefined, "float64"), "int64"],
  ["f64-input-no-params", bn("BatchNorm1d", [3], { affine: false, track_running_stats: false }), "float64"],
  ["int64-input-no-params", bn("BatchNorm1d", [3], { affine: false, track_running_stats: false }), "int64"],
  ["f64-input-weight-only", bn("BatchNorm1d", [3], { track_running_stats: false }), "float64"],
  ["f64-input-buffers-only", bn("BatchNorm1d", [3], { affine: false }), "float64"],
] as [string, Node, DType][]) {
  single(`dtype/${name}`, node, [fwd(x([4, 3], "normal", 90, dtype)), fwd(x([0, 3], "normal", 91, dtype)), evalStep(), fwd(x([4, 3], "normal", 92, dtype)), fwd(x([0, 3, 2], "normal", 93, dtype))]);
}
single("dtype/int64-input-bias-false", bn("BatchNorm1d", [3], { bias: false }), [fwd(x([0, 3], "normal", 94, "int64")), fwd(x([4, 3], "normal", 95, "int64"))]);
single("dtype/int64-channel-mismatch", bn("BatchNorm1d", [5]), [fwd(x([4, 3], "normal", 96, "int64"))]);

// --- empty batches and zero channels -----------------------------------------------------------------------

for (const type of TYPES) {
  const rank = type === "BatchNorm1d" ? 3 : type === "BatchNorm2d" ? 4 : 5;
  const empty = [0, 3, ...Array(rank - 2).fill(2)];
  const emptySpatial = [2, 3, 0, ...Array(rank - 3).fill(2)];
  single(`empty/${type}/batch`, bn(type), [fwd(x(empty)), fwd(x(emptySpatial)), evalStep(), fwd(x(empty)), sd()]);
  single(`empty/${type}/channel-mismatch`, bn(type, [5]), [fwd(x(empty)), sd()]);
}
for (const [name, kwargs] of [["affine", {}], ["no-affine", { affine: false }], ["no-affine-no-trs", { affine: false, track_running_stats: false }], ["no-trs", { track_running_stats: false }]] as [string, Record<string, PyValue>][]) {
  single(`zero-channels/${name}`, bn("BatchNorm1d", [0], kwargs), [fwd(x([2, 0])), fwd(x([0, 0])), evalStep(), fwd(x([2, 0, 3])), sd()]);
}

// --- channel counts ------------------------------------------------------------------------------------

single("channels/running-mean", bn("BatchNorm2d", [5]), [fwd(x([2, 3, 2, 2])), evalStep(), fwd(x([2, 3, 2, 2])), sd()]);
single("channels/weight-no-trs", bn("BatchNorm2d", [5], { track_running_stats: false }), [fwd(x([2, 3, 2, 2])), evalStep(), fwd(x([2, 3, 2, 2]))]);
single("channels/no-params", bn("BatchNorm2d", [5], { affine: false, track_running_stats: false }), [fwd(x([2, 3, 2, 2], "normal", 97)), evalStep(), fwd(x([2, 3, 2, 2], "normal", 98))]);
single("channels/more-than-module", bn("BatchNorm1d", [2]), [fwd(x([4, 3])), fwd(x([4, 1]))]);

// --- training and track_running_stats as plain attributes (truthiness) ------------------------------------

const nonBools: [string, PyValue][] = [["int0", 0], ["int1", 1], ["str", "x"], ["empty-str", ""], ["none", null], ["list", [0]], ["empty-list", []], ["nan", F("nan")], ["zero-float", F(0)]];
for (const [name, v] of nonBools) {
  single(`training-attr/${name}`, bn("BatchNorm1d"), [fwd(x([4, 3], "normal", 100)), setattr("training", v), fwd(x([4, 3], "normal", 101)), fwd(x([1, 3])), sd()]);
  single(`trs-attr/${name}`, bn("BatchNorm1d"), [setattr("track_running_stats", v), fwd(x([4, 3], "normal", 102)), evalStep(), fwd(x([4, 3], "normal", 103)), resetStats(), sd()]);
  single(`trs-attr-no-buffers/${name}`, bn("BatchNorm1d", [3], { track_running_stats: false }), [setattr("track_running_stats", v), fwd(x([4, 3], "normal", 104)), resetStats(), resetParams(), evalStep(), fwd(x([4, 3], "normal", 105))]);
}
single("train-mode/non-bool", bn("BatchNorm1d"), [train(1), fwd(x([4, 3])), train(false), fwd(x([4, 3])), train(), fwd(x([4, 3]))]);

// --- shared module, containers ----------------------------------------------------------------------------

add("shared/sequential-bn-bn", { s: { type: "Sequential", children: [["0", "b"], ["1", "b"]] }, b: bn("BatchNorm1d") }, "s", [
  fwd(x([4, 3], "normal", 110)),
  fwd(x([1, 3])), // the first call raises: counted once
  evalStep(),
  fwd(x([4, 3], "normal", 111)),
  sd(),
  load({ from: 4 }),
  load({ from: 4, remove: ["1.num_batches_tracked"], version: 1 }),
]);
add("shared/sequential-momentum-none", { s: { type: "Sequential", children: [["0", "b"], ["1", "b"]] }, b: bn("BatchNorm2d", [3], { momentum: null }) }, "s", [
  fwd(x([2, 3, 2, 2], "normal", 112)),
  fwd(x([2, 3, 2, 2], "offset", 113)),
  sd(),
]);
add("containers/chain-of-three", { c: { type: "Chain", children: [["a", "b1"], ["b", "b2"], ["c", "b3"]] }, b1: bn("BatchNorm1d", [4]), b2: bn("BatchNorm1d", [4], { affine: false }), b3: bn("BatchNorm1d", [4], { momentum: null, bias: false }) }, "c", [
  fwd(x([5, 4], "normal", 114)),
  fwd(x([5, 4, 3], "wide", 115)),
  evalStep("b"),
  fwd(x([5, 4], "normal", 116)),
  sd(),
]);
add("containers/frozen-bn", { f: { type: "FrozenBN", children: [["0", "b1"], ["1", "s"]] }, s: { type: "Sequential", children: [["0", "b2"]] }, b1: bn("BatchNorm2d", [2]), b2: bn("BatchNorm2d", [2]) }, "f", [
  train(),
  fwd(x([2, 2, 2, 2], "normal", 117)),
  setattr("training", true, "0"),
  fwd(x([2, 2, 2, 2], "normal", 118)),
  sd(),
]);
add("containers/bn-with-child", { b: { type: "BatchNorm1d", args: [3], children: [["inner", "c"]] }, c: bn("BatchNorm1d", [3]) }, "b", [
  fwd(x([4, 3], "normal", 119)),
  sd(),
  load({ from: 1, remove: ["num_batches_tracked", "inner.num_batches_tracked"], version: 1 }),
  load({ from: 1, remove: ["inner.num_batches_tracked"], version: 2, strict: false }),
  resetParams("inner"),
]);

// --- state_dict and load_state_dict ---------------------------------------------------------------------------

const trained = (type: BnType = "BatchNorm1d", args: PyValue[] = [3], kwargs?: Record<string, PyValue>): [Node, Step[]] => [
  bn(type, args, kwargs),
  [fwd(x(withC(SHAPES[type][0]!, Number(args[0])), "normal", 120)), fwd(x(withC(SHAPES[type][1]!, Number(args[0])), "normal", 121)), sd()],
];
{
  const [node, pre] = trained();
  single("sd/round-trip", node, [...pre, fwd(x([4, 3], "normal", 122)), load({ from: 2 }), sd()]); // the sd aliases the live tensors
  single("sd/load-into-fresh-after-reset", node, [...pre, resetParams(), load({ from: 2 }), sd()]);
  for (const v of [0, 1, 2, 3, "none", "keep"] as const) {
    for (const strict of [true, false]) {
      single(`sd/v${v}-nbt-removed-${strict ? "strict" : "lenient"}`, node, [...pre, fwd(x([4, 3], "normal", 123)), load({ from: 2, remove: ["num_batches_tracked"], version: v, strict })]);
    }
  }
  single("sd/v1-nbt-present", node, [...pre, load({ from: 2, version: 1 })]);
  single("sd/missing-running-mean", node, [...pre, load({ from: 2, remove: ["running_mean"] }), load({ from: 2, remove: ["running_mean", "weight"], strict: false })]);
  single("sd/unexpected", node, [...pre, load({ from: 2, put: [["extra", wireTensor("float32", [1], [1])]] }), load({ from: 2, put: [["weight.x", wireTensor("float32", [1], [1])]], strict: false })]);
  single("sd/rank-mismatch-same-numel", node, [...pre, load({ from: 2, put: [["weight", wireTensor("float32", [3, 1], [1, 2, 3])]] }), load({ from: 2, put: [["running_var", wireTensor("float32", [1, 3], [1, 2, 3])]], strict: false })]);
  single("sd/wrong-shape", node, [...pre, load({ from: 2, put: [["running_mean", wireTensor("float32", [2], [1, 2])]] })]);
  single("sd/nbt-shape-1", node, [...pre, load({ from: 2, put: [["num_batches_tracked", wireTensor("int64", [1], [41n])]] }), fwd(x([4, 3]))]);
  single("sd/nbt-shape-1x1", node, [...pre, load({ from: 2, put: [["num_batches_tracked", wireTensor("int64", [1, 1], [41n])]] }), sd()]); // only a 1-d [1] counts as one value
  single("sd/nbt-float", node, [...pre, load({ from: 2, put: [["num_batches_tracked", wireTensor("float64", [], [-1.5])]] }), load({ from: 2, put: [["num_batches_tracked", wireTensor("float32", [1], [5.7])]] })]);
  single("sd/running-mean-int64", node, [...pre, load({ from: 2, put: [["running_mean", wireTensor("int64", [3], [1n, -2n, 3n])]] }), evalStep(), fwd(x([4, 3]))]);
  single("sd/running-var-f64-into-f32", node, [...pre, load({ from: 2, put: [["running_var", wireTensor("float64", [3], [0.1, 1e-50, 3e39])]] }), evalStep(), fwd(x([4, 3]))]);
}
// One feature: a 1-element weight is not a 0-dim counter (only those take a 1-element tensor as input_param[0]).
single("sd/one-feature-round-trip", bn("BatchNorm1d", [1]), [fwd(x([4, 1], "normal", 128)), sd(), load({ from: 1 }), load({ from: 1, put: [["num_batches_tracked", wireTensor("int64", [1], [7n])], ["weight", wireTensor("float32", [], [2])]] }), sd()]);
for (const strict of [true, false]) {
  const [node, pre] = trained();
  add(`sd/trs-dict-into-no-trs-${strict ? "strict" : "lenient"}`, { src: node, dst: bn("BatchNorm1d", [3], { track_running_stats: false }), r: { type: "Sequential", children: [["a", "src"], ["b", "dst"]] } }, "r", [
    ...pre.map((s) => (s.op === "forward" ? { ...s, path: "a" } : s.op === "state_dict" ? sd("a") : s)),
    load({ path: "b", from: 2, strict }),
    load({ path: "b", from: 2, strict, version: 1, remove: ["num_batches_tracked"] }),
  ]);
  add(`sd/no-trs-dict-into-trs-${strict ? "strict" : "lenient"}`, { src: bn("BatchNorm1d", [3], { track_running_stats: false }), dst: bn("BatchNorm1d"), r: { type: "Sequential", children: [["a", "src"], ["b", "dst"]] } }, "r", [
    sd("a"),
    load({ path: "b", from: 0, strict }),
    load({ path: "b", from: 0, strict, version: 1 }),
  ]);
  single(`sd/into-trs-on-later-${strict ? "strict" : "lenient"}`, bn("BatchNorm1d", [3], { track_running_stats: false }), [
    setattr("track_running_stats", true),
    sd(),
    load({ from: 1, strict, version: 1, put: [["running_mean", wireTensor("float32", [3], [1, 2, 3])]] }),
    load({ from: 1, strict, version: 2 }),
    load({ from: 1, strict, version: "none" }),
  ]);
}
add("sd/nested-prefix-v1", { r: { type: "Sequential", children: [["0", "a"], ["1", "s"]] }, s: { type: "Sequential", children: [["bn", "b"]] }, a: bn("BatchNorm1d", [3]), b: bn("BatchNorm1d", [3], { momentum: null }) }, "r", [
  fwd(x([4, 3], "normal", 124)),
  sd(),
  fwd(x([4, 3], "normal", 125)),
  load({ from: 1, remove: ["0.num_batches_tracked", "1.bn.num_batches_tracked"], version: 1 }),
  load({ from: 1, remove: ["1.bn.num_batches_tracked"], version: 2, strict: false }),
  load({ from: 1, remove: ["1.bn.num_batches_tracked"], version: 2 }),
  sd(),
]);
single("sd/f64-module", bn("BatchNorm3d", [2], undefined, "float64"), [fwd(x([2, 2, 2, 2, 2], "normal", 126, "float64")), sd(), load({ from: 1, put: [["weight", wireTensor("float32", [2], [0.5, -2])]] }), fwd(x([2, 2, 1, 1, 3], "normal", 127, "float64"))]);

// --- resets --------------------------------------------------------------------------------------------------

single("reset/running-stats", bn("BatchNorm1d"), [fwd(x([4, 3], "normal", 130)), sd(), resetStats(), sd()]);
single("reset/parameters", bn("BatchNorm1d"), [sd(), load({ from: 0, put: [["weight", wireTensor("float32", [3], [2, 3, 4])], ["bias", wireTensor("float32", [3], [-1, -2, -3])]] }), fwd(x([4, 3], "normal", 131)), resetParams(), sd()]);
single("reset/parameters-bias-false", bn("BatchNorm2d", [3], { bias: false }), [fwd(x([2, 3, 2, 2], "normal", 132)), resetParams(), sd()]);
single("reset/no-trs", bn("BatchNorm1d", [3], { track_running_stats: false }), [resetStats(), resetParams(), sd()]);
single("reset/trs-off-later", bn("BatchNorm1d"), [fwd(x([4, 3], "normal", 133)), setattr("track_running_stats", false), resetStats(), resetParams(), sd()]);
single("reset/affine-false", bn("BatchNorm1d", [3], { affine: false }), [fwd(x([4, 3], "normal", 134)), resetParams(), sd()]);

// --- affine=False, bias=False ----------------------------------------------------------------------------------

for (const type of TYPES) {
  const [s0, s1] = SHAPES[type] as [number[], number[]];
  single(`affine-false/${type}`, bn(type, [3], { affine: false }), [fwd(x(s0, "normal", 140)), fwd(x(s1, "special", 141)), evalStep(), fwd(x(s0, "wide", 142)), sd()]);
  single(`bias-false/${type}`, bn(type, [3], { bias: false }), [fwd(x(s0, "normal", 143)), evalStep(), fwd(x(s1, "offset", 144)), sd()]);
  single(`affine-false-no-trs/${type}`, bn(type, [3], { affine: false, track_running_stats: false }), [fwd(x(s0, "normal", 145)), evalStep(), fwd(x(s1, "normal", 146))]);
}

// --- LazyBatchNorm: construction and the first call ------------------------------------------------------------

type LazyType = "LazyBatchNorm1d" | "LazyBatchNorm2d" | "LazyBatchNorm3d";
const lazy = (type: LazyType, kwargs: Record<string, PyValue> = {}, args: PyValue[] = []): Node => ({ type, args, kwargs });
const lazyCtor: [string, PyValue[], Record<string, PyValue>][] = [
  ["dtype-str", [], { dtype: "float64" }],
  ["dtype-str-buffers-only", [], { dtype: "float64", affine: false }],
  ["dtype-str-no-tensors", [], { dtype: "float64", affine: false, track_running_stats: false }],
  ["device-float", [], { device: F(1.5) }],
  ["device-unknown-with-index", [], { device: "gpu:0" }],
  ["too-many-args-and-bias", [F(1e-5), F(0.1), true, true, null, null, 1], { bias: false }],
];
for (const [name, args, kwargs] of lazyCtor) single(`lazy/ctor/${name}`, lazy("LazyBatchNorm2d", kwargs, args), [fwd(x([2, 3, 2, 2])), sd()]);
// The first call materialises the weight (torch.empty: whatever memory held) before it raises, so these inputs have
// no channels: nothing uninitialized shows.
// track_running_stats switched on before the first call: the buffers are None, not uninitialized
single("lazy/trs-on-later", lazy("LazyBatchNorm1d", { track_running_stats: false }), [setattr("track_running_stats", true), fwd(x([4, 0])), sd()]);
// nothing uninitialized and num_features still 0: reset_parameters does nothing, reset_running_stats raises
single("lazy/reset-without-tensors", lazy("LazyBatchNorm1d", { affine: false, track_running_stats: false }), [
  setattr("track_running_stats", true),
  resetParams(),
  resetStats(),
  fwd(x([4, 3], "normal", 151)),
]);
// a bias loaded before the first call is initialized, and initialize_parameters asserts it is not
single("lazy/bias-loaded-first", lazy("LazyBatchNorm1d"), [load({ put: [["bias", wireTensor("float32", [3], [1, 2, 3])]], strict: false }), fwd(x([4, 0])), sd()]);

export const batchNormCases: readonly Case[] = cases;
