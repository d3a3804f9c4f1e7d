// Edge-case SPECS for module hooks: every registration kind, removal, prepend, with_kwargs, always_call around a
// raising forward, global hooks beside local ones, shared modules called twice, hooks reading `training`. They say
// what to run, never what comes out: the expected results (outputs, errors, warnings, the hook log) come from real
// PyTorch through the oracle.
import type { Case, ForwardHook, Node, PyValue, StateHook, Step, Tensor as WireTensor } from "../case/index.ts";
import { t } from "./module-dropout.ts";

// --- builders ------------------------------------------------------------------------------------

const rec = (name: string): ForwardHook & StateHook => ({ name, does: "record" });
const scale = (name: string, factor: number): ForwardHook => ({ name, does: "scale", factor });
const boom = (name: string, error: "RuntimeError" | "ValueError" | "TypeError" = "RuntimeError", message = `${name} says no`): ForwardHook & StateHook => ({ name, does: "raise", error, message });

interface Flags {
  prepend?: boolean;
  with_kwargs?: boolean;
  always_call?: boolean;
}
const pre = (path: string, hook: ForwardHook, flags: Omit<Flags, "always_call"> = {}): Step => ({ op: "register_forward_pre_hook", path, hook, ...flags });
const post = (path: string, hook: ForwardHook, flags: Flags = {}): Step => ({ op: "register_forward_hook", path, hook, ...flags });
const gpre = (hook: ForwardHook): Step => ({ op: "register_module_forward_pre_hook", hook });
const gpost = (hook: ForwardHook, flags: Omit<Flags, "prepend"> = {}): Step => ({ op: "register_module_forward_hook", hook, ...flags });
const sdPost = (path: string, hook: StateHook): Step => ({ op: "register_state_dict_post_hook", path, hook });
const loadPre = (path: string, hook: StateHook): Step => ({ op: "register_load_state_dict_pre_hook", path, hook });
const loadPost = (path: string, hook: StateHook): Step => ({ op: "register_load_state_dict_post_hook", path, hook });
const remove = (handle: number): Step => ({ op: "remove_hook", handle });

const fwd = (path: string, input: WireTensor): Step => ({ op: "forward", path, input });
const train = (path: string, mode?: PyValue): Step => (mode === undefined ? { op: "train", path } : { op: "train", path, mode });
const evalStep = (path: string): Step => ({ op: "eval", path });
const sd = (path: string): Step => ({ op: "state_dict", path });
const seed = (s: number): Step => ({ op: "manual_seed", seed: s });

const cases: Case[] = [];
function add(id: string, nodes: Record<string, Node>, root: string, steps: Step[]): void {
  cases.push({ schema: 1, id, nodes, root, steps });
}

const x23 = () => t("float32", [2, 3]);
const x234 = () => t("float32", [2, 3, 4]);
/** 12 float32 values including NaN, +-inf, -0, a subnormal and values that overflow when doubled. */
const specials = () => t("float32", [2, 3, 2], [1.5, -2.25, NaN, Infinity, -Infinity, 0, -0, 3.1, 1e-40, -7, 3e38, -1e-30]);

// A tree with a container, a BatchNorm, a Dropout and a shared Identity.
const tree: Record<string, Node> = {
  root: { type: "Sequential", children: [["bn", "bn"], ["body", "body"], ["id", "i"]] },
  body: { type: "Chain", children: [["drop", "d"], ["id", "i"]] },
  bn: { type: "BatchNorm1d", args: [3] },
  d: { type: "Dropout", args: [0.5] },
  i: { type: "Identity" },
};

// --- each registration kind, with each behaviour ------------------------------------------------------

