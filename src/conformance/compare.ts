// Golden (PyTorch) vs port: the first differing field, by a readable path such as
// steps[3].snapshot.buffers["1.running_var"][2], with both values in decimal and hex bits.
//
// Modes:
// - "bits" (default; the reference configuration): every tensor element must have the same bits, NaN payload and
//   sign included (the port runs on the same CPU as the oracle, and x86's NaN rules are reproducible in JS).
// - "ulp" (oracles with AVX kernels or several threads): floats may differ by at most maxUlps[dtype] units in the
//   last place (+0 and -0 are 1 apart); any NaN matches any NaN, whatever its payload or sign; infinities must match
//   exactly (an overflow is never "close"); int64 tensors and everything that is not a tensor element (shapes,
//   dtypes, errors, warnings, flags, keys) must still be equal.
import type { Result, Tensor as WireTensor } from "../case/index.ts";
import { decodeTensor } from "../case/index.ts";
import type { Outcome } from "../adapters/adapter.ts";
import { decimal, type FloatDType, hexBits, ulpDistance } from "./floats.ts";

export interface CompareOptions {
  mode?: "bits" | "ulp";
  /** ULP mode: the largest allowed distance per dtype. */
  maxUlps?: Partial<Record<FloatDType, number>>;
}

export const DEFAULT_MAX_ULPS: Record<FloatDType, number> = { float32: 4, float64: 4 };

/** The first difference found, or null when the port agrees. */
export interface Difference {
  /** Readable path of the field, e.g. steps[3].value.output[5]. */
  path: string;
  golden: string;
  port: string;
  /** What kind of difference, e.g. "3 ULP apart (bound 0)" or "missing in port". */
  note: string;
}

export function formatDifference(d: Difference): string {
  return `${d.path === "" ? "(outcome)" : d.path}: ${d.note}\n  golden: ${d.golden}\n  port:   ${d.port}`;
}

type Seg = string | number | { name: string };

