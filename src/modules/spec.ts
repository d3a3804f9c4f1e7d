// What the judge knows about one module type, in the spirit of PyTorch's ModuleInfo
// (torch/testing/_internal/common_modules.py): the constructor's signature as inspect.signature gives it, the
// inputs it is meant for, its state, whether train and eval differ, the feature tags it stands for and how the
// generator drafts it. Plain data over the case contract's types: reading it loads no port code.
import type { ModuleType, Node, PyValue } from "../case/types.generated.ts";

/** inspect.Parameter.kind, by Python's own names. */
export type ParamKind = "POSITIONAL_OR_KEYWORD" | "KEYWORD_ONLY" | "VAR_POSITIONAL" | "VAR_KEYWORD";

export interface Param {
  name: string;
  kind: ParamKind;
  /** Absent: required (or *args / **kwargs). In the wire's Python values (1e-5 a float, true a bool, null None). */
  default?: PyValue;
}

export type NormFamily = "BatchNorm" | "InstanceNorm";

/** How the generator drafts a module of this type (src/arbitraries/leaves.ts); "container": trees.ts makes it. */
export type LeafDraftKind = "norm" | "dropout" | "rrelu" | "simple" | "container";

export interface ModuleSpec {
  type: ModuleType;
  /** cls.__module__ + "." + cls.__qualname__ as the oracle runs it (the oracle's own classes live in __main__). */
  pyPath: string;
  /** cls.__init__.__qualname__: the callee CPython names in a constructor's TypeError. */
  init: string;
  /** inspect.signature(cls.__init__) without self. */
  params: readonly Param[];
  /** The input ranks a forward is meant for, the usual one first; null: any rank (or, for a container, its children's). */
  inputRanks: readonly number[] | null;
  /** Every parameter and buffer name it registers (None ones included): the state_dict keys it may have. */
  stateKeys: readonly string[];
  /** Its public instance attributes besides `training` (what setattr and add_module's shadowing see). */
  attributes: readonly string[];
  /** ModuleInfo.train_and_eval_differ: does a forward depend on the training flag? */
  trainEvalDiffer: boolean;
  /** Does a forward in training draw from torch's default generator (a random mask or slope)? */
  random: boolean;
  /** Feature tags every node of this type adds (src/conformance/tags.ts adds the ones its arguments decide). */
  tags: readonly string[];
  leaf: LeafDraftKind;
  /** BatchNorm/InstanceNorm and their lazy forms: family, lazy, spatial dims. */
  norm?: { family: NormFamily; lazy: boolean; dim: 1 | 2 | 3 };
}

// The generator, the tags and the profiles bind arguments for every node of every case: the names are worked out once.
const positional = new WeakMap<ModuleSpec, readonly string[]>();

/** The names that bind positionally, in order (one array per spec: read it, never change it). */
export const positionalNames = (spec: ModuleSpec): readonly string[] => {
  let names = positional.get(spec);
  if (names === undefined) positional.set(spec, (names = spec.params.filter((p) => p.kind === "POSITIONAL_OR_KEYWORD").map((p) => p.name)));
  return names;
};

/** The names that bind only by keyword. */
export const keywordOnlyNames = (spec: ModuleSpec): string[] => spec.params.filter((p) => p.kind === "KEYWORD_ONLY").map((p) => p.name);

/** A parameter's default (undefined: required or absent). */
export const defaultOf = (spec: ModuleSpec, name: string): PyValue | undefined => spec.params.find((p) => p.name === name)?.default;

/**
 * The value parameter `name` is bound to: a keyword of that name, else the positional argument at its place (a
 * keyword wins over a positional of the same name, where Python would raise), else its default (undefined: neither).
 */
export function boundArg(spec: ModuleSpec, node: Node, name: string): PyValue | undefined {
  if (node.kwargs !== undefined && Object.hasOwn(node.kwargs, name)) return node.kwargs[name];
  const at = positionalNames(spec).indexOf(name);
  return at >= 0 && node.args !== undefined && at < node.args.length ? node.args[at] : defaultOf(spec, name);
}
