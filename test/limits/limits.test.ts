// Every limit on what a request can make big, over by one, on both sides: the oracle (real PyTorch) and the built-in
// port reject it with code "limit", the same message naming the limit and the same JSON pointer, and ajv refuses
// the limits the schema states. The bounds are the project's own (the schema's "x-limit" keywords and "x-limits").
import fc from "fast-check";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { runCase } from "../../src/adapters/builtin/index.ts";
import { respondLine, serve } from "../../src/adapters/builtin/serve.ts";
import { caseArbitrary } from "../../src/arbitraries/index.ts";
import { type Case, caseSchema, LIMITS, schemaLimitBreach, validateCase, wireTensor } from "../../src/case/index.ts";
import { loadGolden } from "../../src/corpus/load.ts";
import { checkCase } from "../../src/case/check.ts";
import type { WorkerClient } from "../../src/oracle/index.ts";
import { makeCase, sharedOracle } from "../oracle/helpers.ts";

let oracle: WorkerClient;
beforeAll(async () => {
  oracle = await sharedOracle();
});

const identity = (over: Record<string, unknown>) => ({ ...makeCase("x", { m: { type: "Identity" } }, []), ...over }) as Case;
const eval0 = { op: "eval", path: "" };
const nested = (levels: number): unknown => (levels === 0 ? 0 : [nested(levels - 1)]);
const t1 = wireTensor("float32", [1], [1]);
const a = (n: number, x: unknown = 0) => Array.from({ length: n }, () => x);
const s = (n: number) => "k".repeat(n);
const norms = (count: number, features: number, extra: Record<string, unknown> = {}) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`b${i}`, { type: "BatchNorm1d", args: [features], ...extra }]));

/** [limit, case over it by one, pointer]; the message names the limit. */
const OVER: [string, Case, string][] = [
  ["string length", identity({ nodes: { m: { type: "Identity", args: [s(257)] } } }), "/case/nodes/m/args/0"],
  ["list length", identity({ nodes: { m: { type: "Identity", args: [a(17)] } } }), "/case/nodes/m/args/0"],
  ["dict size", identity({ nodes: { m: { type: "Identity", args: [Object.fromEntries(a(17).map((_, i) => [`k${i}`, i]))] } } }), "/case/nodes/m/args/0"],
  ["tensor rank", identity({ steps: [{ op: "forward", path: "", input: { dtype: "float32", shape: a(7, 1), data: "AACAPw==" } }] }), "/case/steps/0/input/shape"],
  ["tensor dimension", identity({ steps: [{ op: "forward", path: "", input: { dtype: "float32", shape: [1048577], data: "" } }] }), "/case/steps/0/input/shape/0"],
  ["path length", identity({ steps: [{ op: "eval", path: s(257) }] }), "/case/steps/0/path"],
  ["constructor args", identity({ nodes: { m: { type: "Identity", args: a(9) } } }), "/case/nodes/m/args"],
  ["constructor kwargs", identity({ nodes: { m: { type: "Identity", kwargs: Object.fromEntries(a(9).map((_, i) => [`k${i}`, i])) } } }), "/case/nodes/m/kwargs"],
  ["children per node", identity({ nodes: { m: { type: "Sequential", children: a(33).map((_, i) => [`c${i}`, "n"]) }, n: { type: "Identity" } } }), "/case/nodes/m/children"],
  ["name length", identity({ nodes: { m: { type: "Sequential", children: [[s(65), "n"]] }, n: { type: "Identity" } } }), "/case/nodes/m/children/0/0"],
  ["name length", identity({ steps: [{ op: "add_module", path: "", name: s(65), node: "m" }] }), "/case/steps/0/name"],
  ["removed keys", identity({ steps: [{ op: "load_state_dict", path: "", remove: a(65, "k") }] }), "/case/steps/0/remove"],
  ["key length", identity({ steps: [{ op: "load_state_dict", path: "", remove: [s(257)] }] }), "/case/steps/0/remove/0"],
  ["put entries", identity({ steps: [{ op: "load_state_dict", path: "", put: a(65, ["k", t1]) }] }), "/case/steps/0/put"],
  ["key length", identity({ steps: [{ op: "load_state_dict", path: "", put: [[s(257), t1]] }] }), "/case/steps/0/put/0/0"],
  ["id length", identity({ id: s(201) }), "/case/id"],
  ["tags", identity({ tags: a(65, "t") }), "/case/tags"],
  ["tag length", identity({ tags: [s(65)] }), "/case/tags/0"],
  ["nodes per case", identity({ nodes: Object.fromEntries(a(65).map((_, i) => [`n${i}`, { type: "Identity" }])), root: "n0" }), "/case/nodes"],
  ["steps per case", identity({ steps: a(257, eval0) }), "/case/steps"],
  ["num_features", identity({ nodes: { m: { type: "BatchNorm1d", args: [262145] } } }), "/case/nodes/m/args/0"],
  ["num_features", identity({ nodes: { m: { type: "InstanceNorm3d", kwargs: { num_features: 2 ** 31 } } } }), "/case/nodes/m/kwargs/num_features"],
  ["nesting depth", identity({ nodes: { m: { type: "Identity", args: [nested(28)] } } }), `/case/nodes/m/args/0${"/0".repeat(27)}`],
  ["state elements", identity({ nodes: norms(17, 65536), root: "b0" }), "/case/nodes/b16/args/0"],
  // the build's snapshot holds 4 * 4 * 262144 float64 elements (44.7 MB of base64), the first step's as many again
  ["the tensors of a result", identity({ nodes: { s: { type: "Sequential", children: a(4).map((_, i) => [`${i}`, `b${i}`]) }, ...norms(4, 262144, { dtype: "float64" }) }, root: "s", steps: [eval0] }), "/case/steps/0"],
];

