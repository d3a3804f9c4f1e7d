// The built-in port as a protocol worker (`torch-conformance serve`): the handshake, then one answer line per
// non-blank request line, in order, with the oracle's checks and limits (request bytes, nesting depth, the schema's
// limit keywords) before the case reaches runCase. Any client of the worker protocol can drive it.
import type { Readable, Writable } from "node:stream";
import type { Handshake, Response } from "../../case/index.ts";
import { depthBreach, isBlankLine, LIMITS, schemaLimitBreach, validateRequest } from "../../case/index.ts";
import { LineSplitter } from "../../oracle/line-splitter.ts";
import { BUILTIN_DESCRIPTION, runCase } from "./index.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

const rejected = (id: string | null, code: Extract<Response, { type: "rejected" }>["code"], message: string, where: string): Response => ({ type: "rejected", id, code, message, where });

/**
 * Whether a parsed line holds a number literal beyond a float's range (read as Infinity), which the oracle refuses
 * as bad JSON. A loop, not recursion (nor a JSON.parse reviver): the line may nest deeper than any stack.
 */
function hasInfinity(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "number" && !Number.isFinite(v)) return true;
    if (v !== null && typeof v === "object") for (const x of Object.values(v)) stack.push(x); // no spread: a wide array would overflow the call
  }
  return false;
}

const tooLong = () => rejected(null, "limit", `over the limit: request bytes are at most ${LIMITS.requestBytes}`, "");

/** The answer to one request line (its bytes, without the newline). */
export function respondLine(line: Uint8Array): Response {
  if (line.length > LIMITS.requestBytes) return tooLong();
  let request: unknown;
  try {
    request = JSON.parse(utf8.decode(line));
  } catch (e) {
    // Stryker disable next-line MethodExpression: equivalent: V8's JSON.parse and TextDecoder errors quote at most a few characters of the line, far under 500
    return rejected(null, "bad_json", `the line is not UTF-8 JSON: ${(e as Error).message}`.slice(0, 500), "");
  }
  if (hasInfinity(request)) return rejected(null, "bad_json", "the line is not UTF-8 JSON: a number is beyond a float's range", "");
  // only an object's id and case are read: a string, number, bool or array parsed from JSON has neither property
  const fields = (request ?? {}) as Record<string, unknown>;
  const id = typeof fields.id === "string" ? fields.id : null;
  const deep = depthBreach(request, LIMITS.depth);
  if (deep !== null) return rejected(id, "limit", deep.message, deep.where);
  const kase = fields.case as { schema?: unknown } | undefined;
  // the schema version is the case's own check (runCase); it comes before the envelope's schema, as in the oracle
  const versioned = kase !== null && typeof kase === "object" && "schema" in kase && kase.schema !== 1;
  if (!versioned) {
    const valid = validateRequest(request);
    if (!valid.ok) {
      // a limit breach always fails validation, so the slower search for the breached limit runs only then
      const over = schemaLimitBreach("Request", request, "");
      if (over !== null) return rejected(id, "limit", over.message, over.where);
      return rejected(id, "schema_violation", valid.issues[0]!.message, valid.issues[0]!.where === "/" ? "" : valid.issues[0]!.where);
    }
  }
  const outcome = runCase(kase as never);
  if (outcome.status === "ok") return { type: "result", id: id!, result: outcome.result };
  return rejected(id, outcome.code, outcome.message, outcome.where);
}

/** The oracle's handshake, field by field, as an emulation of PyTorch fills it: no git hash, no Python. */
export function handshake(): Handshake {
  const { implementation, protocol, schema, torch, cpuCapability, threads } = BUILTIN_DESCRIPTION;
  return { type: "handshake", protocol, schema, implementation, torch, gitVersion: "", cpuCapability, threads, python: "" };
}

/** Serves requests from input until it ends; answers wait for output to drain, so memory stays bounded. */
export async function serve(input: Readable, output: Writable): Promise<void> {
  const say = (message: unknown) => {
    if (!output.write(`${JSON.stringify(message)}\n`)) {
      input.pause();
      output.once("drain", () => input.resume());
    }
  };
  say(handshake());
  const lines = new LineSplitter(
    LIMITS.requestBytes,
    (line) => {
      if (!isBlankLine(line)) say(respondLine(line));
    },
    // answered when the line ends, as the oracle does, and not at all if it was blank
    {
      end: (blank) => {
        if (!blank) say(tooLong());
      },
    },
  );
  input.on("data", (chunk: Buffer) => lines.push(chunk));
  await new Promise<void>((resolve) => input.once("end", resolve));
  lines.end();
}
