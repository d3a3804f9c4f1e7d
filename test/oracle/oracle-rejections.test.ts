// Malformed requests get a structured rejection from the real oracle (code, a message naming the problem, a JSON
// pointer to where), one per request, in order, and the worker stays up: the same process answers the next case.
import { beforeAll, describe, expect, it } from "vitest";
import type { Case } from "../../src/case/index.ts";
import { validateCase, validateResponse, wireTensor } from "../../src/case/index.ts";
import { runCase } from "../../src/adapters/builtin/index.ts";
import { compareOutcomes } from "../../src/conformance/index.ts";
import type { WorkerClient } from "../../src/oracle/index.ts";
import { identityCases, makeCase, sharedOracle } from "./helpers.ts";

let oracle: WorkerClient;
let pid: number | undefined;
beforeAll(async () => {
  oracle = await sharedOracle();
  pid = oracle.pid;
});

const t2 = wireTensor("float32", [2], [1, 2]);
const identity = (over: Partial<Case> & Record<string, unknown>) => ({ ...makeCase("x", { m: { type: "Identity" } }, []), ...over }) as Case;

const MALFORMED: [string, Case, string, string | RegExp, string][] = [
  ["unknown module type", identity({ nodes: { m: { type: "Linear" } } } as never), "schema_violation", "/case/nodes/m/type", "Linear"],
  ["unknown step op", identity({ steps: [{ op: "backward", path: "" }] } as never), "schema_violation", "/case/steps/0/op", "backward"],
  ["step missing a field of its op", identity({ steps: [{ op: "forward", path: "" }] } as never), "schema_violation", "/case/steps/0", "'input' is a required property"],
  ["step with a field of another op", identity({ steps: [{ op: "eval", path: "", seed: 1 }] } as never), "schema_violation", "/case/steps/0", "'seed'"],
  ["a keyword name ending in a newline (a schema pattern's $ is ECMA-262's: the very end only)", identity({ nodes: { m: { type: "Dropout", kwargs: { "p\n": 0.5 } } } } as never), "schema_violation", "/case/nodes/m/kwargs", "does not match"],
  ["wrong schema version", identity({ schema: 2 } as never), "schema_version", "/case/schema", "schema 2"],
  ["tensor data not matching its shape", identity({ steps: [{ op: "forward", path: "", input: { ...t2, shape: [3] } }] }), "bad_tensor", "/case/steps/0/input/data", "shape [3]"],
  ["oversized tensor", identity({ steps: [{ op: "forward", path: "", input: { dtype: "float32", shape: [1025, 1024], data: "" } }] }), "tensor_too_large", "/case/steps/0/input/shape", "1049600"],
  ["cycle", identity({ nodes: { a: { type: "Sequential", children: [["0", "b"]] }, b: { type: "Sequential", children: [["0", "a"]] } }, root: "a" }), "bad_tree", /^\/case\/nodes\/[ab]\/children\/0\/1$/, "cycle"],
  ["unknown child node", identity({ nodes: { a: { type: "Sequential", children: [["0", "zz"]] } }, root: "a" }), "bad_tree", "/case/nodes/a/children/0/1", "zz"],
  ["unknown root", identity({ root: "nope" }), "bad_tree", "/case/root", "nope"],
  ["add_module of a node under its own descendant", identity({ nodes: { a: { type: "Sequential", children: [["0", "b"]] }, b: { type: "Sequential" } }, root: "a", steps: [{ op: "add_module", path: "0", name: "back", node: "a" }] }), "bad_tree", "/case/steps/0/node", "cycle"],
  ["add_module of a node under itself", identity({ nodes: { a: { type: "Chain" } }, root: "a", steps: [{ op: "eval", path: "" }, { op: "add_module", path: "", name: "me", node: "a" }] }), "bad_tree", "/case/steps/1/node", "cycle"],
  ["add_module of an unknown node", identity({ steps: [{ op: "add_module", path: "", name: "k", node: "ghost" }] }), "bad_tree", "/case/steps/0/node", "ghost"],
  ["load_state_dict from a step that is not state_dict", identity({ steps: [{ op: "eval", path: "" }, { op: "load_state_dict", path: "", from: 0 }] }), "bad_reference", "/case/steps/1/from", "step 0"],
  ["load_state_dict from a later step", identity({ steps: [{ op: "load_state_dict", path: "", from: 1 }, { op: "state_dict", path: "" }] }), "bad_reference", "/case/steps/0/from", "step 1"],
  ["a hook that is code, not a behaviour", identity({ steps: [{ op: "register_forward_hook", path: "", hook: { name: "h", does: "exec", code: "1" } }] } as never), "schema_violation", "/case/steps/0/hook/does", "exec"],
  ["a state_dict hook that scales", identity({ steps: [{ op: "register_state_dict_post_hook", path: "", hook: { name: "h", does: "scale", factor: 2 } }] } as never), "schema_violation", "/case/steps/0/hook/does", "scale"],
  ["a hook raising an error outside the allow-list", identity({ steps: [{ op: "register_module_forward_hook", hook: { name: "h", does: "raise", error: "SystemExit", message: "bye" } }] } as never), "schema_violation", "/case/steps/0/hook/error", "SystemExit"],
  ["a global hook with a path", identity({ steps: [{ op: "register_module_forward_pre_hook", path: "", hook: { name: "h", does: "record" } }] } as never), "schema_violation", "/case/steps/0", "'path'"],
  ["remove_hook of a step that registered nothing", identity({ steps: [{ op: "eval", path: "" }, { op: "remove_hook", handle: 0 }] }), "bad_reference", "/case/steps/1/handle", "step 0"],
];

