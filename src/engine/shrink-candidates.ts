// The smaller cases a case can shrink to, worked out on the Case itself (so a fixture, a regression or a case file
// shrinks as well as a generated one): whole parts removed first (program suffixes, steps, subtrees, containers
// replaced by a child, constructor arguments and optional step fields back to their defaults), then tensors
// narrowed and their values made simple. Each candidate is strictly smaller than the case by `sizeKey`, so
// shrinking ends; candidates the schema rejects are left out.
import { type Case, decodeTensor, encodeTensor, type Node, numelOf, type Step, type Tensor, validateCase } from "../case/index.ts";

/** Nodes, steps, tensor elements, removable parts, value cost: compared in that order. */
export type SizeKey = [number, number, number, number, number];

/** Values in the order shrinking prefers them: small integers and halves before zero (zeros hide scales). */
const SIMPLE = [1, 2, -1, 0.5, 3, -2, 0, -0.5, 4, -3, 1.5];

/** How far a float is from simple (non-finite values are kept as they are, so they cost nothing). */
export function valueCost(v: number): number {
  if (!Number.isFinite(v)) return 0;
  const at = SIMPLE.findIndex((s) => Object.is(s, v));
  if (at >= 0) return at + 1;
  const a = Math.abs(v);
  if (Number.isInteger(v) && a <= 16) return 20 + a;
  if (Number.isInteger(2 * v) && a <= 16) return 40 + a;
  return 100;
}

/** Optional step fields: each one left out is that argument back to its default. */
const OPTIONAL_STEP_FIELDS = ["mode", "strict", "from", "remove", "put", "version", "prepend", "with_kwargs", "always_call"] as const;

type Loc = { step: number; put?: number };

function tensorsOf(c: Case): { loc: Loc; t: Tensor }[] {
  const out: { loc: Loc; t: Tensor }[] = [];
  c.steps.forEach((s, i) => {
    if (s.op === "forward") out.push({ loc: { step: i }, t: s.input });
    if (s.op === "load_state_dict") s.put?.forEach(([, t], k) => !t.lazy && out.push({ loc: { step: i, put: k }, t }));
  });
  return out;
}

const floatValues = (t: Tensor): Float32Array | Float64Array | null => (t.dtype === "int64" || t.lazy ? null : (decodeTensor(t).data as Float32Array | Float64Array));

function nodeParts(n: Node): number {
  return (n.args?.length ?? 0) + Object.keys(n.kwargs ?? {}).length + (n.dtype !== undefined ? 1 : 0);
}

function stepParts(s: Step): number {
  const r = s as unknown as Record<string, unknown>;
  let n = 0;
  for (const f of OPTIONAL_STEP_FIELDS) if (r[f] !== undefined) n += Array.isArray(r[f]) ? 1 + (r[f] as unknown[]).length : 1;
  return n;
}

export function sizeKey(c: Case): SizeKey {
  let elements = 0;
  let cost = 0;
  for (const { t } of tensorsOf(c)) {
    elements += numelOf(t.shape);
    for (const v of floatValues(t) ?? []) cost += valueCost(v);
  }
  const parts = Object.values(c.nodes).reduce((a, n) => a + nodeParts(n), 0) + c.steps.reduce((a, s) => a + stepParts(s), 0);
  return [Object.keys(c.nodes).length, c.steps.length, elements, parts, cost];
}

export function smaller(a: SizeKey, b: SizeKey): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** Module path -> node id, from the root through children (add_module'd nodes have no path until their step). */
function modulePaths(c: Case): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (p: string, id: string) => {
    if (out.has(p)) return;
    out.set(p, id);
    for (const [name, child] of c.nodes[id]?.children ?? []) walk(p === "" ? name : `${p}.${name}`, child);
  };
  walk("", c.root);
  return out;
}

const under = (path: string, p: string) => p === "" || path === p || path.startsWith(`${p}.`);
const stepPath = (s: Step): string | undefined => ("path" in s ? s.path : undefined);

