// The built-in port as a protocol worker (src/adapters/builtin/serve.ts), in this process: respondLine on each line
// of serve-lines.ts and serve() on all of them as one stream, each answer against the oracle's answer to the same
// line (code, pointer, id and, where both promise it, the message), and runCase alone on the cases whose limits
// respondLine checks first. What only this worker owns is written here: the fields of its handshake it fills itself,
// blank lines, backpressure, and a case the port cannot model.
import { PassThrough, Readable, Writable } from "node:stream";
import { beforeAll, describe, expect, inject, it, vi } from "vitest";
import { handshake, respondLine, serve } from "../../src/adapters/builtin/serve.ts";
import { runCase } from "../../src/adapters/builtin/index.ts";
import type { Case, Response } from "../../src/case/index.ts";
import { LIMITS, validateHandshake, validateResponse } from "../../src/case/index.ts";
import { sharedOracle } from "../oracle/helpers.ts";
import { askOracle, type MessageRule, type OracleAnswers, SERVE_LINES } from "./serve-lines.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The oracle's answers to SERVE_LINES, when a globalSetup asked it once for the whole run. */
    serveOracleAnswers?: OracleAnswers;
  }
}

let oracle: OracleAnswers;
beforeAll(async () => {
  oracle = inject("serveOracleAnswers") ?? (await askOracle(await sharedOracle()));
});

const upToColon = (message: string) => message.slice(0, message.indexOf(": ") + 2);

function expectAgrees(port: Response, golden: Response, rule: MessageRule): void {
  expect(validateResponse(port).ok).toBe(true);
  if (golden.type !== "rejected" || port.type !== "rejected") return void expect(port).toEqual(golden);
  const { message, ...rest } = port;
  const { message: goldenMessage, ...goldenRest } = golden;
  expect(rest).toEqual(goldenRest);
  if (rule === "same") expect(message).toBe(goldenMessage);
  if (rule === "prefix") {
    expect(goldenMessage).toContain(": "); // else the prefix would be one character
    expect(upToColon(message)).toBe(upToColon(goldenMessage));
  }
  if (rule === "speaker") expect(message).toBe(goldenMessage.replace("this oracle", "this port"));
}

