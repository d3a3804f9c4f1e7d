// Planting bugs in the built-in port without editing it: an adapter that runs the built-in port with some module
// types' factories replaced (each override gets the real factory to wrap). The judge's own tests use it to prove
// they catch a wrong port; mutation-style checks can plant many variants the same way.
//
// It swaps entries of the port's module registry (src/nn/registry.ts) for the duration of each runCases call and
// restores them after, so it is not reentrant: do not run two overridden adapters concurrently.
import type { Adapter } from "../adapters/adapter.ts";
import { builtinAdapter } from "../adapters/builtin/index.ts";
import type { ModuleType } from "../case/index.ts";
import { type ModuleFactory, moduleFactory, registerModuleType } from "../nn/registry.ts";

export type FactoryOverride = (real: ModuleFactory) => ModuleFactory;
export type PortOverrides = Partial<Record<ModuleType, FactoryOverride>>;

export function overriddenBuiltinAdapter(name: string, overrides: PortOverrides, base: Adapter = builtinAdapter): Adapter {
  const install = (): (() => void) => {
    const saved: [ModuleType, ModuleFactory][] = [];
    for (const [type, override] of Object.entries(overrides) as [ModuleType, FactoryOverride][]) {
      const real = moduleFactory(type);
      if (real === undefined) throw new Error(`cannot override ${type}: the port does not register it`);
      saved.push([type, real]);
      registerModuleType(type, override(real));
    }
    return () => saved.forEach(([type, real]) => registerModuleType(type, real));
  };
  return {
    name,
    describe: async () => ({ ...(await base.describe()), implementation: `${name} (built-in port with overridden ${Object.keys(overrides).join(", ")})` }),
    async runCases(cases) {
      const restore = install();
      try {
        return await base.runCases(cases);
      } finally {
        restore();
      }
    },
    close: () => base.close(),
  };
}