/** The case without the steps at `drop`, and without the steps referring to them (load_state_dict from, remove_hook). */
function withoutSteps(c: Case, drop: ReadonlySet<number>): Case {
  const gone = new Set(drop);
  c.steps.forEach((s, i) => {
    if ((s.op === "load_state_dict" && s.from !== undefined && gone.has(s.from)) || (s.op === "remove_hook" && gone.has(s.handle))) gone.add(i);
  });
  const renumber = (i: number) => i - [...gone].filter((g) => g < i).length;
  const steps = c.steps.flatMap((s, i): Step[] => {
    if (gone.has(i)) return [];
    if (s.op === "load_state_dict" && s.from !== undefined) return [{ ...s, from: renumber(s.from) }];
    if (s.op === "remove_hook") return [{ ...s, handle: renumber(s.handle) }];
    return [s];
  });
  return collectGarbage({ ...c, steps });
}

/** Only the nodes reachable from the root or from an add_module step. */
function collectGarbage(c: Case): Case {
  const keep = new Set<string>();
  const walk = (id: string) => {
    if (keep.has(id) || !c.nodes[id]) return;
    keep.add(id);
    for (const [, child] of c.nodes[id]!.children ?? []) walk(child);
  };
  walk(c.root);
  for (const s of c.steps) if (s.op === "add_module") walk(s.node);
  return { ...c, nodes: Object.fromEntries(Object.entries(c.nodes).filter(([id]) => keep.has(id))) };
}

function* removeSteps(c: Case): Generator<Case> {
  for (let keep = 0; keep < c.steps.length - 1; keep++) yield withoutSteps(c, new Set(c.steps.map((_, i) => i).filter((i) => i >= keep)));
  for (let i = 0; i < c.steps.length; i++) yield withoutSteps(c, new Set([i]));
}

/** Replaces the node at `path` (a child of `parentId` under `name`, or the root) and rewrites the steps under it. */
function replaceAt(c: Case, path: string, parent: { id: string; name: string } | null, by: string, rewrite: (p: string) => string | null): Case {
  const nodes = { ...c.nodes };
  if (parent) nodes[parent.id] = { ...nodes[parent.id]!, children: nodes[parent.id]!.children!.map(([n, id]) => [n, n === parent.name ? by : id] as [string, string]) };
  const drop = new Set<number>();
  const steps = c.steps.map((s, i) => {
    const p = stepPath(s);
    if (p === undefined || !under(p, path)) return s;
    const to = rewrite(p);
    if (to === null) drop.add(i);
    return to === null ? s : { ...s, path: to };
  });
  return withoutSteps({ ...c, root: parent ? c.root : by, nodes, steps }, drop);
}

function* removeNodes(c: Case): Generator<Case> {
  const paths = [...modulePaths(c)].sort(([a], [b]) => a.split(".").length - b.split(".").length || (a < b ? -1 : 1));
  const parentOf = (p: string) => {
    const cut = p.lastIndexOf(".");
    const parentPath = cut < 0 ? "" : p.slice(0, cut);
    return { id: modulePaths(c).get(parentPath)!, name: p.slice(cut + 1) };
  };
  // a whole subtree away
  for (const [p] of paths) {
    if (p === "") continue;
    const parent = parentOf(p);
    const nodes = { ...c.nodes, [parent.id]: { ...c.nodes[parent.id]!, children: c.nodes[parent.id]!.children!.filter(([n]) => n !== parent.name) } };
    yield replaceAt({ ...c, nodes }, p, null, c.root, () => null);
  }
  // a container replaced by one of its children
  for (const [p, id] of paths) {
    for (const [name, child] of c.nodes[id]!.children ?? []) {
      const inner = p === "" ? name : `${p}.${name}`;
      // steps on the container act on the child in its place; steps on its other children go
      const rewrite = (sp: string) => (sp === inner || sp === p ? p : sp.startsWith(`${inner}.`) ? (p === "" ? sp.slice(inner.length + 1) : `${p}${sp.slice(inner.length)}`) : null);
      yield replaceAt(c, p, p === "" ? null : parentOf(p), child, rewrite);
    }
  }
}