describe("each limit, over by one, on both sides", () => {
  it("every limit the schema marks is in the table", () => {
    const marked = new Set<string>();
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== "object") return;
      const name = (node as Record<string, unknown>)["x-limit"];
      if (typeof name === "string") marked.add(name);
      Object.values(node).forEach(walk);
    };
    walk(caseSchema);
    const tested = new Set(OVER.map(([limit]) => limit));
    expect([...marked].filter((m) => !tested.has(m))).toEqual([]);
  });

  it.each(OVER)("%s -> the oracle and the built-in port: limit, the limit named, the same pointer", async (limit, c, where) => {
    const [golden] = await oracle.runCases([c]);
    const port = runCase(c);
    expect(golden).toMatchObject({ status: "rejected", code: "limit", where });
    expect(port).toEqual(golden);
    if (golden?.status === "rejected") expect(golden.message).toContain(`over the limit: ${limit}`);
  });

  it.each(OVER.filter(([limit]) => !["nesting depth", "state elements", "the tensors of a result"].includes(limit)))(
    "%s -> ajv refuses it and names the same limit and pointer",
    (limit, c, where) => {
      expect(validateCase(c).ok).toBe(false);
      expect(schemaLimitBreach("Case", c, "/case")).toMatchObject({ where, message: expect.stringContaining(limit) });
    },
  );

  it("a case at each bound is no limit: 256 steps, 64 nodes, num_features 262144, 16 norms of 65536 features", async () => {
    const atBounds = [
      identity({ id: "steps", steps: a(256, eval0) }),
      identity({ id: "nodes", nodes: Object.fromEntries(a(64).map((_, i) => [`n${i}`, { type: "Identity" }])), root: "n0" }),
      identity({ id: "features", nodes: { m: { type: "BatchNorm1d", args: [262144] } } }),
      identity({ id: "state", nodes: norms(16, 65536), root: "b0" }),
    ];
    const golden = await oracle.runCases(atBounds);
    expect(golden.map((o) => o.status)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(atBounds.map((c) => runCase(c).status)).toEqual(["ok", "ok", "ok", "ok"]);
  });

  it("the first breach in pointer order is the one named, on both sides, whatever order the validator met them in", async () => {
    const c = identity({ tags: a(65, "t"), id: s(201), steps: a(257, eval0) });
    const [golden] = await oracle.runCases([c]);
    expect(golden).toMatchObject({ code: "limit", where: "/case/id" });
    expect(runCase(c)).toEqual(golden);
  });

  it("a request line over the byte limit: the oracle, the serve worker and the line after it", async () => {
    const big = `{"type":"run","id":"big","case":"${"x".repeat(LIMITS.requestBytes)}"}`;
    const after = JSON.stringify({ type: "run", id: "after", case: identity({ id: "after" }) });
    const answers = await oracle.sendRaw([big, after]);
    expect(answers[0]).toEqual({ type: "rejected", id: null, code: "limit", message: `over the limit: request bytes are at most ${LIMITS.requestBytes}`, where: "" });
    expect(answers[1]).toMatchObject({ type: "result", id: "after" });

    const input = new PassThrough();
    const output = new PassThrough();
    const lines: string[] = [];
    let rest = "";
    output.on("data", (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split("\n");
      rest = parts.pop()!;
      lines.push(...parts);
    });
    const served = serve(input, output);
    input.end(`${big}\n\n${after}\n`);
    await served;
    expect(lines.slice(1).map((l) => JSON.parse(l))).toEqual(answers.map((x) => (x.type === "result" ? { ...x, result: expect.anything() } : x)));
  });

  it("the depth is the parsed request's: brackets inside strings and a repeated key's dropped value do not count", async () => {
    const line = (args: string) => `{"type":"run","id":"d","case":{"schema":1,"id":"d","nodes":{"m":{"type":"Identity",${args}}},"root":"m","steps":[]}}`;
    const inString = line(`"args":["${"[{".repeat(20)}\\\"${"}]".repeat(20)}"]`);
    const replaced = line(`"args":[${"[".repeat(40)}${"]".repeat(40)}],"args":[0]`);
    const tooDeep = line(`"args":[0],"args":[${"[".repeat(40)}${"]".repeat(40)}]`);
    const [a1, a2, a3] = await oracle.sendRaw([inString, replaced, tooDeep]);
    expect(a1).toMatchObject({ type: "result", id: "d" });
    expect(a2).toMatchObject({ type: "result", id: "d" });
    expect(a3).toMatchObject({ type: "rejected", code: "limit", message: expect.stringContaining("nesting depth is at most 32"), where: `/case/nodes/m/args${"/0".repeat(28)}` });
     expect([inString, replaced, tooDeep].map((l) => respondLine(Buffer.from(l)))).toEqual([a1, a2, a3]);
  });

  it("a line nesting deeper than a parser reads is a limit too (the oracle cannot say where; the port names the place)", async () => {
    const deep = `{"type":"run","id":"deep","case":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const [answer] = await oracle.sendRaw([deep]);
    expect(answer).toMatchObject({ type: "rejected", code: "limit", message: expect.stringContaining("nesting depth is at most 32"), where: "" });
    expect(respondLine(Buffer.from(deep))).toMatchObject({ type: "rejected", id: "deep", code: "limit", where: `/case${"/0".repeat(31)}` });
  });
});

describe("numbers beyond a float's range", () => {
  it.each(["1e999", "-1e400", `1${"0".repeat(400)}`])("%s is bad JSON on both sides, the line's id unread", async (literal) => {
    const line = `{"type":"run","id":"n","case":{"schema":1,"id":"n","nodes":{"m":{"type":"Identity","args":[${literal}]}},"root":"m","steps":[]}}`;
    const [answer] = await oracle.sendRaw([line]);
    expect(answer).toMatchObject({ type: "rejected", id: null, code: "bad_json", message: expect.stringContaining("beyond a float's range"), where: "" });
    expect(respondLine(Buffer.from(line))).toMatchObject({ type: "rejected", id: null, code: "bad_json", message: expect.stringContaining("beyond a float's range"), where: "" });
  });
});

describe("what the project generates stays inside the limits", () => {
  it("500 generated cases: none over a limit on the port (checks and the recorded result)", () => {
    for (const c of fc.sample(caseArbitrary, { seed: 17, numRuns: 500 })) {
      const outcome = runCase(c);
      expect(outcome.status === "rejected" ? outcome.code : "ok", c.id).not.toBe("limit");
    }
  });

  it("every case of the committed corpus that PyTorch ran passes the checks, limits included", async () => {
    const { records } = await loadGolden();
    expect(records.length).toBeGreaterThan(0);
    // the rejection specs are malformed on purpose: PyTorch's oracle rejected them (none for a limit)
    for (const { record } of records) {
      if (record.golden.status === "ok") expect(() => checkCase(record.case)).not.toThrow();
      else expect(record.golden.code, record.case.id).not.toBe("limit");
    }
  });
});
