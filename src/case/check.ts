// The checks a case passes before anything runs, in the oracle's order (reference-py/oracle.py check_request):
// nesting depth, schema version, schema (a limit keyword first), state elements, tensors, tree (root, unknown children,
// cycles), add_module nodes, load_state_dict `from`, remove_hook `handle`.
import { pyStrRepr } from "../errors.ts";
import type { AddModuleStep, Case, Response, Step, Tensor as WireTensor } from "./index.ts";
import { depthBreach, isHookRegistration, ITEM_SIZE, LIMITS, MAX_ELEMENTS, numelOf, pointer, schemaLimitBreach, stateElementsBreach, validateCase, type LimitBreach } from "./index.ts";

/** Why a worker refused a request (the schema's Response, type "rejected"). */
export type RejectCode = Extract<Response, { type: "rejected" }>["code"];

export class Rejected extends Error {
  constructor(
    readonly code: RejectCode,
    message: string,
    readonly where: string,
  ) {
    super(message);
  }
}

export { pointer };

/**
 * The oracle's check_acyclic after an add_module step, which only the running tree can tell: the node added now
 * contains the module it was added under.
 */
export const cycleRejected = (i: number, step: AddModuleStep) =>
  new Rejected("bad_tree", `add_module puts node ${pyStrRepr(step.node)} under path ${pyStrRepr(step.path)}, which is inside it: the tree would have a cycle`, pointer("case", "steps", i, "node"));

function rejectOver(breach: LimitBreach | null): void {
  if (breach !== null) throw new Rejected("limit", breach.message, breach.where);
}


/**
 * base64.b64decode(data, validate=True) of CPython 3.11 (binascii.a2b_base64 in strict mode), for the data the
 * schema's pattern lets through: base64 characters, then at most two "=". Padding ends the data once it completes a
 * quad; padding after a whole quad is skipped. Buffer.from alone would accept every one of these.
 */
function base64Bytes(data: string, where: string): Buffer {
  const body = data.replace(/=*$/, "");
  const pads = data.length - body.length;
  const quad = body.length % 4;
  let problem: string | null = null;
  if (body.length === 0 && pads > 0) problem = "Leading padding not allowed";
  else if (quad === 1) problem = `Invalid base64-encoded string: number of data characters (${body.length}) cannot be 1 more than a multiple of 4`;
  else if (quad === 3 && pads === 2) problem = "Excess data after padding";
  else if ((quad === 2 && pads < 2) || (quad === 3 && pads === 0)) problem = "Incorrect padding";
  if (problem !== null) throw new Rejected("bad_tensor", `data is not valid base64: ${problem}`, where);
  return Buffer.from(body, "base64");
}

/** The raw bytes of a request tensor, or a rejection. */
export function checkTensor(wire: WireTensor, where: string): Buffer {
  if ("lazy" in wire) throw new Rejected("bad_tensor", "a request tensor cannot be lazy (lazy only describes uninitialized results)", where + "/lazy");
  const count = numelOf(wire.shape);
  if (count > MAX_ELEMENTS) {
    throw new Rejected("tensor_too_large", `tensor of shape [${wire.shape.join(", ")}] has ${count} elements; at most ${MAX_ELEMENTS} are allowed`, where + "/shape");
  }
  const raw = base64Bytes(wire.data, where + "/data");
  const want = count * ITEM_SIZE[wire.dtype];
  if (raw.length !== want) {
    throw new Rejected("bad_tensor", `data holds ${raw.length} bytes but shape [${wire.shape.join(", ")}] of ${wire.dtype} needs ${want}`, where + "/data");
  }
  return raw;
}

