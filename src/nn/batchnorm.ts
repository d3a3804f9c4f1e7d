// torch.nn.BatchNorm1d/2d/3d and their bases _NormBase and _BatchNorm (torch/nn/modules/batchnorm.py, 2.13).
// Python values stay Python values: momentum, eps, affine and track_running_stats are stored as given,
// tested with Python truthiness where PyTorch tests them, and only converted where PyTorch converts them.
import type { Py } from "../case/pyvalue.ts";
import { pyTruthy, pyTypeName } from "../case/pyvalue.ts";
import { MAX_ELEMENTS } from "../case/tensor-codec.ts";
import { attributeError, indexError, notImplementedError, runtimeError, TorchError, typeError, valueError, zeroDivisionError } from "../errors.ts";
import type { ModuleType } from "../case/types.generated.ts";
import { type DType, isLazy, Parameter, Tensor, UninitializedBuffer, UninitializedParameter } from "../tensor/tensor.ts";
import type { MaybeBatchNorm } from "./containers.ts";
import { batchNorm } from "./functional/batch-norm.ts";
import { hasUninitializedParams, installLazyHooks, LAZY_MODULE_ATTRS, type LazyModule } from "./lazy.ts";
import { type LocalMetadata, Module, type ModuleClass } from "./module.ts";
import { missingArguments, type PyArg, type PySignature, TorchDType } from "./pyargs.ts";
import { pyConstructor, registerModuleType } from "./registry.ts";

// --- the tensor factories _NormBase calls: torch.empty/zeros/ones(num_features, device=, dtype=), torch.tensor(0, ...)

export type Factory = "empty" | "zeros" | "ones";

const typeNameOf = (v: PyArg) => (v instanceof TorchDType ? "torch.dtype" : pyTypeName(v));

/** Thrown for arguments PyTorch accepts but this port does not model: a defect report, not a PyTorch error. */
class PortLimitation extends Error {
  override name = "PortLimitation";
}

/** The `size` argument (num_features) as the argument parser and the allocator check it. */
export function factoryShape(fn: Factory, size: PyArg): number[] {
  if (typeof size === "bigint") {
    if (size < 0n) {
      throw runtimeError(fn === "zeros" ? "zeros: Dimension size must be non-negative." : `Trying to create tensor with negative dimension ${size}: [${size}]`);
    }
    if (size > BigInt(MAX_ELEMENTS)) throw new PortLimitation(`the port allocates at most ${MAX_ELEMENTS} features, got num_features=${size}`);
    return [Number(size)];
  }
  if (Array.isArray(size)) {
    // The argument parser looks at the first element only (a bool is no int there); the others fail when unpacked,
    // where a bool passes as an int and the position counts from 1.
    if (size.length > 0 && typeof size[0] !== "bigint") {
      throw typeError(`${fn}(): argument 'size' (position 1) must be tuple of ints, but found element of type ${pyTypeName(size[0]!)} at pos 0`);
    }
    const bad = size.findIndex((el) => typeof el !== "bigint" && typeof el !== "boolean");
    if (bad !== -1) throw typeError(`${fn}(): argument 'size' failed to unpack the object at pos ${bad + 1} with error "type must be tuple of ints,but got ${pyTypeName(size[bad]!)}"`);
    throw new PortLimitation("the port does not model num_features given as a list (multi-dimensional parameters)");
  }
  throw typeError(`${fn}(): argument 'size' (position 1) must be tuple of ints, not ${typeNameOf(size)}`);
}

/** dtype=: None means the default dtype (float32). */
export function factoryDtype(fn: Factory, dtype: PyArg): DType {
  if (dtype === null) return "float32";
  if (dtype instanceof TorchDType) return dtype.dtype;
  throw typeError(`${fn}(): argument 'dtype' must be torch.dtype, not ${pyTypeName(dtype)}`);
}

const DEVICE_TYPES = "cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone";

/** The largest device index std::stoi parses (a C int). */
const INT_MAX = 2 ** 31 - 1;

