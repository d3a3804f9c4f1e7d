// torch.nn.Module: the tree of submodules, parameters and buffers; train()/eval(); state_dict() and
// load_state_dict(); __call__ with forward pre-hooks and forward hooks, the module's own and the global ones; the
// state_dict and load_state_dict hooks. Mirrors torch/nn/modules/module.py (2.13).
import type { Py } from "../case/pyvalue.ts";
import { pyTypeName } from "../case/pyvalue.ts";
import { attributeError, keyError, notImplementedError, runtimeError, TorchError, typeError, valueError, warn } from "../errors.ts";
import { missingArguments } from "./pyargs.ts";
import { isLazy, Parameter, sameShape, sizeRepr, Tensor } from "../tensor/tensor.ts";
import { HookDict, RemovableHandle } from "./hooks.ts";

/** A state_dict's `_metadata` entry for one module prefix: {"version": cls._version}. */
export interface LocalMetadata {
  version?: number | null;
}

/** The OrderedDict state_dict() returns: keys in PyTorch's order, plus its `_metadata` (null: absent). */
export class StateDict extends Map<string, Tensor> {
  metadata: Map<string, LocalMetadata> | null = new Map();
}

export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** The keyword arguments a with_kwargs hook gets: forward here takes none, so always an empty dict. */
export type ForwardKwargs = Readonly<Record<string, never>>;
const NO_KWARGS: ForwardKwargs = Object.freeze({});

/** A hook added to one dict under a fresh handle: what the register_* methods without options share. */
function addHook<H>(dict: HookDict<H>, hook: H): RemovableHandle {
  const handle = new RemovableHandle([dict]);
  dict.set(handle.id, hook);
  return handle;
}

/**
 * hook(module, args) or, registered with_kwargs, hook(module, args, kwargs): a returned tensor replaces the input.
 * input is args[0], undefined when the module was called with no argument (args is the empty tuple).
 */
export type ForwardPreHook = (module: Module, input: Tensor | undefined, kwargs?: ForwardKwargs) => Tensor | undefined | void;
/**
 * hook(module, args, output) or hook(module, args, kwargs, output): a returned tensor replaces the output. output is
 * null only for an always_call hook run after forward (or an earlier hook) raised before there was one; input as a
 * pre-hook's.
 */
export type ForwardHook = (module: Module, input: Tensor | undefined, output: Tensor | null, kwargs?: ForwardKwargs) => Tensor | undefined | void;
export type StateDictPostHook = (module: Module, stateDict: StateDict, prefix: string, localMetadata: LocalMetadata) => void;
export type LoadStateDictPreHook = (stateDict: Map<string, Tensor>, prefix: string, localMetadata: LocalMetadata, strict: boolean, missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]) => void;
export type LoadStateDictPostHook = (module: Module, incompatibleKeys: IncompatibleKeys) => void;

// The global hooks of torch.nn.modules.module (register_module_forward_pre_hook, register_module_forward_hook):
// every module's call runs them before its own.
const globalForwardPreHooks = new HookDict<ForwardPreHook>();
const globalForwardHooks = new HookDict<ForwardHook>();
const globalForwardHooksWithKwargs = new Set<number>();
const globalForwardHooksAlwaysCalled = new Set<number>();

/** register_module_forward_pre_hook(hook) */
export function registerModuleForwardPreHook(hook: ForwardPreHook): RemovableHandle {
  const handle = new RemovableHandle([globalForwardPreHooks]);
  globalForwardPreHooks.set(handle.id, hook);
  return handle;
}

/** register_module_forward_hook(hook, with_kwargs=, always_call=) */
export function registerModuleForwardHook(hook: ForwardHook, { withKwargs = false, alwaysCall = false } = {}): RemovableHandle {
  // as PyTorch's: the handle forgets the with_kwargs mark (harmless: ids are never reused)
  const handle = new RemovableHandle([globalForwardHooks, globalForwardHooksAlwaysCalled]);
  globalForwardHooks.set(handle.id, hook);
  if (withKwargs) globalForwardHooksWithKwargs.add(handle.id);
  if (alwaysCall) globalForwardHooksAlwaysCalled.add(handle.id);
  return handle;
}

