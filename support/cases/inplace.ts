// Edge-case SPECS for the port's in-place operations as cases reach them: the running stats InstanceNorm writes back
// with copy_ (broadcast into the buffer, which cannot grow), BatchNorm's counter add_ and running-stat update, the
// mul_/div_ of in-place dropout, fill_/zero_ of the resets, and load_state_dict's copy_ of each entry. They say what
// to run, never what comes out: PyTorch answers them through the oracle, and the port must agree bit for bit.
import type { Case, Node, PyValue, Step, Tensor as WireTensor } from "../../src/case/index.ts";
import { wireTensor } from "../../src/case/index.ts";
import { F, x } from "./batchnorm.ts";

const cases: Case[] = [];
function single(id: string, n: Node, steps: Step[]): void {
  cases.push({ schema: 1, id, tags: [], nodes: { m: n }, root: "m", steps });
}
const fwd = (input: WireTensor): Step => ({ op: "forward", path: "", input });
const sd = (): Step => ({ op: "state_dict", path: "" });
const evalStep = (): Step => ({ op: "eval", path: "" });
const train = (): Step => ({ op: "train", path: "" });
const put = (entries: [string, WireTensor][]): Step => ({ op: "load_state_dict", path: "", from: 0, put: entries });
const node = (type: Node["type"], kwargs: Record<string, PyValue>, dtype?: "float32" | "float64"): Node => ({ type, kwargs, ...(dtype ? { dtype } : {}) });

// --- InstanceNorm's running stats: copy_ of the per-channel mean (C entries) into the buffer (num_features entries) ---
// Only an empty batch gets there with C != num_features (otherwise batch_norm's own check speaks first); the output
// must keep the buffer's shape: C = 1 fills it, C = num_features copies, anything else raises, in the in-place wording
// when the broadcast would grow the buffer and in infer_size's when the sizes cannot broadcast at all.

const SPATIAL: Record<"InstanceNorm1d" | "InstanceNorm2d" | "InstanceNorm3d", number[]> = { InstanceNorm1d: [2], InstanceNorm2d: [2, 1], InstanceNorm3d: [1, 2, 1] };
for (const [type, spatial] of Object.entries(SPATIAL) as [keyof typeof SPATIAL, number[]][]) {
  for (const features of [1, 2, 3]) {
    for (const channels of [0, 1, 2, 3]) {
      single(`instancenorm-copy/${type}/features-${features}/channels-${channels}`, node(type, { num_features: features, track_running_stats: true }), [
        fwd(x([0, channels, ...spatial])),
        sd(),
        fwd(x([2, features, ...spatial.map((s) => s + 1)], "normal", features + channels)),
        sd(),
      ]);
    }
  }
}
// the shrunk counterexample of seed 9001 (case 42,290), as the generator wrote it
single("instancenorm-copy/seed-9001-case-42290", node("InstanceNorm1d", { num_features: 1, track_running_stats: true }), [
  fwd(wireTensor("float32", [0, 2, 2], [])),
  fwd(wireTensor("float32", [2, 1], [0, 0])),
]);
single("instancenorm-copy/unbatched-zero-channels", node("InstanceNorm1d", { num_features: 2, track_running_stats: true }), [fwd(x([0, 3])), sd()]);
single("instancenorm-copy/momentum-none", node("InstanceNorm2d", { num_features: 1, momentum: null, track_running_stats: true }), [fwd(x([0, 2, 2, 2])), fwd(x([0, 1, 2, 2])), sd()]);
single("instancenorm-copy/float64-module-float32-input", node("InstanceNorm1d", { num_features: 1, track_running_stats: true }, "float64"), [
  fwd(x([0, 3, 2])),
  fwd(x([0, 1, 2])),
  fwd(x([3, 1, 2])),
  sd(),
]);
single("instancenorm-copy/float32-module-float64-input", node("InstanceNorm1d", { num_features: 3, track_running_stats: true }), [
  fwd(x([0, 1, 2], "normal", 1, "float64")),
  fwd(x([0, 2, 2], "normal", 1, "float64")),
  sd(),
]);
single("instancenorm-copy/affine-empty", node("InstanceNorm1d", { num_features: 2, affine: true, track_running_stats: true }, "float64"), [
  fwd(x([0, 2, 3], "normal", 2, "float64")),
  fwd(x([0, 2, 3])),
  sd(),
]);
single("instancenorm-copy/eval-writes-nothing", node("InstanceNorm1d", { num_features: 1, track_running_stats: true }), [evalStep(), fwd(x([0, 2, 2])), train(), fwd(x([0, 2, 2])), sd()]);
single("instancenorm-copy/lazy-then-empty", node("LazyInstanceNorm1d", {}), [fwd(x([2, 1, 3])), fwd(x([0, 2, 3])), fwd(x([0, 1, 3])), sd()]);

