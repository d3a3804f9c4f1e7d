// A seeded corpus of malformed and hostile request lines for any worker of the protocol: well-formed requests (from
// the case arbitrary) with bytes changed, fields replaced by hostile values, lines cut short, bytes that are not
// UTF-8, NaN and Infinity literals, and a few giants (a line past the request limit, 200,000 nested brackets, an array of 500,001 elements).
// Every line is non-blank and holds no newline, so each must get exactly one answer.
import fc from "fast-check";
import { caseArbitrary } from "../arbitraries/index.ts";
import { isBlankLine, LIMITS } from "../case/index.ts";

const nested = (levels: number): unknown => (levels === 0 ? 1 : [nested(levels - 1)]);

/** Values that break a type, a bound or a rule somewhere in a request. */
const HOSTILE_VALUES: unknown[] = [
  null, true, 0, -1, 1.5, 2 ** 31, 2 ** 53, 1e308, -1e308, 262145, 2 ** 63, "", "x".repeat(300), "\u0000", "\ud800", "../../etc",
  [], {}, Array.from({ length: 17 }, () => 1), Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i])),
  nested(40), { $float: "nan" }, { $float: "bogus" }, { dtype: "float32", shape: [1048577], data: "" }, { dtype: "float32", shape: [-1], data: "" },
  { dtype: "int8", shape: [1], data: "AA==" }, { dtype: "float32", shape: [2], data: "AAAA" }, { dtype: "float32", shape: [1], data: "!!!!" },
  { type: "BatchNorm1d", args: [2 ** 31] }, { type: "Linear" }, [["0", "missing"]], { op: "backward", path: "" },
];

/** Literal text that is no JSON value, put where a value goes. */
const HOSTILE_LITERALS = ["NaN", "Infinity", "-Infinity", "undefined", "0x10", "1e999", "-", "'single'", "[1,]", "{,}"];

type Json = Record<string, unknown> | unknown[];

/** A random path into a JSON value (possibly empty) and the container and key at its end. */
function pick(root: Json, choices: number[]): { parent: Json; key: string | number } {
  let parent: Json = root;
  let key: string | number = Array.isArray(root) ? 0 : Object.keys(root)[0] ?? "case";
  for (const c of choices) {
    const keys = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
    if (keys.length === 0) break;
    key = keys[c % keys.length]!;
    const child = (parent as Record<string | number, unknown>)[key];
    if (child === null || typeof child !== "object") break;
    parent = child as Json;
  }
  return { parent, key };
}

const utf8 = (s: string) => Buffer.from(s, "utf8");

/** The kinds of damage, each from one well-formed request line. */
const damage = (line: string): fc.Arbitrary<Buffer> =>
  fc.oneof(
    // bytes changed at random places
    fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }).map((edits) => {
      const b = utf8(line);
      for (const { at, byte } of edits) b[at % b.length] = byte;
      return b;
    }),
    // a field replaced (or added) with a hostile value
    fc.record({ path: fc.array(fc.nat(), { maxLength: 8 }), value: fc.constantFrom(...HOSTILE_VALUES), add: fc.boolean() }).map(({ path, value, add }) => {
      const request = JSON.parse(line) as Json;
      const { parent, key } = pick(request, path);
      (parent as Record<string | number, unknown>)[add && !Array.isArray(parent) ? "zz" : key] = value;
      return utf8(JSON.stringify(request));
    }),
    // a value replaced by a literal that is no JSON
    fc.record({ at: fc.nat(), literal: fc.constantFrom(...HOSTILE_LITERALS) }).map(({ at, literal }) => {
      const spots = [...line.matchAll(/:(-?\d[\d.eE+-]*|true|false|null|"[^"]*")/g)];
      const m = spots[at % Math.max(1, spots.length)];
      return utf8(m === undefined ? literal : line.slice(0, m.index + 1) + literal + line.slice(m.index + m[0].length));
    }),
    // the line cut short
    fc.nat().map((at) => utf8(line.slice(0, 1 + (at % line.length)))),
    // bytes that are not UTF-8 (a stray continuation byte, an overlong form, an encoded surrogate, 0xff)
    fc.record({ at: fc.nat(), bad: fc.constantFrom([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xf8, 0x88, 0x80, 0x80, 0x80]) }).map(({ at, bad }) => {
      const b = utf8(line);
      const i = at % b.length;
      return Buffer.concat([b.subarray(0, i), Buffer.from(bad), b.subarray(i)]);
    }),
    // the envelope wrong
    fc.constantFrom('{"type":"stop"}', "[]", '"run"', "42", "null", '{"type":"run","id":7,"case":{}}', '{"id":"x"}').map(utf8),
  );

/** Stands for a line's id until the line has its place in the corpus; as long as the ids put in for it. */
const ID_SLOT = "h_______";

/** One line of the corpus: damaged (most) or well-formed (to show the worker still runs cases among the rest). */
const hostileLine = caseArbitrary.chain((c) => {
    const line = JSON.stringify({ type: "run", id: ID_SLOT, case: { ...c, id: ID_SLOT } });
    return fc.oneof({ weight: 19, arbitrary: damage(line) }, { weight: 1, arbitrary: fc.constant(utf8(line)) });
});

/** Makes a line safe to send as one: no newline inside, not blank. */
function oneLine(b: Buffer): Buffer {
  for (let i = 0; i < b.length; i++) if (b[i] === 10) b[i] = 32;
  return isBlankLine(b) ? utf8("x") : b;
}

/** The giants, each once: past the request limit, deeper than any parser reads, past the depth limit, wider than a spread. */
export function giantLines(): Buffer[] {
  return [
    utf8(`{"type":"run","id":"giant","case":"${"x".repeat(LIMITS.requestBytes + 1)}"}`),
    utf8("[".repeat(200_000)),
    utf8(`{"type":"run","id":"deep","case":${JSON.stringify(nested(LIMITS.depth))}}`),
    utf8(`{"type":"run","id":"wide","case":[${"0,".repeat(500_000)}0]}`),
  ];
}

/** Puts the line's own id (h0000001, ...) wherever the id slot survived the damage. */
function numbered(line: Buffer, index: number): Buffer {
  const id = utf8(`h${String(index).padStart(ID_SLOT.length - 1, "0")}`);
  for (let at = line.indexOf(ID_SLOT); at !== -1; at = line.indexOf(ID_SLOT, at)) id.copy(line, at);
  return line;
}

/** `count` lines from `seed` (the same every time): the giants first, then damaged requests. */
export function hostileLines(count: number, seed: number): Buffer[] {
  const giants = giantLines().slice(0, count);
  const rest = fc.sample(hostileLine, { seed, numRuns: count - giants.length }).map(numbered);
  return [...giants, ...rest].map(oneLine);
}

/** The id an answer to this line may carry besides null: the line's own id, when the line is JSON with one. */
export function idOfLine(line: Uint8Array): string | null {
  try {
    const v = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(line)) as unknown;
    return v !== null && typeof v === "object" && typeof (v as { id?: unknown }).id === "string" ? (v as { id: string }).id : null;
  } catch {
    return null;
  }
}