function* removeArguments(c: Case): Generator<Case> {
  for (const [id, n] of Object.entries(c.nodes)) {
    const put = (m: Node): Case => ({ ...c, nodes: { ...c.nodes, [id]: m } });
    for (const k of Object.keys(n.kwargs ?? {})) {
      const { [k]: _, ...kwargs } = n.kwargs!;
      const { kwargs: _k, ...rest } = n;
      yield put(Object.keys(kwargs).length > 0 ? { ...rest, kwargs } : (rest as Node));
    }
    if (n.args && n.args.length > 0) {
      const { args: _a, ...rest } = n;
      yield put(n.args.length > 1 ? { ...n, args: n.args.slice(0, -1) } : (rest as Node));
    }
    if (n.dtype !== undefined) {
      const { dtype: _d, ...rest } = n;
      yield put(rest as Node);
    }
  }
  for (const [i, s] of c.steps.entries()) {
    const put = (t: Step): Case => ({ ...c, steps: c.steps.map((x, k) => (k === i ? t : x)) });
    const r = s as unknown as Record<string, unknown>;
    for (const f of OPTIONAL_STEP_FIELDS) {
      if (r[f] === undefined) continue;
      const { [f]: _, ...rest } = r;
      yield put(rest as unknown as Step);
      if (Array.isArray(r[f])) for (let k = 0; k < (r[f] as unknown[]).length; k++) yield put({ ...r, [f]: (r[f] as unknown[]).filter((_, j) => j !== k) } as unknown as Step);
    }
  }
}

function withTensor(c: Case, loc: Loc, t: Tensor): Case {
  return {
    ...c,
    steps: c.steps.map((s, i) => {
      if (i !== loc.step) return s;
      if (s.op === "forward") return { ...s, input: t };
      if (s.op === "load_state_dict" && loc.put !== undefined) return { ...s, put: s.put!.map(([k, x], j) => [k, j === loc.put ? t : x] as [string, Tensor]) };
      return s;
    }),
  };
}

/** The first `size` entries along dimension `dim`. */
function narrow(t: Tensor, dim: number, size: number): Tensor {
  const raw = decodeTensor(t);
  const shape = raw.shape.map((n, d) => (d === dim ? size : n));
  const inner = numelOf(raw.shape.slice(dim + 1));
  const outer = numelOf(raw.shape.slice(0, dim));
  const Ctor = raw.data.constructor as new (n: number) => typeof raw.data;
  const data = new Ctor(numelOf(shape));
  for (let o = 0; o < outer; o++) (data as Float64Array).set((raw.data as Float64Array).subarray(o * raw.shape[dim]! * inner, (o * raw.shape[dim]! + size) * inner), o * size * inner);
  return encodeTensor({ dtype: raw.dtype, shape, data });
}

function* narrowTensors(c: Case): Generator<Case> {
  for (const { loc, t } of tensorsOf(c)) {
    for (const [d, n] of t.shape.entries()) {
      if (n <= 1) continue;
      yield withTensor(c, loc, narrow(t, d, 1));
      if (n > 2) yield withTensor(c, loc, narrow(t, d, Math.ceil(n / 2)));
    }
  }
}

function roundedSimple(v: number): number {
  if (!Number.isFinite(v)) return v;
  const r = Math.max(-4, Math.min(4, Math.round(v)));
  return r !== 0 ? r : v === 0 ? 0 : Math.sign(v) * 0.5;
}

function* simplifyValues(c: Case): Generator<Case> {
  for (const { loc, t } of tensorsOf(c)) {
    const values = floatValues(t);
    if (values === null) continue;
    const Ctor = values.constructor as new (a: ArrayLike<number>) => Float32Array | Float64Array;
    const make = (f: (v: number, i: number) => number) => withTensor(c, loc, encodeTensor({ dtype: t.dtype, shape: t.shape, data: new Ctor(Array.from(values, f)) }));
    yield make((v) => (Number.isFinite(v) ? 1 : v));
    yield make(roundedSimple);
    for (const [i, v] of values.entries()) {
      const cost = valueCost(v);
      for (const s of SIMPLE.filter((s) => valueCost(s) < cost).slice(0, 5)) yield make((x, k) => (k === i ? s : x));
    }
  }
}

/** Every part whose removal leaves a smaller case: program suffixes, steps, subtrees, containers, arguments. */
export function* removals(c: Case): Generator<Case> {
  yield* removeSteps(c);
  yield* removeNodes(c);
  yield* removeArguments(c);
}

const PASSES = [removals, narrowTensors, simplifyValues];

/** The candidates of each pass, in order: valid cases strictly smaller than `c`. */
export function* candidates(c: Case, passes: readonly ((c: Case) => Iterable<Case>)[] = PASSES): Generator<Case> {
  const size = sizeKey(c);
  for (const pass of passes) {
    for (const next of pass(c)) if (smaller(sizeKey(next), size) && validateCase(next).ok) yield next;
  }
}
