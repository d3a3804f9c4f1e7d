// Module trees: fc.letrec over containers and leaves (bounded depth and width), then sharing (one node id under two
// parents) and detached nodes (built up front, attached later by add_module steps), flattened into schema nodes.
import fc from "fast-check";
import type { Node, NodeId } from "../case/index.ts";
import { type LeafDraft, leafDraft, leafNode, type TreeContext } from "./leaves.ts";
import type { ContainerType } from "../modules/index.ts";

export const MAX_DEPTH = 3;
export const MAX_WIDTH = 3;
/** Trees are cut (children dropped) beyond this many nodes, to keep cases small. */
export const MAX_NODES = 14;

export type Naming = "index" | "letters" | "duplicate";

export type TreeDraft = { leaf: LeafDraft } | { container: ContainerType; naming: Naming; children: TreeDraft[] };

/** Replace the child in slot `slot` (pre-order over all child slots) by the node at pre-order index `source`. */
export interface ShareDraft {
  slot: number;
  source: number;
}

/** The containers the generator picks from: weighted groups of types (a type listed twice is picked twice as often). */
const CONTAINER_CHOICES: readonly { weight: number; types: readonly ContainerType[] }[] = [
  { weight: 8, types: ["Sequential", "Chain", "FrozenBN", "Sequential"] },
  { weight: 1, types: ["ModuleList", "ModuleDict"] },
];

/** The container choices narrowed to the `allowed` types (all when undefined); none left: trees are single leaves. */
function containerTypeOf(allowed: readonly string[] | undefined): fc.Arbitrary<ContainerType> | undefined {
  const choices = CONTAINER_CHOICES.map(({ weight, types }) => ({ weight, types: allowed === undefined ? types : types.filter((t) => allowed.includes(t)) })).filter((c) => c.types.length > 0);
  return choices.length === 0 ? undefined : fc.oneof(...choices.map(({ weight, types }) => ({ weight, arbitrary: fc.constantFrom(...types) })));
}

const naming = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Naming>("index") },
  { weight: 3, arbitrary: fc.constant<Naming>("letters") },
  { weight: 1, arbitrary: fc.constant<Naming>("duplicate") },
);

/** Trees of `leaf` drafts under the containers in `containers` (all when undefined). */
export function treeDraftOf(leaf: fc.Arbitrary<LeafDraft>, containers?: readonly string[]): fc.Arbitrary<TreeDraft> {
  const containerType = containerTypeOf(containers);
  if (containerType === undefined) return leaf.map((l): TreeDraft => ({ leaf: l }));
  return fc.letrec<{ tree: TreeDraft; leaf: TreeDraft; container: TreeDraft }>((tie) => ({
    tree: fc.oneof({ maxDepth: MAX_DEPTH, depthSize: "small", withCrossShrink: true }, { weight: 2, arbitrary: tie("leaf") }, { weight: 3, arbitrary: tie("container") }),
    leaf: leaf.map((l) => ({ leaf: l })),
    container: fc.record({ container: containerType, naming, children: fc.oneof({ weight: 12, arbitrary: fc.array(tie("tree"), { minLength: 1, maxLength: MAX_WIDTH }) }, { weight: 1, arbitrary: fc.constant<TreeDraft[]>([]) }) }),
  })).tree;
}

export const treeDraft: fc.Arbitrary<TreeDraft> = treeDraftOf(leafDraft);

export const shareDrafts: fc.Arbitrary<ShareDraft[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<ShareDraft[]>([]) },
  { weight: 1, arbitrary: fc.array(fc.record({ slot: fc.nat(30), source: fc.nat(30) }), { minLength: 1, maxLength: 2 }) },
);

const childName = (naming: Naming, i: number) => (naming === "index" ? String(i) : naming === "letters" ? "abcdefgh"[i]! : i === 0 ? "a" : "abcdefgh"[i - 1]!);

export interface FlatTree {
  nodes: Record<NodeId, Node>;
  root: NodeId;
  /** Ids of the detached nodes' roots (not reachable from root). */
  detached: NodeId[];
}

/** Flatten into schema nodes: ids n0, n1, ... in pre-order, detached trees as d0.., shares applied. */
export function flattenTree(ctx: TreeContext, root: TreeDraft, extras: TreeDraft[], shares: ShareDraft[]): FlatTree {
  const nodes: Record<NodeId, Node> = {};
  const order: NodeId[] = [];
  let count = 0;
  const add = (draft: TreeDraft, prefix: string): NodeId => {
    const id = `${prefix}${order.filter((o) => o.startsWith(prefix)).length}`;
    order.push(id);
    count++;
    if ("leaf" in draft) {
      nodes[id] = leafNode(draft.leaf, ctx);
      return id;
    }
    const node: Node = { type: draft.container };
    nodes[id] = node;
    const children: [string, NodeId][] = [];
    draft.children.forEach((c, i) => count < MAX_NODES && children.push([childName(draft.naming, i), add(c, prefix)]));
    if (children.length > 0) node.children = children;
    return id;
  };
  const rootId = add(root, "n");
  const detached = extras.map((e) => add(e, "d"));
  applyShares(nodes, rootId, order.filter((id) => id.startsWith("n")), shares);
  // drop what sharing cut off (a shared node replaced a whole subtree)
  const keep = new Set<NodeId>();
  const mark = (id: NodeId) => {
    if (keep.has(id)) return;
    keep.add(id);
    for (const [, c] of nodes[id]!.children ?? []) mark(c);
  };
  [rootId, ...detached].forEach(mark);
  for (const id of Object.keys(nodes)) if (!keep.has(id)) delete nodes[id];
  return { nodes, root: rootId, detached };
}

function applyShares(nodes: Record<NodeId, Node>, root: NodeId, ids: NodeId[], shares: ShareDraft[]): void {
  const reaches = (from: NodeId, target: NodeId): boolean => from === target || (nodes[from]!.children ?? []).some(([, c]) => reaches(c, target));
  for (const { slot, source } of shares) {
    const slots: [Node, number][] = [];
    const seen = new Set<NodeId>();
    const visit = (id: NodeId) => {
      if (seen.has(id)) return;
      seen.add(id);
      (nodes[id]!.children ?? []).forEach(([, c], i) => {
        slots.push([nodes[id]!, i]);
        visit(c);
      });
    };
    visit(root);
    const live = ids.filter((id) => seen.has(id));
    if (slots.length === 0 || live.length === 0) return;
    const [parent, index] = slots[slot % slots.length]!;
    const src = live[source % live.length]!;
    const parentId = live.find((id) => nodes[id] === parent)!;
    const current = parent.children![index]![1];
    // no cycles (src must not contain the parent) and no self-replacement
    if (reaches(src, parentId) || src === current) continue;
    parent.children![index] = [parent.children![index]![0], src];
  }
}
