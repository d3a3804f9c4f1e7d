// Tools for planting a bug in the built-in port in memory: each created module of some types gets its methods
// replaced on the instance (src/nn is never edited; see src/adapters/builtin/overrides.ts).
import type { ModuleType } from "../../src/case/index.ts";
import type { FactoryOverride, PortOverrides } from "../../src/adapters/builtin/overrides.ts";
import type { _BatchNorm } from "../../src/nn/batchnorm.ts";
import type { _DropoutNd } from "../../src/nn/dropout.ts";
import type { Module } from "../../src/nn/module.ts";
import { registeredModuleTypes } from "../../src/nn/registry.ts";
import type { Tensor } from "../../src/tensor/tensor.ts";
import "../../src/nn/index.ts"; // registers every module family

export const BATCH_NORMS: ModuleType[] = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d"];
export const FEATURE_DROPOUTS: ModuleType[] = ["Dropout1d", "Dropout2d", "Dropout3d"];
export const DROPOUTS: ModuleType[] = ["Dropout", ...FEATURE_DROPOUTS, "AlphaDropout", "FeatureAlphaDropout"];
/** Every module type the port registers (for bugs in nn.Module itself). */
export const allTypes = (): ModuleType[] => registeredModuleTypes();

/** The same override for several module types. */
export function forTypes(types: readonly ModuleType[], override: FactoryOverride): PortOverrides {
  return Object.fromEntries(types.map((t) => [t, override]));
}

/** Every module the factory creates is handed to `patch` before the case sees it. */
export function patched<M extends Module>(patch: (m: M) => void): FactoryOverride {
  return (real) => ({
    pyPath: real.pyPath,
    create(args, kwargs) {
      const m = real.create(args, kwargs) as M;
      patch(m);
      return m;
    },
  });
}

/** forward(x) replaced by fn(m, x, realForward). */
export function wrapForward<M extends Module>(fn: (m: M, x: Tensor, forward: (x: Tensor) => Tensor) => Tensor): FactoryOverride {
  return patched<M>((m) => {
    const forward = m.forward.bind(m);
    m.forward = (x: Tensor) => fn(m, x, forward);
  });
}

/** Runs `body` with some attributes of `m` temporarily set (restored after, also on error). */
export function withAttrs<M extends object, T>(m: M, attrs: Partial<M>, body: () => T): T {
  const saved = Object.fromEntries(Object.keys(attrs).map((k) => [k, m[k as keyof M]])) as Partial<M>;
  Object.assign(m, attrs);
  try {
    return body();
  } finally {
    Object.assign(m, saved);
  }
}

export type BatchNorm = _BatchNorm;
export type Dropout = _DropoutNd;
