// @tensorflow/tfjs-layers 4.22.0 on the pure-JS CPU backend (@tensorflow/tfjs-backend-cpu; no tfjs-node binary)
// as a port under verification: tf.layers.batchNormalization and tf.layers.dropout.
//
// Vocabulary mapping, nothing more (Keras conventions are left as they are: see the `keras` profile):
// - torch `training` <-> Keras's `training` call argument: a Keras layer has no mode of its own, so the flag
//   is kept next to the layer and passed to every apply(); train()/eval() only set it (non-bool modes: unsupported).
// - Dropout(p) -> dropout({rate: p}) (no p: Keras has no default rate, so the layer gets rate undefined).
// - BatchNorm1d/2d(C, eps, momentum, affine, track_running_stats, bias) -> batchNormalization({epsilon, momentum,
//   center: affine && bias, scale: affine}) with eps/momentum passed only when given, as given; weights are built
//   at construction for a [N, C] (1d) or [N, H, W, C] (2d) input: Keras layers fix their rank when built, so a
//   BatchNorm1d [N, L, C] input is fed as [N * L, C] (the same reduction) and its output reshaped back.
//   gamma/beta -> weight/bias (parameters), moving_mean/moving_variance -> running_mean/running_var (buffers).
// - unsupported: containers, BatchNorm3d (tfjs batch norm stops at rank 4), track_running_stats=False,
//   momentum=None, in-place, float64 and int64, state_dict, reset_running_stats.
// - Math.random (tfjs seeds its unseeded uniform draws from it) is seeded per case.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import type { Node } from "../../case/index.ts";
import type { Py } from "../../case/pyvalue.ts";
import { pyTruthy } from "../../case/pyvalue.ts";
import type { RawTensor } from "../../case/tensor-codec.ts";
import { bindArgs, jsValue } from "./kit/args.ts";
import { portAdapter } from "./kit/adapter.ts";
import type { ForwardResult, ModulePort } from "./kit/module-port.ts";
import { SeededMathRandom } from "./kit/seeded-random.ts";
import { Unsupported } from "./unsupported.ts";

/** The plain attributes a setattr step may write, and their Keras names. */
const SCALAR_ATTRS = { p: "rate", eps: "epsilon", momentum: "momentum", lower: "lower", upper: "upper" } as const;

export const TFJS_VERSION = "4.22.0";

type Layer = ReturnType<typeof tfl.layers.dropout>;
type BatchNorm = Layer & { gamma?: { read(): tf.Tensor }; beta?: { read(): tf.Tensor }; movingMean: { read(): tf.Tensor }; movingVariance: { read(): tf.Tensor } };

/** A Keras layer plus the torch `training` flag it is called with. */
export class TfModule {
  constructor(
    readonly torchType: "Dropout" | "BatchNorm1d" | "BatchNorm2d",
    readonly layer: Layer,
    public training: Py = true,
  ) {}
}

let ready = false;
function init(): void {
  if (ready) return;
  tf.enableProdMode(); // silences the "install tfjs-node" banner; arithmetic is unaffected
  if (!tf.setBackend("cpu")) throw new Error("the tfjs cpu backend did not register");
  ready = true;
}

const BN_RANK = { BatchNorm1d: 2, BatchNorm2d: 4 } as const;

function createBatchNorm(node: Node, type: "BatchNorm1d" | "BatchNorm2d"): TfModule {
  const args = bindArgs(node);
  if (args.has("device") || args.has("dtype")) throw new Unsupported("device/dtype", "tfjs layers take no torch device/dtype");
  if (args.has("track_running_stats") && !pyTruthy(args.get("track_running_stats")!)) throw new Unsupported("track_running_stats=False", "Keras BatchNormalization always keeps moving statistics");
  if (args.has("momentum") && args.get("momentum") === null) throw new Unsupported("momentum=None", "Keras has no cumulative moving average");
  const affine = args.has("affine") ? pyTruthy(args.get("affine")!) : true;
  const bias = args.has("bias") ? pyTruthy(args.get("bias")!) : true;
  const config: Record<string, unknown> = { center: affine && bias, scale: affine };
  if (args.has("eps")) config.epsilon = jsValue(args.get("eps")!);
  if (args.has("momentum")) config.momentum = jsValue(args.get("momentum")!);
  const layer = tfl.layers.batchNormalization(config) as unknown as Layer;
  const shape = [...Array<null>(BN_RANK[type] - 1).fill(null), jsValue(args.get("num_features") ?? null)];
  layer.build(shape as Parameters<Layer["build"]>[0]);
  return new TfModule(type, layer);
}

