// The third-party ports this project verifies and publishes (docs/ports/, scripts/matrix.ts): how each is run.
// The same settings run in the tests (with fewer cases), so the published matrices and the tests agree.
import path from "node:path";
import { PACKAGE_ROOT as ROOT } from "../package-root.ts";

export interface KnownPort {
  id: string;
  impl: string;
  title: string;
  /** What the port is and how it is mapped (Markdown, printed above the generated matrix). */
  intro: string;
  profiles: string[];
  features: string[];
  ulps?: number;
  atol?: number;
  runs: number;
  seed: number;
  expectations: string;
  /** Tries allowed for shrinking each counterexample of the published matrix (default 300; fewer for a slow port). */
  shrinkRuns?: number;
}

export const KNOWN_PORTS: KnownPort[] = [
  {
    id: "js-pytorch",
    impl: "js-pytorch",
    title: "js-pytorch 0.7.2",
    intro: [
      "[js-pytorch](https://www.npmjs.com/package/js-pytorch) is \"a JavaScript library like PyTorch, built from scratch\".",
      "Its `nn.Module` keeps `mode` (`\"train\"`/`\"eval\"`) and has `train()`/`eval()`; of the modules verified here it has `Dropout` only.",
      "The adapter (`src/adapters/third-party/js-pytorch.ts`) maps vocabulary only: containers are `Module` subclasses holding their children as properties (what a js-pytorch user writes),",
      "tensors are its nested arrays of doubles (float32 results rounded back to float32), and `Math.random` (its only randomness) is seeded per case from torch's own MT19937 stream.",
      "The adapter declares what it maps (its containers, Identity and Dropout; the ops but state_dict, load_state_dict, reset_* and hooks; float32 and float64), so cases with BatchNorm, the other Dropout variants or state_dict are not generated; in-place Dropout and non-bool `training` writes, argument values capabilities cannot describe, are unsupported.",
      "js-pytorch's `train()` and `eval()` return `undefined`, not the module: every case with a train or eval step would stop at that first difference, so the `no-chaining` profile sets it aside to let the matrix see past it (a plain run shows it as `steps[i].value.returnsSelf: true` vs `false`).",
    ].join(" "),
    profiles: ["non-python", "no-chaining"],
    features: [],
    runs: 1500,
    seed: 1,
    expectations: path.join(ROOT, "docs", "ports", "js-pytorch.expectations.json"),
  },
  {
    id: "tfjs",
    impl: "tfjs",
    title: "TensorFlow.js layers 4.22.0 (CPU backend)",
    intro: [
      "[@tensorflow/tfjs-layers](https://www.npmjs.com/package/@tensorflow/tfjs-layers) 4.22.0 on the pure-JavaScript CPU backend (`@tensorflow/tfjs-backend-cpu`, no native binary):",
      "`tf.layers.batchNormalization` and `tf.layers.dropout` stand in for BatchNorm1d/2d and Dropout.",
      "Keras layers have no train/eval mode: the adapter (`src/adapters/third-party/tfjs.ts`) keeps torch's flag next to each layer and passes it as the `training` call argument.",
      "Keras conventions are left as they are and handled by the `keras` profile (momentum is the decay, eps defaults to 1e-3, channels last, biased moving variance, no batch counter);",
      "errors and warnings are compared by presence (`non-python`) and tensors are immutable values (`immutable-tensors`).",
      "Floats are compared within 64 ULP or an absolute difference of 1e-6 (near zero, units in the last place say nothing): tfjs does its own float32 arithmetic (other formulas and summation orders), so bit-exactness is not expected; what is left are real differences.",
      "Only single layers are mapped (no containers), float32 only: the adapter declares these capabilities, so no other case is generated.",
    ].join(" "),
    profiles: ["keras", "non-python", "immutable-tensors"],
    features: [],
    ulps: 64,
    atol: 1e-6,
    runs: 1500,
    seed: 1,
    expectations: path.join(ROOT, "docs", "ports", "tfjs.expectations.json"),
  },
  {
    id: "tinygrad",
    impl: "tinygrad",
    title: "tinygrad 0.14.0 (CPU device)",
    intro: [
      "[tinygrad](https://pypi.org/project/tinygrad/) 0.14.0, pure Python, on its CPU device (kernels compiled by clang), run through the worker protocol:",
      "the port is `examples/tinygrad-port/tinygrad_port.py`, the Python kit's mapping of tinygrad's layers, in its own venv (`npm run provision -- --port tinygrad`).",
      "tinygrad has layers but no module base class, no module tree and no per-module train/eval (one global switch, `Context(TRAINING=1)`):",
      "the adapter gives the tree a minimal stand-in for torch.nn.Module's (containers, `train()`/`eval()`, a `training` flag per module) and runs each layer's call under `Context(TRAINING=...)` set from that layer's flag.",
      "`nn.BatchNorm` stands in for BatchNorm1d/2d/3d (torch's constructor arguments matched to tinygrad's by name), `nn.InstanceNorm` for InstanceNorm1d/2d/3d without running statistics, `Tensor.dropout(p)` for Dropout (tinygrad has no Dropout layer), a pass-through for Identity;",
      "parameters and buffers are a layer's tensors as tinygrad's `nn.state.get_state_dict` lists them, split by tinygrad's `Tensor.is_param`.",
      "Not generated (tinygrad has no counterpart): the Feature and Alpha dropouts, lazy modules, RReLU, `load_state_dict`, `reset_running_stats`, `reset_parameters` and module hooks, which the port's declared module types and ops leave out; BatchNorm's `dtype` and `bias` arguments, InstanceNorm's running statistics and in-place Dropout, which `--features` excludes (the port says unsupported).",
      "tinygrad raises its own exceptions (`error-presence`: errors compared by presence). Floats are compared within 64 ULP or an absolute difference of 1e-6: tinygrad generates its own kernels (other formulas, other summation orders), so bit-exactness is not expected.",
    ].join(" "),
    profiles: ["error-presence"],
    // The port declares its module types and ops; what is left are argument values capabilities cannot describe:
    // a dtype argument (tinygrad's layers take none, though float64 tensors are declared), bias=False, InstanceNorm's
    // running statistics and in-place Dropout, all refused by the port as unsupported.
    features: ["!bn.float64,in.float64,bn.bias-false,in.trs,dropout.inplace"],
    ulps: 64,
    atol: 1e-6,
    runs: 400,
    seed: 1,
    expectations: path.join(ROOT, "docs", "ports", "tinygrad.expectations.json"),
    shrinkRuns: 40,
  },
];
