// Drafts -> a schema Case. Step targets are resolved against a TreeModel that follows the program (add_module
// changes the paths); inputs get the rank, channel count and dtype the target's first constraining module needs,
// or a deliberate mismatch.
import type { Case, DType, ForwardHook, LoadStateDictStep, NodeId, PyValue, StateHook, Step, Tensor as WireTensor } from "../case/index.ts";
import { encodeTensor, isHookRegistration, numelOf } from "../case/index.ts";
import type { TreeContext } from "./leaves.ts";
import { type Needs, TreeModel } from "./model.ts";
import type { HookDraft, InputDraft, PutDraft, StepDraft } from "./programs.ts";
import { resolveTensor, type TensorSpec } from "./tensors.ts";
import { type FlatTree, flattenTree, type ShareDraft, type TreeDraft } from "./trees.ts";
import { pyFloat, type SetattrName } from "./values.ts";
import { dropoutEdges } from "./edges.ts";
import { moduleSpec } from "../modules/index.ts";

/** Inputs are cut down (the largest non-channel size halved, repeatedly) to at most this many elements. */
export const MAX_INPUT_ELEMENTS = 64;
/** The same for the rare long inputs. */
export const MAX_LONG_INPUT_ELEMENTS = 320;

export interface CaseDraft {
  ctx: TreeContext;
  tree: TreeDraft;
  detached: TreeDraft[];
  shares: ShareDraft[];
  steps: StepDraft[];
}

const pickOf = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;

function inputShape(needs: Needs | null, ctx: TreeContext, d: InputDraft): { shape: number[]; dtype: DType } {
  const accepted = needs?.ranks ?? (ctx.dim === 1 ? [2, 3] : [ctx.dim + 2]);
  const others = [1, 2, 3, 4, 5].filter((r) => !accepted.includes(r));
  const rank = d.mismatch === "rank" ? pickOf(others, d.rankPick) : pickOf(accepted, d.rankPick);
  let channels = needs?.channels ?? ctx.channels;
  if (d.mismatch === "channels") channels = channels <= 1 ? channels + 1 : channels - 1;
  const moduleDtype = needs?.dtype ?? "float32";
  const dtype: DType = d.mismatch === "int64" ? "int64" : d.mismatch === "dtype" ? (moduleDtype === "float32" ? "float64" : "float32") : moduleDtype;
  const spatial = d.spatial.slice(0, Math.max(0, rank - 2));
  const shape = rank === 1 ? [channels] : [d.batch, channels, ...spatial];
  const cap = d.long ? MAX_LONG_INPUT_ELEMENTS : MAX_INPUT_ELEMENTS;
  while (numelOf(shape) > cap) {
    const i = shape.reduce((best, size, k) => (k !== 1 && size > (shape[best] ?? 0) ? k : best), shape.length === 1 ? 0 : shape.length - 1);
    if ((shape.length > 1 && i === 1) || shape[i]! <= 1) break;
    shape[i] = Math.floor(shape[i]! / 2);
  }
  return { shape, dtype };
}

/** The spec with its pool rotated by k: the k-th batch of a burst. */
function rotated(spec: TensorSpec, k: number): TensorSpec {
  const s = k % spec.pool.length;
  return { ...spec, pool: [...spec.pool.slice(s), ...spec.pool.slice(0, s)].map((v, i) => (i === 0 && k > 0 ? v + k / 8 : v)) };
}

class Resolver {
  readonly steps: Step[] = [];
  /** state_dict steps so far: step index -> their entries (key, shape, dtype). */
  readonly stateDicts = new Map<number, [string, number[], DType][]>();
  /**
   * Once a raising state_dict post-hook is registered, a state_dict step may raise, and a load_state_dict `from` it
   * would be a malformed case: from then on no state_dict step is a source.
   */
  stateDictMayRaise = false;

  constructor(
    readonly model: TreeModel,
    readonly ctx: TreeContext,
    readonly detached: NodeId[],
  ) {}

  target(at: number): [string, NodeId] {
    return pickOf(this.model.namedModules(), at);
  }

