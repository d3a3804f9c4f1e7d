// Edge-case SPECS for the port's scalar plumbing, not for a module family: C++ static_cast conversions between int64
// and float tensors (load_state_dict's copy_), Python's repr() of a str inside KeyError messages, and a dropout draw
// that lands exactly on its probability. They say what to run, never what comes out: PyTorch answers them.
import type { Case, Node, Step, Tensor as WireTensor } from "../../src/case/index.ts";
import { wireTensor } from "../../src/case/index.ts";
import { Generator } from "../../src/random/generator.ts";

const cases: Case[] = [];
function add(id: string, nodes: Record<string, Node>, root: string, steps: Step[]): void {
  cases.push({ schema: 1, id, tags: [], nodes, root, steps });
}
const sd = (): Step => ({ op: "state_dict", path: "" });
const put = (key: string, tensor: WireTensor): Step => ({ op: "load_state_dict", path: "", from: 0, put: [[key, tensor]] });

// --- int64 -> float (static_cast<float>/<double> of int64_t): one rounding, ties to even ----------------------------

/** Integers around float32's 24-bit and float64's 53-bit significands, ties both ways, and the int64 extremes. */
const INT64S = [
  0n, -5n,
  2n ** 23n + 1n, // 24 bits: exact in float32
  2n ** 24n + 1n, // a tie, kept even (down)
  2n ** 24n + 3n, // a tie, to even (up)
  2n ** 24n + 2n ** 23n, // exact
  2n ** 60n + 2n ** 36n + 1n, // just above a float32 tie; rounding through double first would tie it down
  -(2n ** 60n + 2n ** 36n + 1n),
  2n ** 53n + 1n, // a float64 tie
  -(2n ** 63n),
  2n ** 63n - 1n,
  2n ** 62n - 1n,
];
for (const dtype of ["float32", "float64"] as const) {
  const n = INT64S.length;
  add(`int64-to-${dtype}/weight`, { bn: { type: "BatchNorm1d", args: [n], dtype } }, "bn", [sd(), put("weight", wireTensor("int64", [n], INT64S)), sd()]);
  add(`int64-to-${dtype}/running-var-then-eval`, { bn: { type: "BatchNorm1d", args: [n], dtype } }, "bn", [
    sd(),
    put("running_mean", wireTensor("int64", [n], INT64S)),
    { op: "eval", path: "" },
    { op: "forward", path: "", input: wireTensor(dtype, [2, n], Array.from({ length: 2 * n }, (_, i) => i - n)) },
    sd(),
  ]);
}

// --- float -> int64 (static_cast<int64_t>: truncation; NaN and out of range give INT64_MIN on x86) ---------------

const FLOATS: [string, number][] = [
  ["neg-1e19", -1e19], ["pos-1e19", 1e19], ["min-exact", -(2 ** 63)], ["max-out", 2 ** 63], ["below-max", 2 ** 62 * 1.5],
  ["nan", NaN], ["inf", Infinity], ["-inf", -Infinity], ["neg-fraction", -2.75], ["neg-zero", -0],
];
for (const dtype of ["float32", "float64"] as const) {
  for (const [name, v] of FLOATS) {
    add(`${dtype}-to-int64/${name}`, { bn: { type: "BatchNorm1d", args: [2] } }, "bn", [sd(), put("num_batches_tracked", wireTensor(dtype, [], [v])), sd()]);
  }
}

// --- repr() of the name in a KeyError (str(KeyError(msg)) is repr(msg)) -----------------------------------------------

/** Names with a "." (so add_module raises KeyError quoting the name) and characters repr() escapes or keeps. */
const NAMES: [string, string][] = [
  ["controls", "a.\t\n\r\x01\x1f\x7f"],
  ["quotes-backslash", "b.\\'\"\\"],
  ["latin1", "c. \x80\xa0\xad\xe9\xff"], // space, C1 control (Cc), no-break space (Zs), soft hyphen (Cf), printable letters
  ["bmp", "d.\u0100\u200b\u2028\u0378\u4e2d\ue000\uffff"], // printable, Cf, Zl, unassigned, printable, private use, noncharacter
  ["astral", "e.\u{e0001}\u{f0000}\u{1f600}\u{10ffff}"], // Cf, private use, printable, unassigned
  ["lone-surrogate", "f.\ud800x"],
];
for (const [id, name] of NAMES) {
  add(`keyerror-repr/${id}`, { s: { type: "Sequential" }, n: { type: "Identity" } }, "s", [{ op: "add_module", path: "", name, node: "n" }]);
}

// --- a bernoulli draw equal to its probability ----------------------------------------------------------------------

// noise.bernoulli_(1 - p) keeps an element when its uniform draw u is strictly below 1 - p. With seed 0 and
// p = 1 - u for the first draw (u >= 0.5, so 1 - (1 - u) is exactly u in double), the first element sits on the edge.
// The draw is computed with the port's MT19937 only to choose p; PyTorch says what happens.
{
  const seed = [0, 1, 2, 3, 4, 5, 6, 7].find((s) => new Generator(s).uniform53() >= 0.5)!;
  const u = new Generator(seed).uniform53();
  add("bernoulli/draw-equals-probability", { d: { type: "Dropout", args: [1 - u] } }, "d", [
    { op: "manual_seed", seed },
    { op: "forward", path: "", input: wireTensor("float64", [3], [1, 1, 1]) },
  ]);
}

export const conversionNameCases: readonly Case[] = cases;
