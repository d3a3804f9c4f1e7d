// Planting bugs in the built-in port without editing it: an adapter that runs the built-in port with some module
// types' factories replaced (each override gets the real factory to wrap). The judge's own tests use it to prove
// they catch a wrong port; mutation-style checks can plant many variants the same way. The overrides travel with
// the adapter (nothing global is swapped), so overridden and plain adapters can run side by side.
import type { ModuleType } from "../../case/index.ts";
import { type ModuleFactory, moduleFactory } from "../../nn/registry.ts";
import type { Adapter } from "../adapter.ts";
import { builtinAdapterWith } from "./index.ts";

export type FactoryOverride = (real: ModuleFactory) => ModuleFactory;
export type PortOverrides = Partial<Record<ModuleType, FactoryOverride>>;

export function overriddenBuiltinAdapter(name: string, overrides: PortOverrides): Adapter {
  const factories = new Map<ModuleType, ModuleFactory>();
  for (const [type, override] of Object.entries(overrides) as [ModuleType, FactoryOverride][]) {
    const real = moduleFactory(type);
    if (real === undefined) throw new Error(`cannot override ${type}: the port does not register it`);
    factories.set(type, override(real));
  }
  const port = builtinAdapterWith((type) => factories.get(type) ?? moduleFactory(type));
  return {
    ...port,
    name,
    describe: async () => ({ ...(await port.describe()), implementation: `${name} (built-in port with overridden ${Object.keys(overrides).join(", ")})` }),
  };
}
