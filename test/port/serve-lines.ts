// The request lines test/port/serve.test.ts sends to the built-in port's protocol worker (src/adapters/builtin/serve.ts)
// and the oracle answers once per run: test/mutation/serve-oracle-setup.ts in mutation runs (once per Stryker runner,
// not per mutant), the test's shared oracle otherwise. Each line says which part of the oracle's answer the worker
// promises to repeat; everything else is compared whole.
import type { Case, Handshake, Response } from "../../src/case/index.ts";
import { LIMITS } from "../../src/case/index.ts";
import type { WorkerClient } from "../../src/oracle/index.ts";

/**
 * How a rejection's message compares: "same" text; "prefix": the text up to the first ": " (what follows is the
 * parser's own wording, Python's or JavaScript's); "speaker": the same but for who speaks ("this oracle", "this
 * port"); "own": not at all (the two schema validators word their errors differently).
 */
export type MessageRule = "same" | "prefix" | "speaker" | "own";

export interface ServeLine {
  name: string;
  /** The line's bytes, without the newline; made on demand, as two of them are 64 MiB. */
  bytes(): Buffer;
  message: MessageRule;
}

const identity: Case = {
  schema: 1,
  id: "c",
  nodes: { m: { type: "Identity" } },
  root: "m",
  steps: [
    { op: "eval", path: "" },
    { op: "forward", path: "", input: { dtype: "float32", shape: [2], data: "AACAPwAAAMA=" } },
  ],
};
/** Four BatchNorm1d of the most features the schema allows: their state, snapshotted after the build and each step, passes the limit on a result's tensors within three steps. */
const bigResult: Case = {
  schema: 1,
  id: "c",
  nodes: { s: { type: "Sequential", children: ["a", "b", "c", "d"].map((n, i) => [String(i), n]) }, ...Object.fromEntries(["a", "b", "c", "d"].map((n) => [n, { type: "BatchNorm1d", args: [262144] }])) },
  root: "s",
  steps: [{ op: "eval", path: "" }, { op: "train", path: "" }, { op: "eval", path: "" }],
};
const run = (id: unknown, kase: unknown, envelope: Record<string, unknown> = {}) => JSON.stringify({ type: "run", id, case: kase, ...envelope });
const nest = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
/** A request for a case that is a number (a schema violation at /case), padded with spaces to exactly `size` bytes. */
const padded = (id: string, size: number) => {
  const line = Buffer.alloc(size, " ");
  line.write(run(id, 5));
  return line;
};
const line = (name: string, text: string, message: MessageRule = "same"): ServeLine => ({ name, bytes: () => Buffer.from(text), message });

/**
 * A BatchNorm1d replacing an Identity between state_dict() and load_state_dict() of that state dict, version kept:
 * the BatchNorm reads the Identity's version (1) as its checkpoint's, and so fills in the num_batches_tracked missing.
 */
const keptVersion: Case = {
  schema: 1,
  id: "c",
  nodes: { s: { type: "Sequential", children: [["0", "i"]] }, i: { type: "Identity" }, b: { type: "BatchNorm1d", args: [3] } },
  root: "s",
  steps: [
    { op: "state_dict", path: "" },
    { op: "add_module", path: "", name: "0", node: "b" },
    { op: "load_state_dict", path: "", from: 0, strict: false },
  ],
};
/**
 * Hooks on an Identity before an in-place Dropout1d given an unbatched int64 input: the dropout unsqueezes that very
 * tensor in place and raises before it squeezes it back, so the hooks' log must hold the shapes they saw, not the
 * tensor's shape as it is left.
 */