/** Children before parents: depth first from root, children in order, then unreached nodes in `nodes` order. */
export function buildOrder(nodes: Case["nodes"], root: string): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (nid: string, where: string): void => {
    if (state.get(nid) === "done") return;
    if (state.get(nid) === "visiting") throw new Rejected("bad_tree", `node ${pyStrRepr(nid)} is its own descendant (a cycle)`, where);
    state.set(nid, "visiting");
    (nodes[nid]!.children ?? []).forEach(([, child], j) => {
      const childWhere = pointer("case", "nodes", nid, "children", j, 1);
      if (!Object.hasOwn(nodes, child)) throw new Rejected("bad_tree", `child ${pyStrRepr(child)} of node ${pyStrRepr(nid)} is not in nodes`, childWhere);
      visit(child, childWhere);
    });
    state.set(nid, "done");
    order.push(nid);
  };
  if (!Object.hasOwn(nodes, root)) throw new Rejected("bad_tree", `root ${pyStrRepr(root)} is not in nodes`, "/case/root");
  // a first visit never names its own place (only a node met again while visiting its subtree raises), so neither
  // of these two pointers reaches a message
  // Stryker disable next-line StringLiteral: equivalent: see above
  visit(root, "/case/root");
  // Stryker disable next-line StringLiteral: equivalent: see above
  for (const nid of Object.keys(nodes)) visit(nid, pointer("case", "nodes", nid));
  return order;
}

export interface CheckedCase {
  case: Case;
  order: string[];
  /** Raw input bytes of each forward step, by step index. */
  inputs: Map<number, Buffer>;
  /** Raw bytes of each load_state_dict `put` entry, by step index. */
  puts: Map<number, Buffer[]>;
}

export function checkCase(value: unknown): CheckedCase {
  rejectOver(depthBreach(value, LIMITS.depth, ["case"], 2)); // the case sits at level 2 of a request
  const c = value as { schema?: unknown } | null;
  if (c !== null && typeof c === "object" && "schema" in c && c.schema !== 1) {
    // Stryker disable next-line OptionalChaining: equivalent: a case parsed from JSON has no undefined value, the one JSON.stringify leaves undefined
    throw new Rejected("schema_version", `case schema ${JSON.stringify(c.schema)?.slice(0, 80)} is not supported; this port speaks schema 1`, "/case/schema");
  }
  const valid = validateCase(value);
  if (!valid.ok) {
    rejectOver(schemaLimitBreach("Case", value, "/case"));
    const issue = valid.issues[0]!;
    throw new Rejected("schema_violation", issue.message, "/case" + (issue.where === "/" ? "" : issue.where));
  }
  const kase = valid.value;
  rejectOver(stateElementsBreach(kase.nodes, LIMITS.stateElements));
  const inputs = new Map<number, Buffer>();
  const puts = new Map<number, Buffer[]>();
  kase.steps.forEach((step, i) => {
    if (step.op === "forward") inputs.set(i, checkTensor(step.input, pointer("case", "steps", i, "input")));
    if (step.op === "load_state_dict") puts.set(i, (step.put ?? []).map(([, t], j) => checkTensor(t, pointer("case", "steps", i, "put", j, 1))));
  });
  const order = buildOrder(kase.nodes, kase.root);
  kase.steps.forEach((step, i) => {
    // the step a reference names, when it is one before this one (a later step, or this one, is none of them)
    const earlier = (j: number): Step | undefined => kase.steps.slice(0, i)[j];
    if (step.op === "add_module" && !Object.hasOwn(kase.nodes, step.node)) {
      throw new Rejected("bad_tree", `add_module node ${pyStrRepr(step.node)} is not in nodes`, pointer("case", "steps", i, "node"));
    }
    // the first operand on a line of its own, so that the mark covers its mutant alone (docs/mutation-marks.md)
    if (
      (
        // Stryker disable next-line ConditionalExpression: equivalent: only a load_state_dict step may have a from (schema)
        step.op === "load_state_dict"
      ) &&
      step.from !== undefined
    ) {
      if (earlier(step.from)?.op !== "state_dict") {
        throw new Rejected("bad_reference", `load_state_dict from step ${step.from}, which is not an earlier state_dict step`, pointer("case", "steps", i, "from"));
      }
    }
    if (step.op !== "remove_hook") return;
    const target = earlier(step.handle);
    if (target === undefined || !isHookRegistration(target)) {
      throw new Rejected("bad_reference", `remove_hook of step ${step.handle}, which is not an earlier register_* step`, pointer("case", "steps", i, "handle"));
    }
  });
  return { case: kase, order, inputs, puts };
}
