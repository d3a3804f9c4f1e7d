// torch.nn.modules.lazy.LazyModuleMixin (2.13): a module whose parameters and buffers stay uninitialized until the
// first call infers their shapes from the input; then its hooks go and it becomes `cls_to_become`.
import { runtimeError } from "../errors.ts";
import { isLazy, type Tensor } from "../tensor/tensor.ts";
import type { Module, ModuleClass } from "./module.ts";

/** What hasattr() finds on a lazy module beyond its non-lazy class (LazyModuleMixin's own names). */
export const LAZY_MODULE_ATTRS: readonly string[] = [
  "cls_to_become", "_save_to_state_dict", "_lazy_load_hook", "initialize_parameters", "has_uninitialized_params",
  "_infer_parameters", "_replicate_for_data_parallel", "_load_hook", "_initialize_hook",
];

export interface LazyModule extends Module {
  /** initialize_parameters(*args): materialises what is still uninitialized, from the input's shape (undefined: args is empty). */
  initializeParameters(input: Tensor | undefined): void;
}

/** has_uninitialized_params(): any parameter or buffer (persistent or not) still lazy. */
export function hasUninitializedParams(m: Module): boolean {
  return [...m._parameters.values(), ...m._buffers.values()].some((t) => t !== null && isLazy(t));
}

interface Materializable {
  materialize(shape: readonly number[]): void;
}

/**
 * LazyModuleMixin.__init__'s two hooks. _lazy_load_hook: an uninitialized entry that the state_dict has in
 * initialized form is materialised to that shape first (then loaded as usual). _infer_parameters: at the first
 * call, initialize_parameters, then both hooks are removed and the module's class becomes clsToBecome
 * (Python's `module.__class__ = cls_to_become`: same object, same state, the other class's methods).
 */
export function installLazyHooks(module: LazyModule, clsToBecome: ModuleClass & { prototype: object }): void {
  const loadHook = module.registerLoadStateDictPreHook((stateDict, prefix) => {
    for (const [name, param] of [...module._parameters, ...module._buffers]) {
      const input = stateDict.get(prefix + name);
      if (input !== undefined && param !== null && isLazy(param) && !isLazy(input)) (param as unknown as Materializable).materialize(input.shape);
    }
  });
  const initializeHook = module.registerForwardPreHook(
    (_m, input) => {
      module.initializeParameters(input);
      if (hasUninitializedParams(module)) throw runtimeError(`module ${module.className} has not been fully initialized`);
      initializeHook.remove();
      loadHook.remove();
      Object.setPrototypeOf(module, clsToBecome.prototype);
    },
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent: with_kwargs only changes what the hook is given and how its result is read, and this hook reads only input and returns nothing
    { withKwargs: true },
  );
}
