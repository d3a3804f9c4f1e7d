// Programs in the model-based style: abstract step drafts whose targets are indices, resolved against the tree
// as it stands at that step (see resolve.ts). Drafts shrink independently of the tree they end up aimed at.
import fc from "fast-check";
import type { PyValue } from "../case/index.ts";
import { type TensorSpec, tensorSpec } from "./tensors.ts";
import { type SetattrName, SLOT_NAMES, seed, setattrValues, trainMode } from "./values.ts";

export type Mismatch = "none" | "rank" | "channels" | "dtype" | "int64";

/** A forward's input relative to what the target module needs. */
export interface InputDraft {
  /** Rarely, a longer input (up to MAX_LONG_INPUT_ELEMENTS): kernels' vectorised and blocked paths. */
  long: boolean;
  batch: number;
  spatial: number[];
  /** Picks among the accepted ranks (or, for a rank mismatch, among the others). */
  rankPick: number;
  mismatch: Mismatch;
  values: TensorSpec;
}

export interface PutDraft {
  key: "existing" | "unexpected" | "counter";
  keyPick: number;
  shape: "same" | "wrong";
  values: TensorSpec;
  /** The value a num_batches_tracked entry gets (-1 and the int64 extremes included). */
  counter: bigint;
}

/** Module targets: an index into named_modules() at that step (0 = the root). */
const target = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat(40) });

/** Where a hook goes: the register_* method (or global function) it is registered with. */
export type HookKind = "forward_pre" | "forward" | "module_forward_pre" | "module_forward" | "state_dict_post" | "load_state_dict_pre" | "load_state_dict_post";

/** A hook's behaviour; on the state_dict kinds, which cannot scale, "scale" records. */
export interface HookDraft {
  kind: HookKind;
  does: "record" | "scale" | "raise";
  factor: number;
  error: "RuntimeError" | "ValueError" | "TypeError";
  prepend: boolean;
  withKwargs: boolean;
  alwaysCall: boolean;
  /** Aimed at a module the tree holds more than once, when there is one (a hook called twice in one forward). */
  onShared: boolean;
  /** A forward through the root right after the registration (what a hook is registered for), or none. */
  then: InputDraft | null;
}

export type StepDraft =
  | { op: "manual_seed"; seed: number }
  | { op: "train"; at: number; mode: PyValue | undefined }
  | { op: "eval"; at: number }
  | { op: "setattr"; at: number; name: SetattrName; value: PyValue }
  | { op: "forward"; at: number; input: InputDraft }
  /** Several forwards of fresh batches at one target: momentum=None and counters over many batches. */
  | { op: "burst"; at: number; count: number; input: InputDraft }
  | { op: "state_dict"; at: number }
  | { op: "load_state_dict"; at: number; from: number | null; remove: number[]; put: PutDraft[]; version: "absent" | "keep" | "none" | number; strict: boolean }
  | { op: "reset_running_stats"; at: number }
  | { op: "reset_parameters"; at: number }
  | { op: "add_module"; at: number; name: string; node: number }
  | { op: "hook"; at: number; hook: HookDraft }
  /**
   * track_running_stats written on a norm module (picked among them, when the tree has one), then a forward through
   * it: the write matters only to the next forward, and met by chance it is rare (a norm target, then a forward).
   */
  | { op: "trs_then_forward"; at: number; value: PyValue; input: InputDraft }
  /** eval() then add_module: the added module keeps its own training flag under an evaluating parent. */
  | { op: "eval_then_add"; at: number; evalAt: number; name: string; node: number }
  /**
   * manual_seed, then p written on a dropout module (picked among them) so that 1 - p equals the uniform its forward
   * draws for element `draw`, then that forward: the element sits on the keep/drop boundary (kept when u < 1 - p).
   */
  | { op: "dropout_edge"; at: number; seed: number; draw: number; input: InputDraft }
  /** Removes the handle of an earlier registration, picked among them. */
  | { op: "remove_hook"; pick: number };

const weighted = <T>(...pairs: [number, fc.Arbitrary<T>][]) => fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));

const mismatch = weighted<Mismatch>([24, fc.constant("none")], [1, fc.constant("rank")], [1, fc.constant("channels")], [1, fc.constant("dtype")], [1, fc.constant("int64")]);

const shortInput = {
  long: fc.constant(false),
  batch: weighted([6, fc.integer({ min: 2, max: 4 })], [2, fc.constant(1)], [1, fc.constant(0)]),
  spatial: fc.array(fc.constantFrom(1, 2, 2, 3), { minLength: 3, maxLength: 3 }),
};
const longInput = {
  long: fc.constant(true),
  batch: fc.constantFrom(2, 5, 8, 17),
  spatial: fc.array(fc.constantFrom(1, 5, 8, 9, 16, 17, 33), { minLength: 3, maxLength: 3 }),
};

const inputSize = weighted<Pick<InputDraft, "long" | "batch" | "spatial">>([14, fc.record(shortInput)], [1, fc.record(longInput)]);

export const inputDraft: fc.Arbitrary<InputDraft> = fc
  .record({ size: inputSize, rankPick: fc.nat(3), mismatch, values: tensorSpec })
  .map(({ size, ...rest }) => ({ ...size, ...rest }));

const setattr = fc.oneof(
  ...(
    [
      ["training", 3],
      ["track_running_stats", 2],
      ["momentum", 2],
      ["p", 2],
      ["eps", 1],
      ["inplace", 1],
      ["lower", 1],
      ["upper", 1],
      ...SLOT_NAMES.map((slot): [SetattrName, number] => [slot, 1]),
    ] as [SetattrName, number][]
  ).map(([name, weight]) => ({
    weight,
    arbitrary: fc.record({ op: fc.constant<"setattr">("setattr"), at: target, name: fc.constant(name), value: setattrValues[name] }),
  })),
);

