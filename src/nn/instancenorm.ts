// torch.nn.InstanceNorm1d/2d/3d, their base _InstanceNorm and the LazyInstanceNorm1d/2d/3d classes
// (torch/nn/modules/instancenorm.py, 2.13). Statistics are per instance and channel: F.instance_norm runs
// batch_norm on the input viewed as (1, N*C, ...).
import type { Py } from "../case/pyvalue.ts";
import { pyStr, pyTruthy } from "../case/pyvalue.ts";
import { valueError, warn } from "../errors.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { _NormBase, batchNormInit, lazyNormBase, lazyNormInit, registerNorms } from "./batchnorm.ts";
import { instanceNorm } from "./functional/instance-norm.ts";
import type { LocalMetadata } from "./module.ts";
import type { PyArg, PySignature } from "./pyargs.ts";

/** Python's `n != v` for an int n against num_features (which may be any Python value when nothing was allocated). */
function differs(n: number, v: Py): boolean {
  if (typeof v === "bigint") return BigInt(n) !== v;
  if (typeof v === "number" || typeof v === "boolean") return n !== Number(v);
  return true;
}

// abstract: no case can name _InstanceNorm itself (only its subclasses are registered), so its _get_no_batch_dim
// (raise NotImplementedError) is unreachable
export abstract class _InstanceNorm extends _NormBase {
  static override pyAttrs: readonly string[] = ["_get_no_batch_dim", "_handle_no_batch_input", "_apply_instance_norm"];
  static override pyForward = { qualname: "_InstanceNorm.forward", arg: "input" };

  constructor(numFeatures: PyArg, eps: Py = 1e-5, momentum: Py = 0.1, affine: Py = false, trackRunningStats: Py = false, device: PyArg = null, dtype: PyArg = null, bias: Py = true) {
    super(numFeatures, eps, momentum, affine, trackRunningStats, device, dtype, bias);
  }

  /** The rank of an unbatched input (C, *spatial). */
  abstract getNoBatchDim(): number;

  handleNoBatchInput(input: Tensor): Tensor {
    return this.applyInstanceNorm(input.unsqueeze(0)).squeeze(0);
  }

  /** Input statistics whenever `training or not track_running_stats` (the Python value of that expression). */
  applyInstanceNorm(input: Tensor): Tensor {
    const useInputStats: Py = pyTruthy(this.training) ? this.training : !pyTruthy(this.trackRunningStats);
    const momentum = this.momentum === null ? 0.0 : this.momentum;
    return instanceNorm(input, this.runningMean, this.runningVar, this.weight, this.bias, useInputStats, momentum, this.eps);
  }

  /** Checkpoints without a version and a module without running stats: running stats in them are an error (and dropped). */
  protected override loadFromStateDict(
    stateDict: Map<string, Tensor>,
    prefix: string,
    localMetadata: LocalMetadata,
    strict: boolean,
    missingKeys: string[],
    unexpectedKeys: string[],
    errorMsgs: string[],
  ): void {
    const version = localMetadata.version ?? null;
    if (version === null && !pyTruthy(this.trackRunningStats)) {
      const keys = ["running_mean", "running_var"].map((name) => prefix + name).filter((key) => stateDict.has(key));
      if (keys.length > 0) {
        const klass = this.className;
        errorMsgs.push(
          `Unexpected running stats buffer(s) ${keys.map((k) => `"${k}"`).join(" and ")} for ${klass} with track_running_stats=False. ` +
            "If state_dict is a checkpoint saved before 0.4.0, this may be expected because " +
            `${klass} does not track running stats by default since 0.4.0. Please remove these keys from state_dict. If the running stats are ` +
            `actually needed, instead set track_running_stats=True in ${klass} to enable them. See the documentation of ${klass} for details.`,
        );
        for (const key of keys) stateDict.delete(key);
      }
    }
    super.loadFromStateDict(stateDict, prefix, localMetadata, strict, missingKeys, unexpectedKeys, errorMsgs);
  }

  override forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    const featureDim = input.dim() - this.getNoBatchDim();
    const size = input.shape[featureDim]!;
    if (differs(size, this.numFeatures)) {
      if (pyTruthy(this.affine)) {
        throw valueError(`expected input's size at dim=${featureDim} to match num_features (${pyStr(this.numFeatures)}), but got: ${size}.`);
      }
      warn(
        `input's size at dim=${featureDim} does not match num_features. You can silence this warning by not passing in num_features, ` +
          "which is not used because affine=False",
      );
    }
    if (input.dim() === this.getNoBatchDim()) return this.handleNoBatchInput(input);
    return this.applyInstanceNorm(input);
  }
}

/** _check_input_dim of InstanceNorm{d}d: an unbatched (d+1)-D or a batched (d+2)-D input. */
function checkRanks(input: Tensor, noBatchDim: number): void {
  const d = input.dim();
  if (d !== noBatchDim && d !== noBatchDim + 1) throw valueError(`expected ${noBatchDim}D or ${noBatchDim + 1}D input (got ${d}D input)`);
}

export class InstanceNorm1d extends _InstanceNorm {
  override getNoBatchDim(): number {
    return 2;
  }
  override checkInputDim(input: Tensor): void {
    checkRanks(input, 2);
  }
}

export class InstanceNorm2d extends _InstanceNorm {
  override getNoBatchDim(): number {
    return 3;
  }
  override checkInputDim(input: Tensor): void {
    checkRanks(input, 3);
  }
}

export class InstanceNorm3d extends _InstanceNorm {
  override getNoBatchDim(): number {
    return 4;
  }
  override checkInputDim(input: Tensor): void {
    checkRanks(input, 4);
  }
}

export class LazyInstanceNorm1d extends lazyNormBase(InstanceNorm1d) {}
export class LazyInstanceNorm2d extends lazyNormBase(InstanceNorm2d) {}
export class LazyInstanceNorm3d extends lazyNormBase(InstanceNorm3d) {}

// --- registration -------------------------------------------------------------------------------------

/** _InstanceNorm.__init__: _BatchNorm's signature with affine=False and track_running_stats=False. */
const instanceNormInit: PySignature = {
  qualname: "_InstanceNorm.__init__",
  params: batchNormInit.params.map((p) => (p.name === "affine" || p.name === "track_running_stats" ? { ...p, default: false } : p)),
};

registerNorms("instancenorm", instanceNormInit, [InstanceNorm1d, InstanceNorm2d, InstanceNorm3d]);
registerNorms("instancenorm", lazyNormInit, [LazyInstanceNorm1d, LazyInstanceNorm2d, LazyInstanceNorm3d]);