// a running stat set to None: the other one is still repeated, converted and written back (or the conversion fails)
for (const drop of ["running_mean", "running_var"] as const) {
  for (const [name, dtype, input, affine] of [
    ["f32-module-f64-input", undefined, "float64", false],
    ["f64-module-f32-input", "float64", "float32", false],
    ["f32-module-int64-input", undefined, "int64", false],
    ["same-dtype", undefined, "float32", false],
    ["affine-f32-module-f64-input", undefined, "float64", true],
  ] as const) {
    single(`instancenorm-none/${drop}/${name}`, node("InstanceNorm1d", { num_features: 3, affine, track_running_stats: true }, dtype), [
      { op: "setattr", path: "", name: drop, value: null },
      fwd(x([2, 3, 4], "normal", 3, input)),
      fwd(x([0, 3, 4], "normal", 3, input)),
      evalStep(),
      fwd(x([2, 3, 4], "normal", 4, input)),
      sd(),
    ]);
  }
}

// --- BatchNorm: the counter's add_(1) (int64, wraps) and the running-stat update (never broadcast: checked first) ---

single("batchnorm-update/counter-wraps", node("BatchNorm1d", { num_features: 2 }), [
  sd(),
  put([["num_batches_tracked", wireTensor("int64", [], [9223372036854775807n])]]),
  fwd(x([3, 2])),
  fwd(x([0, 2])),
  sd(),
]);
single("batchnorm-update/stats-from-other-dtype", node("BatchNorm2d", { num_features: 2, momentum: null }, "float64"), [
  sd(),
  put([["running_mean", wireTensor("float32", [2], [1.5, -2.5])], ["running_var", wireTensor("int64", [2], [3n, 4n])]]),
  fwd(x([2, 2, 2, 2], "normal", 5, "float64")),
  sd(),
]);
single("batchnorm-update/empty-batch-counts-only", node("BatchNorm1d", { num_features: 1, momentum: null }), [fwd(x([0, 1])), fwd(x([0, 1, 4])), fwd(x([4, 1])), sd()]);

// --- dropout in place: noise.div_(1 - p) / mul_ into the input (its dtype cannot take a float result) ------------

for (const type of ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"] as const) {
  const rank = type === "Dropout3d" ? 5 : type === "Dropout2d" || type === "FeatureAlphaDropout" ? 4 : 3;
  const shape = [2, 3, 2, 2, 2].slice(0, rank);
  for (const dtype of ["float32", "float64", "int64"] as const) {
    for (const [name, p] of [["half", F(0.5)], ["one", F(1)]] as const) {
      single(`dropout-inplace/${type}/${dtype}/p-${name}`, { type, kwargs: { p, inplace: true } }, [
        { op: "manual_seed", seed: 3 },
        fwd(x(shape, "normal", 7, dtype)),
        fwd(x([0, ...shape.slice(1)], "normal", 7, dtype)),
        evalStep(),
        fwd(x(shape, "normal", 8, dtype)),
      ]);
    }
  }
}
single("rrelu-inplace/int64", { type: "RReLU", kwargs: { inplace: true } }, [fwd(x([2, 3], "normal", 1, "int64")), evalStep(), fwd(x([2, 3], "normal", 1, "int64"))]);

// --- fill_/zero_ of reset_running_stats and reset_parameters on loaded, converted buffers ------------------------

single("reset/after-converted-load", node("BatchNorm1d", { num_features: 2 }, "float64"), [
  sd(),
  put([["running_var", wireTensor("float32", [2], [NaN, -0])], ["num_batches_tracked", wireTensor("float64", [], [7.9])], ["weight", wireTensor("int64", [2], [-3n, 5n])]]),
  sd(),
  { op: "reset_running_stats", path: "" },
  sd(),
  { op: "reset_parameters", path: "" },
  sd(),
]);

// --- load_state_dict: copy_ of each entry into the existing tensor (same shape, any dtype; a [1] into a 0-dim counter) ---

single("load-copy/float64-beyond-float32", node("BatchNorm1d", { num_features: 3 }), [
  sd(),
  put([["weight", wireTensor("float64", [3], [1e300, -1e-300, 3.4028235677973366e38])], ["bias", wireTensor("float64", [3], [-1e39, 2 ** -149, 2 ** -150])]]),
  sd(),
  fwd(x([2, 3])),
]);
single("load-copy/counter-from-float-vector", node("BatchNorm1d", { num_features: 2 }), [sd(), put([["num_batches_tracked", wireTensor("float32", [1], [-2.5])]]), sd(), fwd(x([2, 2])), sd()]);
single("load-copy/no-broadcast-into-larger", node("BatchNorm1d", { num_features: 3 }), [sd(), put([["running_mean", wireTensor("float32", [1], [4])]]), sd()]);
single("load-copy/no-broadcast-scalar", node("BatchNorm1d", { num_features: 1 }), [sd(), put([["weight", wireTensor("float32", [], [4])]]), sd()]);
single("load-copy/instancenorm-running", node("InstanceNorm1d", { num_features: 2, track_running_stats: true }), [
  sd(),
  put([["running_mean", wireTensor("int64", [2], [-7n, 9n])]]),
  fwd(x([0, 1, 3])),
  sd(),
]);

export const inplaceCases: readonly Case[] = cases;