const reshapedAfterHooks: Case = {
  schema: 1,
  id: "c",
  nodes: { s: { type: "Sequential", children: [["0", "i"], ["1", "d"]] }, i: { type: "Identity" }, d: { type: "Dropout1d", kwargs: { inplace: true } } },
  root: "s",
  steps: [
    { op: "register_forward_pre_hook", path: "0", hook: { name: "pre", does: "record" } },
    { op: "register_forward_hook", path: "0", hook: { name: "post", does: "record" } },
    { op: "forward", path: "", input: { dtype: "int64", shape: [2, 3], data: Buffer.alloc(6 * 8).toString("base64") } },
  ],
};
const globalHook: Case = { ...identity, steps: [{ op: "register_module_forward_hook", hook: { name: "g", does: "record" } }, ...identity.steps] };

export const SERVE_LINES: readonly ServeLine[] = [
  line("a case the port runs", run("runs", identity)),
  // cases whose results show what no generated case reaches: a case never sees the hooks of the one before, the
  // version metadata load_state_dict keeps, the shapes a hook log holds
  line("a case registering a global forward hook", run("global-hook", globalHook)),
  line("the case after it: no hook of the one before", run("after-global-hook", identity)),
  line("load_state_dict keeping the versions of a state dict from before a module was replaced", run("kept-version", keptVersion)),
  line("hooks logging the shape of a tensor a later module reshapes in place", run("reshaped-after-hooks", reshapedAfterHooks)),
  {
    name: "bad UTF-8 inside a string",
    bytes: () => Buffer.concat([Buffer.from('{"type":"run","id":"'), Buffer.from([0xff]), Buffer.from(`","case":${JSON.stringify(identity)}}`)]),
    message: "prefix",
  },
  line("bad JSON", '{"type":"run","id":"cut"', "prefix"),
  line("a float literal beyond a float's range, nested in the case", `{"type":"run","id":"far","case":{"a":[1,{"b":-1e999}]}}`, "prefix"),
  line("an integer literal beyond a float's range", `{"type":"run","id":"far","case":1${"0".repeat(400)}}`, "prefix"),
  line("nesting over the depth limit: the first place in key order", `{"type":"run","id":"deep","case":{"b":${nest(40)},"a":{"z":${nest(40)}}}}`),
  line("a bare array over the depth limit", nest(LIMITS.depth + 1)),
  line("null", "null", "own"),
  line("a number", "5", "own"),
  line("an array", "[]", "own"),
  line("an id that is no string", run(5, identity), "own"),
  line("an envelope of another type around a valid case", run("envelope", identity, { type: "bogus" }), "own"),
  line("no case", JSON.stringify({ type: "run", id: "no-case" }), "own"),
  line("a null case", run("null-case", null), "own"),
  line("a case that is a number", run("number-case", 5), "own"),
  line("a case without steps", run("no-steps", { ...identity, steps: undefined }), "own"),
  line("a case of schema 2", run("v2", { ...identity, schema: 2 }), "speaker"),
  line("a case of schema 2 in a bad envelope: the case's version is checked first", JSON.stringify({ type: "bogus", id: "v2-envelope", case: { schema: 2 } }), "speaker"),
  line('a case of schema "1"', run("v-string", { ...identity, schema: "1" }), "speaker"),
  line("a schema limit: the case's id", run("long-id", { ...identity, id: "x".repeat(5000) })),
  line("a schema limit: constructor args", run("many-args", { ...identity, nodes: { m: { type: "Identity", args: Array(300).fill(1) } } })),
  line("a root that is not a node", run("no-root", { ...identity, root: "zz" })),
  line("a result over the limit on its tensors: the step that went over", run("big-result", bigResult)),
  { name: "exactly the byte limit", bytes: () => padded("at-limit", LIMITS.requestBytes), message: "own" },
  { name: "one byte over the byte limit", bytes: () => padded("over-limit", LIMITS.requestBytes + 1), message: "same" },
];

/** What the oracle answers: its handshake, and one answer per line of SERVE_LINES. */
export interface OracleAnswers {
  handshake: Handshake;
  answers: Response[];
}

export async function askOracle(oracle: WorkerClient): Promise<OracleAnswers> {
  return { handshake: oracle.handshake, answers: await oracle.sendRaw(SERVE_LINES.map((l) => l.bytes())) };
}
