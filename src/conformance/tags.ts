// Feature tags: what a case exercises, computed from the case itself and, for what happened (errors, warnings,
// the mode a forward met), from the golden Result. A run tallies them into a table, so a reader sees which
// features the random cases reached and how often.
import type { Case, HookRegistration, Node, PyValue, Result, Snapshot, StepResult, Tensor as WireTensor } from "../case/index.ts";
import { decodePy, decodeTensor, HOOK_KINDS } from "../case/index.ts";
import { dropoutParams, type NormParams, normParams, truthy } from "../arbitraries/model.ts";
import { isSlot } from "../arbitraries/values.ts";
import { onDropoutEdge } from "../arbitraries/edges.ts";
import { boundArg, isContainerType, moduleSpec } from "../modules/index.ts";

/** Tags the judge's CI run must exercise: each at least 1% of its cases, or the stated minimum of tag-shares.ts. */
export const REQUIRED_TAGS = [
  "tree.shared", "tree.depth3", "tree.add-module",
  "bn.momentum-none", "bn.momentum-0", "bn.momentum-1", "bn.momentum-negative", "bn.trs-false", "bn.trs-toggled",
  "bn.affine-false", "bn.bias-false", "bn.eval", "bn.empty-batch", "bn.one-value-per-channel", "bn.float64",
  "bn.1d", "bn.2d", "bn.3d",
  "dropout.p0", "dropout.p1", "dropout.tiny-p", "dropout.alpha", "dropout.feature", "dropout.inplace", "dropout.rank-warning",
  "dropout.p-on-draw",
  "norm.trs-write-then-train",
  "mode.non-bool", "mode.training-write", "tree.add-module-after-eval",
  "state.load-strict", "state.load-nonstrict", "state.version1", "state.slot-none",
  "input.nan", "input.inf", "input.neg-zero", "input.subnormal", "input.offset",
  "error.batch-size", "error.dim", "error.eps", "error.channels", "error.dtype", "error.ctor",
  "in.1d", "in.2d", "in.3d", "in.affine", "in.trs", "in.unbatched", "in.eval", "in.channel-warning", "error.spatial-size",
  "bn.lazy", "in.lazy", "lazy.materialized", "lazy.uninitialized-state",
  "rrelu", "rrelu.train", "rrelu.eval", "rrelu.inplace", "error.rrelu-bounds",
  "hook.forward-pre", "hook.forward", "hook.global-pre", "hook.global", "hook.state-dict-post", "hook.load-pre",
  "hook.load-post", "hook.remove", "hook.prepend", "hook.with-kwargs", "hook.always-call", "hook.scale", "hook.raise",
  "hook.called", "hook.after-error", "hook.same-module-twice", "hook.sees-eval",
] as const;

const num = (v: PyValue | undefined): number | null => {
  if (v === undefined) return null;
  const d = decodePy(v);
  return typeof d === "bigint" ? Number(d) : typeof d === "number" ? d : null;
};

/** `family`: the tags' prefix, "bn" or "in". */
function momentumTags(v: PyValue, family: string, add: (t: string) => void): void {
  if (v === null) return add(`${family}.momentum-none`);
  const m = num(v);
  if (m === null) return add(`${family}.momentum-odd`);
  if (m === 0) add(`${family}.momentum-0`);
  else if (m === 1) add(`${family}.momentum-1`);
  else if (m < 0) add(`${family}.momentum-negative`);
  else if (m > 1) add(`${family}.momentum-gt1`);
}

function pTags(v: PyValue, add: (t: string) => void): void {
  const p = num(v);
  if (p === null) return add("dropout.p-odd");
  if (Number.isNaN(p)) add("dropout.p-nan");
  else if (p === 0) add("dropout.p0");
  else if (p === 1) add("dropout.p1");
  else if (p < 0 || p > 1) add("dropout.p-invalid");
  else if (p < 1e-2 || p > 0.99) add("dropout.tiny-p");
}

