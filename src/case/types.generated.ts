/* Generated from src/case/case-v1.schema.json by `npm run gen:types`. Do not edit. */

/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "SchemaVersion".
 */
export type SchemaVersion = 1;
/**
 * A Python value with its type kept (see the top-level description).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "PyValue".
 */
export type PyValue =
  | null
  | boolean
  | string
  | number
  | PyFloat
  | PyValue[]
  | {
      [k: string]: PyValue;
    };
/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "DType".
 */
export type DType = "float32" | "float64" | "int64";
/**
 * A dotted module path from the root, as in get_submodule(); the empty string is the root.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Path".
 */
export type Path = string;
/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "NodeId".
 */
export type NodeId = string;
/**
 * Chain: a plain nn.Module whose forward runs its children() (deduplicated) in order. FrozenBN: a Chain whose train(mode) calls super().train(mode) and then puts every _BatchNorm among its modules() into eval.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "ModuleType".
 */
export type ModuleType =
  | "Sequential"
  | "ModuleList"
  | "ModuleDict"
  | "Chain"
  | "FrozenBN"
  | "Identity"
  | "Dropout"
  | "Dropout1d"
  | "Dropout2d"
  | "Dropout3d"
  | "AlphaDropout"
  | "FeatureAlphaDropout"
  | "BatchNorm1d"
  | "BatchNorm2d"
  | "BatchNorm3d"
  | "InstanceNorm1d"
  | "InstanceNorm2d"
  | "InstanceNorm3d"
  | "LazyBatchNorm1d"
  | "LazyBatchNorm2d"
  | "LazyBatchNorm3d"
  | "LazyInstanceNorm1d"
  | "LazyInstanceNorm2d"
  | "LazyInstanceNorm3d"
  | "RReLU";
/**
 * One module. args/kwargs go to the constructor as given (invalid ones included: the constructor's error is the result). dtype, when set, is passed as the dtype= factory keyword; kwargs may name dtype too, with a PyValue (a string such as "float64" is no torch.dtype: PyTorch's TypeError is the result, and with the node's dtype set as well, Python's duplicate-keyword TypeError). children are added in order with add_module(name, node) right after construction; a node id may appear under several parents (shared submodule). For BatchNorm and InstanceNorm an integer num_features (first positional argument or keyword) is at most 262,144 (x-limit num_features).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Node".
 */
export type Node = {
  [k: string]: unknown | undefined;
} & {
  type: ModuleType;
  /**
   * @maxItems 8
   */
  args?: PyValue[];
  kwargs?: {
    [k: string]: PyValue;
  };
  dtype?: "float32" | "float64";
  /**
   * @maxItems 32
   */
  children?: [string, NodeId][];
};
/**
 * One program step, selected by its op (the discriminator: a step is validated against the one kind whose op it names). Steps run in order; an error in one step is recorded and the program goes on. Hooks act only inside a step: while the oracle takes a snapshot or builds a load_state_dict's sd, every hook is inert (it is called as PyTorch calls it, but records nothing, returns None and raises nothing).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Step".
 */
export type Step =
  | ManualSeedStep
  | TrainStep
  | EvalStep
  | SetAttrStep
  | ForwardStep
  | StateDictStep
  | LoadStateDictStep
  | ResetRunningStatsStep
  | ResetParametersStep
  | AddModuleStep
  | RegisterForwardPreHookStep
  | RegisterForwardHookStep
  | RegisterModuleForwardPreHookStep
  | RegisterModuleForwardHookStep
  | RegisterStateDictPostHookStep
  | RegisterLoadStateDictPreHookStep
  | RegisterLoadStateDictPostHookStep
  | RemoveHookStep;
/**
 * What a forward or forward pre-hook does: an allow-list of behaviours, never code.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "ForwardHook".
 */
export type ForwardHook = RecordHook | ScaleHook | RaiseHook;
/**
 * A hook's label in the hook log.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "HookName".
 */
export type HookName = string;
/**
 * What a state_dict post-hook or a load_state_dict pre- or post-hook does: an allow-list of behaviours, never code.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "StateHook".
 */