/** device=: None, "cpu" and "cpu:<n>" are the CPU; the rest is an error on a CPU-only build or not modelled. */
export function checkDevice(fn: Factory, device: PyArg): void {
  if (device === null) return;
  if (typeof device === "string") {
    // c10::Device(const std::string&): the whole string must match ([a-zA-Z_]+)(?::([1-9]\d*|0))?, then the
    // index must parse as a C int, then the name must be a device type.
    if (device === "") throw runtimeError("Device string must not be empty");
    const parsed = /^([A-Za-z_]+)(?::([1-9]\d*|0))?$/.exec(device);
    if (parsed === null) throw runtimeError(`Invalid device string: '${device}'`);
    const [, type, index] = parsed as unknown as [string, string, string | undefined];
    if (Number(index ?? 0) > INT_MAX) throw runtimeError(`Could not parse device index '${index}' in device string '${device}'`);
    if (!DEVICE_TYPES.split(", ").includes(type)) throw runtimeError(`Expected one of ${DEVICE_TYPES} device type at start of device string: ${type}`);
    if (type === "cpu") return;
    throw new PortLimitation(`the port runs on the CPU only, got device=${JSON.stringify(device)}`);
  }
  if (typeof device === "bigint") {
    // an int is an accelerator index: negative ones are refused first
    throw runtimeError(device < 0n ? "Device index must not be negative" : "Cannot access accelerator device when none is available.");
  }
  throw typeError(`${fn}(): argument 'device' must be torch.device, not ${typeNameOf(device)}`);
}

function factory(fn: Factory, size: PyArg, device: PyArg, dtype: PyArg): Tensor {
  const shape = factoryShape(fn, size);
  const dt = factoryDtype(fn, dtype);
  checkDevice(fn, device);
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: equivalent: reset_parameters() at the end of _NormBase.__init__ overwrites every tensor made here (running_var with 1s) whenever it exists
  return fn === "ones" ? Tensor.ones(shape, dt) : Tensor.zeros(shape, dt);
}

// --- _NormBase ----------------------------------------------------------------------------------

/** Common base of _InstanceNorm and _BatchNorm: parameters, running-stat buffers, resets, old checkpoints. */
export class _NormBase extends Module {
  static override version = 2;
  static override pyAttrs: readonly string[] = [
    "__constants__", "_check_input_dim", "reset_parameters", "reset_running_stats",
    "num_features", "eps", "momentum", "affine", "track_running_stats",
  ];

  numFeatures: Py;
  eps: Py;
  momentum: Py;
  affine: Py;
  trackRunningStats: Py;

  constructor(numFeatures: PyArg, eps: Py = 1e-5, momentum: Py = 0.1, affine: Py = true, trackRunningStats: Py = true, device: PyArg = null, dtype: PyArg = null, bias: Py = true) {
    super();
    this.numFeatures = numFeatures as Py;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    if (pyTruthy(this.affine)) {
      const empty = () => new Parameter(factory("empty", numFeatures, device, dtype)); // torch.empty(num_features, **factory_kwargs)
      this.registerParameter("weight", empty());
      this.registerParameter("bias", pyTruthy(bias) ? empty() : null);
    } else {
      this.registerParameter("weight", null);
      this.registerParameter("bias", null);
    }
    if (pyTruthy(this.trackRunningStats)) {
      this.registerBuffer("running_mean", factory("zeros", numFeatures, device, dtype));
      // Stryker disable next-line StringLiteral: equivalent: running_mean's call with the same arguments raised first if any does, so "ones" names no error
      const runningVar = factory("ones", numFeatures, device, dtype);
      this.registerBuffer("running_var", runningVar);
      this.registerBuffer("num_batches_tracked", Tensor.scalar(0n, "int64"));
    } else {
      this.registerBuffer("running_mean", null);
      this.registerBuffer("running_var", null);
      this.registerBuffer("num_batches_tracked", null);
    }
    this.resetParameters();
  }

  get weight(): Parameter | null {
    return this._parameters.get("weight") ?? null;
  }
  get bias(): Parameter | null {
    return this._parameters.get("bias") ?? null;
  }
  get runningMean(): Tensor | null {
    return this._buffers.get("running_mean") ?? null;
  }
  get runningVar(): Tensor | null {
    return this._buffers.get("running_var") ?? null;
  }
  get numBatchesTracked(): Tensor | null {
    return this._buffers.get("num_batches_tracked") ?? null;
  }

  resetRunningStats(): void {
    if (pyTruthy(this.trackRunningStats)) {
      // registered at runtime depending on track_running_stats at construction: None if it was off
      notNone(this.runningMean, "zero_").zero_();
      notNone(this.runningVar, "fill_").fill_(1);
      notNone(this.numBatchesTracked, "zero_").zero_();
    }
  }

  resetParameters(): void {
    this.resetRunningStats();
    if (pyTruthy(this.affine)) {
      notNone(this.weight, "fill_").fill_(1); // init.ones_
      this.bias?.fill_(0); // init.zeros_
    }
  }

  checkInputDim(_input: Tensor): void {
    throw notImplementedError("");
  }