function nodeTags(node: Node, norm: NormParams | null, add: (t: string) => void): void {
  const spec = moduleSpec(node.type);
  spec?.tags.forEach(add);
  if (norm !== null) {
    const f = norm.family === "BatchNorm" ? "bn" : "in";
    momentumTags(norm.momentum, f, add);
    if (!truthy(norm.trackRunningStats)) add(`${f}.trs-false`);
    else if (f === "in") add("in.trs");
    if (!truthy(norm.affine)) add(`${f}.affine-false`);
    else if (f === "in") add("in.affine");
    else if (!truthy(norm.bias)) add(`${f}.bias-false`);
    if (norm.dtype === "float64") add(`${f}.float64`);
    const eps = num(norm.eps);
    if (eps !== null && !(eps > 0)) add(`${f}.eps-nonpositive`);
    const c = num(norm.numFeatures);
    if (c !== null && !(Number.isInteger(c) && c > 0)) add(`${f}.odd-num-features`);
  }
  const drop = dropoutParams(node);
  if (drop !== null) {
    pTags(drop.p, add);
    if (truthy(drop.inplace)) add("dropout.inplace");
  }
  if (spec?.leaf === "rrelu" && truthy(boundArg(spec, node, "inplace"))) add("rrelu.inplace");
}

function treeTags(c: Case, add: (t: string) => void): void {
  const parents = new Map<string, number>();
  const ancestors = new Set<string>();
  const depth = (id: string): number => {
    if (ancestors.has(id)) return 0;
    const kids = c.nodes[id]?.children ?? [];
    const names = kids.map(([n]) => n);
    if (new Set(names).size !== names.length) add("tree.duplicate-name");
    if (kids.length === 0) return 0;
    ancestors.add(id);
    let deepest = 0;
    for (const [, k] of kids) deepest = Math.max(deepest, depth(k));
    ancestors.delete(id);
    return 1 + deepest;
  };
  for (const node of Object.values(c.nodes)) for (const [, k] of node.children ?? []) parents.set(k, (parents.get(k) ?? 0) + 1);
  if ([...parents.values()].some((n) => n > 1)) add("tree.shared");
  add(`tree.depth${depth(c.root)}`);
  const reachable = new Set<string>();
  const mark = (id: string) => !reachable.has(id) && (reachable.add(id), (c.nodes[id]?.children ?? []).forEach(([, k]) => mark(k)));
  mark(c.root);
  if (Object.keys(c.nodes).some((id) => !reachable.has(id))) add("tree.detached");
}

function inputTags(t: WireTensor, add: (t: string) => void, hasBn: boolean): void {
  let raw: ReturnType<typeof decodeTensor>;
  try {
    raw = decodeTensor(t);
  } catch {
    // a malformed tensor (a rejection spec sends some on purpose): the case is rejected before it runs
    add("input.malformed");
    return;
  }
  if (raw.dtype === "int64") add("input.int64");
  if (raw.dtype === "float64") add("input.float64");
  const n = raw.data.length;
  if (n === 0) add("input.empty");
  if (hasBn && t.shape.length >= 2) {
    const perChannel = n / Math.max(1, t.shape[1]!);
    if (t.shape[0] === 0) add("bn.empty-batch");
    if (perChannel === 1) add("bn.one-value-per-channel");
    if (perChannel === 2) add("bn.two-values-per-channel");
  }
  if (raw.dtype === "int64") return;
  const tiny = raw.dtype === "float32" ? 2 ** -126 : 2 ** -1022;
  for (const x of raw.data as Float32Array | Float64Array) {
    if (Number.isNaN(x)) add("input.nan");
    else if (!Number.isFinite(x)) add("input.inf");
    else if (Object.is(x, -0)) add("input.neg-zero");
    else if (x !== 0 && Math.abs(x) < tiny) add("input.subnormal");
    else if (Math.abs(x) >= 1000) add("input.offset");
  }
}

/** The golden error's kind, by PyTorch's message. */
export function errorTag(e: { type: string; message: string }): string {
  const m = e.message;
  if (/more than 1 spatial element/.test(m)) return "error.spatial-size";
  if (/more than 1 value per channel/.test(m)) return "error.batch-size";
  if (/Lower bound should be|bound must be finite/.test(m)) return "error.rrelu-bounds";
  if (/not been fully initialized|must be an UninitializedParameter|attribute 'materialize'|uninitialized parameter/.test(m)) return "error.lazy";
  if (/running_mean and running_var to be defined/.test(m)) return "error.running-stats-undefined";
  if (/expected \d+D( or \dD)? input|Expected \dD or \dD input|requires at least 2 dimensions/.test(m)) return "error.dim";
  if (/eps must be/.test(m)) return "error.eps";
  if (/should contain \d+ elements|to match num_features/.test(m)) return "error.channels";
  if (/mixed dtype|not implemented for/.test(m)) return "error.dtype";
  if (/dropout probability/.test(m)) return "error.p";
  if (/training mode is expected to be boolean/.test(m)) return "error.mode";
  if (/size mismatch/.test(m)) return "error.size-mismatch";
  if (/Error\(s\) in loading state_dict/.test(m)) return "error.load-state-dict";
  if (/must be bool/.test(m)) return "error.bool-arg";
  if (e.type === "KeyError") return "error.add-module";
  if (e.type === "AttributeError") return "error.attribute";
  if (e.type === "ZeroDivisionError") return "error.zero-division";
  if (e.type === "NotImplementedError") return "error.not-implemented";
  if (e.type === "IndexError") return "error.index";
  return `error.other-${e.type}`;
}