export type StateHook = RecordHook | RaiseHook;
/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "NamedTensors".
 */
export type NamedTensors = [string, Tensor][];
/**
 * One line on the worker's stdout per request line (blank lines are skipped, see Request), in request order. A request that cannot be run (bad JSON, schema violation, wrong schema version, inconsistent tensor, oversized tensor, cycle, unknown node) gets type "rejected" with a code, a message naming what was wrong and a JSON pointer to where; id is null when it could not be read. A request over one of the limits gets code "limit", a message naming the limit and the bound, and a pointer to the value over it. A case that runs longer than the worker's time limit gets "timeout".
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Response".
 */
export type Response =
  | {
      type: "result";
      id: string;
      result: Result;
    }
  | {
      type: "rejected";
      id: string | null;
      code:
        | "bad_json"
        | "schema_violation"
        | "schema_version"
        | "bad_tensor"
        | "tensor_too_large"
        | "bad_tree"
        | "bad_reference"
        | "internal"
        | "limit"
        | "timeout";
      message: string;
      /**
       * JSON pointer into the request, e.g. /case/steps/3/input/data
       */
      where: string;
    }
  | {
      type: "unsupported";
      id: string;
      /**
       * Short name of what the port lacks, e.g. "BatchNorm3d", "float64", "hooks"
       */
      feature: string;
      reason: string;
    };

/**
 * The one contract between the oracle (real PyTorch) and any port. A Case is a module tree plus a program of steps; a Result is what running it produced. Wire messages of the oracle protocol are defined here too. Python values that must keep their Python type travel as PyValue: a JSON integer literal is a Python int, a non-integral JSON number is a float, {"$float": x} is a float that is integral or special (x a number or one of "nan", "inf", "-inf", "-0"), any other object is a dict. Version 1 grew hooks compatibly: register_* and remove_hook steps and a result's per-step hook log are additions, so every case and result valid before stays valid and unchanged.
 */
export interface SchemaRoot {
  SchemaVersion?: SchemaVersion;
  PyValue?: PyValue;
  PyFloat?: PyFloat;
  DType?: DType;
  Tensor?: Tensor;
  Path?: Path;
  NodeId?: NodeId;
  ModuleType?: ModuleType;
  Node?: Node;
  Step?: Step;
  ManualSeedStep?: ManualSeedStep;
  TrainStep?: TrainStep;
  EvalStep?: EvalStep;
  SetAttrStep?: SetAttrStep;
  ForwardStep?: ForwardStep;
  StateDictStep?: StateDictStep;
  LoadStateDictStep?: LoadStateDictStep;
  ResetRunningStatsStep?: ResetRunningStatsStep;
  ResetParametersStep?: ResetParametersStep;
  AddModuleStep?: AddModuleStep;
  HookName?: HookName;
  RecordHook?: RecordHook;
  ScaleHook?: ScaleHook;
  RaiseHook?: RaiseHook;
  ForwardHook?: ForwardHook;
  StateHook?: StateHook;
  RegisterForwardPreHookStep?: RegisterForwardPreHookStep;
  RegisterForwardHookStep?: RegisterForwardHookStep;
  RegisterModuleForwardPreHookStep?: RegisterModuleForwardPreHookStep;
  RegisterModuleForwardHookStep?: RegisterModuleForwardHookStep;
  RegisterStateDictPostHookStep?: RegisterStateDictPostHookStep;
  RegisterLoadStateDictPreHookStep?: RegisterLoadStateDictPreHookStep;
  RegisterLoadStateDictPostHookStep?: RegisterLoadStateDictPostHookStep;
  RemoveHookStep?: RemoveHookStep;
  HookCall?: HookCall;
  Case?: Case;
  PyError?: PyError;
  Warning?: Warning;
  Snapshot?: Snapshot;
  NamedTensors?: NamedTensors;
  StepValue?: StepValue;
  StepResult?: StepResult;
  Result?: Result;
  Request?: Request;
  Capabilities?: Capabilities;
  Handshake?: Handshake;
  Response?: Response;
}
/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "PyFloat".
 */
