// Invariants of the ported InstanceNorm, Lazy norms, RReLU and the CPU sum kernel that hold whatever numbers
// PyTorch prints: relations between states and between calls, never expected values (those come from the oracle
// in conformance-instancenorm-lazy-rrelu.test.ts).
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { BatchNorm1d, LazyBatchNorm1d } from "../../src/nn/batchnorm.ts";
import { rrelu } from "../../src/nn/functional/activation.ts";
import { InstanceNorm1d, InstanceNorm2d, LazyInstanceNorm2d } from "../../src/nn/instancenorm.ts";
import { sumDim0 } from "../../src/nn/kernels/sum-cpu.ts";
import { hasUninitializedParams } from "../../src/nn/lazy.ts";
import { defaultGenerator, Generator, manualSeed } from "../../src/random/generator.ts";
import { Tensor } from "../../src/tensor/tensor.ts";

const input = (shape: number[], seed = 1, dtype: "float32" | "float64" = "float32") => {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.numel; i++) t.setItem(i, Math.sin(seed * 12.9898 + i * 78.233) * 3);
  return t;
};
const bits = (t: Tensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString("hex");

describe("sum over dim 0 (cascade_sum)", () => {
  test.prop([fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 70 }), fc.constantFrom<"float32" | "float64">("float32", "float64"), fc.integer()])(
    "adds every element exactly once, whatever path (small integers: every order gives the exact sum)",
    (rows, cols, dtype, seed) => {
      const x = dtype === "float32" ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
      for (let i = 0; i < x.length; i++) x[i] = ((seed + i * 7919) % 13) - 6;
      const s = sumDim0(x, rows, cols);
      for (let c = 0; c < cols; c++) {
        let exact = 0;
        for (let r = 0; r < rows; r++) exact += x[r * cols + c]!;
        expect(s[c]).toBe(exact);
      }
    },
  );

  test.prop([fc.integer({ min: 1, max: 9 })])("a single row is added to the zeroed output: -0 becomes +0", (cols) => {
    const s = sumDim0(new Float32Array(cols).fill(-0), 1, cols);
    for (const v of s) expect(Object.is(v, 0)).toBe(true);
  });
});

describe("InstanceNorm", () => {
  test.prop([fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 9 }), fc.boolean()])(
    "each instance is normalised on its own: the output for instance n is that of the instance alone, bit for bit",
    (n, c, l, affine) => {
      const m = new InstanceNorm1d(BigInt(c), 1e-5, 0.1, affine);
      const x = input([n, c, l], n * 31 + c);
      const y = m.call(x);
      for (let k = 0; k < n; k++) {
        const one = new Tensor("float32", [1, c, l], (x.data as Float32Array).slice(k * c * l, (k + 1) * c * l));
        expect(bits(m.call(one))).toBe(bits(new Tensor("float32", [c * l], (y.data as Float32Array).slice(k * c * l, (k + 1) * c * l))));
      }
    },
  );

  test.prop([fc.integer({ min: 2, max: 9 })])("an unbatched input gives the batched output of the same instance", (l) => {
    const m = new InstanceNorm2d(3n, 1e-5, 0.1, true, true);
    const x = input([3, 2, l], l);
    const batched = m.call(new Tensor("float32", [1, 3, 2, l], x.data.slice()));
    const unbatched = m.call(x);
    expect(unbatched.shape).toEqual([3, 2, l]);
    expect(bits(unbatched)).toBe(bits(batched));
  });

  test("the counter never moves; eval with running stats leaves them as they are", () => {
    const m = new InstanceNorm1d(3n, 1e-5, 0.3, false, true);
    m.call(input([4, 3, 5]));
    const trained = bits(m.runningMean!) + bits(m.runningVar!);
    expect(m.numBatchesTracked!.item()).toBe(0n);
    m.eval();
    m.call(input([7, 3, 5], 2));
    expect(bits(m.runningMean!) + bits(m.runningVar!)).toBe(trained);
  });
});

describe("Lazy norms", () => {
  test("uninitialized until the first call, then the non-lazy class with C features and the usual initial state", () => {
    const lazy = new LazyBatchNorm1d(1e-5, 0.1, true, true, null, null, true);
    expect(lazy.className).toBe("LazyBatchNorm1d");
    expect([...lazy.stateDict()].map(([k, t]) => `${k}:${t.lazy}`)).toEqual(["weight:true", "bias:true", "running_mean:true", "running_var:true", "num_batches_tracked:false"]);
    const x = input([4, 5]);
    const eager = new BatchNorm1d(5n);
    expect(bits(lazy.call(x))).toBe(bits(eager.call(x)));
    expect(lazy.className).toBe("BatchNorm1d");
    expect(lazy).toBeInstanceOf(BatchNorm1d);
    expect(hasUninitializedParams(lazy)).toBe(false);
    expect(lazy.numFeatures).toBe(5n);
    expect([...lazy.stateDict()].map(([k, t]) => `${k}=${bits(t)}`)).toEqual([...eager.stateDict()].map(([k, t]) => `${k}=${bits(t)}`));
  });

  test("the features come from the first input even when its rank is wrong (the dim check comes after)", () => {
    const lazy = new LazyInstanceNorm2d(1e-5, 0.1, true, true, null, null, true);
    expect(() => lazy.call(input([2, 6]))).toThrow(/expected 3D or 4D input/);
    expect(lazy.className).toBe("InstanceNorm2d");
    expect(lazy.weight!.shape).toEqual([6]);
  });
});

describe("RReLU", () => {
  test.prop([fc.array(fc.constantFrom(-2, -0, 0, 1.5, NaN, -Infinity, 3), { maxLength: 40 }), fc.integer({ min: 0, max: 2 ** 31 })])(
    "training draws one 53-bit uniform (two 32-bit outputs) per element x <= 0, none for positives and NaN",
    (values, seed) => {
      manualSeed(seed);
      rrelu(new Tensor("float32", [values.length], Float32Array.from(values)), 0.125, 1 / 3, true);
      const reference = new Generator(seed);
      for (let i = 0; i < 2 * values.filter((v) => v <= 0).length; i++) reference.next32();
      expect(defaultGenerator.next32()).toBe(reference.next32());
    },
  );

  test.prop([fc.constantFrom(0, 0.125, 0.5, -0.25), fc.constantFrom<"float32" | "float64">("float32", "float64")])(
    "with lower == upper, training and eval give the same bits (the slope is fixed)",
    (slope, dtype) => {
      const x = input([5, 7], 3, dtype);
      expect(bits(rrelu(x, slope, slope, true))).toBe(bits(rrelu(x, slope, slope, false)));
    },
  );

  test("inplace returns the input object, out-of-place leaves it unchanged", () => {
    const x = input([4, 4]);
    const before = bits(x);
    const y = rrelu(x, 0.1, 0.3, true, false);
    expect(y).not.toBe(x);
    expect(bits(x)).toBe(before);
    expect(rrelu(x, 0.1, 0.3, true, true)).toBe(x);
  });
});
