// A case's declarative hooks (ForwardHook and StateHook in the schema) on the port, as reference-py/oracle.py makes
// them for PyTorch: every call is logged, then the hook records only, scales, or raises. Hooks act only while a step
// runs (`armed`): the snapshot after a step calls stateDict() too, and must neither log nor fail.
import type { HookCall, HookRegistration, RemoveHookStep } from "../../case/index.ts";
import { encodePy } from "../../case/index.ts";
import { indexError, runtimeError, typeError, valueError } from "../../errors.ts";
import type { RemovableHandle } from "../../nn/hooks.ts";
import { mul } from "../../nn/kernels/x86-float.ts";
import { type ForwardHook, type ForwardPreHook, type Module, registerModuleForwardHook, registerModuleForwardPreHook } from "../../nn/module.ts";
import { int64ToFloat32, Tensor } from "../../tensor/tensor.ts";

type HookSpec = HookRegistration["hook"];

const HOOK_ERRORS = { RuntimeError: runtimeError, ValueError: valueError, TypeError: typeError };

/** `t * factor` with factor a Python float: float32 stays float32 (the factor rounded to float first), int64 becomes float32. */
function scaled(t: Tensor, factor: number): Tensor {
  const out = Tensor.empty(t.shape, t.dtype === "float64" ? "float64" : "float32");
  const y = out.data as Float32Array | Float64Array;
  const f = t.dtype === "float64" ? factor : Math.fround(factor);
  if (t.dtype === "int64") (t.data as BigInt64Array).forEach((x, i) => (y[i] = mul(int64ToFloat32(x), f)));
  else (t.data as Float32Array | Float64Array).forEach((x, i) => (y[i] = mul(x, f)));
  return out;
}

/** The oracle's hooks read args[0] before anything else: a module called with no argument has none. */
function first(input: Tensor | undefined): Tensor {
  if (input === undefined) throw indexError("tuple index out of range");
  return input;
}

export class Hooks {
  // Stryker disable next-line BooleanLiteral: equivalent: runSteps arms and disarms around every step, and no hook exists before the first
  armed = false;
  // Stryker disable next-line ArrayDeclaration: equivalent: runSteps starts every step with a new log
  log: HookCall[] = [];
  /** The handle each register_* step made, by step index. */
  private readonly handles = new Map<number, RemovableHandle>();

  constructor(private readonly root: Module) {}

  /** Logs a call (raising for a raise hook); false when the hook is inert now. */
  private called(spec: HookSpec, module: Module, fields: Omit<HookCall, "hook" | "module" | "training">): boolean {
    if (!this.armed) {
      // Stryker disable next-line BooleanLiteral: equivalent: only the snapshot's state_dict calls a hook between steps, and a state_dict hook ignores what this returns
      return false;
    }
    // Stryker disable next-line OptionalChaining: equivalent: a step reaches modules only through the root, so the module a hook runs on is always in the tree
    const path = this.root.namedModules().find(([, m]) => m === module)?.[0] ?? null;
    this.log.push({ hook: spec.name, module: path, training: encodePy(module.training), ...fields });
    if (spec.does === "raise") throw HOOK_ERRORS[spec.error](spec.message);
    return true;
  }

  private forwardPreHook(spec: HookSpec): ForwardPreHook {
    return (module, input, kwargs) => {
      const x = first(input);
      if (!this.called(spec, module, { input: x.shape.slice(), kwargs: kwargs !== undefined }) || spec.does !== "scale") return undefined;
      return scaled(x, spec.factor);
    };
  }

  private forwardHook(spec: HookSpec): ForwardHook {
    return (module, input, output, kwargs) => {
      if (!this.called(spec, module, { input: first(input).shape.slice(), output: output?.shape.slice() ?? null, kwargs: kwargs !== undefined }) || spec.does !== "scale") return undefined;
      if (output === null) throw typeError("unsupported operand type(s) for *: 'NoneType' and 'float'");
      return scaled(output, spec.factor);
    };
  }

  /** Does a register_* step; m is the module at its path (null for the global registrations). */
  register(i: number, step: HookRegistration, m: Module | null): void {
    const spec = step.hook;
    const local = m!;
    let handle: RemovableHandle;
    switch (step.op) {
      case "register_forward_pre_hook":
        handle = local.registerForwardPreHook(this.forwardPreHook(spec), { prepend: step.prepend ?? false, withKwargs: step.with_kwargs ?? false });
        break;
      case "register_forward_hook":
        handle = local.registerForwardHook(this.forwardHook(spec), { prepend: step.prepend ?? false, withKwargs: step.with_kwargs ?? false, alwaysCall: step.always_call ?? false });
        break;
      case "register_module_forward_pre_hook":
        handle = registerModuleForwardPreHook(this.forwardPreHook(spec));
        break;
      case "register_module_forward_hook":
        handle = registerModuleForwardHook(this.forwardHook(spec), { withKwargs: step.with_kwargs ?? false, alwaysCall: step.always_call ?? false });
        break;
      case "register_state_dict_post_hook":
        handle = local.registerStateDictPostHook((module, stateDict) => void this.called(spec, module, { keys: stateDict.size }));
        break;
      case "register_load_state_dict_pre_hook":
        // register_load_state_dict_pre_hook passes the module it was registered on
        handle = local.registerLoadStateDictPreHook((stateDict) => void this.called(spec, local, { keys: stateDict.size }));
        break;
      case "register_load_state_dict_post_hook":
        handle = local.registerLoadStateDictPostHook((module, keys) => void this.called(spec, module, { missing: keys.missingKeys.length, unexpected: keys.unexpectedKeys.length }));
        break;
    }
    this.handles.set(i, handle);
  }

  /** handle.remove(); nothing when that registration raised (it made no handle). */
  remove(step: RemoveHookStep): void {
    this.handles.get(step.handle)?.remove();
  }

  /** Removes every hook of the case: global ones would outlive it. */
  removeAll(): void {
    for (const handle of this.handles.values()) handle.remove();
  }
}
