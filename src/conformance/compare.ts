// Golden (PyTorch) vs port: every differing field, by a readable path such as
// steps[3].snapshot.buffers["1.running_var"], with both values in decimal and hex bits and, for a tensor, a
// mismatch summary (k of n elements differ, the greatest absolute, relative and ULP differences and where).
// How float elements are judged equal is the policy's business (policy.ts); everything that is not a float
// element (shapes, dtypes, int64 values, errors, warnings, flags, keys) must be equal. A difference inside a field
// (a tensor, a string) is reported once for that field; independent fields are reported each.
import type { Result, Tensor as WireTensor } from "../case/index.ts";
import { decodeTensor, isWireTensor } from "../case/index.ts";
import type { Outcome } from "../adapters/adapter.ts";
import { decimal, type FloatDType, ulpDistance } from "./floats.ts";
import { BITS, type ComparePolicy } from "./policy.ts";

/** Where the greatest difference of one kind is, over the differing elements that are finite on both sides. */
export interface Extreme {
  value: number;
  index: number;
}

export interface Mismatch {
  /** Elements that differ under the policy, and all elements. */
  count: number;
  total: number;
  /** Flat index of the first differing element (its values are the Difference's golden and port). */
  first: number;
  maxAbs: Extreme | null;
  maxRel: Extreme | null;
  maxUlps: Extreme | null;
}

export interface Difference {
  /** Readable path of the field, e.g. steps[3].value.output; "" for the outcome as a whole. */
  path: string;
  /** The step whose record holds the field (null: the build, or the outcome as a whole). */
  step: number | null;
  /** The field's kind, independent of step and module names, e.g. "value.output" or "snapshot.buffers.running_var". */
  field: string;
  golden: string;
  port: string;
  /** What kind of difference, e.g. "3 of 12 elements differ" or "missing in port". */
  note: string;
  mismatch?: Mismatch;
}

export function formatDifference(d: Difference): string {
  const where = d.path === "" ? "(outcome)" : d.mismatch ? `${d.path}[${d.mismatch.first}]` : d.path;
  return `${where}: ${d.note}\n  golden: ${d.golden}\n  port:   ${d.port}`;
}

export const formatDifferences = (ds: readonly Difference[]): string => ds.map(formatDifference).join("\n");

/** A path segment: a key, an index, or a name in a named list (`attr`: a parameter/buffer name, whose last dotted part is the attribute). */
export type Seg = string | number | { name: string; attr?: boolean };