for (const [name, hook] of [["record", rec("h")], ["scale", scale("h", 2.5)], ["scale-negative", scale("h", -0.5)], ["raise", boom("h", "ValueError")]] as const) {
  add(`pre/${name}`, tree, "root", [pre("bn", hook), fwd("", x23()), evalStep(""), fwd("bn", x23()), fwd("", x234())]);
  add(`post/${name}`, tree, "root", [post("bn", hook), fwd("", x23()), evalStep(""), fwd("bn", x23()), fwd("", x234())]);
  add(`global-pre/${name}`, tree, "root", [gpre(hook), fwd("", x23()), evalStep(""), fwd("body", x23())]);
  add(`global-post/${name}`, tree, "root", [gpost(hook), fwd("", x23()), evalStep(""), fwd("body", x23())]);
}
for (const [name, hook] of [["record", rec("s")], ["raise", boom("s", "TypeError")]] as const) {
  add(`state-dict-post/${name}`, tree, "root", [sdPost("bn", hook), sdPost("", rec("top")), sd(""), sd("bn"), sd("body"), fwd("", x23()), sd("")]);
  add(`load-pre/${name}`, tree, "root", [sd(""), loadPre("bn", hook), loadPre("", rec("top")), fwd("", x23()), { op: "load_state_dict", path: "", from: 0 }, sd("")]);
  add(`load-post/${name}`, tree, "root", [sd(""), loadPost("bn", hook), loadPost("", rec("top")), fwd("", x23()), { op: "load_state_dict", path: "", from: 0 }, sd("")]);
}
add("load-post/strict-errors-after-hooks", tree, "root", [
  sd("bn"),
  loadPost("bn", rec("b")),
  loadPost("", rec("top")),
  { op: "load_state_dict", path: "", from: 0 },
  { op: "load_state_dict", path: "", from: 0, strict: false },
  { op: "load_state_dict", path: "bn", from: 0, remove: ["running_var"], put: [["extra", t("float32", [3])]] },
]);
add("load-pre/version1-checkpoint-keys", { bn: { type: "BatchNorm2d", args: [2] } }, "bn", [
  sd(""),
  loadPre("", rec("p")),
  { op: "load_state_dict", path: "", from: 0, remove: ["num_batches_tracked"], version: 1 },
  { op: "load_state_dict", path: "", from: 0, remove: ["num_batches_tracked"], version: 2, strict: false },
  { op: "load_state_dict", path: "", from: 0, remove: ["num_batches_tracked"], version: "none" },
]);
add("load-pre/raise-stops-before-copy", tree, "root", [
  fwd("", x23()),
  sd(""),
  loadPre("body", boom("p")),
  loadPost("bn", rec("after")),
  { op: "load_state_dict", path: "", from: 1, put: [["bn.running_mean", t("float32", [3], [7, 8, 9])]] },
]);

// --- removal --------------------------------------------------------------------------------------------

add("remove/each-kind", tree, "root", [
  pre("bn", rec("a")),
  post("bn", scale("b", 3)),
  gpre(rec("c")),
  gpost(rec("d")),
  sdPost("bn", rec("e")),
  loadPre("bn", rec("f")),
  loadPost("bn", rec("g")),
  fwd("", x23()),
  sd(""),
  { op: "load_state_dict", path: "", from: 8 },
  ...[0, 1, 2, 3, 4, 5, 6].map(remove),
  fwd("", x23()),
  sd(""),
  { op: "load_state_dict", path: "", from: 18 },
]);
add("remove/twice-and-one-of-two", tree, "root", [pre("bn", rec("a")), pre("bn", rec("b")), remove(0), remove(0), fwd("bn", x23()), remove(1), remove(0), fwd("bn", x23())]);
add("remove/failed-registration", tree, "root", [post("nope", rec("a")), post("body.nope.x", rec("b")), remove(0), remove(1), post("body", rec("c")), fwd("", x23())]);
add("remove/global-mid-program", tree, "root", [gpost(scale("g", 2)), fwd("", x23()), remove(0), fwd("", x23()), gpost(scale("g2", 4)), fwd("body.id", x23())]);
add("remove/reregister-same-spec", tree, "root", [post("id", rec("a")), remove(0), post("id", rec("a")), fwd("", x23())]);

// --- prepend ----------------------------------------------------------------------------------------------

add("prepend/forward-hooks", tree, "root", [
  post("bn", rec("a")),
  post("bn", rec("b"), { prepend: true }),
  post("bn", scale("c", 2), { prepend: true }),
  post("bn", rec("d")),
  gpost(rec("g")),
  fwd("bn", x23()),
]);
add("prepend/pre-hooks", tree, "root", [
  pre("bn", scale("a", 2)),
  pre("bn", scale("b", -3), { prepend: true }),
  pre("bn", rec("c"), { prepend: true }),
  gpre(rec("g")),
  fwd("bn", x23()),
  remove(2),
  fwd("bn", x23()),
]);
add("prepend/after-removal", tree, "root", [post("id", rec("a")), post("id", rec("b")), remove(0), post("id", rec("c"), { prepend: true }), post("id", rec("d")), fwd("", x23())]);
add("prepend/lazy-infer-hook", { m: { type: "LazyBatchNorm1d" } }, "m", [
  pre("", rec("first"), { prepend: true }),
  pre("", scale("scale", 2), { prepend: true }),
  pre("", rec("last")),
  fwd("", x23()),
  fwd("", x23()),
]);
add("prepend/lazy-scaled-int64-input", { m: { type: "LazyInstanceNorm1d" } }, "m", [pre("", scale("s", 0.5), { prepend: true }), fwd("", t("int64", [2, 3, 4]))]);