function pathOf(segs: readonly Seg[]): string {
  let out = "";
  for (const s of segs) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "string") out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s.name)}]`;
  }
  return out;
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? "(absent)" : s.length > 300 ? `${s.slice(0, 300)}...` : s;
};

const isTensor = (v: unknown): v is WireTensor => v !== null && typeof v === "object" && !Array.isArray(v) && "dtype" in v && "shape" in v && "data" in v;
const isNamedTensors = (v: unknown): v is [string, WireTensor][] => Array.isArray(v) && v.length > 0 && v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === "string" && isTensor(e[1]));
const isModules = (v: unknown): v is [string, string, unknown][] => Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 3 && typeof e[0] === "string" && typeof e[1] === "string");

class Comparer {
  constructor(readonly opts: Required<CompareOptions> & { maxUlps: Record<FloatDType, number> }) {}

  diff(segs: Seg[], golden: string, port: string, note: string): Difference {
    return { path: pathOf(segs), golden, port, note };
  }

  value(segs: Seg[], g: unknown, p: unknown, key?: string): Difference | null {
    if (isTensor(g) && isTensor(p)) return this.tensor(segs, g, p);
    if (key !== undefined && ["parameters", "buffers", "entries"].includes(key) && Array.isArray(g) && Array.isArray(p) && (isNamedTensors(g) || isNamedTensors(p) || (g.length === 0 && p.length === 0))) {
      return this.named(segs, g as [string, WireTensor][], p as [string, WireTensor][]);
    }
    if (key === "modules" && isModules(g) && isModules(p)) return this.modules(segs, g, p);
    if (Array.isArray(g) && Array.isArray(p)) {
      for (let i = 0; i < Math.min(g.length, p.length); i++) {
        const d = this.value([...segs, i], g[i], p[i]);
        if (d !== null) return d;
      }
      if (g.length !== p.length) {
        const i = Math.min(g.length, p.length);
        return this.diff([...segs, i], show(g[i]), show(p[i]), `${g.length} entries in golden, ${p.length} in port`);
      }
      return null;
    }
    if (g !== null && p !== null && typeof g === "object" && typeof p === "object" && !Array.isArray(g) && !Array.isArray(p)) {
      const go = g as Record<string, unknown>;
      const po = p as Record<string, unknown>;
      for (const k of Object.keys(go)) {
        if (!(k in po)) return this.diff([...segs, k], show(go[k]), "(absent)", "missing in port");
        const d = this.value([...segs, k], go[k], po[k], k);
        if (d !== null) return d;
      }
      for (const k of Object.keys(po)) if (!(k in go)) return this.diff([...segs, k], "(absent)", show(po[k]), "unexpected in port");
      return null;
    }
    if (g === p) return null;
    if (typeof g === "string" && typeof p === "string") return this.diff(segs, show(g), show(p), `strings differ at character ${firstDiffIndex(g, p)}`);
    return this.diff(segs, show(g), show(p), "values differ");
  }

  named(segs: Seg[], g: [string, WireTensor][], p: [string, WireTensor][]): Difference | null {
    const gn = g.map(([n]) => n);
    const pn = p.map(([n]) => n);
    if (gn.join("\u0000") !== pn.join("\u0000")) {
      const missing = gn.filter((n) => !pn.includes(n));
      const extra = pn.filter((n) => !gn.includes(n));
      const note = missing.length + extra.length > 0 ? `names differ (missing in port: ${show(missing)}, unexpected in port: ${show(extra)})` : "same names in a different order";
      return this.diff(segs, show(gn), show(pn), note);
    }
    for (let i = 0; i < g.length; i++) {
      const d = this.tensor([...segs, { name: gn[i]! }], g[i]![1], p[i]![1]);
      if (d !== null) return d;
    }
    return null;
  }

  modules(segs: Seg[], g: [string, string, unknown][], p: [string, string, unknown][]): Difference | null {
    const gn = g.map(([n]) => n);
    const pn = p.map(([n]) => n);
    if (gn.join("\u0000") !== pn.join("\u0000")) return this.diff(segs, show(gn), show(pn), "named_modules() differ");
    for (let i = 0; i < g.length; i++) {
      const here = [...segs, { name: gn[i]! }];
      if (g[i]![1] !== p[i]![1]) return this.diff([...here, "class"], show(g[i]![1]), show(p[i]![1]), "class differs");
      const d = this.value([...here, "training"], g[i]![2], p[i]![2]);
      if (d !== null) return d;
    }
    return null;
  }

  tensor(segs: Seg[], g: WireTensor, p: WireTensor): Difference | null {
    if (g.dtype !== p.dtype) return this.diff([...segs, "dtype"], g.dtype, p.dtype, "dtype differs");
    if (show(g.shape) !== show(p.shape)) return this.diff([...segs, "shape"], show(g.shape), show(p.shape), "shape differs");
    if (Boolean(g.lazy) !== Boolean(p.lazy)) return this.diff([...segs, "lazy"], show(g.lazy ?? false), show(p.lazy ?? false), "lazy differs");
    if (g.data === p.data) return null;
    const gt = decodeTensor(g);
    const pt = decodeTensor(p);
    for (let i = 0; i < gt.data.length; i++) {
      const a = gt.data[i]!;
      const b = pt.data[i]!;
      if (typeof a === "bigint" || typeof b === "bigint") {
        if (a !== b) return this.diff([...segs, i], String(a), String(b), "int64 values differ");
        continue;
      }
      const d = this.element(g.dtype as FloatDType, a, b, i, gt.data as Float32Array | Float64Array, pt.data as Float32Array | Float64Array);
      if (d !== null) return this.diff([...segs, i], d[0], d[1], d[2]);
    }
    // equal elements yet different base64: only possible for non-canonical base64 from one side
    return null;
  }

  /** [golden, port, note] when element i differs under the mode. */
  element(dtype: FloatDType, a: number, b: number, i: number, ga: Float32Array | Float64Array, pa: Float32Array | Float64Array): [string, string, string] | null {
    const ha = elementHex(ga, i);
    const hb = elementHex(pa, i);
    const fmt = (x: number, h: string) => `${decimal(x, dtype)} (${h})`;
    if (this.opts.mode === "bits") {
      if (ha === hb) return null;
      const note = Number.isNaN(a) && Number.isNaN(b) ? "NaN bit patterns differ" : Number.isNaN(a) || Number.isNaN(b) ? "NaN vs number" : `${ulpDistance(a, b, dtype)} ULP apart (bits mode: 0 allowed)`;
      return [fmt(a, ha), fmt(b, hb), note];
    }
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? null : [fmt(a, ha), fmt(b, hb), "NaN vs number"];
    if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b ? null : [fmt(a, ha), fmt(b, hb), "infinity vs other value"];
    const dist = ulpDistance(a, b, dtype);
    const bound = this.opts.maxUlps[dtype];
    return dist <= BigInt(bound) ? null : [fmt(a, ha), fmt(b, hb), `${dist} ULP apart (bound ${bound})`];
  }
}

function elementHex(arr: Float32Array | Float64Array, i: number): string {
  if (arr instanceof Float32Array) return `0x${new Uint32Array(arr.buffer, arr.byteOffset, arr.length)[i]!.toString(16).padStart(8, "0")}`;
  return `0x${new BigUint64Array(arr.buffer, arr.byteOffset, arr.length)[i]!.toString(16).padStart(16, "0")}`;
}

function firstDiffIndex(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function comparer(opts: CompareOptions = {}): Comparer {
  return new Comparer({ mode: opts.mode ?? "bits", maxUlps: { ...DEFAULT_MAX_ULPS, ...(opts.maxUlps ?? {}) } });
}

/** Compares two Results field by field, in Result order: build, then each step (error, warnings, value, snapshot). */
export function compareResults(golden: Result, port: Result, opts?: CompareOptions): Difference | null {
  const c = comparer(opts);
  const { id: _gi, ...g } = golden;
  const { id: _pi, ...p } = port;
  return c.value([], g, p);
}

/** Compares outcomes: both ok (then their Results), or both rejected with the same code; anything else differs. */
export function compareOutcomes(golden: Outcome, port: Outcome, opts?: CompareOptions): Difference | null {
  const describe = (o: Outcome) => (o.status === "ok" ? "a result" : o.status === "rejected" ? `rejected (${o.code} at ${o.where || "/"}: ${o.message})` : `lost (${o.reason})`);
  if (golden.status === "ok" && port.status === "ok") return compareResults(golden.result, port.result, opts);
  if (golden.status === "rejected" && port.status === "rejected" && golden.code === port.code) return null;
  return { path: "", golden: describe(golden), port: describe(port), note: golden.status === "ok" ? "the port did not answer with a result" : "the outcomes differ" };
}