function pathOf(segs: readonly Seg[]): string {
  let out = "";
  for (const s of segs) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "string") out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s.name)}]`;
  }
  return out;
}

/** The segments of a path pathOf wrote (a name in brackets is a name in a named list). */
export function pathSegments(path: string): Seg[] {
  const segs: Seg[] = [];
  const re = /\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) segs.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : { name: JSON.parse(m[3]!) as string }));
  return segs;
}

/** The step index and the field kind: parameter and buffer names reduced to the attribute, module names left out. */
function fieldOf(segs: readonly Seg[]): { step: number | null; field: string } {
  const inStep = segs[0] === "steps" && typeof segs[1] === "number";
  const rest = inStep ? segs.slice(2) : segs.slice(1);
  const parts: string[] = [];
  for (const s of rest) {
    if (typeof s === "string") parts.push(s);
    else if (typeof s === "object" && s.attr) parts.push(s.name.slice(s.name.lastIndexOf(".") + 1));
  }
  return { step: inStep ? (segs[1] as number) : null, field: (inStep ? parts : [String(segs[0] ?? ""), ...parts]).filter((p) => p !== "").join(".") };
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? "(absent)" : s.length > 300 ? `${s.slice(0, 300)}...` : s;
};

const isNamedTensors = (v: unknown): v is [string, WireTensor][] => Array.isArray(v) && v.length > 0 && v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === "string" && isWireTensor(e[1]));
const isModules = (v: unknown): v is [string, string, unknown][] => Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 3 && typeof e[0] === "string" && typeof e[1] === "string");

function bitsOf(arr: Float32Array | Float64Array): Uint32Array | BigUint64Array {
  return arr instanceof Float32Array ? new Uint32Array(arr.buffer, arr.byteOffset, arr.length) : new BigUint64Array(arr.buffer, arr.byteOffset, arr.length);
}

const hex = (bits: Uint32Array | BigUint64Array, i: number) => `0x${bits[i]!.toString(16).padStart(bits instanceof Uint32Array ? 8 : 16, "0")}`;

class Comparer {
  readonly found: Difference[] = [];

  constructor(readonly policy: ComparePolicy) {}

  diff(segs: Seg[], golden: string, port: string, note: string, mismatch?: Mismatch): void {
    this.found.push({ path: pathOf(segs), ...fieldOf(segs), golden, port, note, ...(mismatch ? { mismatch } : {}) });
  }

  value(segs: Seg[], g: unknown, p: unknown, key?: string): void {
    if (isWireTensor(g) && isWireTensor(p)) return this.tensor(segs, g, p);
    if (key !== undefined && ["parameters", "buffers", "entries"].includes(key) && Array.isArray(g) && Array.isArray(p) && (isNamedTensors(g) || isNamedTensors(p) || (g.length === 0 && p.length === 0))) {
      return this.named(segs, g as [string, WireTensor][], p as [string, WireTensor][]);
    }
    if (key === "modules" && isModules(g) && isModules(p)) return this.modules(segs, g, p);
    if (Array.isArray(g) && Array.isArray(p)) {
      for (let i = 0; i < Math.min(g.length, p.length); i++) this.value([...segs, i], g[i], p[i]);
      if (g.length !== p.length) {
        const i = Math.min(g.length, p.length);
        this.diff([...segs, i], show(g[i]), show(p[i]), `${g.length} entries in golden, ${p.length} in port`);
      }
      return;
    }
    if (g !== null && p !== null && typeof g === "object" && typeof p === "object" && !Array.isArray(g) && !Array.isArray(p)) {
      const go = g as Record<string, unknown>;
      const po = p as Record<string, unknown>;
      for (const k of Object.keys(go)) {
        if (!(k in po)) this.diff([...segs, k], show(go[k]), "(absent)", "missing in port");
        else this.value([...segs, k], go[k], po[k], k);
      }
      for (const k of Object.keys(po)) if (!(k in go)) this.diff([...segs, k], "(absent)", show(po[k]), "unexpected in port");
      return;
    }
    // a plain number keeps its zero sign on the wire (json.dumps(-0.0) is "-0.0"), so bits compare it as tensors do
    if (g === p && (g !== 0 || this.policy.signedZero === "ignore" || Object.is(g, p))) return;
    if (typeof g === "string" && typeof p === "string") return this.diff(segs, show(g), show(p), `strings differ at character ${firstDiffIndex(g, p)}`);
    this.diff(segs, show(g), show(p), "values differ");
  }

  /** Named tensors: the name lists must agree; then each tensor of a name both sides have is compared. */
  named(segs: Seg[], g: [string, WireTensor][], p: [string, WireTensor][]): void {
    const gn = g.map(([n]) => n);
    const pn = p.map(([n]) => n);
    if (gn.join("\u0000") !== pn.join("\u0000")) {
      const missing = gn.filter((n) => !pn.includes(n));
      const extra = pn.filter((n) => !gn.includes(n));
      const note = missing.length + extra.length > 0 ? `names differ (missing in port: ${show(missing)}, unexpected in port: ${show(extra)})` : "same names in a different order";
      this.diff(segs, show(gn), show(pn), note);
    }
    const port = new Map(p);
    for (const [name, t] of g) {
      const other = port.get(name);
      if (other !== undefined) this.tensor([...segs, { name, attr: true }], t, other);
    }
  }

  modules(segs: Seg[], g: [string, string, unknown][], p: [string, string, unknown][]): void {
    const gn = g.map(([n]) => n);
    const pn = p.map(([n]) => n);
    if (gn.join("\u0000") !== pn.join("\u0000")) return this.diff(segs, show(gn), show(pn), "named_modules() differ");
    for (let i = 0; i < g.length; i++) {
      const here = [...segs, { name: gn[i]! }];
      if (g[i]![1] !== p[i]![1]) this.diff([...here, "class"], show(g[i]![1]), show(p[i]![1]), "class differs");
      this.value([...here, "training"], g[i]![2], p[i]![2]);
    }
  }

  tensor(segs: Seg[], g: WireTensor, p: WireTensor): void {
    if (g.dtype !== p.dtype) return this.diff([...segs, "dtype"], g.dtype, p.dtype, "dtype differs");
    if (show(g.shape) !== show(p.shape)) return this.diff([...segs, "shape"], show(g.shape), show(p.shape), "shape differs");
    if (Boolean(g.lazy) !== Boolean(p.lazy)) return this.diff([...segs, "lazy"], show(g.lazy ?? false), show(p.lazy ?? false), "lazy differs");
    if (g.data === p.data) return;
    let gt: ReturnType<typeof decodeTensor>;
    let pt: ReturnType<typeof decodeTensor>;
    try {
      [gt, pt] = [decodeTensor(g), decodeTensor(p)];
    } catch {
      // data a profile masked (or a port sent malformed): compared as it is
      return this.diff([...segs, "data"], show(g.data), show(p.data), "data differs");
    }
    if (g.dtype === "int64") {
      const a = gt.data as BigInt64Array;
      const b = pt.data as BigInt64Array;
      const differing = a.reduce((n, x, i) => (x === b[i] ? n : n + 1), 0);
      if (differing === 0) return;
      const first = a.findIndex((x, i) => x !== b[i]);
      return this.diff(segs, String(a[first]), String(b[first]), `int64 values differ (${differing} of ${a.length} elements)`, { count: differing, total: a.length, first, maxAbs: null, maxRel: null, maxUlps: null });
    }
    this.floats(segs, g.dtype as FloatDType, gt.data as Float32Array | Float64Array, pt.data as Float32Array | Float64Array);
  }

  floats(segs: Seg[], dtype: FloatDType, ga: Float32Array | Float64Array, pa: Float32Array | Float64Array): void {
    const gb = bitsOf(ga);
    const pb = bitsOf(pa);
    let first = -1;
    // Stryker disable next-line StringLiteral: equivalent: set with first at the first differing element, unread when none differs
    let firstNote = "";
    let count = 0;
    let maxAbs: Extreme | null = null;
    let maxRel: Extreme | null = null;
    let maxUlps: Extreme | null = null;
    for (let i = 0; i < ga.length; i++) {
      if (gb[i] === pb[i]) continue;
      const a = ga[i]!;
      const b = pa[i]!;
      const note = this.element(dtype, a, b);
      if (note === null) continue;
      count++;
      if (first < 0) [first, firstNote] = [i, note];
      if (Number.isFinite(a) && Number.isFinite(b)) {
        const abs = Math.abs(a - b);
        const rel = a === 0 ? Infinity : abs / Math.abs(a);
        const ulps = Number(ulpDistance(a, b, dtype));
        if (maxAbs === null || abs > maxAbs.value) maxAbs = { value: abs, index: i };
        if (maxRel === null || rel > maxRel.value) maxRel = { value: rel, index: i };
        if (maxUlps === null || ulps > maxUlps.value) maxUlps = { value: ulps, index: i };
      }
    }
    if (count === 0) return;
    const fmt = (x: number, bits: Uint32Array | BigUint64Array) => `${decimal(x, dtype)} (${hex(bits, first)})`;
    const mismatch: Mismatch = { count, total: ga.length, first, maxAbs, maxRel, maxUlps };
    this.diff(segs, fmt(ga[first]!, gb), fmt(pa[first]!, pb), `${count} of ${ga.length} elements differ, the first at [${first}]: ${firstNote}${summary(mismatch)}`, mismatch);
  }

  /** Why two elements with different bits differ under the policy, or null when the policy lets them pass. */
  element(dtype: FloatDType, a: number, b: number): string | null {
    const p = this.policy;
    if (Number.isNaN(a) && Number.isNaN(b)) return p.nan === "any" ? null : "NaN bit patterns differ";
    if (Number.isNaN(a) || Number.isNaN(b)) return "NaN vs number";
    if (a === b) return p.signedZero === "ignore" ? null : "-0 vs +0";
    if (p.mode === "bits") return `${ulpDistance(a, b, dtype)} ULP apart (bits mode: 0 allowed)`;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return "infinity vs other value";
    const abs = Math.abs(a - b);
    const allowed = p.atol[dtype] + p.rtol[dtype] * Math.abs(a);
    const ulps = ulpDistance(a, b, dtype);
    if (abs <= allowed || ulps <= BigInt(p.ulps[dtype])) return null;
    return `${ulps} ULP apart, |diff| ${abs.toExponential(3)} (allowed: ${allowed.toExponential(3)}${p.ulps[dtype] > 0 ? ` or ${p.ulps[dtype]} ULP` : ""})`;
  }
}

function summary(m: Mismatch): string {
  if (m.maxAbs === null || m.count === 1) return "";
  const at = (e: Extreme | null, what: string, show: (v: number) => string) => (e === null ? [] : [`${what} ${show(e.value)} at [${e.index}]`]);
  const parts = [...at(m.maxAbs, "|diff|", (v) => v.toExponential(3)), ...at(m.maxRel, "relative", (v) => v.toExponential(3)), ...at(m.maxUlps, "ULP", String)];
  return `; greatest ${parts.join(", ")}`;
}

function firstDiffIndex(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The same JSON values to the bit (every number by Object.is, object keys in any order): then no policy finds a
 * difference. Most results are, so the Comparer, which builds a path for every field it visits, runs only on the rest.
 */
export function identical(a: unknown, b: unknown): boolean {
  if (a === b) return a !== 0 || Object.is(a, b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!identical(a[i], b[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let keys = 0;
  for (const k in ao) {
    if (!Object.hasOwn(bo, k) || !identical(ao[k], bo[k])) return false;
    keys++;
  }
  for (const _ in bo) keys--;
  return keys === 0;
}

/** Every difference between two Results, in Result order: build, then each step (error, warnings, value, snapshot). */
export function compareResults(golden: Result, port: Result, policy: ComparePolicy = BITS): Difference[] {
  if (golden.id === port.id && identical(golden, port)) return [];
  const c = new Comparer(policy);
  const { id: _gi, ...g } = golden;
  const { id: _pi, ...p } = port;
  c.value([], g, p);
  return c.found;
}

/** Compares outcomes: both ok (then their Results), or both rejected with the same code; anything else differs. */
export function compareOutcomes(golden: Outcome, port: Outcome, policy: ComparePolicy = BITS): Difference[] {
  const describe = (o: Outcome) => (o.status === "ok" ? "a result" : o.status === "rejected" ? `rejected (${o.code} at ${o.where || "/"}: ${o.message})` : `${o.status} (${o.reason})`);
  if (golden.status === "ok" && port.status === "ok") return compareResults(golden.result, port.result, policy);
  if (golden.status === "rejected" && port.status === "rejected" && golden.code === port.code) return [];
  return [{ path: "", step: null, field: "outcome", golden: describe(golden), port: describe(port), note: golden.status === "ok" ? "the port did not answer with a result" : "the outcomes differ" }];
}