export interface PyFloat {
  $float: number | ("nan" | "inf" | "-inf" | "-0");
}
/**
 * A dense contiguous tensor. data is the base64 of its elements' little-endian bytes in row-major order, so every IEEE bit pattern (NaN payloads, -0, inf, subnormals) survives. A 0-dim tensor has shape [] and one element. At most 1,048,576 elements (larger: tensor_too_large); data must hold exactly prod(shape) elements (else bad_tensor).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Tensor".
 */
export interface Tensor {
  dtype: DType;
  /**
   * @maxItems 6
   */
  shape: number[];
  data: string;
  /**
   * Set only on an uninitialized lazy parameter or buffer (UninitializedParameter/UninitializedBuffer): then shape is [] and data is empty; dtype is the one it will take.
   */
  lazy?: true;
}
/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "ManualSeedStep".
 */
export interface ManualSeedStep {
  op: "manual_seed";
  seed: number;
}
/**
 * module.train(mode), or module.train() when mode is absent. Any PyValue may be passed: non-bools reach PyTorch and get its error.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "TrainStep".
 */
export interface TrainStep {
  op: "train";
  path: Path;
  mode?: PyValue;
}
/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "EvalStep".
 */
export interface EvalStep {
  op: "eval";
  path: Path;
}
/**
 * An attribute write with a plain value: setattr(module, name, value). On a parameter, buffer or child slot (weight, bias, running_mean, running_var, num_batches_tracked) only None is accepted, as Module.__setattr__ rules.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "SetAttrStep".
 */
export interface SetAttrStep {
  op: "setattr";
  path: Path;
  name:
    | "training"
    | "track_running_stats"
    | "momentum"
    | "p"
    | "eps"
    | "inplace"
    | "lower"
    | "upper"
    | "weight"
    | "bias"
    | "running_mean"
    | "running_var"
    | "num_batches_tracked";
  value: PyValue;
}
/**
 * output = module(input). The input is a fresh tensor made from the given data.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "ForwardStep".
 */
export interface ForwardStep {
  op: "forward";
  path: Path;
  input: Tensor;
}
/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "StateDictStep".
 */
export interface StateDictStep {
  op: "state_dict";
  path: Path;
}
/**
 * module.load_state_dict(sd, strict). sd starts as a new OrderedDict holding the very tensors (not copies: PyTorch's state_dict() returns detached references that later in-place updates change) of the state_dict returned by the earlier state_dict step at index `from` (or empty when from is absent; referring to a step that is not an earlier successful state_dict step is a malformed case), then keys in `remove` are deleted, then `put` entries are set (replacing in place or appending), then its _metadata is: kept from the base (`version` absent or "keep"), removed ("none"), or replaced by {prefix: {"version": v}} for every module prefix of the base (an integer v).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "LoadStateDictStep".
 */
export interface LoadStateDictStep {
  op: "load_state_dict";
  path: Path;
  strict?: boolean;
  from?: number;
  /**
   * @maxItems 64
   */
  remove?: string[];
  /**
   * @maxItems 64
   */
  put?: [string, Tensor][];
  version?: ("keep" | "none") | number;
}
/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "ResetRunningStatsStep".
 */
export interface ResetRunningStatsStep {
  op: "reset_running_stats";
  path: Path;
}
/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "ResetParametersStep".
 */
export interface ResetParametersStep {
  op: "reset_parameters";
  path: Path;
}
/**
 * module.add_module(name, node) after construction; node is built up front with the rest of the tree. An add_module that succeeds and leaves node its own descendant (node contains the module at path, or is it) makes the case malformed (bad_tree): PyTorch accepts it, but every later recursion over the tree raises a RecursionError.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "AddModuleStep".
 */
export interface AddModuleStep {
  op: "add_module";
  path: Path;
  name: string;
  node: NodeId;
}
/**
 * module.register_forward_pre_hook(hook, prepend=, with_kwargs=).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "RegisterForwardPreHookStep".
 */
