// Who is closer to the truth. For a case on float32 data, its exact twin is the same case in float64 (float32
// inputs and state widened, the normalisation modules built with dtype=float64): PyTorch's float64 answer to the
// twin is the exact reference for the normalisation outputs and running statistics, since its rounding error is
// about 2^29 times smaller than float32's. For a numeric difference the engine then says which side, PyTorch's
// float32 answer or the port's, lies closer to it. Cases with random draws (the Dropout family, RReLU: the twin
// could draw another mask) and cases naming a dtype themselves get no twin; float64 cases get none either (no
// higher precision is at hand), so their differences stay plain failures.
import type { Case, Result, Step, Tensor as WireTensor } from "../case/index.ts";
import { decodeTensor, encodeTensor, isWireTensor } from "../case/index.ts";
import { type Difference, pathSegments, type Seg } from "../conformance/compare.ts";
import { moduleSpec } from "../modules/index.ts";

function widen(t: WireTensor): WireTensor {
  if (t.dtype !== "float32" || t.lazy) return t;
  const raw = decodeTensor(t);
  return encodeTensor({ dtype: "float64", shape: raw.shape, data: Float64Array.from(raw.data as Float32Array) });
}

function widenStep(s: Step): Step {
  if (s.op === "forward") return { ...s, input: widen(s.input) };
  if (s.op === "load_state_dict" && s.put) return { ...s, put: s.put.map(([k, t]) => [k, widen(t)] as [string, WireTensor]) };
  return s;
}

/** The case in float64, or null when it has no meaningful twin. */
export function exactTwin(c: Case): Case | null {
  const nodes = Object.values(c.nodes);
  if (nodes.some((n) => moduleSpec(n.type)?.random === true || n.kwargs?.dtype !== undefined || n.dtype === "float64")) return null;
  const floats32 = c.steps.some((s) => s.op === "forward" && s.input.dtype === "float32");
  if (!floats32) return null;
  return {
    ...c,
    id: `${c.id}~exact`,
    nodes: Object.fromEntries(Object.entries(c.nodes).map(([id, n]) => [id, moduleSpec(n.type)?.norm !== undefined ? { ...n, dtype: "float64" } : n])),
    steps: c.steps.map(widenStep),
  };
}

/** The value at a comparator path such as steps[3].snapshot.buffers["1.running_var"] (named lists by name). */
export const atPath = (root: unknown, path: string): unknown => atSegments(root, pathSegments(path));

function atSegments(root: unknown, segs: readonly Seg[]): unknown {
  let v: unknown = root;
  for (const s of segs) {
    if (v === undefined) break;
    if (typeof s === "string") v = (v as Record<string, unknown> | null)?.[s];
    else if (typeof s === "number") v = Array.isArray(v) ? v[s] : undefined;
    else v = Array.isArray(v) ? (v.find((e) => Array.isArray(e) && e[0] === s.name) as unknown[] | undefined)?.[1] : undefined;
  }
  return v;
}

/**
 * Over the elements where PyTorch and the port differ: "port" when the port is at least as close to the exact value
 * everywhere and closer somewhere, "golden" when PyTorch is, "tie" otherwise; undefined when there is nothing to
 * weigh (not a float32 tensor difference, or the twin has no float64 tensor of that shape there).
 */
export function closerSide(d: Difference, golden: Result, port: Result, twin: Result): "port" | "golden" | "tie" | undefined {
  if (d.mismatch === undefined) return undefined;
  const segs = pathSegments(d.path);
  const [g, p, e] = [golden, port, twin].map((r) => atSegments(r, segs));
  if (!isWireTensor(g) || !isWireTensor(p) || !isWireTensor(e) || g.dtype !== "float32" || e.dtype !== "float64" || JSON.stringify(g.shape) !== JSON.stringify(e.shape)) return undefined;
  const gv = decodeTensor(g).data as Float32Array;
  const pv = decodeTensor(p).data as Float32Array;
  const ev = decodeTensor(e).data as Float64Array;
  let portBetter = 0;
  let goldenBetter = 0;
  for (let i = 0; i < gv.length; i++) {
    if (Object.is(gv[i], pv[i])) continue;
    const dg = Math.abs(gv[i]! - ev[i]!);
    const dp = Math.abs(pv[i]! - ev[i]!);
    if (Number.isNaN(dg) || Number.isNaN(dp)) return undefined;
    if (dp < dg) portBetter++;
    else if (dg < dp) goldenBetter++;
  }
  if (portBetter > 0 && goldenBetter === 0) return "port";
  if (goldenBetter > 0 && portBetter === 0) return "golden";
  return "tie";
}