  forward(at: number, d: InputDraft, k = 0): void {
    const [path, id] = this.target(at);
    const { shape, dtype } = inputShape(this.model.needs(id), this.ctx, d);
    this.steps.push({ op: "forward", path, input: resolveTensor(rotated(d.values, k), dtype, shape) });
  }

  stateDict(at: number): void {
    const [path, id] = this.target(at);
    if (!this.stateDictMayRaise) this.stateDicts.set(this.steps.length, this.model.stateEntries(id));
    this.steps.push({ op: "state_dict", path });
  }

  put(d: PutDraft, entries: [string, number[], DType][]): [string, WireTensor] {
    const counters = entries.filter(([k]) => k.endsWith("num_batches_tracked"));
    const pool = d.key === "counter" && counters.length > 0 ? counters : entries;
    if (d.key === "unexpected" || pool.length === 0) {
      const key = pickOf(["extra", "9.weight", "running_mean", "module.running_var"], d.keyPick);
      return [key, resolveTensor(d.values, "float32", [this.ctx.channels])];
    }
    const [key, shape, dtype] = pickOf(pool, d.keyPick);
    if (d.shape === "wrong") return [key, resolveTensor(d.values, dtype, shape.length === 0 ? [2] : [shape[0]! + 1])];
    if (dtype === "int64" && shape.length === 0) return [key, encodeTensor({ dtype, shape, data: BigInt64Array.of(d.counter) })];
    return [key, resolveTensor(d.values, dtype, shape)];
  }

  load(d: Extract<StepDraft, { op: "load_state_dict" }>): void {
    if (d.from !== null && this.stateDicts.size === 0) this.stateDict(d.at);
    const [path, id] = this.target(d.at);
    const step: LoadStateDictStep = { op: "load_state_dict", path };
    let base: [string, number[], DType][] = [];
    if (d.from !== null && this.stateDicts.size > 0) {
      const from = pickOf([...this.stateDicts.keys()].reverse(), d.from);
      step.from = from;
      base = this.stateDicts.get(from)!;
    }
    if (!d.strict) step.strict = false;
    const removed = new Set(d.remove.filter(() => base.length > 0).map((r) => pickOf(base, r)[0]));
    if (removed.size > 0) step.remove = [...removed];
    const entries = base.length > 0 ? base : this.model.stateEntries(id);
    if (d.put.length > 0) step.put = d.put.map((p) => this.put(p, entries));
    if (d.version !== "absent") step.version = d.version;
    this.steps.push(step);
  }

  /** A registration step; hooks are named by their step index, so a log line says which registration ran. */
  hook(at: number, d: HookDraft): void {
    const shared = d.onShared ? this.model.sharedModules() : [];
    const [path] = shared.length > 0 ? pickOf(shared, at) : this.target(at);
    if (d.kind === "state_dict_post" && d.does === "raise") this.stateDictMayRaise = true;
    const name = `h${this.steps.length}`;
    // the state kinds cannot scale: there a scale draft records
    const stateHook: StateHook = d.does === "raise" ? { name, does: "raise", error: d.error, message: `hook ${name} raised` } : { name, does: "record" };
    const hook: ForwardHook = d.does === "scale" ? { name, does: "scale", factor: d.factor } : stateHook;
    const flags = { ...(d.prepend && { prepend: true }), ...(d.withKwargs && { with_kwargs: true }) };
    const always = d.alwaysCall ? { always_call: true } : {};
    switch (d.kind) {
      case "forward_pre":
        return void this.steps.push({ op: "register_forward_pre_hook", path, hook, ...flags });
      case "forward":
        return void this.steps.push({ op: "register_forward_hook", path, hook, ...flags, ...always });
      case "module_forward_pre":
        return void this.steps.push({ op: "register_module_forward_pre_hook", hook });
      case "module_forward":
        return void this.steps.push({ op: "register_module_forward_hook", hook, ...(d.withKwargs && { with_kwargs: true }), ...always });
      default:
        return void this.steps.push({ op: `register_${d.kind}_hook`, path, hook: stateHook });
    }
  }