export interface RegisterForwardPreHookStep {
  op: "register_forward_pre_hook";
  path: Path;
  hook: ForwardHook;
  prepend?: boolean;
  with_kwargs?: boolean;
}
/**
 * Records its call (every hook does) and returns None.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "RecordHook".
 */
export interface RecordHook {
  name: HookName;
  does: "record";
}
/**
 * A forward pre-hook returns a scaled copy of its input (args[0] * factor; with with_kwargs, the pair ((args[0] * factor,), kwargs)); a forward hook returns a scaled copy of the output (output * factor). factor is used as a Python float, so an int64 tensor scales to float32.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "ScaleHook".
 */
export interface ScaleHook {
  name: HookName;
  does: "scale";
  factor: number;
}
/**
 * Raises error(message).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "RaiseHook".
 */
export interface RaiseHook {
  name: HookName;
  does: "raise";
  error: "RuntimeError" | "ValueError" | "TypeError";
  message: string;
}
/**
 * module.register_forward_hook(hook, prepend=, with_kwargs=, always_call=).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "RegisterForwardHookStep".
 */
export interface RegisterForwardHookStep {
  op: "register_forward_hook";
  path: Path;
  hook: ForwardHook;
  prepend?: boolean;
  with_kwargs?: boolean;
  always_call?: boolean;
}
/**
 * torch.nn.modules.module.register_module_forward_pre_hook(hook): a global hook, run before every module's own pre-hooks. Global hooks last until removed or until the case ends.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "RegisterModuleForwardPreHookStep".
 */
export interface RegisterModuleForwardPreHookStep {
  op: "register_module_forward_pre_hook";
  hook: ForwardHook;
}
/**
 * torch.nn.modules.module.register_module_forward_hook(hook, with_kwargs=, always_call=): a global hook, run before every module's own forward hooks. Global hooks last until removed or until the case ends.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "RegisterModuleForwardHookStep".
 */
export interface RegisterModuleForwardHookStep {
  op: "register_module_forward_hook";
  hook: ForwardHook;
  with_kwargs?: boolean;
  always_call?: boolean;
}
/**
 * module.register_state_dict_post_hook(hook).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "RegisterStateDictPostHookStep".
 */
export interface RegisterStateDictPostHookStep {
  op: "register_state_dict_post_hook";
  path: Path;
  hook: StateHook;
}
/**
 * module.register_load_state_dict_pre_hook(hook).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "RegisterLoadStateDictPreHookStep".
 */
export interface RegisterLoadStateDictPreHookStep {
  op: "register_load_state_dict_pre_hook";
  path: Path;
  hook: StateHook;
}
/**
 * module.register_load_state_dict_post_hook(hook).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "RegisterLoadStateDictPostHookStep".
 */
export interface RegisterLoadStateDictPostHookStep {
  op: "register_load_state_dict_post_hook";
  path: Path;
  hook: StateHook;
}
/**
 * handle.remove() on the handle returned by the register_* step at index `handle` (referring to a step that is not an earlier register_* step is a malformed case). Removing twice is a no-op, as PyTorch's is; removing the handle of a register_* step that raised (no handle was made) does nothing.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "RemoveHookStep".
 */
export interface RemoveHookStep {
  op: "remove_hook";
  handle: number;
}
/**
 * One call of a hook, in call order. module: the called module's path (its first name in the root's named_modules(); null when it is not in the tree); training: that module's training value at the call. Forward kinds: input is the shape of args[0] as the hook got it, output the shape of the output it got (null when forward raised and an always_call hook runs without one), kwargs whether it was passed a kwargs dict. state_dict post-hook: keys, the number of entries in the destination. load_state_dict pre-hook: keys, the number of entries of the module's local state dict. load_state_dict post-hook: the number of missing and unexpected keys so far.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "HookCall".
 */
export interface HookCall {
  hook: HookName;
  module: string | null;
  training: PyValue;
  input?: number[];
  output?: number[] | null;
  kwargs?: boolean;
  keys?: number;
  missing?: number;
  unexpected?: number;
}
/**
 * Build: every node is constructed once, children before parents, starting from root (depth first, children in order), then the nodes not reachable from root in the order of `nodes`. A cycle or a reference to an unknown node is a malformed case. The first constructor error ends the case (build.error) and no step runs. Before the build, the default generator is seeded with torch.manual_seed(0), so a case never depends on the cases run before it; manual_seed steps reseed it.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Case".
 */