describe("malformed requests (real oracle)", () => {
  it.each(MALFORMED)("%s -> rejected", async (_name, c, code, where, mentions) => {
    const [outcome] = await oracle.runCases([{ ...c, id: "bad" }]);
    expect(outcome).toMatchObject({ id: "bad", status: "rejected", code });
    if (outcome?.status !== "rejected") return;
    if (typeof where === "string") expect(outcome.where).toBe(where);
    else expect(outcome.where).toMatch(where);
    expect(outcome.message).toContain(mentions);
  });

  it.each(MALFORMED.filter(([, , code]) => code === "schema_violation"))("%s -> ajv on the TS side rejects it too", (_name, c) => {
    expect(validateCase(c).ok).toBe(false);
  });

  it.each(MALFORMED)("%s -> the built-in port rejects it with the same code", (_name, c, code, where) => {
    const outcome = runCase({ ...c, id: "bad" });
    expect(outcome).toMatchObject({ status: "rejected", code });
    if (outcome.status === "rejected" && code !== "schema_violation") {
      if (typeof where === "string") expect(outcome.where).toBe(where);
      else expect(outcome.where).toMatch(where);
    }
  });

  it("add_module of an ancestor that PyTorch refuses first (a dotted name) is no cycle: a KeyError step, on both sides", async () => {
    const c = identity({ id: "dotted", nodes: { a: { type: "Sequential", children: [["0", "b"]] }, b: { type: "Sequential" } }, root: "a", steps: [{ op: "add_module", path: "0", name: "x.y", node: "a" }, { op: "train", path: "" }] });
    const [golden] = await oracle.runCases([c]);
    expect(golden?.status).toBe("ok");
    if (golden?.status !== "ok") return;
    expect(golden.result.steps[0]?.error?.type).toBe("KeyError");
    expect(golden.result.steps[1]?.error).toBeNull();
    expect(compareOutcomes(golden, runCase(c))).toEqual([]);
  });

  it("a module built on device meta (positional device): an internal rejection naming the device, from both sides, and no memory read", async () => {
    const c = identity({ id: "meta", nodes: { m: { type: "BatchNorm1d", args: [2, 1e-5, 0.1, true, true, "meta"] } } });
    const [golden] = await oracle.runCases([c]);
    expect(golden).toMatchObject({ status: "rejected", code: "internal" });
    if (golden?.status === "rejected") expect(golden.message).toContain("device meta");
    expect(runCase(c)).toMatchObject({ status: "rejected", code: "internal" });
  });

  it("bad JSON -> bad_json with id null", async () => {
    const [answer] = await oracle.sendRaw(['{"type": "run", "id": "q1", "case": {']);
    expect(answer).toMatchObject({ type: "rejected", id: null, code: "bad_json" });
  });

  it.each([
    ["not an object", "[1, 2]", "", null],
    ["case not an object", '{"type":"run","id":"q2","case":5}', "/case", "q2"],
    ["NaN literal (not JSON)", '{"type":"run","id":"q3","case":NaN}', "", null],
  ])("%s -> a structured rejection", async (_name, line, where, id) => {
    const [answer] = await oracle.sendRaw([line]);
    expect(validateResponse(answer).ok).toBe(true);
    expect(answer).toMatchObject({ type: "rejected", id, where });
  });

  it("all malformed requests in one batch, between good ones: each answered in order, the good ones run", async () => {
    const good = identityCases("good", MALFORMED.length + 1);
    const mixed = good.flatMap((g, i) => (i < MALFORMED.length ? [g, { ...MALFORMED[i]![1], id: `bad${i}` }] : [g]));
    const out = await oracle.runCases(mixed);
    expect(out.map((o) => o.id)).toEqual(mixed.map((c) => c.id));
    expect(out.map((o) => o.status)).toEqual(mixed.map((c) => (c.id.startsWith("good") ? "ok" : "rejected")));
  });

  it("the worker survived all of it: same process, a normal case still works", async () => {
    const [outcome] = await oracle.runCases(identityCases("after", 1));
    expect(outcome?.status).toBe("ok");
    expect(oracle.pid).toBe(pid);
  });
});