const putDraft: fc.Arbitrary<PutDraft> = fc.record({
  key: fc.constantFrom<PutDraft["key"]>("existing", "existing", "counter", "unexpected"),
  keyPick: fc.nat(20),
  shape: weighted<PutDraft["shape"]>([5, fc.constant("same")], [1, fc.constant("wrong")]),
  values: tensorSpec,
  counter: fc.constantFrom(3n, 0n, -1n, 1n, 2n ** 63n - 1n, -(2n ** 63n)),
});

const loadStateDict = fc.record({
  op: fc.constant<"load_state_dict">("load_state_dict"),
  at: target,
  from: weighted<number | null>([8, fc.nat(8)], [1, fc.constant(null)]),
  remove: weighted<number[]>([3, fc.constant([])], [1, fc.array(fc.nat(20), { minLength: 1, maxLength: 2 })]),
  put: weighted<PutDraft[]>([3, fc.constant([])], [1, fc.array(putDraft, { minLength: 1, maxLength: 2 })]),
  version: weighted<"absent" | "keep" | "none" | number>([6, fc.constant("absent")], [1, fc.constantFrom<"keep" | "none">("keep", "none")], [2, fc.constantFrom(1, 2)]),
  strict: weighted([4, fc.constant(true)], [1, fc.constant(false)]),
});

const hookDraft: fc.Arbitrary<HookDraft> = fc.record({
  kind: weighted<HookKind>(
    [4, fc.constant("forward")],
    [3, fc.constant("forward_pre")],
    [3, fc.constantFrom("module_forward", "module_forward_pre")],
    [2, fc.constantFrom("state_dict_post", "load_state_dict_pre", "load_state_dict_post")],
  ),
  does: weighted<HookDraft["does"]>([4, fc.constant("record")], [3, fc.constant("scale")], [2, fc.constant("raise")]),
  factor: fc.constantFrom(2, 0.5, -1, 3, 1e-3, 1.5),
  error: fc.constantFrom<HookDraft["error"]>("RuntimeError", "ValueError", "TypeError"),
  prepend: weighted([3, fc.constant(false)], [1, fc.constant(true)]),
  withKwargs: weighted([4, fc.constant(false)], [1, fc.constant(true)]),
  alwaysCall: weighted([2, fc.constant(false)], [1, fc.constant(true)]),
  onShared: weighted([1, fc.constant(false)], [1, fc.constant(true)]),
  then: weighted<InputDraft | null>([1, fc.constant(null)], [2, inputDraft]),
});

/** Names for add_module: fresh, existing child names, and the invalid ones (dotted, empty, an attribute). */
const moduleName = fc.constantFrom("extra", "extra", "0", "1", "a", "x.y", "", "weight", "training");

const HOOK_OPS = ["register_forward_pre_hook", "register_forward_hook", "register_module_forward_pre_hook", "register_module_forward_hook", "register_state_dict_post_hook", "register_load_state_dict_pre_hook", "register_load_state_dict_post_hook"];

/** The step kinds the generator picks from, with the schema ops each can make. */
export const STEP_KINDS: readonly { weight: number; arbitrary: fc.Arbitrary<StepDraft>; types: readonly string[] }[] = [
  { weight: 8, arbitrary: fc.record({ op: fc.constant("forward" as const), at: target, input: inputDraft }), types: ["forward"] },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("burst" as const), at: target, count: fc.integer({ min: 2, max: 6 }), input: inputDraft }), types: ["forward"] },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("train" as const), at: target, mode: weighted<PyValue | undefined>([1, fc.constant(undefined)], [3, trainMode]) }), types: ["train"] },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("eval" as const), at: target }), types: ["eval"] },
  { weight: 3, arbitrary: setattr, types: ["setattr"] },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("state_dict" as const), at: target }), types: ["state_dict"] },
  { weight: 2, arbitrary: loadStateDict, types: ["load_state_dict"] },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("reset_running_stats" as const, "reset_parameters" as const), at: target }), types: ["reset_running_stats", "reset_parameters"] },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("add_module" as const), at: target, name: moduleName, node: fc.nat(20) }), types: ["add_module"] },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("trs_then_forward" as const), at: target, value: setattrValues.track_running_stats, input: inputDraft }), types: ["setattr", "forward"] },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("eval_then_add" as const), at: target, evalAt: target, name: moduleName, node: fc.nat(20) }), types: ["eval", "add_module"] },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("dropout_edge" as const), at: target, seed, draw: fc.nat(3), input: inputDraft }), types: ["manual_seed", "setattr", "forward"] },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("manual_seed" as const), seed }), types: ["manual_seed"] },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("hook" as const), at: target, hook: hookDraft }), types: HOOK_OPS },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("remove_hook" as const), pick: fc.nat(8) }), types: ["remove_hook"] },
];

export const stepDraftOf = (kinds: readonly { weight: number; arbitrary: fc.Arbitrary<StepDraft> }[]): fc.Arbitrary<StepDraft> => fc.oneof(...kinds.map(({ weight, arbitrary }) => ({ weight, arbitrary })));

export const stepDraft: fc.Arbitrary<StepDraft> = stepDraftOf(STEP_KINDS);

export const MAX_STEP_DRAFTS = 8;

export const programDraftOf = (step: fc.Arbitrary<StepDraft>): fc.Arbitrary<StepDraft[]> => fc.array(step, { minLength: 1, maxLength: MAX_STEP_DRAFTS });

export const programDraft: fc.Arbitrary<StepDraft[]> = programDraftOf(stepDraft);