/** str(e) of an exception a hook raised, for the warning that silences it; anything else is a defect of the port. */
function silencedMessage(error: unknown): string {
  if (error instanceof TorchError) return error.message;
  throw error;
}

/** What a Module class declares for Python: `_version` and the attribute names its class body defines. */
export interface ModuleClass {
  readonly name: string;
  /** Module._version: saved in state_dict metadata; bumped when the saved state changes shape. */
  readonly version: number;
  /** Names that hasattr() finds on a fresh instance beyond its parent class's (dir(cls) and vars(self)). */
  readonly pyAttrs: readonly string[];
  /** forward's qualname and parameter name, for the error of a call without input (null: no forward). */
  readonly pyForward: { qualname: string; arg: string } | null;
}

// sorted(set(dir(nn.Module)) | set(vars(nn.Module()))) in torch 2.13.0: what hasattr() finds on any module.
const MODULE_ATTRS = [
  "T_destination", "__annotations__", "__call__", "__class__", "__delattr__", "__dict__", "__dir__", "__doc__", "__eq__",
  "__format__", "__ge__", "__getattr__", "__getattribute__", "__getstate__", "__gt__", "__hash__", "__init__",
  "__init_subclass__", "__le__", "__lt__", "__module__", "__ne__", "__new__", "__reduce__", "__reduce_ex__", "__repr__",
  "__setattr__", "__setstate__", "__sizeof__", "__str__", "__subclasshook__", "__weakref__", "_apply", "_backward_hooks",
  "_backward_pre_hooks", "_buffers", "_call_impl", "_compiled_call_impl", "_forward_hooks", "_forward_hooks_always_called",
  "_forward_hooks_with_kwargs", "_forward_pre_hooks", "_forward_pre_hooks_with_kwargs", "_get_backward_hooks",
  "_get_backward_pre_hooks", "_get_name", "_is_full_backward_hook", "_load_from_state_dict", "_load_state_dict_post_hooks",
  "_load_state_dict_pre_hooks", "_maybe_warn_non_full_backward_hook", "_modules", "_named_members",
  "_non_persistent_buffers_set", "_parameters", "_register_load_state_dict_pre_hook", "_register_state_dict_hook",
  "_replicate_for_data_parallel", "_save_to_state_dict", "_slow_forward", "_state_dict_hooks", "_state_dict_pre_hooks",
  "_version", "_wrapped_call_impl", "add_module", "apply", "bfloat16", "buffers", "call_super_init", "children", "compile",
  "cpu", "cuda", "double", "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer", "get_extra_state",
  "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules", "mtia", "named_buffers", "named_children",
  "named_modules", "named_parameters", "parameters", "register_backward_hook", "register_buffer", "register_forward_hook",
  "register_forward_pre_hook", "register_full_backward_hook", "register_full_backward_pre_hook",
  "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook", "register_module", "register_parameter",
  "register_state_dict_post_hook", "register_state_dict_pre_hook", "requires_grad_", "set_extra_state", "set_submodule",
  "share_memory", "state_dict", "to", "to_empty", "train", "training", "type", "xpu", "zero_grad",
] as const;

