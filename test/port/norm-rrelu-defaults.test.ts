// The TypeScript defaults of RReLU, InstanceNorm1d/2d/3d, F.rrelu, F.instance_norm and F.batch_norm are the Python
// signatures'.
// Constructors: `new X()` builds what a case naming X without those arguments builds (pyConstructor fills in the
// registered __init__ defaults, checked against PyTorch by the conformance specs). The functions: no case reaches
// their defaults (the modules pass every argument), so a call leaning on them is compared with one passing the
// defaults of inspect.signature, asked of the oracle venv's torch. Found by mutation testing: nothing else used them.
import { describe, expect, it } from "vitest";
import type { Py } from "../../src/case/pyvalue.ts";
import { RReLU } from "../../src/nn/activation.ts";
import { rrelu } from "../../src/nn/functional/activation.ts";
import { batchNorm } from "../../src/nn/functional/batch-norm.ts";
import { instanceNorm } from "../../src/nn/functional/instance-norm.ts";
import "../../src/nn/index.ts";
import { type _InstanceNorm, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d } from "../../src/nn/instancenorm.ts";
import { moduleFactory } from "../../src/nn/registry.ts";
import { manualSeed } from "../../src/random/generator.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { askPython } from "./ask-python.ts";

const bits = (t: Tensor | null) => (t === null ? "None" : Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString("hex"));
/** Negatives, zeros and positives (rrelu's slopes and instance statistics both show). */
const input = (shape: number[]) => {
  const t = Tensor.zeros(shape, "float32");
  for (let i = 0; i < t.numel; i++) t.setItem(i, Math.sin(i * 78.233 + 1) * 3);
  return t;
};

/** name -> {parameter: default} of the functions' Python signatures (floats and bools only, as JSON gives them). */
type Fn = "rrelu" | "instance_norm" | "batch_norm";
function pythonDefaults(): Record<Fn, Record<string, Py>> {
  const script = `
import inspect, json
import torch.nn.functional as F
print(json.dumps({f.__name__: {k: p.default for k, p in inspect.signature(f).parameters.items() if p.default is not inspect.Parameter.empty}
                  for f in (F.rrelu, F.instance_norm, F.batch_norm)}))
`;
  return askPython<Record<Fn, Record<string, Py>>>(script);
}

describe("RReLU and InstanceNorm constructors' defaults", () => {
  it("RReLU", () => {
    const viaPython = moduleFactory("RReLU")!.create([], []) as RReLU;
    const direct = new RReLU();
    expect([direct.lower, direct.upper, direct.inplace]).toEqual([viaPython.lower, viaPython.upper, viaPython.inplace]);
  });

  it.each([InstanceNorm1d, InstanceNorm2d, InstanceNorm3d].map((c) => [c.name, c] as const))("%s", (_name, cls) => {
    const state = (m: _InstanceNorm) => [m.eps, m.momentum, m.affine, m.trackRunningStats, ...[m.weight, m.bias, m.runningMean, m.runningVar].map(bits)];
    const viaPython = moduleFactory(cls.name as "InstanceNorm1d")!.create([3n], []) as _InstanceNorm;
    expect(state(new cls(3n))).toEqual(state(viaPython));
    // bias shows only with affine
    const affine = moduleFactory(cls.name as "InstanceNorm1d")!.create([3n], [["affine", true]]) as _InstanceNorm;
    expect(state(new cls(3n, viaPython.eps, viaPython.momentum, true))).toEqual(state(affine));
  });
});

describe("F.rrelu, F.instance_norm and F.batch_norm defaults", () => {
  const defaults = pythonDefaults();

  it("F.rrelu", () => {
    const d = defaults.rrelu;
    const [a, b] = [input([4, 5]), input([4, 5])];
    manualSeed(5);
    const implicit = rrelu(a);
    manualSeed(5);
    const explicit = rrelu(b, d.lower, d.upper, d.training, d.inplace);
    expect(bits(implicit)).toBe(bits(explicit));
    expect([implicit === a, bits(a)]).toEqual([explicit === b, bits(b)]);
  });

  it("F.instance_norm", () => {
    const d = defaults.instance_norm;
    const explicit = (x: Tensor, rm: Tensor | null, rv: Tensor | null) =>
      instanceNorm(x, rm, rv, d.weight as null, d.bias as null, d.use_input_stats, d.momentum, d.eps);
    expect(bits(instanceNorm(input([2, 3, 4])))).toBe(bits(explicit(input([2, 3, 4]), null, null)));
    const stats = () => [Tensor.zeros([3], "float32"), Tensor.zeros([3], "float32").fill_(1)] as const;
    const [rm1, rv1] = stats();
    const [rm2, rv2] = stats();
    expect(bits(instanceNorm(input([2, 3, 4]), rm1, rv1))).toBe(bits(explicit(input([2, 3, 4]), rm2, rv2)));
    expect([bits(rm1), bits(rv1)]).toEqual([bits(rm2), bits(rv2)]);
  });

  it("F.batch_norm, in eval and (training given) in training", () => {
    const d = defaults.batch_norm;
    const stats = () => [Tensor.zeros([3], "float32").fill_(0.25), Tensor.zeros([3], "float32").fill_(2)] as const;
    for (const training of [undefined, true]) {
      const [rm1, rv1] = stats();
      const [rm2, rv2] = stats();
      const implicit = training === undefined ? batchNorm(input([4, 3, 2]), rm1, rv1) : batchNorm(input([4, 3, 2]), rm1, rv1, null, null, training);
      const explicit = batchNorm(input([4, 3, 2]), rm2, rv2, d.weight as null, d.bias as null, training ?? d.training, d.momentum, d.eps);
      expect([bits(implicit), bits(rm1), bits(rv1)]).toEqual([bits(explicit), bits(rm2), bits(rv2)]);
    }
  });
});
