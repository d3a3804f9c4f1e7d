// Edge-case SPECS for writing a parameter or buffer slot with a plain value (setattr: Module.__setattr__ accepts
// only None there, and a None weight or running statistic changes what forward, state_dict and load_state_dict
// do). They say what to run, never what comes out: PyTorch answers them.
import type { Case, Node, PyValue, Step, Tensor as WireTensor } from "../../src/case/index.ts";
import { wireTensor } from "../../src/case/index.ts";

const cases: Case[] = [];
function single(id: string, node: Node, steps: Step[]): void {
  cases.push({ schema: 1, id, tags: [], nodes: { m: node }, root: "m", steps });
}
type Slot = "weight" | "bias" | "running_mean" | "running_var" | "num_batches_tracked";
const SLOTS: Slot[] = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"];
const set = (name: Slot | "momentum" | "training", value: PyValue): Step => ({ op: "setattr", path: "", name, value });
const sd = (): Step => ({ op: "state_dict", path: "" });
const fwd = (input: WireTensor): Step => ({ op: "forward", path: "", input });
const x = (shape: number[], seed: number): WireTensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return wireTensor("float32", shape, Array.from({ length: n }, (_, i) => Math.sin(seed * 31 + i * 7.3) * 2 + 0.25));
};
/** After the writes: state_dict, forward in training, state_dict, eval, forward, state_dict, and a load of the first
 * state_dict back. */
const exercise = (writes: Step[], shape: number[]): Step[] => [
  ...writes,
  sd(),
  fwd(x(shape, 1)),
  sd(),
  { op: "eval", path: "" },
  fwd(x(shape, 2)),
  sd(),
  { op: "load_state_dict", path: "", from: writes.length },
  sd(),
];

for (const slot of SLOTS) {
  single(`none/${slot}`, { type: "BatchNorm1d", args: [3] }, exercise([set(slot, null)], [4, 3]));
  single(`none/${slot}-momentum-none`, { type: "BatchNorm2d", args: [2], kwargs: { momentum: null } }, exercise([set(slot, null)], [2, 2, 3, 1]));
  single(`none/${slot}-instancenorm-stats`, { type: "InstanceNorm1d", args: [3], kwargs: { affine: true, track_running_stats: true } }, exercise([set(slot, null)], [2, 3, 4]));
  for (const [name, value] of [["float", 0.5], ["int", 1], ["str", "x"], ["list", []], ["bool", false]] as [string, PyValue][]) {
    single(`value/${slot}-${name}`, { type: "BatchNorm1d", args: [3] }, [set(slot, value), sd()]);
  }
  // no running stats, no affine: the slots hold None already, and only None may be written
  single(`already-none/${slot}`, { type: "BatchNorm1d", args: [3], kwargs: { affine: false, track_running_stats: false } }, exercise([set(slot, 0.5), set(slot, null)], [4, 3]));
  // a module without that slot: a plain attribute
  single(`plain/${slot}-on-dropout`, { type: "Dropout", args: [0.5] }, [set(slot, 2), sd(), fwd(x([2, 3], 3)), sd()]);
}
single("none/both-running-stats", { type: "BatchNorm1d", args: [3] }, exercise([set("running_mean", null), set("running_var", null)], [4, 3]));
single("none/all", { type: "BatchNorm1d", args: [3] }, exercise([...SLOTS.map((s) => set(s, null))], [4, 3]));
single("none/weight-then-reset", { type: "BatchNorm1d", args: [3] }, [set("weight", null), { op: "reset_parameters", path: "" }, { op: "reset_running_stats", path: "" }, sd()]);
single("none/running-var-then-reset", { type: "BatchNorm1d", args: [3] }, [set("running_var", null), { op: "reset_running_stats", path: "" }, sd()]);
single("none/nbt-then-reset", { type: "BatchNorm1d", args: [3] }, [set("num_batches_tracked", null), { op: "reset_running_stats", path: "" }, sd()]);
single("none/lazy-weight", { type: "LazyBatchNorm1d" }, exercise([set("weight", null)], [4, 3]));
// Not "running_mean = None" on a lazy module: its first forward fails in reset_running_stats after materialising the
// weight with torch.empty(), whose bytes no port can reproduce.

// A None child slot: load_state_dict skips it (and its keys are unexpected).
cases.push({
  schema: 1,
  id: "none-child/load-state-dict",
  tags: [],
  nodes: { s: { type: "Sequential", children: [["0", "bn"]] }, bn: { type: "BatchNorm1d", args: [2] }, d: { type: "ModuleDict", args: [{ a: null }] } },
  root: "s",
  steps: [
    { op: "add_module", path: "", name: "1", node: "d" },
    sd(),
    { op: "load_state_dict", path: "", from: 1 },
    { op: "load_state_dict", path: "", from: 1, put: [["1.a.weight", wireTensor("float32", [1], [1])]], strict: false },
    { op: "load_state_dict", path: "", from: 1, put: [["1.a.weight", wireTensor("float32", [1], [1])]] },
  ],
});

export const slotCases: readonly Case[] = cases;