export interface Case {
  schema: SchemaVersion;
  id: string;
  /**
   * @maxItems 64
   */
  tags?: string[];
  nodes: {
    [k: string]: Node;
  };
  root: NodeId;
  /**
   * @maxItems 256
   */
  steps: Step[];
}
/**
 * A raised exception: type(e).__name__ and str(e).
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "PyError".
 */
export interface PyError {
  type: string;
  message: string;
}
/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Warning".
 */
export interface Warning {
  category: string;
  message: string;
}
/**
 * The state of the whole tree (from the root) after a step: named_modules() as [name, class name, training value]; named_parameters() and named_buffers() (deduplicated, as PyTorch lists them) with their values; state_dict() keys in order.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Snapshot".
 */
export interface Snapshot {
  modules: [string, string, PyValue][];
  parameters: NamedTensors;
  buffers: NamedTensors;
  stateDictKeys: string[];
}
/**
 * What the step returned, by op. forward: output, whether it is the input object itself, whether the input's bits changed. train/eval: whether it returned the module itself. state_dict: entries in order and _metadata as [prefix, version] pairs in order. load_state_dict: the missing and unexpected keys it returned.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "StepValue".
 */
export interface StepValue {
  output?: Tensor;
  sameObject?: boolean;
  inputMutated?: boolean;
  returnsSelf?: boolean;
  entries?: NamedTensors;
  metadata?: [string, number | null][];
  missing?: string[];
  unexpected?: string[];
}
/**
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "StepResult".
 */
export interface StepResult {
  error: PyError | null;
  warnings: Warning[];
  value?: StepValue;
  /**
   * The hooks called during the step, in call order; absent when none was.
   */
  hooks?: HookCall[];
  snapshot: Snapshot;
}
/**
 * What running a Case produced. build.snapshot is the tree right after construction (absent when build.error is set). steps has one entry per step, or none when the build failed.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Result".
 */
export interface Result {
  schema: SchemaVersion;
  id: string;
  build: {
    error: PyError | null;
    warnings: Warning[];
    snapshot?: Snapshot;
  };
  steps: StepResult[];
}
/**
 * One line on the worker's stdin. A line that is empty or only whitespace is no request: the worker skips it and writes nothing for it. A number literal beyond a float's range (above about 1.8e308 in magnitude) makes the line bad_json: JavaScript reads it as Infinity, Python as inf or an int no float holds.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Request".
 */
export interface Request {
  type: "run";
  id: string;
  case: Case;
}
/**
 * What a port can run. Each list present restricts cases to those whose every node type (modules), step op (ops) and tensor dtype (dtypes: node dtypes and input tensors) it names; an absent list restricts nothing. The generator then makes only such cases, and the rest of a stored corpus is not applicable to the port.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Capabilities".
 */
export interface Capabilities {
  /**
   * @maxItems 64
   */
  modules?: ModuleType[];
  /**
   * @maxItems 64
   */
  ops?: string[];
  /**
   * @maxItems 3
   */
  dtypes?: DType[];
}
/**
 * The worker's first line on stdout. PyTorch (the oracle) and torch-backed ports name their torch build (torch, gitVersion, cpuCapability, threads, python); any other port names itself (implementation, version) instead, and may declare its capabilities.
 *
 * This interface was referenced by `SchemaRoot`'s JSON-Schema
 * via the `definition` "Handshake".
 */
export interface Handshake {
  type: "handshake";
  protocol: 1;
  schema: SchemaVersion;
  /**
   * The library (or port) answering, e.g. "js-pytorch".
   */
  implementation?: string;
  /**
   * The version of that library, e.g. "0.7.2".
   */
  version?: string;
  capabilities?: Capabilities;
  torch?: string;
  gitVersion?: string;
  cpuCapability?: string;
  threads?: number;
  python?: string;
}