function create(node: Node): TfModule {
  init();
  if (node.dtype === "float64") throw new Unsupported("float64", "the tfjs cpu backend computes in float32 only");
  if (node.type === "Dropout") {
    const args = bindArgs(node);
    if (args.has("inplace") && pyTruthy(args.get("inplace")!)) throw new Unsupported("inplace", "tfjs tensors are immutable");
    return new TfModule("Dropout", tfl.layers.dropout({ rate: jsValue(args.get("p") ?? null) as number }));
  }
  if (node.type === "BatchNorm1d" || node.type === "BatchNorm2d") return createBatchNorm(node, node.type);
  if (node.type === "BatchNorm3d") throw new Unsupported("BatchNorm3d", "tfjs batchNormalization is implemented up to rank 4");
  throw new Unsupported(node.type, `tfjs-layers ${TFJS_VERSION} has no ${node.type} mapping`);
}

const read = (v: { read(): tf.Tensor }): RawTensor => {
  const t = v.read();
  return { dtype: "float32", shape: [...t.shape], data: Float32Array.from(t.dataSync() as Float32Array) };
};

function forward(m: TfModule, input: RawTensor): ForwardResult {
  if (input.dtype !== "float32") throw new Unsupported(input.dtype, "the tfjs cpu backend computes in float32 only");
  if (typeof m.training !== "boolean") throw new Unsupported("training=<non-bool>", "Keras's training argument is a bool");
  const x = tf.tensor(input.data as Float32Array, input.shape, "float32");
  const before = Float32Array.from(x.dataSync() as Float32Array);
  // BatchNorm1d on [N, L, C]: the layer is built for [N, C]; normalizing [N * L, C] reduces over the same elements.
  const flat = m.torchType === "BatchNorm1d" && input.shape.length === 3;
  const fed = flat ? tf.reshape(x, [input.shape[0]! * input.shape[1]!, input.shape[2]!]) : x;
  try {
    const applied = m.layer.apply(fed, { training: m.training }) as tf.Tensor;
    const out = flat ? tf.reshape(applied, input.shape) : applied;
    const data = Float32Array.from(out.dataSync() as Float32Array);
    const after = x.dataSync() as Float32Array;
    const mutated = Buffer.compare(Buffer.from(before.buffer), Buffer.from(after.buffer, after.byteOffset, after.byteLength)) !== 0;
    const shape = [...out.shape];
    for (const t of new Set([fed, applied, out])) if (t !== x) t.dispose();
    return { output: { dtype: "float32", shape, data }, sameObject: out === x, inputMutated: mutated };
  } finally {
    x.dispose();
  }
}

export function tfjsPort(): ModulePort<TfModule> {
  const random = new SeededMathRandom();
  return {
    name: `tfjs-layers ${TFJS_VERSION}`,
    implementation: `@tensorflow/tfjs-layers ${TFJS_VERSION} on @tensorflow/tfjs-backend-cpu ${TFJS_VERSION}`,
    version: TFJS_VERSION,
    // single layers (no containers), float32 only, no state_dict, hooks or reset_*
    capabilities: {
      modules: ["Dropout", "BatchNorm1d", "BatchNorm2d"],
      ops: ["manual_seed", "train", "eval", "setattr", "forward"],
      dtypes: ["float32"],
    },
    seed: (seed) => random.seed(seed),
    around: (fn) => random.around(fn),
    create,
    addChild() {
      throw new Unsupported("containers", "the tfjs port maps single layers only");
    },
    children: () => [],
    className: (m) => m.torchType,
    training: (m) => m.training,
    train(m, mode) {
      if (mode !== undefined && typeof mode !== "boolean") throw new Unsupported("train(<non-bool>)", "Keras's training argument is a bool");
      m.training = mode ?? true;
      return m;
    },
    eval(m) {
      m.training = false;
      return m;
    },
    setAttr(m, name, value) {
      if (name === "training") {
        m.training = value;
        return;
      }
      if (name === "track_running_stats" || name === "inplace") throw new Unsupported(`setattr ${name}`, `Keras layers have no ${name}`);
      if (name === "momentum" && value === null) throw new Unsupported("momentum=None", "Keras has no cumulative moving average");
      if (!(name in SCALAR_ATTRS)) throw new Unsupported(`setattr ${name}`, "the adapter does not map PyTorch's parameter and buffer slots onto Keras weights");
      const key = SCALAR_ATTRS[name as keyof typeof SCALAR_ATTRS];
      (m.layer as unknown as Record<string, unknown>)[key] = jsValue(value);
    },
    forward,
    parameters(m) {
      const bn = m.layer as BatchNorm;
      const out: Array<[string, RawTensor]> = [];
      if (bn.gamma) out.push(["weight", read(bn.gamma)]);
      if (bn.beta) out.push(["bias", read(bn.beta)]);
      return out;
    },
    buffers(m) {
      if (m.torchType === "Dropout") return [];
      const bn = m.layer as BatchNorm;
      return [
        ["running_mean", read(bn.movingMean)],
        ["running_var", read(bn.movingVariance)],
      ];
    },
  };
}

export const tfjsAdapter = () => portAdapter(tfjsPort());