  /** Checkpoints before version 2 have no num_batches_tracked: the module's own counter (or 0) stands in. */
  protected override loadFromStateDict(
    stateDict: Map<string, Tensor>,
    prefix: string,
    localMetadata: LocalMetadata,
    strict: boolean,
    missingKeys: string[],
    unexpectedKeys: string[],
    errorMsgs: string[],
  ): void {
    // `version is None or version < 2`: a checkpoint without a version counts as old
    if ((localMetadata.version ?? 0) < 2 && pyTruthy(this.trackRunningStats)) {
      const key = prefix + "num_batches_tracked";
      if (!stateDict.has(key)) stateDict.set(key, this.numBatchesTracked ?? Tensor.scalar(0n, "int64"));
    }
    super.loadFromStateDict(stateDict, prefix, localMetadata, strict, missingKeys, unexpectedKeys, errorMsgs);
  }
}

/** `x.method(...)` on a buffer or parameter that is None. */
function notNone<T>(value: T | null, method: string): T {
  if (value === null) throw attributeError(`'NoneType' object has no attribute '${method}'`);
  return value;
}

// --- _BatchNorm -------------------------------------------------------------------------------------

export class _BatchNorm extends _NormBase implements MaybeBatchNorm {
  static override pyForward = { qualname: "_BatchNorm.forward", arg: "input" };

  /** isinstance(m, _BatchNorm), for FrozenBN. */
  get isBatchNorm(): boolean {
    return true;
  }

  override forward(input: Tensor): Tensor {
    this.checkInputDim(input);

    // exponential_average_factor is momentum, or 0.0 for momentum None (then 1/num_batches_tracked when tracking)
    let factor: Py = this.momentum === null ? 0.0 : this.momentum;
    if (pyTruthy(this.training) && pyTruthy(this.trackRunningStats)) {
      const counter = this.numBatchesTracked;
      if (counter !== null) {
        addOne(counter);
        if (this.momentum === null) {
          const batches = Number(counter.item());
          if (batches === 0) throw zeroDivisionError("float division by zero");
          factor = 1.0 / batches; // cumulative moving average
        } // else: the exponential moving average, factor is already momentum (PyTorch assigns it again)
      }
    }

    // Batch statistics normalise in training, and in eval when there are no buffers.
    const bnTraining = pyTruthy(this.training) ? true : this.runningMean === null && this.runningVar === null;
    // Buffers are passed when they are to be updated (training and tracking) or used (eval).
    const passBuffers = !pyTruthy(this.training) || pyTruthy(this.trackRunningStats);
    return batchNorm(
      input,
      passBuffers ? this.runningMean : null,
      passBuffers ? this.runningVar : null,
      this.weight,
      this.bias,
      bnTraining,
      factor,
      this.eps,
    );
  }
}

/** num_batches_tracked.add_(1): int64 arithmetic wraps around. */
function addOne(counter: Tensor): void {
  const data = counter.data as BigInt64Array;
  for (let i = 0; i < data.length; i++) data[i] = BigInt.asIntN(64, data[i]! + 1n);
}