const camelCase = (pyName: string) => pyName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export class Module {
  static version = 1;
  static pyAttrs: readonly string[] = MODULE_ATTRS;
  static pyForward: { qualname: string; arg: string } | null = null;

  /** Module.training: True at construction; a direct write may store any Python value. */
  training: Py = true;
  readonly _parameters = new Map<string, Parameter | null>();
  readonly _buffers = new Map<string, Tensor | null>();
  readonly _modules = new Map<string, Module | null>();
  // The collections below stay empty in most modules, and a run builds thousands of modules: each is made the first
  // time something is put in it (the getters), and read through its field, where absent means empty (so a call
  // reading the hooks makes none of them).
  #nonPersistentBuffersSet: Set<string> | undefined;
  #forwardPreHooks: HookDict<ForwardPreHook> | undefined;
  #forwardPreHooksWithKwargs: Set<number> | undefined;
  #forwardHooks: HookDict<ForwardHook> | undefined;
  #forwardHooksWithKwargs: Set<number> | undefined;
  #forwardHooksAlwaysCalled: Set<number> | undefined;
  #stateDictHooks: HookDict<StateDictPostHook> | undefined;
  #loadStateDictPreHooks: HookDict<LoadStateDictPreHook> | undefined;
  #loadStateDictPostHooks: HookDict<LoadStateDictPostHook> | undefined;
  #extraAttrs: Map<string, Py> | undefined;

  get _nonPersistentBuffersSet(): Set<string> {
    return (this.#nonPersistentBuffersSet ??= new Set());
  }
  get _forwardPreHooks(): HookDict<ForwardPreHook> {
    return (this.#forwardPreHooks ??= new HookDict());
  }
  get _forwardPreHooksWithKwargs(): Set<number> {
    return (this.#forwardPreHooksWithKwargs ??= new Set());
  }
  get _forwardHooks(): HookDict<ForwardHook> {
    return (this.#forwardHooks ??= new HookDict());
  }
  get _forwardHooksWithKwargs(): Set<number> {
    return (this.#forwardHooksWithKwargs ??= new Set());
  }
  get _forwardHooksAlwaysCalled(): Set<number> {
    return (this.#forwardHooksAlwaysCalled ??= new Set());
  }
  get _stateDictHooks(): HookDict<StateDictPostHook> {
    return (this.#stateDictHooks ??= new HookDict());
  }
  get _loadStateDictPreHooks(): HookDict<LoadStateDictPreHook> {
    return (this.#loadStateDictPreHooks ??= new HookDict());
  }
  get _loadStateDictPostHooks(): HookDict<LoadStateDictPostHook> {
    return (this.#loadStateDictPostHooks ??= new HookDict());
  }
  /** Plain Python attributes written with setattr() that the class has no field for. */
  get extraAttrs(): Map<string, Py> {
    return (this.#extraAttrs ??= new Map());
  }

  /** type(self): the Python class this module currently is (a lazy module changes class once initialized). */
  get pyClass(): ModuleClass {
    return this.constructor as unknown as ModuleClass;
  }

  /** type(self).__name__ */
  get className(): string {
    return this.pyClass.name;
  }

  // --- Python attribute protocol -------------------------------------------------------------------

  /** hasattr(self, name) */
  hasAttr(name: string): boolean {
    if (this._parameters.has(name) || this._buffers.has(name) || this._modules.has(name) || this.#extraAttrs?.has(name)) return true;
    for (let cls: ModuleClass | null = this.pyClass; cls; cls = Object.getPrototypeOf(cls) as ModuleClass | null) {
      if (Object.hasOwn(cls, "pyAttrs") && cls.pyAttrs.includes(name)) return true;
    }
    return false;
  }

  /** setattr(self, name, value) for a plain Python value: Module.__setattr__'s rules for non-tensors. */
  setAttr(name: string, value: Py): void {
    if (this._parameters.has(name)) {
      if (value !== null) throw typeError(`cannot assign '${pyTypeName(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
      this.registerParameter(name, null);
    } else if (this._modules.has(name)) {
      if (value !== null) throw typeError(`cannot assign '${pyTypeName(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
      this._modules.set(name, null);
    } else if (this._buffers.has(name)) {
      if (value !== null) throw typeError(`cannot assign '${pyTypeName(value)}' as buffer '${name}' (torch.nn.Buffer, torch.Tensor or None expected)`);
      // Stryker disable next-line BooleanLiteral: equivalent: a None buffer is left out of state_dict either way, and no step puts a tensor back
      this.registerBuffer(name, null, !this.#nonPersistentBuffersSet?.has(name));
    } else {
      const field = camelCase(name);
      if (Object.hasOwn(this, field)) (this as unknown as Record<string, Py>)[field] = value;
      else this.extraAttrs.set(name, value);
    }
  }

  // --- registration -----------------------------------------------------------------------------

  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    if (name.includes(".")) throw keyError(`buffer name can't contain "."`);
    if (name === "") throw keyError(`buffer name can't be empty string ""`);
    if (this.hasAttr(name) && !this._buffers.has(name)) throw keyError(`attribute '${name}' already exists`);
    this._buffers.set(name, tensor);
    if (persistent) this.#nonPersistentBuffersSet?.delete(name);
    else this._nonPersistentBuffersSet.add(name);
  }

  registerParameter(name: string, param: Parameter | null): void {
    if (name.includes(".")) throw keyError(`parameter name can't contain "."`);
    if (name === "") throw keyError(`parameter name can't be empty string ""`);
    if (this.hasAttr(name) && !this._parameters.has(name)) throw keyError(`attribute '${name}' already exists`);
    this._parameters.set(name, param);
  }

  /** add_module(name, module); name and module may be any Python values (checked as PyTorch checks them). */
  addModule(name: unknown, module: unknown): void {
    if (!(module instanceof Module) && module !== null) throw typeError(`${pyTypeName(module as Py)} is not a Module subclass`);
    if (typeof name !== "string") throw typeError(`module name should be a string. Got ${pyTypeName(name as Py)}`);
    if (this.hasAttr(name) && !this._modules.has(name)) throw keyError(`attribute '${name}' already exists`);
    if (name.includes(".")) throw keyError(`module name can't contain ".", got: ${name}`);
    if (name === "") throw keyError(`module name can't be empty string ""`);
    this._modules.set(name, module);
  }

  /** register_forward_pre_hook(hook, prepend=, with_kwargs=) */
  registerForwardPreHook(hook: ForwardPreHook, { prepend = false, withKwargs = false } = {}): RemovableHandle {
    const handle = new RemovableHandle([this._forwardPreHooks, this._forwardPreHooksWithKwargs]);
    if (prepend) this._forwardPreHooks.prepend(handle.id, hook);
    else this._forwardPreHooks.set(handle.id, hook);
    if (withKwargs) this._forwardPreHooksWithKwargs.add(handle.id);
    return handle;
  }

  /** register_forward_hook(hook, prepend=, with_kwargs=, always_call=) */
  registerForwardHook(hook: ForwardHook, { prepend = false, withKwargs = false, alwaysCall = false } = {}): RemovableHandle {
    const handle = new RemovableHandle([this._forwardHooks, this._forwardHooksWithKwargs, this._forwardHooksAlwaysCalled]);
    if (prepend) this._forwardHooks.prepend(handle.id, hook);
    else this._forwardHooks.set(handle.id, hook);
    if (withKwargs) this._forwardHooksWithKwargs.add(handle.id);
    if (alwaysCall) this._forwardHooksAlwaysCalled.add(handle.id);
    return handle;
  }

  /** register_state_dict_post_hook(hook) */
  registerStateDictPostHook(hook: StateDictPostHook): RemovableHandle {
    return addHook(this._stateDictHooks, hook);
  }

  /** _register_load_state_dict_pre_hook(hook): the hook gets no module (a caller wanting it closes over it). */
  registerLoadStateDictPreHook(hook: LoadStateDictPreHook): RemovableHandle {
    return addHook(this._loadStateDictPreHooks, hook);
  }

  /** register_load_state_dict_post_hook(hook) */
  registerLoadStateDictPostHook(hook: LoadStateDictPostHook): RemovableHandle {
    return addHook(this._loadStateDictPostHooks, hook);
  }

  /** get_submodule(target) */
  getSubmodule(target: string): Module {
    if (target === "") return this;
    let mod: Module = this;
    for (const item of target.split(".")) {
      if (!mod.hasAttr(item)) throw attributeError(`${mod.className} has no attribute \`${item}\``);
      const next = mod._modules.get(item);
      if (!(next instanceof Module)) throw attributeError(`\`${item}\` is not an nn.Module`);
      mod = next;
    }
    return mod;
  }

  // --- traversal ----------------------------------------------------------------------------------

  /** named_children(): _modules in order, skipping None and objects already yielded. */
  namedChildren(): [string, Module][] {
    const memo = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [name, module] of this._modules) {
      if (module !== null && !memo.has(module)) {
        memo.add(module);
        out.push([name, module]);
      }
    }
    return out;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** named_modules(memo, prefix) with remove_duplicate=True (nothing here asks otherwise): pre-order, first path wins. */
  namedModules(memo = new Set<Module>(), prefix = ""): [string, Module][] {
    const out: [string, Module][] = [];
    this.collectModules(memo, prefix, out);
    return out;
  }

  /** named_modules' walk, into one list (each snapshot walks the tree three times). */
  private collectModules(memo: Set<Module>, prefix: string, out: [string, Module][]): void {
    if (memo.has(this)) return;
    memo.add(this);
    out.push([prefix, this]);
    for (const [name, module] of this._modules) if (module !== null) module.collectModules(memo, prefix + (prefix ? "." : "") + name, out);
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** _named_members with recurse=True and remove_duplicate=True (what named_parameters()/named_buffers() do). */
  private namedMembers<T extends Tensor>(members: (m: Module) => Map<string, T | null>): [string, T][] {
    const memo = new Set<Tensor>();
    const out: [string, T][] = [];
    for (const [modulePrefix, module] of this.namedModules()) {
      for (const [k, v] of members(module)) {
        if (v === null || memo.has(v)) continue;
        memo.add(v);
        out.push([modulePrefix + (modulePrefix ? "." : "") + k, v]);
      }
    }
    return out;
  }

  namedParameters(): [string, Parameter][] {
    return this.namedMembers((m) => m._parameters);
  }

  namedBuffers(): [string, Tensor][] {
    return this.namedMembers((m) => m._buffers);
  }

  // --- train / eval -------------------------------------------------------------------------------

  train(mode: Py = true): this {
    if (typeof mode !== "boolean") throw valueError("training mode is expected to be boolean");
    this.training = mode;
    for (const module of this.children()) module.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  // --- forward ------------------------------------------------------------------------------------

  /** Module._forward_unimplemented: a class without a forward of its own raises whatever it is given. */
  forward(_input: Tensor): Tensor {
    throw notImplementedError(`Module [${this.className}] is missing the required "forward" function`);
  }

  /**
   * module(input), or module() for an undefined input, as _call_impl: the global then the module's forward pre-hooks
   * (a returned tensor replaces the input), forward, the global then the module's forward hooks (a returned tensor
   * replaces the output). When any of that raises, the always_call forward hooks that have not run yet run now
   * (global first), each one's own error silenced into a warning, and the first error goes on.
   */
  call(input?: Tensor): Tensor {
    if ((this.#forwardPreHooks?.size ?? 0) + (this.#forwardHooks?.size ?? 0) + globalForwardPreHooks.size + globalForwardHooks.size === 0) return this.forwardArgs(input);
    let args = input;
    let result: Tensor | null = null;
    const calledAlwaysCalled = new Set<number>();
    try {
      for (const [id, hook] of [...globalForwardPreHooks, ...(this.#forwardPreHooks ?? [])]) {
        const replaced = hook(this, args, this.#forwardPreHooksWithKwargs?.has(id) ? NO_KWARGS : undefined);
        if (replaced !== undefined) args = replaced;
      }
      result = this.forwardArgs(args);
      for (const [id, hook] of [...globalForwardHooks, ...(this.#forwardHooks ?? [])]) {
        if (this.#forwardHooksAlwaysCalled?.has(id) || globalForwardHooksAlwaysCalled.has(id)) calledAlwaysCalled.add(id);
        const withKwargs = this.#forwardHooksWithKwargs?.has(id) || globalForwardHooksWithKwargs.has(id);
        const replaced = hook(this, args, result, withKwargs ? NO_KWARGS : undefined);
        if (replaced !== undefined) result = replaced;
      }
      return result;
    } catch (error) {
      // PyTorch passes no kwargs to a global always_call hook here, with_kwargs or not
      for (const [id, hook] of [...globalForwardHooks]) {
        if (!globalForwardHooksAlwaysCalled.has(id) || calledAlwaysCalled.has(id)) continue;
        try {
          result = hook(this, args, result) ?? result;
        } catch (e) {
          warn(`global module forward hook with \`\`always_call=True\`\` raised an exception that was silenced as another error was raised in forward: ${silencedMessage(e)}`);
        }
      }
      for (const [id, hook] of [...(this.#forwardHooks ?? [])]) {
        if (!this.#forwardHooksAlwaysCalled?.has(id) || calledAlwaysCalled.has(id)) continue;
        try {
          result = hook(this, args, result, this.#forwardHooksWithKwargs?.has(id) ? NO_KWARGS : undefined) ?? result;
        } catch (e) {
          warn(`module forward hook with \`\`always_call=True\`\` raised an exception that was silenced as another error was raised in forward: ${silencedMessage(e)}`);
        }
      }
      throw error;
    }
  }

  /**
   * forward(*args) for args (input,), or () when input is undefined: then Python's TypeError naming the forward that
   * lacks its argument; a class without a forward (pyForward null) raises its own error, whatever it is given.
   */
  private forwardArgs(input: Tensor | undefined): Tensor {
    const sig = this.pyClass.pyForward;
    if (input === undefined && sig !== null) throw missingArguments(sig.qualname, [sig.arg]);
    return this.forward(input as Tensor);
  }

  // --- state_dict ---------------------------------------------------------------------------------

  /** _save_to_state_dict: this module's own non-None parameters and persistent buffers (detached aliases). */
  protected saveToStateDict(destination: StateDict, prefix: string): void {
    for (const [name, param] of this._parameters) if (param !== null) destination.set(prefix + name, this.stateDictEntry(param));
    for (const [name, buf] of this._buffers) {
      if (buf !== null && !this.#nonPersistentBuffersSet?.has(name)) destination.set(prefix + name, this.stateDictEntry(buf));
    }
  }

  /** What _save_to_state_dict stores for a tensor: param.detach() (keep_vars is not modelled). */
  protected stateDictEntry(t: Tensor): Tensor {
    return t.detach();
  }

  /** state_dict(): every module along every path (NOT deduplicated), with `_metadata` versions; then the post-hooks. */
  stateDict(destination = new StateDict(), prefix = ""): StateDict {
    const localMetadata: LocalMetadata = { version: this.pyClass.version };
    // Stryker disable next-line OptionalChaining: equivalent: a state_dict() destination always has metadata (only a loaded one may lack it)
    destination.metadata?.set(prefix.slice(0, -1), localMetadata);
    this.saveToStateDict(destination, prefix);
    for (const [name, module] of this._modules) {
      if (module !== null) module.stateDict(destination, prefix + name + ".");
    }
    for (const hook of [...(this.#stateDictHooks?.values() ?? [])]) hook(this, destination, prefix, localMetadata);
    return destination;
  }

  /**
   * _load_from_state_dict: copies this module's own entries from stateDict (a copy the caller may
   * change); load_state_dict always passes strict=true here and applies its own strict flag at the end.
   */
  protected loadFromStateDict(
    stateDict: Map<string, Tensor>,
    prefix: string,
    localMetadata: LocalMetadata,
    strict: boolean,
    missingKeys: string[],
    unexpectedKeys: string[],
    errorMsgs: string[],
  ): void {
    for (const hook of [...(this.#loadStateDictPreHooks?.values() ?? [])]) hook(stateDict, prefix, localMetadata, strict, missingKeys, unexpectedKeys, errorMsgs);
    const localState = new Map<string, Tensor>();
    for (const [name, param] of this._parameters) if (param !== null) localState.set(name, param);
    for (const [name, buf] of this._buffers) {
      if (buf !== null && !this.#nonPersistentBuffersSet?.has(name)) localState.set(name, buf);
    }
    for (const [name, param] of localState) {
      const key = prefix + name;
      let inputParam = stateDict.get(key);
      if (inputParam === undefined) {
        if (strict) missingKeys.push(key);
        continue;
      }
      const lazy = isLazy(param);
      if (!lazy && isLazy(inputParam)) throw runtimeError(UNINITIALIZED_SHAPE); // input_param.shape raises
      if (!lazy && param.shape.length === 0 && inputParam.shape.length === 1 && inputParam.shape[0] === 1) {
        inputParam = new Tensor(inputParam.dtype, [], inputParam.data); // input_param[0]
      }
      if (!lazy && !sameShape(inputParam.shape, param.shape)) {
        errorMsgs.push(`size mismatch for ${key}: copying a param with shape ${sizeRepr(inputParam.shape)} from checkpoint, the shape in current model is ${sizeRepr(param.shape)}.`);
        continue;
      }
      param.copy_(inputParam);
    }
    if (strict) {
      for (const key of stateDict.keys()) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const dot = rest.indexOf(".");
        if (dot !== -1 ? !this._modules.has(rest.slice(0, dot)) : !localState.has(rest)) unexpectedKeys.push(key);
      }
    }
  }

  /** load_state_dict(state_dict, strict): copies values in place; errors are gathered, then raised together. */
  loadStateDict(stateDict: StateDict, { strict = true }: { strict?: boolean } = {}): IncompatibleKeys {
    const missingKeys: string[] = [];
    const unexpectedKeys: string[] = [];
    const errorMsgs: string[] = [];
    const metadata = stateDict.metadata;
    const load = (module: Module, localStateDict: Map<string, Tensor>, prefix: string): void => {
      const localMetadata = metadata === null ? {} : (metadata.get(prefix.slice(0, -1)) ?? {});
      module.loadFromStateDict(localStateDict, prefix, localMetadata, true, missingKeys, unexpectedKeys, errorMsgs);
      for (const [name, child] of module._modules) {
        if (child === null) continue;
        const childPrefix = prefix + name + ".";
        const childStateDict = new Map([...localStateDict].filter(([k]) => k.startsWith(childPrefix)));
        load(child, childStateDict, childPrefix);
      }
      const incompatibleKeys: IncompatibleKeys = { missingKeys, unexpectedKeys };
      for (const hook of [...(module.#loadStateDictPostHooks?.values() ?? [])]) hook(module, incompatibleKeys);
    };
    load(this, new Map(stateDict), "");
    if (strict) {
      if (unexpectedKeys.length > 0) errorMsgs.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(", ")}. `);
      if (missingKeys.length > 0) errorMsgs.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(", ")}. `);
    }
    if (errorMsgs.length > 0) throw runtimeError(`Error(s) in loading state_dict for ${this.className}:\n\t${errorMsgs.join("\n\t")}`);
    return { missingKeys, unexpectedKeys };
  }
}

const UNINITIALIZED_SHAPE =
  "Can't access the shape of an uninitialized parameter or buffer. This error usually happens in `load_state_dict` when trying to load an " +
  "uninitialized parameter into an initialized one. Call `forward` to initialize the parameters before accessing their attributes.";
