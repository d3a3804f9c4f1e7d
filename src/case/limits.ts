// The limits on what a request can make big, as the oracle (reference-py/oracle.py) checks them: the schema keywords
// marked "x-limit" (any validator enforces those; this names the one broken) and the code-checked "x-limits".
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { caseSchema } from "./validate.ts";

export interface Limits {
  /** Bytes of one request line, its newline not counted. */
  requestBytes: number;
  /** Levels of arrays and objects in a request (the request object itself is level 1). */
  depth: number;
  /** Parameters and buffers the constructors ask for: 4 per feature of each BatchNorm/InstanceNorm node. */
  stateElements: number;
  /** base64 characters of all tensors in one result. */
  responseTensorBytes: number;
}

export const LIMITS = (caseSchema as unknown as { "x-limits": Limits })["x-limits"];

const EAGER_NORMS = new Set(["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"]);
const LIMIT_KEYWORDS = new Set(["maxLength", "maxItems", "maxProperties", "maximum"]);

export interface LimitBreach {
  message: string;
  /** JSON pointer into the request. */
  where: string;
}

/** A JSON pointer (RFC 6901) from path parts. */
export const pointer = (...parts: (string | number)[]) => parts.map((p) => "/" + String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("");

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Is some array or object in value nested deeper than `limit` levels? (Allocates nothing: every case passes here.) */
function deeperThan(value: unknown, limit: number, depth: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (depth > limit) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (deeperThan(value[i], limit, depth + 1)) return true;
  } else {
    // for-in over a parsed JSON object: its own keys, with no array of values made for each object on the way
    for (const k in value) if (deeperThan((value as Record<string, unknown>)[k], limit, depth + 1)) return true;
  }
  return false;
}

function firstBreach(value: unknown, limit: number, path: (string | number)[], depth: number): LimitBreach | null {
  if (value === null || typeof value !== "object") return null;
  if (depth > limit) return { message: `over the limit: nesting depth is at most ${limit}`, where: pointer(...path) };
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((x, i) => [i, x])
    : Object.keys(value)
        .sort(byCodeUnits)
        .map((k) => [k, (value as Record<string, unknown>)[k]]);
  for (const [key, x] of entries) {
    const breach = firstBreach(x, limit, [...path, key], depth + 1);
    if (breach !== null) return breach;
  }
  return null;
}

/** The first array or object (keys in UTF-16 order) nested deeper than `limit` levels, if any. */
export function depthBreach(value: unknown, limit: number, path: (string | number)[] = [], depth = 1): LimitBreach | null {
  return deeperThan(value, limit, depth) ? firstBreach(value, limit, path, depth) : null;
}

let allErrors: Ajv2020 | undefined;

/**
 * The limit keyword a value of schema definition `def` breaks, if any: among all its errors, the one at the first
 * pointer in UTF-16 order (the oracle picks the same one). `prefix` is the value's pointer in the request.
 */
export function schemaLimitBreach(def: string, value: unknown, prefix: string): LimitBreach | null {
  if (allErrors === undefined) {
    allErrors = new Ajv2020({ allErrors: true, verbose: true, strict: false, discriminator: true });
    allErrors.addSchema(caseSchema, "case-v1");
  }
  const validate = allErrors.getSchema(`case-v1#/$defs/${def}`)!;
  if (validate(value)) return null;
  const breaches = (validate.errors ?? []).filter((e: ErrorObject) => LIMIT_KEYWORDS.has(e.keyword) && typeof e.parentSchema?.["x-limit"] === "string");
  if (breaches.length === 0) return null;
  const keyed = breaches.map((e) => ({ e, where: prefix + e.instancePath, name: e.parentSchema!["x-limit"] as string }));
  keyed.sort((a, b) => byCodeUnits(a.where, b.where) || byCodeUnits(a.name, b.name));
  const { e, where, name } = keyed[0]!;
  const size = (x: unknown) => (typeof x === "string" ? [...x].length : Array.isArray(x) ? x.length : Object.keys(x as object).length);
  const got = e.keyword === "maximum" ? "" : `, got ${size(e.data)}`;
  return { message: `over the limit: ${name} is at most ${(e.params as { limit: number }).limit}${got}`, where };
}

/** The node whose num_features bring the state elements asked for over the limit, counting nodes in order. */
export function stateElementsBreach(nodes: Record<string, { type: string; args?: unknown[]; kwargs?: Record<string, unknown> }>, limit: number): LimitBreach | null {
  let total = 0;
  for (const [nid, node] of Object.entries(nodes)) {
    const args = node.args ?? [];
    const kwargs = node.kwargs ?? {};
    if (!EAGER_NORMS.has(node.type) || !(args.length > 0 || Object.hasOwn(kwargs, "num_features"))) continue;
    const [n, where] = args.length > 0 ? [args[0], pointer("case", "nodes", nid, "args", 0)] : [kwargs.num_features, pointer("case", "nodes", nid, "kwargs", "num_features")];
    if (typeof n === "number" && Number.isInteger(n) && n > 0) total += 4 * n;
    if (total > limit) {
      return { message: `over the limit: state elements (4 per feature of each BatchNorm/InstanceNorm) are at most ${limit}, the nodes up to this one ask for ${total}`, where };
    }
  }
  return null;
}

/** The base64 characters of a result's tensors, counted as they are recorded; past the limit, a breach at `where`. */
export class TensorBudget {
  private used = 0;
  /** The pointer of what is being recorded (the build, then each step). */
  where = "/case/nodes";

  constructor(readonly limit: number = LIMITS.responseTensorBytes) {}

  /** Counts a tensor of `nbytes` bytes; throws a LimitExceeded past the limit. */
  spend(nbytes: number): void {
    this.used += 4 * Math.ceil(nbytes / 3);
    if (this.used > this.limit) throw new LimitExceeded({ message: `over the limit: the tensors of a result are at most ${this.limit} bytes of base64`, where: this.where });
  }
}

export class LimitExceeded extends Error {
  constructor(readonly breach: LimitBreach) {
    super(breach.message);
  }
}

/** A line the protocol skips: empty or only ASCII whitespace (what Python's bytes.strip() removes). */
export const isBlankLine = (line: Uint8Array) => line.every((b) => b === 32 || (b >= 9 && b <= 13));