/** The modes a forward at `path` met (per the snapshot before it): norms not in training (a flag other than True), RReLUs in training or not. */
function forwardModeTags(before: Snapshot, path: string, add: (t: string) => void): void {
  for (const [name, c, t] of before.modules) {
    if (!(path === "" || name === path || name.startsWith(`${path}.`))) continue;
    const training = t === true;
    if (!training && /BatchNorm/.test(c)) add("bn.eval");
    if (!training && /InstanceNorm/.test(c)) add("in.eval");
    if (/^RReLU$/.test(c)) add(training ? "rrelu.train" : "rrelu.eval");
  }
}

/** Did a forward at `path` reach the module at `target`, of a matching class and in training? */
function withinForward(before: Snapshot, path: string, target: string, cls: RegExp): boolean {
  const under = path === "" || target === path || target.startsWith(`${path}.`);
  return under && before.modules.some(([name, c, t]) => name === target && cls.test(c) && t === true);
}

/** A register_* step: its kind, its flags and what the hook does. */
function hookTags(s: HookRegistration, add: (t: string) => void): void {
  add(`hook.${HOOK_KINDS[s.op]}`);
  const flags = s as { prepend?: boolean; with_kwargs?: boolean; always_call?: boolean };
  if (flags.prepend === true) add("hook.prepend");
  if (flags.with_kwargs === true) add("hook.with-kwargs");
  if (flags.always_call === true) add("hook.always-call");
  if (s.hook.does !== "record") add(`hook.${s.hook.does}`);
}

/** What the hook log of a step shows: calls, always_call hooks after an error, one hook run twice on a module, a hook seeing eval. */
function hookLogTags(r: StepResult, add: (t: string) => void): void {
  const calls = r.hooks ?? [];
  if (calls.length === 0) return;
  add("hook.called");
  if (calls.some((c) => c.output === null)) add("hook.after-error"); // an always_call hook ran after forward raised
  const seen = new Set(calls.map((c) => `${c.hook} ${c.module}`));
  if (seen.size < calls.length) add("hook.same-module-twice");
  if (calls.some((c) => c.training === false)) add("hook.sees-eval");
}

export const caseTags = (c: Case, golden?: Result): string[] => [...caseTagSet(c, golden)].sort();