// --- with_kwargs ------------------------------------------------------------------------------------------

add("kwargs/local-hooks", tree, "root", [
  pre("bn", rec("p"), { with_kwargs: true }),
  pre("bn", scale("ps", 2), { with_kwargs: true }),
  post("bn", scale("f", 0.5), { with_kwargs: true }),
  post("bn", rec("g")),
  fwd("", x23()),
]);
add("kwargs/global-hook", tree, "root", [gpost(rec("g"), { with_kwargs: true }), gpost(rec("h")), fwd("body", x23())]);

// --- always_call with a raising forward --------------------------------------------------------------------

const bn1 = { m: { type: "BatchNorm1d", args: [3] } } as Record<string, Node>;
const wrongRank = () => t("float32", [2, 3, 2, 2]);
add("always-call/forward-raises", bn1, "m", [post("", rec("plain")), post("", rec("always"), { always_call: true }), fwd("", wrongRank()), fwd("", x23())]);
add("always-call/scale-after-raise", bn1, "m", [post("", scale("always", 2), { always_call: true }), fwd("", wrongRank())]);
add("always-call/hook-raises-too", bn1, "m", [
  post("", boom("a1", "TypeError"), { always_call: true }),
  post("", rec("a2"), { always_call: true }),
  fwd("", wrongRank()),
]);
add("always-call/global-and-local", bn1, "m", [
  gpost(boom("g1"), { always_call: true }),
  gpost(rec("g2"), { always_call: true, with_kwargs: true }),
  gpost(rec("g3")),
  post("", rec("l1"), { always_call: true, with_kwargs: true }),
  fwd("", wrongRank()),
  fwd("", x23()),
]);
add("always-call/earlier-hook-raises", bn1, "m", [
  post("", rec("a1"), { always_call: true }),
  post("", scale("s", 2)),
  post("", boom("b")),
  post("", rec("a2"), { always_call: true }),
  post("", rec("never")),
  fwd("", x23()),
]);
add("always-call/pre-hook-raises", bn1, "m", [pre("", scale("s", 2)), pre("", boom("p", "ValueError")), post("", rec("a"), { always_call: true }), post("", rec("b")), fwd("", x23())]);
add("always-call/nested-child-raises", tree, "root", [
  post("", rec("root_always"), { always_call: true }),
  post("", rec("root_plain")),
  post("body", rec("body_always"), { always_call: true }),
  post("body.drop", rec("drop_always"), { always_call: true }),
  { op: "setattr", path: "body.drop", name: "p", value: 2 },
  fwd("", x23()),
]);
add("always-call/global-raises-in-child", tree, "root", [gpost(boom("g", "ValueError"), { always_call: true }), post("", rec("top"), { always_call: true }), fwd("", x23())]);
add("always-call/without-flag-not-run", bn1, "m", [pre("", rec("p")), post("", rec("a")), gpost(rec("g")), fwd("", t("float32", [1, 3]))]);

// --- global hooks together with local ones -----------------------------------------------------------------

add("global/with-local-order", tree, "root", [
  pre("bn", rec("lp")),
  gpre(rec("gp")),
  post("bn", rec("lf")),
  gpost(rec("gf")),
  pre("", scale("root_pre", 2)),
  gpost(scale("gs", -1)),
  fwd("", x23()),
]);
add("global/scales-every-module", tree, "root", [gpre(scale("g", 2)), gpost(scale("h", 0.5)), fwd("", specials()), evalStep(""), fwd("", specials())]);
add("global/with-dropout-rng", tree, "root", [gpost(rec("g")), post("body.drop", scale("s", 3)), seed(3), fwd("", t("float32", [4, 3])), fwd("body", t("float32", [4, 3]))]);

// --- a shared module called twice ---------------------------------------------------------------------------

const sharedSeq: Record<string, Node> = { s: { type: "Sequential", children: [["0", "d"], ["1", "d"], ["2", "r"]] }, d: { type: "RReLU" }, r: { type: "Dropout", args: [0.25] } };
add("shared/sequential-twice", sharedSeq, "s", [post("0", scale("twice", 2)), pre("1", rec("pre")), fwd("", t("float32", [2, 5])), evalStep("1"), fwd("", t("float32", [2, 5]))]);
add("shared/chain-once", { c: { type: "Chain", children: [["p", "d"], ["q", "d"]] }, d: { type: "Identity" } }, "c", [post("q", scale("h", 3)), gpre(rec("g")), fwd("", x23())]);
add("shared/two-parents", {
  root: { type: "Chain", children: [["a", "pa"], ["b", "pb"]] },
  pa: { type: "Sequential", children: [["x", "bn"]] },
  pb: { type: "Sequential", children: [["y", "bn"], ["z", "i"]] },
  bn: { type: "BatchNorm1d", args: [3] },
  i: { type: "Identity" },
}, "root", [post("b.y", rec("shared")), gpost(rec("g")), fwd("", x23()), evalStep("b"), fwd("", x23()), train("a"), fwd("b", x23())]);
add("shared/inplace-dropout-replaced-input", { s: { type: "Sequential", children: [["0", "d"], ["1", "d"]] }, d: { type: "Dropout", kwargs: { p: 0.5, inplace: true } } }, "s", [
  pre("0", scale("copy", 1)),
  seed(1),
  fwd("", t("float32", [3, 4])),
  fwd("0", t("float32", [3, 4])),
]);

