// A light model of a case's module tree, enough to write programs against it: which paths exist, what input a
// forward at a node needs, which state_dict keys a node has. It reads plain Nodes, so it works for any case; it is
// only a guide for generation (PyTorch's answer is whatever the oracle says), never an expected value.
import type { DType, Node, NodeId, PyValue } from "../case/index.ts";
import { boundArg, isContainerType, moduleSpec, type NormFamily } from "../modules/index.ts";

/** What a module does to its input's requirements: accepted ranks, channel count, dtype (null: no constraint). */
export interface Needs {
  ranks: number[] | null;
  channels: number | null;
  dtype: "float32" | "float64" | null;
}

export interface NormParams {
  family: NormFamily;
  lazy: boolean;
  dim: 1 | 2 | 3;
  numFeatures: PyValue | undefined;
  eps: PyValue;
  momentum: PyValue;
  affine: PyValue;
  trackRunningStats: PyValue;
  bias: PyValue;
  dtype: "float32" | "float64";
}

/** The constructor arguments of a norm node, bound as Python binds them (defaults filled in). */
export function normParams(node: Node): NormParams | null {
  const spec = moduleSpec(node.type);
  if (spec?.norm === undefined) return null;
  const pick = (name: string) => boundArg(spec, node, name)!;
  const { family, lazy, dim } = spec.norm;
  // Spelled out: an object spread here costs more than all the rest of the binding (V8 clones it on a slow path).
  return {
    family,
    lazy,
    dim,
    numFeatures: boundArg(spec, node, "num_features"),
    eps: pick("eps"),
    momentum: pick("momentum"),
    affine: pick("affine"),
    trackRunningStats: pick("track_running_stats"),
    bias: pick("bias"),
    dtype: node.dtype ?? "float32",
  };
}

/** Python truthiness of the generated constructor values (bools, numbers, None). */
export const truthy = (v: PyValue | undefined): boolean => v !== null && v !== undefined && v !== false && v !== 0 && !(typeof v === "object" && !Array.isArray(v) && "$float" in v && (v.$float === 0 || v.$float === "-0"));

const isInt = (v: PyValue | undefined): v is number => typeof v === "number" && Number.isInteger(v);

/** A dropout node's p and inplace, bound like Dropout's __init__(p, inplace) (a positional None is a value, p=None). */
export function dropoutParams(node: Node): { p: PyValue; inplace: PyValue } | null {
  const spec = moduleSpec(node.type);
  if (spec?.leaf !== "dropout") return null;
  return { p: boundArg(spec, node, "p")!, inplace: boundArg(spec, node, "inplace")! };
}

export function leafNeeds(node: Node): Needs | null {
  const ranks = moduleSpec(node.type)?.inputRanks;
  if (ranks === null || ranks === undefined) return null;
  const norm = normParams(node);
  if (norm === null) return { ranks: [...ranks], channels: null, dtype: null };
  return { ranks: [...ranks], channels: !norm.lazy && isInt(norm.numFeatures) && norm.numFeatures >= 0 ? norm.numFeatures : null, dtype: norm.dtype };
}

/** A mutable picture of the tree: nodes, each node's children in order, the root. */
export class TreeModel {
  readonly children = new Map<NodeId, Map<string, NodeId>>();

  constructor(
    readonly nodes: Readonly<Record<NodeId, Node>>,
    readonly root: NodeId,
  ) {
    for (const [id, node] of Object.entries(nodes)) {
      const kids = new Map<string, NodeId>();
      for (const [name, child] of node.children ?? []) kids.set(name, child);
      this.children.set(id, kids);
    }
  }

  /** named_modules(): pre-order, first path wins for a shared module. */
  namedModules(): [string, NodeId][] {
    const out: [string, NodeId][] = [];
    const seen = new Set<NodeId>();
    const visit = (id: NodeId, path: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      out.push([path, id]);
      for (const [name, child] of this.children.get(id) ?? []) visit(child, path === "" ? name : `${path}.${name}`);
    };
    visit(this.root, "");
    return out;
  }

  /** Is `target` reachable from `from` (itself included)? */
  reaches(from: NodeId, target: NodeId): boolean {
    if (from === target) return true;
    return [...(this.children.get(from)?.values() ?? [])].some((c) => this.reaches(c, target));
  }

  /** named_modules() entries of the modules held more than once in the tree (twice in a parent, or by two parents). */
  sharedModules(): [string, NodeId][] {
    const holders = new Map<NodeId, number>();
    for (const [, id] of this.namedModules()) for (const child of this.children.get(id)!.values()) holders.set(child, (holders.get(child) ?? 0) + 1);
    return this.namedModules().filter(([, id]) => (holders.get(id) ?? 0) > 1);
  }

  /** named_modules() entries of the BatchNorm and InstanceNorm modules (lazy ones included). */
  normModules(): [string, NodeId][] {
    return this.namedModules().filter(([, id]) => moduleSpec(this.nodes[id]!.type)?.norm !== undefined);
  }

  reachable(): Set<NodeId> {
    return new Set(this.namedModules().map(([, id]) => id));
  }

  isContainer(id: NodeId): boolean {
    return isContainerType(this.nodes[id]!.type);
  }

  /** The input a forward at this node needs: that of the first module in forward order that constrains it. */
  needs(id: NodeId, seen = new Set<NodeId>()): Needs | null {
    if (seen.has(id)) return null;
    seen.add(id);
    const node = this.nodes[id]!;
    if (!this.isContainer(id)) return leafNeeds(node);
    for (const child of new Set(this.children.get(id)!.values())) {
      const n = this.needs(child, seen);
      if (n !== null) return n;
    }
    return null;
  }

  /** state_dict() entries of the subtree at id (not deduplicated, as PyTorch): key, shape, dtype. */
  stateEntries(id: NodeId, prefix = ""): [string, number[], DType][] {
    const out: [string, number[], DType][] = [];
    const norm = normParams(this.nodes[id]!);
    if (norm !== null && !norm.lazy && isInt(norm.numFeatures) && norm.numFeatures >= 0) {
      const shape = [norm.numFeatures];
      if (truthy(norm.affine)) {
        out.push([`${prefix}weight`, shape, norm.dtype]);
        if (truthy(norm.bias)) out.push([`${prefix}bias`, shape, norm.dtype]);
      }
      if (truthy(norm.trackRunningStats)) {
        out.push([`${prefix}running_mean`, shape, norm.dtype], [`${prefix}running_var`, shape, norm.dtype], [`${prefix}num_batches_tracked`, [], "int64"]);
      }
    }
    for (const [name, child] of this.children.get(id)!) out.push(...this.stateEntries(child, `${prefix}${name}.`));
    return out;
  }

  /** Attributes add_module must not shadow (hasattr and not a submodule), for the names generators use. */
  hasAttr(id: NodeId, name: string): boolean {
    if (name === "training") return true;
    const spec = moduleSpec(this.nodes[id]!.type);
    return spec !== undefined && (spec.stateKeys.includes(name) || spec.attributes.includes(name));
  }

  /** add_module(name, child) as PyTorch does it when it succeeds; returns false where PyTorch raises. */
  addModule(id: NodeId, name: string, child: NodeId): boolean {
    if (name === "" || name.includes(".")) return false;
    const kids = this.children.get(id)!;
    if (this.hasAttr(id, name) && !kids.has(name)) return false;
    kids.set(name, child);
    return true;
  }
}