/** caseTags, unsorted. */
export function caseTagSet(c: Case, golden?: Result): Set<string> {
  const tags = new Set<string>();
  const add = (t: string) => void tags.add(t);
  const nodes = Object.values(c.nodes);
  const norms = nodes.map(normParams);
  nodes.forEach((n, i) => nodeTags(n, norms[i]!, add));
  const hasBn = norms.some((p) => p?.family === "BatchNorm");
  const unbatchedRanks = new Set(norms.filter((p) => p?.family === "InstanceNorm").map((p) => p!.dim + 1));
  treeTags(c, add);
  if (!isContainerType(c.nodes[c.root]?.type ?? "")) add("tree.leaf-root");
  if (nodes.some((n) => isContainerType(n.type) && (n.children ?? []).length === 0)) add("tree.empty-container");
  let forwards = 0;
  let evaluated = false;
  let seeded: number | bigint | null = null;
  for (const s of c.steps) {
    if (s.op === "forward") {
      forwards++;
      inputTags(s.input, add, hasBn);
      if (unbatchedRanks.has(s.input.shape.length)) add("in.unbatched");
    } else if (s.op === "train") {
      if (s.mode !== undefined && typeof s.mode !== "boolean") add("mode.non-bool");
      if (s.path !== "") add("mode.subpath");
    } else if (s.op === "eval") {
      add("mode.eval");
      evaluated = true;
    } else if (s.op === "setattr") {
      if (s.name === "training") add("mode.training-write");
      if (s.name === "training" && typeof s.value !== "boolean") add("mode.training-write-nonbool");
      if (s.name === "track_running_stats") add("bn.trs-toggled");
      if (s.name === "momentum") momentumTags(s.value, "bn", add);
      if (s.name === "p") pTags(s.value, add);
      if (s.name === "p" && seeded !== null && onDropoutEdge(seeded, num(s.value) ?? NaN)) add("dropout.p-on-draw");
      if (s.name === "eps") add("attr.eps-write");
      if (isSlot(s.name)) add(s.value === null ? "state.slot-none" : "state.slot-write");
    } else if (s.op === "load_state_dict") {
      add(s.strict === false ? "state.load-nonstrict" : "state.load-strict");
      if (s.from === undefined) add("state.load-empty");
      if (s.version === 1 || s.version === 0) add("state.version1");
      if (s.version === "none") add("state.version-none");
      if ((s.remove ?? []).length > 0) add("state.remove");
      if ((s.put ?? []).length > 0) add("state.put");
    } else if (s.op === "state_dict") add("state.dict");
    else if (s.op === "reset_running_stats" || s.op === "reset_parameters") add(`state.${s.op.replace(/_/g, "-")}`);
    else if (s.op === "add_module") {
      add("tree.add-module");
      if (evaluated) add("tree.add-module-after-eval");
    }
    else if (s.op === "manual_seed") {
      add("rng.manual-seed");
      seeded = s.seed;
    }
    else if (s.op === "remove_hook") add("hook.remove");
    else hookTags(s, add);
  }
  if (forwards >= 3) add("program.many-forwards");
  if (golden !== undefined) resultTags(c, golden, add);
  return tags;
}

function resultTags(c: Case, golden: Result, add: (t: string) => void): void {
  if (golden.build.error !== null) {
    add("error.ctor");
    add(errorTag(golden.build.error).replace(/^error\./, "error.ctor-"));
  }
  for (const w of golden.build.warnings) add(`warning.${w.category}`);
  let before = golden.build.snapshot;
  /** Paths of modules whose track_running_stats a step has written. */
  const trsWritten = new Set<string>();
  golden.steps.forEach((r, i) => {
    const step = c.steps[i]!;
    if (step.op === "setattr" && step.name === "track_running_stats" && r.error === null) trsWritten.add(step.path);
    if (r.error !== null) add(errorTag(r.error));
    for (const w of r.warnings) {
      add(`warning.${w.category}`);
      if (/dropout[23]d: Received a/.test(w.message)) add("dropout.rank-warning");
    }
    if (step.op === "forward" && before !== undefined) {
      forwardModeTags(before, step.path, add);
      if ([...trsWritten].some((p) => withinForward(before!, step.path, p, /Norm/))) add("norm.trs-write-then-train");
    }
    if (step.op === "forward" && r.error === null) add("forward.ok");
    hookLogTags(r, add);
    for (const w of r.warnings) if (/does not match num_features/.test(w.message)) add("in.channel-warning");
    if (before !== undefined && r.snapshot !== undefined && materialized(before, r.snapshot)) add("lazy.materialized");
    if (r.value?.entries?.some(([, t]) => t.lazy === true)) add("lazy.uninitialized-state");
    before = r.snapshot;
  });
}

/** Did a lazy module become its non-lazy class (same path, class name without "Lazy")? */
function materialized(before: Snapshot, after: Snapshot): boolean {
  let lazy: Map<string, string> | undefined;
  for (const [name, c] of before.modules) if (c.startsWith("Lazy")) (lazy ??= new Map()).set(name, c.slice(4));
  return lazy !== undefined && after.modules.some(([name, c]) => lazy.get(name) === c);
}

/** How many cases carry each tag. */
export function tallyTags(tagLists: Iterable<readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tags of tagLists) for (const t of tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** The tally as a Markdown table (tag, cases, share of the run). */
export function tagTableMarkdown(counts: Map<string, number>, total: number): string {
  const lines = ["| tag | cases | share |", "|---|---:|---:|"];
  for (const [tag, n] of counts) lines.push(`| ${tag} | ${n} | ${((100 * n) / Math.max(1, total)).toFixed(1)}% |`);
  return lines.join("\n");
}

/** Required tags the tally never saw. */
export function missingTags(counts: Map<string, number>, required: readonly string[] = REQUIRED_TAGS): string[] {
  return required.filter((t) => !counts.has(t));
}