  /** A registration, then the forward through the root its draft may ask for. */
  hookThenForward(at: number, d: HookDraft): void {
    this.hook(at, d);
    if (d.then !== null) this.forward(0, d.then);
  }

  removeHook(pick: number): void {
    const registrations = this.steps.flatMap((s, i) => (isHookRegistration(s) ? [i] : []));
    if (registrations.length > 0) this.steps.push({ op: "remove_hook", handle: pickOf(registrations, pick) });
  }

  addModule(at: number, name: string, node: number): void {
    const [path, id] = this.target(at);
    const candidates = [...this.detached, ...Object.keys(this.model.nodes)].filter((n) => !this.model.reaches(n, id));
    if (candidates.length === 0) return;
    const child = pickOf(candidates, node);
    this.model.addModule(id, name, child);
    this.steps.push({ op: "add_module", path, name, node: child });
  }

  setattr(path: string, name: SetattrName, value: PyValue): void {
    this.steps.push({ op: "setattr", path, name, value });
  }

  /** track_running_stats written on a norm module, when the tree has one, then a forward through that module. */
  trsThenForward(at: number, value: PyValue, input: InputDraft): void {
    const norms = this.model.normModules();
    const [path] = norms.length > 0 ? pickOf(norms, at) : this.target(at);
    this.setattr(path, "track_running_stats", value);
    const i = this.model.namedModules().findIndex(([p]) => p === path);
    this.forward(i, input);
  }

  /** manual_seed, p on the edge of one of the draws that follow, a forward through that dropout module. */
  dropoutEdge(at: number, seed: number, draw: number, input: InputDraft): void {
    const dropouts = this.model.namedModules().filter(([, id]) => moduleSpec(this.model.nodes[id]!.type)?.leaf === "dropout");
    if (dropouts.length === 0) return;
    const [path] = pickOf(dropouts, at);
    this.steps.push({ op: "manual_seed", seed });
    this.steps.push({ op: "setattr", path, name: "p", value: pyFloat(1 - pickOf(dropoutEdges(seed), draw).u) });
    this.forward(this.model.namedModules().findIndex(([p]) => p === path), input);
  }

  step(d: StepDraft): void {
    switch (d.op) {
      case "manual_seed":
        return void this.steps.push({ op: "manual_seed", seed: d.seed });
      case "train": {
        const step: Step = { op: "train", path: this.target(d.at)[0] };
        if (d.mode !== undefined) step.mode = d.mode;
        return void this.steps.push(step);
      }
      case "eval":
      case "reset_running_stats":
      case "reset_parameters":
        return void this.steps.push({ op: d.op, path: this.target(d.at)[0] });
      case "setattr":
        return this.setattr(this.target(d.at)[0], d.name, d.value);
      case "forward":
        return this.forward(d.at, d.input);
      case "burst":
        for (let k = 0; k < d.count; k++) this.forward(d.at, d.input, k);
        return;
      case "state_dict":
        return this.stateDict(d.at);
      case "load_state_dict":
        return this.load(d);
      case "add_module":
        return this.addModule(d.at, d.name, d.node);
      case "hook":
        return this.hookThenForward(d.at, d.hook);
      case "trs_then_forward":
        return this.trsThenForward(d.at, d.value, d.input);
      case "eval_then_add":
        this.steps.push({ op: "eval", path: this.target(d.evalAt)[0] });
        return this.addModule(d.at, d.name, d.node);
      case "dropout_edge":
        return this.dropoutEdge(d.at, d.seed, d.draw, d.input);
      case "remove_hook":
        return this.removeHook(d.pick);
    }
  }
}

export function resolveCase(draft: CaseDraft, id = "generated"): Case {
  const flat: FlatTree = flattenTree(draft.ctx, draft.tree, draft.detached, draft.shares);
  const resolver = new Resolver(new TreeModel(flat.nodes, flat.root), draft.ctx, flat.detached);
  for (const s of draft.steps) resolver.step(s);
  return { schema: 1, id, nodes: flat.nodes, root: flat.root, steps: resolver.steps };
}
