// torch.nn for TypeScript callers: the port's modules with constructors that read like TypeScript, e.g.
// `new nn.BatchNorm1d(3, { momentum: null, eps: 1e-3 })` or `new nn.LazyBatchNorm2d()`.
//
// Each constructor turns its arguments into the Python call PyTorch would see (numFeatures as an int, options as
// keywords in snake_case, a dtype name as torch.dtype) and hands it to the module registry, which binds it to
// __init__'s signature as CPython does: defaults live there only, and a wrong argument raises the TypeError or
// RuntimeError PyTorch raises. The object made is the port's own module, and `instanceof` holds for the class
// exported here both before and after a Lazy* module materialises into its target class.
import type { ModuleType } from "../case/types.generated.ts";
import * as port from "../nn/index.ts";
import type { DType } from "../tensor/tensor.ts";

export { Module, Sequential, ModuleList, ModuleDict, Identity, type StateDict, type IncompatibleKeys } from "../nn/index.ts";
export * as functional from "../nn/functional/index.ts";

/** A Python int: a number (integral) or a bigint. */
export type Int = number | bigint;

/** Options of every BatchNorm and InstanceNorm class (PyTorch's keyword arguments, in camelCase). */
export interface NormOptions {
  eps?: number;
  /** null: a cumulative moving average (PyTorch's momentum=None). */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
  /** Only the CPU exists here: "cpu", "cpu:0" or null. */
  device?: string | null;
  dtype?: "float32" | "float64";
  bias?: boolean;
}

export interface DropoutOptions {
  inplace?: boolean;
}

type Call = [args: port.PyArg[], kwargs: [string, port.PyArg][]];
type Constructor<T, A extends unknown[]> = {
  new (...args: A): T;
  readonly prototype: T;
};

/** An integral number becomes a Python int; anything else stays what it is, for PyTorch's own check to refuse. */
const pyInt = (v: Int): port.PyArg => (typeof v === "number" && Number.isInteger(v) ? BigInt(v) : v);

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Arguments as Python keyword arguments: given ones only (the signature supplies the rest); a dtype name as torch.dtype. */
function keywords(options: object): [string, port.PyArg][] {
  return Object.entries(options)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [snakeCase(k), k === "dtype" ? new port.TorchDType(v as DType) : (v as port.PyArg)]);
}

/** A constructor that builds the port's class `cls` through its registered Python signature. */
function typed<T extends port.Module, A extends unknown[]>(cls: abstract new (...args: never[]) => T, call: (...args: A) => Call): Constructor<T, A> {
  const factory = port.moduleFactory(cls.name as ModuleType)!;
  function construct(this: unknown, ...args: A): T {
    if (new.target === undefined) throw new TypeError(`Class constructor ${cls.name} cannot be invoked without 'new'`);
    return factory.create(...call(...args)) as T;
  }
  Object.defineProperty(construct, "name", { value: cls.name });
  construct.prototype = cls.prototype;
  return construct as unknown as Constructor<T, A>;
}

const norm = <T extends port.Module>(cls: abstract new (...args: never[]) => T) =>
  typed(cls, (numFeatures: Int, options: NormOptions = {}): Call => [[pyInt(numFeatures)], keywords(options)]);
const lazyNorm = <T extends port.Module>(cls: abstract new (...args: never[]) => T) => typed(cls, (options: NormOptions = {}): Call => [[], keywords(options)]);
const dropout = <T extends port.Module>(cls: abstract new (...args: never[]) => T) =>
  typed(cls, (p?: number, options: DropoutOptions = {}): Call => [[], keywords({ p, ...options })]);

export const BatchNorm1d = norm(port.BatchNorm1d);
export type BatchNorm1d = port.BatchNorm1d;
export const BatchNorm2d = norm(port.BatchNorm2d);
export type BatchNorm2d = port.BatchNorm2d;
export const BatchNorm3d = norm(port.BatchNorm3d);
export type BatchNorm3d = port.BatchNorm3d;
export const InstanceNorm1d = norm(port.InstanceNorm1d);
export type InstanceNorm1d = port.InstanceNorm1d;
export const InstanceNorm2d = norm(port.InstanceNorm2d);
export type InstanceNorm2d = port.InstanceNorm2d;
export const InstanceNorm3d = norm(port.InstanceNorm3d);
export type InstanceNorm3d = port.InstanceNorm3d;

export const LazyBatchNorm1d = lazyNorm(port.LazyBatchNorm1d);
export type LazyBatchNorm1d = port.LazyBatchNorm1d;
export const LazyBatchNorm2d = lazyNorm(port.LazyBatchNorm2d);
export type LazyBatchNorm2d = port.LazyBatchNorm2d;
export const LazyBatchNorm3d = lazyNorm(port.LazyBatchNorm3d);
export type LazyBatchNorm3d = port.LazyBatchNorm3d;
export const LazyInstanceNorm1d = lazyNorm(port.LazyInstanceNorm1d);
export type LazyInstanceNorm1d = port.LazyInstanceNorm1d;
export const LazyInstanceNorm2d = lazyNorm(port.LazyInstanceNorm2d);
export type LazyInstanceNorm2d = port.LazyInstanceNorm2d;
export const LazyInstanceNorm3d = lazyNorm(port.LazyInstanceNorm3d);
export type LazyInstanceNorm3d = port.LazyInstanceNorm3d;

export const Dropout = dropout(port.Dropout);
export type Dropout = port.Dropout;
export const Dropout1d = dropout(port.Dropout1d);
export type Dropout1d = port.Dropout1d;
export const Dropout2d = dropout(port.Dropout2d);
export type Dropout2d = port.Dropout2d;
export const Dropout3d = dropout(port.Dropout3d);
export type Dropout3d = port.Dropout3d;
export const AlphaDropout = dropout(port.AlphaDropout);
export type AlphaDropout = port.AlphaDropout;
export const FeatureAlphaDropout = dropout(port.FeatureAlphaDropout);
export type FeatureAlphaDropout = port.FeatureAlphaDropout;

/** RReLU(lower = 1/8, upper = 1/3, { inplace }) */
export const RReLU = typed(port.RReLU, (lower?: number, upper?: number, options: DropoutOptions = {}): Call => [[], keywords({ lower, upper, ...options })]);
export type RReLU = port.RReLU;
