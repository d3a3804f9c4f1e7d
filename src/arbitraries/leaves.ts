// Leaf modules: an abstract draft per family (what the constructor gets, relative to the tree's channel count and
// spatial rank) and how it becomes a schema Node. LEAF_KINDS lists the families generated; a new family is one more
// line there.
import fc from "fast-check";
import type { ModuleType, Node, PyValue } from "../case/index.ts";
import { defaultOf, MODULES, positionalNames } from "../modules/index.ts";
import { bnEps, bnMomentum, dropoutP, pyFloat, pyInt } from "./values.ts";

/** What a whole tree agrees on, unless a leaf deliberately deviates: channels, spatial rank, parameter dtype. */
/**
 * A Python None given explicitly as an argument. In a draft, null means "argument not given" (the default applies),
 * so an explicit None (momentum=None, p=None), which is JSON null on the wire, is drafted as this marker instead.
 */
export const GIVEN_NONE: unique symbol = Symbol("None");
export type Given = PyValue | typeof GIVEN_NONE;
const given = (arb: fc.Arbitrary<PyValue>): fc.Arbitrary<Given> => arb.map((v) => (v === null ? GIVEN_NONE : v));

export interface TreeContext {
  channels: number;
  dim: 1 | 2 | 3;
  dtype: "float32" | "float64";
}

export const treeContext: fc.Arbitrary<TreeContext> = fc.record({
  channels: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(3, 2, 1, 4) }, { weight: 1, arbitrary: fc.constantFrom(8, 9, 17) }),
  dim: fc.constantFrom<1 | 2 | 3>(1, 2, 1, 3),
  dtype: fc.oneof({ weight: 5, arbitrary: fc.constant<"float32">("float32") }, { weight: 1, arbitrary: fc.constant<"float64">("float64") }),
});

export interface NormDraft {
  kind: "norm";
  family: "BatchNorm" | "InstanceNorm";
  lazy: boolean;
  /** null: the tree's rank. */
  dim: 1 | 2 | 3 | null;
  /** null: the tree's channel count; else a deliberate deviation (invalid ones included). */
  numFeatures: PyValue | null;
  eps: PyValue | null;
  momentum: Given | null;
  affine: boolean | null;
  trackRunningStats: boolean | null;
  bias: boolean | null;
  /** null: the tree's dtype. */
  dtype: "float32" | "float64" | null;
  positional: boolean;
}

export interface DropoutDraft {
  kind: "dropout";
  /** "Feature" is Dropout1d/2d/3d by the tree's rank (or dim). */
  type: "Dropout" | "Feature" | "AlphaDropout" | "FeatureAlphaDropout";
  dim: 1 | 2 | 3 | null;
  p: Given | null;
  inplace: boolean | null;
  positional: boolean;
}

export interface SimpleDraft {
  kind: "simple";
  type: "Identity";
}

/** RReLU(lower, upper, inplace). */
export interface RReLUDraft {
  kind: "rrelu";
  lower: PyValue | null;
  upper: PyValue | null;
  inplace: boolean | null;
  positional: boolean;
}

export type LeafDraft = NormDraft | DropoutDraft | SimpleDraft | RReLUDraft;

const maybe = <T>(arb: fc.Arbitrary<T>, weightNull = 1, weightValue = 1): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: weightNull, arbitrary: fc.constant(null) }, { weight: weightValue, arbitrary: arb });

const rareDim = maybe(fc.constantFrom<1 | 2 | 3>(1, 2, 3), 12, 1);

/** num_features that deviate from the tree: wrong counts, 0, and invalid ones (negative, float). */
const oddFeatures = fc.constantFrom<PyValue>(pyInt(1), pyInt(2), pyInt(5), pyInt(0), pyInt(-1), pyFloat(3));

export function normDraft(family: NormDraft["family"], lazy = false): fc.Arbitrary<LeafDraft> {
  return fc.record({
    kind: fc.constant<"norm">("norm"),
    family: fc.constant(family),
    lazy: fc.constant(lazy),
    dim: rareDim,
    numFeatures: lazy ? fc.constant(null) : maybe(oddFeatures, 14, 1),
    eps: maybe(bnEps, 2, 1),
    momentum: maybe(given(bnMomentum), 1, 2),
    affine: maybe(fc.boolean(), 2, 1),
    trackRunningStats: maybe(fc.boolean(), 2, 1),
    bias: family === "BatchNorm" && !lazy ? maybe(fc.boolean(), 4, 1) : fc.constant(null),
    dtype: maybe(fc.constantFrom<"float32" | "float64">("float32", "float64"), 8, 1),
    positional: fc.boolean(),
  });
}

export function dropoutDraft(type: DropoutDraft["type"]): fc.Arbitrary<LeafDraft> {
  return fc.record({
    kind: fc.constant<"dropout">("dropout"),
    type: fc.constant(type),
    dim: type === "Feature" ? rareDim : fc.constant(null),
    p: maybe(given(dropoutP), 1, 3),
    inplace: maybe(fc.boolean(), 3, 1),
    positional: fc.boolean(),
  });
}

export const rreluDraft: fc.Arbitrary<LeafDraft> = fc.record({
  kind: fc.constant<"rrelu">("rrelu"),
  lower: maybe(fc.constantFrom<PyValue>(0.125, 0.25, 0, pyFloat(1), 0.5), 2, 1),
  upper: maybe(fc.constantFrom<PyValue>(1 / 3, 0.5, 0.125, 0, pyFloat(1)), 2, 1),
  inplace: maybe(fc.boolean(), 3, 1),
  positional: fc.boolean(),
});