export class BatchNorm1d extends _BatchNorm {
  override checkInputDim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw valueError(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}

export class BatchNorm2d extends _BatchNorm {
  override checkInputDim(input: Tensor): void {
    if (input.dim() !== 4) throw valueError(`expected 4D input (got ${input.dim()}D input)`);
  }
}

export class BatchNorm3d extends _BatchNorm {
  override checkInputDim(input: Tensor): void {
    if (input.dim() !== 5) throw valueError(`expected 5D input (got ${input.dim()}D input)`);
  }
}

// --- _LazyNormBase -----------------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mixin base must take any[]
type NormClass = new (...args: any[]) => _NormBase;

/** x.materialize(shape) on a buffer: an AttributeError unless it is still an UninitializedBuffer. */
function materializeBuffer(t: Tensor | null, shape: number[]): void {
  if (!(t instanceof UninitializedBuffer) || !t.lazy) throw attributeError(`'${t === null ? "NoneType" : "Tensor"}' object has no attribute 'materialize'`);
  t.materialize(shape);
}

/** `isinstance(p, UninitializedParameter)` asserted before materialising. */
function uninitializedParameter(p: Parameter | null, name: string): UninitializedParameter {
  if (!(p instanceof UninitializedParameter) || !p.lazy) throw new TorchError("AssertionError", `self.${name} must be an UninitializedParameter`);
  return p;
}

/** _LazyNormBase.__init__'s arguments after self, each optional: eps, momentum, affine, track_running_stats, device, dtype, bias. */
export type LazyNormArgs = [eps?: Py, momentum?: Py, affine?: Py, trackRunningStats?: Py, device?: PyArg, dtype?: PyArg, bias?: Py];

/** A Lazy* class: constructed from _LazyNormBase's arguments, a T that is also a LazyModule until its first call. */
export interface LazyNormClass<T extends _NormBase> {
  new (...args: LazyNormArgs): T & LazyModule;
  readonly prototype: T & LazyModule;
}

/**
 * class Lazy<X>(_LazyNormBase, <X's base>) with cls_to_become = X: constructed with num_features 0 and no tensors,
 * then uninitialized weight/bias/running stats (and a real counter); the first call sets num_features to
 * input.shape[1] (before any dim check), materialises and resets them, and the module becomes an X.
 */
export function lazyNormBase<C extends NormClass>(clsToBecome: C): LazyNormClass<InstanceType<C>> {
  return class _LazyNormBase extends clsToBecome implements LazyModule {
    static pyAttrs: readonly string[] = LAZY_MODULE_ATTRS;

    // _LazyNormBase.__init__(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *, bias=True)
    constructor(...args: any[]) {
      const [eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, device = null, dtype = null, bias = true] = args as LazyNormArgs;
      // affine, bias and track_running_stats hardcoded to False: no tensors that would soon be overwritten
      super(0n, eps, momentum, false, false, device, dtype, false);
      installLazyHooks(this, clsToBecome as unknown as ModuleClass & { prototype: object });
      this.affine = affine;
      this.trackRunningStats = trackRunningStats;
      const uninitializedDtype = () => {
        const dt = factoryDtype("empty", dtype);
        checkDevice("empty", device);
        return dt;
      };
      if (pyTruthy(this.affine)) {
        this._parameters.set("weight", new UninitializedParameter(uninitializedDtype()));
        if (pyTruthy(bias)) this._parameters.set("bias", new UninitializedParameter(uninitializedDtype()));
      }
      if (pyTruthy(this.trackRunningStats)) {
        this._buffers.set("running_mean", new UninitializedBuffer(uninitializedDtype()));
        this._buffers.set("running_var", new UninitializedBuffer(uninitializedDtype()));
        this._buffers.set("num_batches_tracked", Tensor.scalar(0n, "int64"));
      }
    }

    /** LazyModuleMixin._save_to_state_dict: an uninitialized tensor is stored itself (so a later materialisation shows). */
    protected override stateDictEntry(t: Tensor): Tensor {
      return isLazy(t) ? t : t.detach();
    }

    override resetParameters(): void {
      if (!hasUninitializedParams(this) && this.numFeatures !== 0n) super.resetParameters();
    }

    initializeParameters(input: Tensor | undefined): void {
      if (input === undefined) throw missingArguments("_LazyNormBase.initialize_parameters", ["input"]);
      if (!hasUninitializedParams(this)) return;
      if (input.dim() < 2) throw indexError("tuple index out of range");
      this.numFeatures = BigInt(input.shape[1]!);
      const shape = [input.shape[1]!];
      if (pyTruthy(this.affine)) {
        uninitializedParameter(this.weight, "weight").materialize(shape);
        if (this.bias !== null) uninitializedParameter(this.bias, "bias").materialize(shape);
      }
      if (pyTruthy(this.trackRunningStats)) {
        materializeBuffer(this.runningMean, shape);
        materializeBuffer(this.runningVar, shape);
      }
      this.resetParameters();
    }
  } as unknown as LazyNormClass<InstanceType<C>>;
}

export class LazyBatchNorm1d extends lazyNormBase(BatchNorm1d) {}
export class LazyBatchNorm2d extends lazyNormBase(BatchNorm2d) {}
export class LazyBatchNorm3d extends lazyNormBase(BatchNorm3d) {}

// --- registration -------------------------------------------------------------------------------------

/** _BatchNorm.__init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *, bias=True) */
export const batchNormInit: PySignature = {
  qualname: "_BatchNorm.__init__",
  params: [
    { name: "num_features" },
    { name: "eps", default: 1e-5 },
    { name: "momentum", default: 0.1 },
    { name: "affine", default: true },
    { name: "track_running_stats", default: true },
    { name: "device", default: null },
    { name: "dtype", default: null },
    { name: "bias", default: true, kwOnly: true },
  ],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any norm class's constructor
type AnyNormClass = new (...args: any[]) => Module;

/** Registers norm classes under their names, constructed through `signature` (the parameter names are _NormBase's). */
export function registerNorms(pyModule: string, signature: PySignature, classes: AnyNormClass[]): void {
  const names = signature.params.map((p) => p.name);
  for (const cls of classes) {
    registerModuleType(
      cls.name as ModuleType,
      pyConstructor(`torch.nn.modules.${pyModule}.${cls.name}`, signature, ({ values }) => new cls(...names.map((name) => values.get(name)!))),
    );
  }
}

registerNorms("batchnorm", batchNormInit, [BatchNorm1d, BatchNorm2d, BatchNorm3d]);

/** _LazyNormBase.__init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *, bias=True) */
export const lazyNormInit: PySignature = { qualname: "_LazyNormBase.__init__", params: batchNormInit.params.slice(1) };

registerNorms("batchnorm", lazyNormInit, [LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d]);
