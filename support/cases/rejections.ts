// Malformed-request SPECS: schema-valid cases that the checks before a run reject (bad tensors, bad trees, bad
// references), to show the built-in port rejects them as the oracle does: same code, same JSON pointer, same text.
// They say what to send, never what comes back: the oracle answers them. Schema violations and the schema version
// are left out: there the two sides word their rejections differently on purpose (different JSON Schema validators;
// each names itself), and test/oracle/oracle-rejections.test.ts checks their codes and pointers.
import type { Case, Node, Step, Tensor as WireTensor } from "../../src/case/index.ts";
import { wireTensor } from "../../src/case/index.ts";

const cases: Case[] = [];
function add(id: string, nodes: Record<string, Node>, root: string, steps: Step[]): void {
  cases.push({ schema: 1, id, tags: [], nodes, root, steps });
}
const identity = { m: { type: "Identity" } } as const;
const fwd = (input: WireTensor, path = ""): Step => ({ op: "forward", path, input });
const sd = (path = ""): Step => ({ op: "state_dict", path });
const f32 = wireTensor("float32", [2], [1, 2]);

// --- tensors: base64 as b64decode(validate=True) reads what the schema's pattern lets through, then the byte count ---
// Data characters 4k+1 (never valid), 4k+2 or 4k+3 without enough padding, too much padding after 3, padding alone,
// and padding after a whole quad (accepted: the byte count then decides; float32 [3] needs 12 bytes).
const DATA = ["AAAAA", "AAAAA==", "A=", "AAAAAA", "AAAAAB=", "AAAAABC", "AAA==", "AAAAABC==", "=", "==", "AAAA=", "AAAAAAAA==", "AAAAAAAAAAA="];
DATA.forEach((data, k) => add(`base64/${k}-${data}`, identity, "m", [fwd({ dtype: "float32", shape: [3], data })]));
add("tensor/byte-count", identity, "m", [fwd({ ...f32, shape: [3] })]);
add("tensor/byte-count-int64", identity, "m", [fwd({ dtype: "int64", shape: [2, 1], data: f32.data })]);
add("tensor/lazy-input", identity, "m", [fwd({ ...f32, lazy: true } as WireTensor)]);
add("tensor/too-large", identity, "m", [fwd({ dtype: "float64", shape: [1025, 2, 512], data: "" })]);
add("tensor/at-the-limit", identity, "m", [fwd({ dtype: "float32", shape: [1024, 1024], data: "" })]); // allowed: the byte count rejects it
add("tensor/too-large-before-bad-data", identity, "m", [fwd({ dtype: "float32", shape: [1025, 1024], data: "A" })]);
add("tensor/the-first-bad-tensor-wins", identity, "m", [fwd(f32), fwd({ ...f32, shape: [1] }), fwd({ ...f32, data: "A" })]);
add("tensor/put", { bn: { type: "BatchNorm1d", args: [2] } }, "bn", [sd(), { op: "load_state_dict", path: "", from: 0, put: [["weight", f32], ["bias", { ...f32, shape: [2, 2] }]] }]);
add("tensor/before-tree", { s: { type: "Sequential", children: [["0", "ghost"]] } }, "s", [fwd({ ...f32, shape: [] })]);

// --- trees: the root, unknown children, cycles (depth first from the root, then the other nodes in order) ---------
add("tree/unknown-root", identity, "nope", []);
add("tree/unknown-child", { s: { type: "Sequential", children: [["0", "m"], ["1", "ghost"]] }, m: { type: "Identity" } }, "s", []);
add("tree/self-child", { s: { type: "Sequential", children: [["0", "s"]] } }, "s", []);
add("tree/cycle-from-root", { a: { type: "Sequential", children: [["0", "b"]] }, b: { type: "Sequential", children: [["x", "c"]] }, c: { type: "Sequential", children: [["0", "a"]] } }, "a", []);
add("tree/cycle-off-root", { r: { type: "Identity" }, a: { type: "Sequential", children: [["0", "b"]] }, b: { type: "Sequential", children: [["0", "a"]] } }, "r", []);
add("tree/unknown-child-off-root", { r: { type: "Identity" }, a: { type: "Sequential", children: [["0", "r"], ["1", "ghost"]] } }, "r", []);
add("tree/shared-child-is-no-cycle-but-ghost-is", { s: { type: "Sequential", children: [["0", "m"], ["1", "m"], ["2", "t"]] }, m: { type: "Identity" }, t: { type: "Sequential", children: [["0", "m"], ["1", "ghost2"]] } }, "s", []);
add("tree/add-module-unknown-node", identity, "m", [{ op: "eval", path: "" }, { op: "add_module", path: "", name: "k", node: "ghost" }]);
add("tree/add-module-own-descendant", { a: { type: "Sequential", children: [["0", "b"]] }, b: { type: "Sequential" } }, "a", [{ op: "train", path: "" }, { op: "add_module", path: "0", name: "back", node: "a" }]);
add("tree/add-module-itself", { a: { type: "Sequential" } }, "a", [{ op: "add_module", path: "", name: "me", node: "a" }]);

// --- load_state_dict `from`: an earlier state_dict step, and one that did not raise -------------------------------
add("reference/not-state-dict", identity, "m", [{ op: "eval", path: "" }, { op: "load_state_dict", path: "", from: 0 }]);
add("reference/later-step", identity, "m", [{ op: "load_state_dict", path: "", from: 1 }, sd()]);
add("reference/itself", identity, "m", [sd(), { op: "load_state_dict", path: "", from: 1 }]);
add("reference/state-dict-raised", identity, "m", [sd("nope"), { op: "train", path: "" }, { op: "load_state_dict", path: "", from: 0 }]);

// --- remove_hook: the handle of an earlier register_* step --------------------------------------------------------
const hook = { name: "h", does: "record" } as const;
add("reference/remove-hook-not-registration", identity, "m", [sd(), { op: "remove_hook", handle: 0 }]);
add("reference/remove-hook-later-step", identity, "m", [{ op: "remove_hook", handle: 1 }, { op: "register_forward_hook", path: "", hook }]);
add("reference/remove-hook-itself", identity, "m", [{ op: "register_module_forward_hook", hook }, { op: "remove_hook", handle: 1 }]);
add("reference/remove-hook-of-remove", identity, "m", [{ op: "register_forward_pre_hook", path: "", hook }, { op: "remove_hook", handle: 0 }, { op: "remove_hook", handle: 1 }]);

export const rejectionCases: readonly Case[] = cases;