/** A leaf family the generator picks from: its weight, its arbitrary and the module types it can make. */
export interface LeafKind {
  weight: number;
  arbitrary: fc.Arbitrary<LeafDraft>;
  types: readonly ModuleType[];
}

const norms = (family: string, lazy: boolean): ModuleType[] => [1, 2, 3].map((d) => `${lazy ? "Lazy" : ""}${family}${d}d` as ModuleType);

/** The leaf families generated, with their weights. */
export const LEAF_KINDS: readonly LeafKind[] = [
  { weight: 6, arbitrary: normDraft("BatchNorm"), types: norms("BatchNorm", false) },
  { weight: 2, arbitrary: normDraft("InstanceNorm"), types: norms("InstanceNorm", false) },
  { weight: 2, arbitrary: normDraft("BatchNorm", true), types: norms("BatchNorm", true) },
  { weight: 1, arbitrary: normDraft("InstanceNorm", true), types: norms("InstanceNorm", true) },
  { weight: 1, arbitrary: rreluDraft, types: ["RReLU"] },
  { weight: 2, arbitrary: dropoutDraft("Dropout"), types: ["Dropout"] },
  { weight: 2, arbitrary: dropoutDraft("Feature"), types: ["Dropout1d", "Dropout2d", "Dropout3d"] },
  { weight: 1, arbitrary: dropoutDraft("AlphaDropout"), types: ["AlphaDropout"] },
  { weight: 1, arbitrary: dropoutDraft("FeatureAlphaDropout"), types: ["FeatureAlphaDropout"] },
  { weight: 1, arbitrary: fc.constant<LeafDraft>({ kind: "simple", type: "Identity" }), types: ["Identity"] },
];

/**
 * The entries of a table of choices that can make one of the `allowed` module types (all of them when allowed is
 * undefined): how a port's declared capabilities narrow what the generator picks from.
 */
export const kindsFor = <K extends { types: readonly string[] }>(table: readonly K[], allowed: readonly string[] | undefined): K[] =>
  allowed === undefined ? [...table] : table.filter((k) => k.types.some((t) => allowed.includes(t)));

export const leafDraftOf = (kinds: readonly LeafKind[]): fc.Arbitrary<LeafDraft> => fc.oneof(...kinds.map(({ weight, arbitrary }) => ({ weight, arbitrary })));

export const leafDraft: fc.Arbitrary<LeafDraft> = leafDraftOf(LEAF_KINDS);

/** Positional arguments up to the last one given, the rest as keywords (as a user would write the call). */
function callArgs(names: readonly string[], values: (Given | null)[], defaults: readonly PyValue[], positional: boolean): Pick<Node, "args" | "kwargs"> {
  const wire = (v: Given) => (v === GIVEN_NONE ? null : v);
  const passed = names.map((n, i) => [n, values[i] ?? null] as const);
  if (positional) {
    const last = passed.reduce((acc, [, v], i) => (v !== null ? i : acc), -1);
    const args = passed.slice(0, last + 1).map(([, v], i) => (v === null ? defaults[i]! : wire(v)));
    return args.length > 0 ? { args } : {};
  }
  const kwargs = Object.fromEntries(passed.filter(([, v]) => v !== null).map(([n, v]) => [n, wire(v!)])) as Record<string, PyValue>;
  return Object.keys(kwargs).length > 0 ? { kwargs } : {};
}

/** The positional parameters a draft fills, and the values that fill a gap before a later given one. */
function callSignature(type: Node["type"], count: number): { names: string[]; fill: PyValue[] } {
  const spec = MODULES[type];
  const names = positionalNames(spec).slice(0, count);
  return { names, fill: names.map((n) => defaultOf(spec, n)!) };
}

/**
 * Gaps in a positional norm call are filled with BatchNorm's defaults, for InstanceNorm too: a positional
 * InstanceNorm call that skips affine or track_running_stats passes True, a value other than its default.
 */
const NORM_FILL = callSignature("LazyBatchNorm1d", 4).fill;

export function leafNode(draft: LeafDraft, ctx: TreeContext): Node {
  if (draft.kind === "simple") return { type: draft.type };
  if (draft.kind === "rrelu") {
    const { names, fill } = callSignature("RReLU", 3);
    return { type: "RReLU", ...callArgs(names, [draft.lower, draft.upper, draft.inplace], fill, draft.positional) };
  }
  if (draft.kind === "dropout") {
    const type = draft.type === "Feature" ? (`Dropout${draft.dim ?? ctx.dim}d` as const) : draft.type;
    const { names, fill } = callSignature(type, 2);
    return { type, ...callArgs(names, [draft.p, draft.inplace], fill, draft.positional) };
  }
  const type = `${draft.lazy ? "Lazy" : ""}${draft.family}${draft.dim ?? ctx.dim}d` as Node["type"];
  const values: (Given | null)[] = [draft.eps, draft.momentum, draft.affine, draft.trackRunningStats];
  const defaults: PyValue[] = [...NORM_FILL];
  if (!draft.lazy) {
    values.unshift(draft.numFeatures ?? pyInt(ctx.channels));
    defaults.unshift(pyInt(ctx.channels));
  }
  const node: Node = { type, ...callArgs(callSignature(type, values.length).names, values, defaults, draft.positional) };
  if (draft.bias !== null) node.kwargs = { ...node.kwargs, bias: draft.bias };
  const dtype = draft.dtype ?? ctx.dtype;
  if (dtype === "float64") node.dtype = dtype;
  return node;
}