// --- hooks reading `training` -------------------------------------------------------------------------------

add("training/switches-between-calls", tree, "root", [
  gpre(rec("g")),
  fwd("", x23()),
  evalStep(""),
  fwd("", x23()),
  train("body"),
  fwd("", x23()),
  train("", false),
  train("bn", true),
  fwd("", x23()),
]);
add("training/frozen-bn", {
  f: { type: "FrozenBN", children: [["bn", "bn"], ["d", "d"]] },
  bn: { type: "BatchNorm1d", args: [3] },
  d: { type: "Dropout", args: [0.2] },
}, "f", [post("bn", rec("bn")), post("d", rec("d")), train(""), fwd("", x23()), evalStep(""), fwd("", x23())]);
add("training/non-bool-flag", tree, "root", [post("bn", rec("h")), pre("body.drop", rec("p")), { op: "setattr", path: "bn", name: "training", value: 0 }, { op: "setattr", path: "body.drop", name: "training", value: "yes" }, fwd("bn", x23()), fwd("body", x23())]);
add("training/state-dict-hooks-see-mode", tree, "root", [sdPost("bn", rec("s")), loadPost("body", rec("l")), evalStep("bn"), sd(""), train(""), { op: "load_state_dict", path: "", from: 3 }]);

// --- hooks and the rest of the tree --------------------------------------------------------------------------

add("tree/hook-on-added-module", { root: { type: "Sequential", children: [["0", "i"]] }, i: { type: "Identity" }, extra: { type: "Dropout", args: [0] } }, "root", [
  post("0", rec("i")),
  { op: "add_module", path: "", name: "1", node: "extra" },
  post("1", scale("x", 2)),
  fwd("", x23()),
  { op: "add_module", path: "", name: "0", node: "extra" },
  fwd("", x23()),
]);
add("tree/scale-special-values", tree, "root", [post("id", scale("s", 2)), pre("bn", scale("p", 1e-3)), fwd("id", specials()), fwd("", t("float32", [4, 3]))]);
add("tree/scale-float64", { m: { type: "BatchNorm1d", args: [3], dtype: "float64" } }, "m", [pre("", scale("p", 0.1)), post("", scale("f", 3.3)), fwd("", t("float64", [3, 3]))]);
add("tree/scale-int64-output-error", { m: { type: "Identity" } }, "m", [post("", scale("f", 1.5)), fwd("", t("int64", [2, 3])), pre("", scale("p", 2)), fwd("", t("int64", [4]))]);

// --- a module called with no argument: m.reset_parameters() on a parent whose child has that name calls the child -----

// every hook of a case reads args[0] first, so it raises IndexError on the empty args before it records or raises; a
// lazy module's own pre-hook (initialize_parameters) comes first among its hooks. A forward with an input follows.
const noArgument: [string, Step][] = [
  ["pre", pre("reset_parameters", rec("a"))],
  ["pre-with-kwargs", pre("reset_parameters", rec("a"), { with_kwargs: true })],
  ["pre-raise", pre("reset_parameters", boom("a"))],
  ["post", post("reset_parameters", rec("a"))],
  ["post-always-call", post("reset_parameters", rec("a"), { always_call: true })],
  ["post-always-call-with-kwargs", post("reset_parameters", rec("a"), { always_call: true, with_kwargs: true })],
  ["global-pre", gpre(rec("g"))],
  ["global-post", gpost(rec("g"))],
  ["global-post-always-call", gpost(rec("g"), { always_call: true })],
];
for (const child of [{ type: "Dropout" }, { type: "BatchNorm1d", args: [3] }, { type: "LazyBatchNorm1d" }] satisfies Node[]) {
  for (const [name, hook] of noArgument) {
    add(`no-argument/${child.type}/${name}`, { c: { type: "Chain", children: [["reset_parameters", "x"]] }, x: child }, "c", [hook, { op: "reset_parameters", path: "" }, fwd("", x23()), sd("")]);
  }
}

export const hookCases: readonly Case[] = cases;
