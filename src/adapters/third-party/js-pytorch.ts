// js-pytorch 0.7.2 (npm) as a port under verification: its nn.Module (mode "train"/"eval", train(), eval()) and
// nn.Dropout, on its CPU path (the @eduardoleao052/gpu dependency is only loaded for device "gpu").
//
// Vocabulary mapping, nothing more:
// - torch `training` <-> js-pytorch `mode` ("train" / "eval"); train(mode) calls the library's train() with the
//   argument as given (the library's train() takes none); eval() calls eval().
// - containers are what a js-pytorch user writes: Module subclasses holding children as properties; Sequential
//   and Chain run them in order in forward(), ModuleList and ModuleDict have no forward (as in torch), Identity
//   returns its input.
// - Dropout(p) <- Dropout(p) / Dropout(p=...); inplace=True is unsupported. Other module types are unsupported.
// - tensors are nested arrays of doubles; a float32 result is rounded back to float32; int64 is unsupported.
// - Math.random (the library's only source of randomness) is seeded per case from torch's own MT19937 stream.
import { torch } from "js-pytorch";
import type { Node } from "../../case/index.ts";
import type { Py } from "../../case/pyvalue.ts";
import { pyTruthy } from "../../case/pyvalue.ts";
import type { RawTensor } from "../../case/tensor-codec.ts";
import { bindArgs, jsValue } from "./kit/args.ts";
import { portAdapter } from "./kit/adapter.ts";
import type { ForwardResult, ModulePort } from "./kit/module-port.ts";
import { flatten, fromNested, toNested } from "./kit/nested.ts";
import { SeededMathRandom } from "./kit/seeded-random.ts";
import { Unsupported } from "./unsupported.ts";

export const JS_PYTORCH_VERSION = "0.7.2";

type JsModule = InstanceType<typeof torch.nn.Module>;
type JsTensor = ReturnType<typeof torch.tensor>;

class Sequential extends torch.nn.Module {
  forward(x: JsTensor): JsTensor {
    for (const [, child] of this.entries()) if (child instanceof torch.nn.Module) x = (child as unknown as { forward(x: JsTensor): JsTensor }).forward(x);
    return x;
  }
}
class Chain extends Sequential {}
class ModuleList extends torch.nn.Module {}
class ModuleDict extends torch.nn.Module {}
class Identity extends torch.nn.Module {
  forward(x: JsTensor): JsTensor {
    return x;
  }
}
const CONTAINERS: Record<string, new () => JsModule> = { Sequential, Chain, ModuleList, ModuleDict, Identity };

/** Property names a child may not take: they would overwrite the library's own fields and methods. */
const RESERVED = new Set(["mode", "p", "forward", "train", "eval", "parameters", "entries", "constructor"]);

function createModule(node: Node): JsModule {
  if (node.dtype !== undefined) throw new Unsupported("dtype=", "js-pytorch modules take no dtype");
  const container = CONTAINERS[node.type];
  if (container !== undefined) {
    bindArgs(node, []);
    return new container();
  }
  if (node.type !== "Dropout") throw new Unsupported(node.type, `js-pytorch ${JS_PYTORCH_VERSION} has no ${node.type}`);
  const args = bindArgs(node);
  if (args.has("inplace") && pyTruthy(args.get("inplace")!)) throw new Unsupported("inplace", "js-pytorch has no in-place Dropout");
  // torch's default p=0.5 is not passed on: what the library does without an argument is part of its behaviour.
  return args.has("p") ? new torch.nn.Dropout(jsValue(args.get("p")!) as number) : new (torch.nn.Dropout as unknown as new () => JsModule)();
}

function toJsTensor(t: RawTensor): JsTensor {
  if (t.dtype === "int64") throw new Unsupported("int64", "js-pytorch tensors hold doubles only");
  return torch.tensor(toNested(t) as unknown as number[]);
}

function forward(m: JsModule, input: RawTensor): ForwardResult {
  const x = toJsTensor(input);
  const before = flatten(x.data);
  const fn = (m as { forward?: (x: JsTensor) => JsTensor }).forward;
  if (typeof fn !== "function") throw Object.assign(new TypeError(`${m.constructor.name} has no forward()`), { name: "TypeError" });
  const out = fn.call(m, x);
  const after = flatten(x.data);
  const mutated = before.length !== after.length || before.some((v, i) => !Object.is(v, after[i]));
  return { output: fromNested(out.data, out.shape as number[], input.dtype as "float32" | "float64"), sameObject: out === x, inputMutated: mutated };
}

export function jsPytorchPort(): ModulePort<JsModule> {
  const random = new SeededMathRandom();
  return {
    name: `js-pytorch ${JS_PYTORCH_VERSION}`,
    implementation: `js-pytorch ${JS_PYTORCH_VERSION} (npm), CPU`,
    version: JS_PYTORCH_VERSION,
    // what the mapping below covers: no state_dict, hooks or reset_* (the kit or the library has none), no int64
    capabilities: {
      modules: ["Sequential", "Chain", "ModuleList", "ModuleDict", "Identity", "Dropout"],
      ops: ["manual_seed", "train", "eval", "setattr", "forward", "add_module"],
      dtypes: ["float32", "float64"],
    },
    seed: (seed) => random.seed(seed),
    around: (fn) => random.around(fn),
    create: createModule,
    addChild(parent, name, child) {
      if (RESERVED.has(name)) throw new Unsupported("child name", `a child named ${JSON.stringify(name)} would overwrite a js-pytorch Module member`);
      (parent as Record<string, unknown>)[name] = child;
    },
    children: (m) => m.entries().filter((e): e is [string, JsModule] => e[1] instanceof torch.nn.Module),
    className: (m) => m.constructor.name,
    training(m) {
      const mode: unknown = m.mode;
      return mode === "train" ? true : mode === "eval" ? false : (mode as Py);
    },
    train: (m, mode) => (mode === undefined ? m.train() : (m.train as (mode: unknown) => unknown)(jsValue(mode))),
    eval: (m) => m.eval(),
    setAttr(m, name, value) {
      if (name === "training") {
        if (typeof value !== "boolean") throw new Unsupported("training=<non-bool>", "js-pytorch's mode is a string; only True/False map onto it");
        m.mode = value ? "train" : "eval";
      } else if (name === "inplace") {
        if (pyTruthy(value)) throw new Unsupported("inplace", "js-pytorch has no in-place Dropout");
      } else {
        (m as Record<string, unknown>)[name] = jsValue(value);
      }
    },
    forward,
    parameters: () => [],
    buffers: () => [],
    resetRunningStats: (m) => (m as unknown as { reset_running_stats(): void }).reset_running_stats(),
    resetParameters: (m) => (m as unknown as { reset_parameters(): void }).reset_parameters(),
  };
}

export const jsPytorchAdapter = () => portAdapter(jsPytorchPort());
