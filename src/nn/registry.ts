// The module types a case can name (the schema's ModuleType), each registered by its family's file,
// so the case runner constructs any of them without knowing them.
import type { ModuleType } from "../case/types.generated.ts";
import type { Module } from "./module.ts";
import { bindArgs, type BoundArgs, type PyArg, type PySignature } from "./pyargs.ts";

export interface ModuleFactory {
  /** The class's Python path, e.g. "torch.nn.modules.dropout.Dropout" (call-site errors name it). */
  readonly pyPath: string;
  /** Constructs the module from a Python call's arguments (dtype=, when given, is among kwargs). */
  create(args: readonly PyArg[], kwargs: readonly [string, PyArg][]): Module;
  /** The Python class's `__init__` signature, as inspect.signature gives it (test/modules/table.test.ts checks it). */
  readonly signature?: PySignature;
}

const factories = new Map<ModuleType, ModuleFactory>();

export function registerModuleType(type: ModuleType, factory: ModuleFactory): void {
  factories.set(type, factory);
}

export function moduleFactory(type: ModuleType): ModuleFactory | undefined {
  return factories.get(type);
}

export function registeredModuleTypes(): ModuleType[] {
  return [...factories.keys()];
}

/** A factory that binds arguments to `__init__`'s signature as CPython does, then constructs. */
export function pyConstructor(pyPath: string, signature: PySignature, construct: (bound: BoundArgs) => Module): ModuleFactory {
  return { pyPath, signature, create: (args, kwargs) => construct(bindArgs(signature, args, kwargs)) };
}