/** Runs serve() over the given input chunks; the lines it wrote, parsed. */
async function served(chunks: (string | Buffer)[]): Promise<unknown[]> {
  const output = new PassThrough();
  const written: Buffer[] = [];
  output.on("data", (b: Buffer) => written.push(b));
  await serve(Readable.from(chunks.map((c) => Buffer.from(c))), output);
  const text = Buffer.concat(written).toString("utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text.slice(0, -1).split("\n").map((l) => JSON.parse(l) as unknown);
}

describe("respondLine: each line answered as the oracle answers it", () => {
  it("the oracle ran the first five lines and rejected the rest", () => {
    expect(oracle.answers.map((a) => a.type)).toEqual(SERVE_LINES.map((_, i) => (i < 5 ? "result" : "rejected")));
  });
  it.each(SERVE_LINES.map((l, i) => [l.name, i] as const))("%s", (_, i) => {
    const { bytes, message } = SERVE_LINES[i]!;
    expectAgrees(respondLine(bytes()), oracle.answers[i]!, message);
  });
  // respondLine checks a request's depth and schema limits before runCase sees its case; runCase, which the judge
  // calls directly, must find the same breaches on its own
  it.each(["nesting over the depth limit: the first place in key order", "a schema limit: the case's id", "a schema limit: constructor args", "a result over the limit on its tensors: the step that went over"])(
    "runCase alone rejects %s as the oracle rejects the request",
    (name) => {
      const i = SERVE_LINES.findIndex((l) => l.name === name);
      const golden = oracle.answers[i] as Extract<Response, { type: "rejected" }>;
      const { code, message, where } = golden;
      const kase = (JSON.parse(SERVE_LINES[i]!.bytes().toString()) as { case: Case }).case;
      expect(runCase(kase)).toEqual({ id: kase.id ?? "", status: "rejected", code, message, where }); // no id: answered with ""
    },
  );
  // PyTorch builds it (and its own CPU-only build raises); the port does not model devices, and says so
  it("a case the port cannot model is an internal rejection with the request's id, naming the port's error", () => {
    const cuda = { schema: 1, id: "c", nodes: { m: { type: "BatchNorm1d", args: [3], kwargs: { device: "cuda" } } }, root: "m", steps: [] };
    expect(respondLine(Buffer.from(JSON.stringify({ type: "run", id: "cuda", case: cuda })))).toEqual({
      type: "rejected",
      id: "cuda",
      code: "internal",
      message: 'port error: PortLimitation: the port runs on the CPU only, got device="cuda"',
      where: "",
    });
  });
});

describe("handshake", () => {
  it("speaks the oracle's protocol and schema, in the oracle's reference configuration, as the built-in port", () => {
    const own = handshake();
    expect(validateHandshake(own).ok).toBe(true);
    const { type, protocol, schema, cpuCapability, threads } = oracle.handshake;
    expect(own).toEqual({ type, protocol, schema, cpuCapability, threads, implementation: "torch-conformance built-in TypeScript port", torch: "2.13.0 (emulated)", gitVersion: "", python: "" });
  });
});

describe("serve: a stream of lines", () => {
  it("writes the handshake, then one answer per non-blank line, in order, the oracle's, up to a last line without a newline", async () => {
    const chunks = SERVE_LINES.flatMap((l, i) => [l.bytes(), ["\n", "\n \t\r\n", "\n\n"][i % 3]!]);
    chunks.pop(); // the last line ends the stream without its newline
    const [first, ...answers] = await served(chunks);
    expect(first).toEqual(handshake());
    expect(answers).toHaveLength(SERVE_LINES.length);
    answers.forEach((a, i) => expectAgrees(a as Response, oracle.answers[i]!, SERVE_LINES[i]!.message));
  });
  it("answers nothing for blank lines, whatever their length", async () => {
    const atLimit = Buffer.alloc(LIMITS.requestBytes, " ");
    const overLimit = Buffer.alloc(LIMITS.requestBytes + 1, "\t");
    expect(await served(["\n", "  \r\n\x0b\x0c\n", atLimit, "\n", overLimit, "\r\n", "\x0b"])).toEqual([handshake()]);
  });
  it("answers a line over the limit when it ends, though it looked blank when it went over, and at the stream's end", async () => {
    const blankSoFar = Buffer.alloc(LIMITS.requestBytes + 1, " ");
    const answers = (await served([blankSoFar, "x\n", SERVE_LINES[0]!.bytes(), "\n", blankSoFar, "x"])) as Response[];
    expect(answers.slice(1).map((a) => (a.type === "rejected" ? a.code : a.id))).toEqual(["limit", "runs", "limit"]);
  });
});

describe("serve: backpressure", () => {
  it("reads no further input while an answer waits for the output to drain, and resumes after", async () => {
    // an output that holds every write until released, and says "full" after each (highWaterMark of one byte)
    const held: (() => void)[] = [];
    const lines: string[] = [];
    const output = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        held.push(done);
      },
    });
    const input = new PassThrough();
    const ids = ["a", "b", "c"];
    for (const id of ids) input.write(`${SERVE_LINES[0]!.bytes().toString().replace('"id":"runs"', `"id":"${id}"`)}\n`);
    input.end();
    const done = serve(input, output);
    // a few turns of the event loop: time enough for a stream that was not paused to deliver its next chunk
    const turns = async () => {
      for (let k = 0; k < 5; k++) await new Promise(setImmediate);
    };
    for (let written = 1; written <= ids.length + 1; written++) {
      await vi.waitFor(() => expect(lines).toHaveLength(written), { timeout: 30_000 });
      await turns();
      expect(lines).toHaveLength(written);
      expect(input.isPaused()).toBe(true);
      held.shift()!();
    }
    await done;
    expect(lines.slice(1).map((l) => (JSON.parse(l) as Response).id)).toEqual(ids);
  });
});
