// The typed surface's own behaviour: tensor()'s values and errors as the venv's torch.tensor gives them, and the
// classes of src/torch/nn.ts: instanceof before and after a lazy module materialises, a call without `new`.
import { describe, expect, it } from "vitest";
import { TorchError } from "../../src/errors.ts";
import * as port from "../../src/nn/index.ts";
import { tensor, zeros, ones } from "../../src/torch/tensor.ts";
import * as nn from "../../src/torch/nn.ts";
import { askPython } from "../port/ask-python.ts";

const FLOATS = [[0.1, -0.0, 1e-45, 3.4e38], [1, 2.5, -7, 1 / 3]];
const FLOATS_PY = "[[0.1, -0.0, 1e-45, 3.4e38], [1.0, 2.5, -7.0, 1 / 3]]";
const INTS = [[1n, -2n], [9007199254740993n, 0n]];
const INTS_PY = "[[1, -2], [9007199254740993, 0]]";

function pyError(expr: string): { type: string; message: string } {
  return askPython(`import json, torch\ntry:\n    ${expr}\nexcept Exception as e:\n    print(json.dumps({"type": type(e).__name__, "message": str(e)}))`);
}

function thrown(fn: () => unknown): { type: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { type: (e as TorchError).pyType, message: (e as Error).message };
  }
  throw new Error("did not throw");
}

describe("tensor()", () => {
  it("numbers make float32 elements with torch.tensor's rounding; bigints int64; dtype overrides", () => {
    const torchBits = askPython<number[]>(`import json, torch\nprint(json.dumps(torch.tensor(${FLOATS_PY}).view(torch.int32).flatten().tolist()))`);
    const t = tensor(FLOATS);
    expect([t.dtype, t.shape]).toEqual(["float32", [2, 4]]);
    expect(Array.from(new Int32Array(t.data.buffer))).toEqual(torchBits);
    const f64 = askPython<number[]>(`import json, torch\nprint(json.dumps(torch.tensor(${FLOATS_PY}, dtype=torch.float64).flatten().tolist()))`);
    expect(Array.from(tensor(FLOATS, { dtype: "float64" }).data as Float64Array)).toEqual(f64);
    const ints = tensor(INTS);
    const torchInts = askPython<string[]>(`import json, torch\nprint(json.dumps([str(x) for x in torch.tensor(${INTS_PY}).flatten().tolist()]))`);
    expect([ints.dtype, Array.from(ints.data as BigInt64Array).map(String)]).toEqual(["int64", torchInts]);
    const truncated = askPython<number[]>(`import json, torch\nprint(json.dumps(torch.tensor([1.5, -2.5, 7.9], dtype=torch.int64).tolist()))`);
    expect(Array.from(tensor([1.5, -2.5, 7.9], { dtype: "int64" }).data as BigInt64Array).map(Number)).toEqual(truncated);
  });

  it.each([
    ["[[1.0, 2.0], [3.0, 4.0, 5.0]]", [[1, 2], [3, 4, 5]]],
    ["[[1.0, 2.0], 3.0]", [[1, 2], 3]],
    ["[1.5, [2.0]]", [1.5, [2]]],
    ["[[1], [[2]]]", [[1n], [[2n]]]],
  ] as [string, unknown][])("%s raises torch.tensor's error", (py, ts) => {
    expect(thrown(() => tensor(ts as never))).toEqual(pyError(`torch.tensor(${py})`));
  });

  it("zeros and ones take a size or a shape", () => {
    const torch = askPython<{ z3: number[]; z22: number[]; o12: [number[], string]; o2: number[] }>(
      `import json, torch\nprint(json.dumps({"z3": list(torch.zeros(3).shape), "z22": torch.zeros([2, 2]).flatten().tolist(), "o12": [list(torch.ones([1, 2], dtype=torch.float64).shape), str(torch.ones([1, 2], dtype=torch.float64).dtype)], "o2": torch.ones(2).tolist()}))`,
    );
    expect([zeros(3).shape, Array.from(zeros([2, 2]).data as Float32Array)]).toEqual([torch.z3, torch.z22]);
    const o12 = ones([1, 2], { dtype: "float64" });
    expect([o12.shape, `torch.${o12.dtype}`, Array.from(ones(2).data as Float32Array)]).toEqual([...torch.o12, torch.o2]);
  });
});

describe("the typed classes", () => {
  it("make the port's modules: instanceof holds for both classes, and for the target class once a lazy module materialises", () => {
    const bn = new nn.BatchNorm2d(4);
    expect(bn).toBeInstanceOf(nn.BatchNorm2d);
    expect(bn).toBeInstanceOf(port.BatchNorm2d);
    expect(bn).toBeInstanceOf(nn.Module);
    const lazy = new nn.LazyBatchNorm2d({ eps: 1e-3 });
    expect(lazy).toBeInstanceOf(nn.LazyBatchNorm2d);
    const fromTorch = askPython<[string, number, number]>(`import json, torch\nm = torch.nn.LazyBatchNorm2d(eps=1e-3)\nprint(json.dumps([type(m).__name__, m.eps, m.num_features]))`);
    expect([lazy.className, lazy.eps, Number(lazy.numFeatures)]).toEqual(fromTorch);
    lazy.call(zeros([2, 3, 2, 2]));
    expect(lazy).toBeInstanceOf(nn.BatchNorm2d);
    expect(lazy).not.toBeInstanceOf(nn.LazyBatchNorm2d);
    expect([lazy.className, lazy.numFeatures]).toEqual(["BatchNorm2d", 3n]);
  });

  it("a number where PyTorch takes an int is that int; options are PyTorch's keywords", () => {
    const torch = askPython<{ bn: [number, null, boolean, null]; drop: [number, boolean]; rrelu: [number, number, boolean] }>(
      "import json, torch\nbn = torch.nn.BatchNorm1d(3, momentum=None, track_running_stats=False)\nd = torch.nn.Dropout(0.25, inplace=True)\nr = torch.nn.RReLU(upper=0.5)\n" +
        'print(json.dumps({"bn": [bn.num_features, bn.momentum, bn.track_running_stats, bn.running_mean], "drop": [d.p, d.inplace], "rrelu": [r.lower, r.upper, r.inplace]}))',
    );
    const bn = new nn.BatchNorm1d(3, { momentum: null, trackRunningStats: false });
    expect([Number(bn.numFeatures), bn.momentum, bn.trackRunningStats, bn.runningMean]).toEqual(torch.bn);
    const drop = new nn.Dropout(0.25, { inplace: true });
    expect([drop.p, drop.inplace]).toEqual(torch.drop);
    const rrelu = new nn.RReLU(undefined, 0.5);
    expect([rrelu.lower, rrelu.upper, rrelu.inplace]).toEqual(torch.rrelu);
  });

  it("the port's own Lazy* classes take no arguments either: the same module as the Python call without any", () => {
    for (const [type, cls] of [["LazyBatchNorm2d", port.LazyBatchNorm2d], ["LazyInstanceNorm1d", port.LazyInstanceNorm1d]] as const) {
      const fromPython = port.moduleFactory(type)!.create([], []) as port._NormBase;
      const direct = new cls();
      const fields = (m: port._NormBase) => [m.className, m.eps, m.momentum, m.affine, m.trackRunningStats, m.numFeatures, [...m._parameters.keys()], [...m._buffers.keys()]];
      expect(fields(direct)).toEqual(fields(fromPython));
    }
  });

  it("a call without new is a JavaScript TypeError, as for any class", () => {
    expect(() => (nn.BatchNorm1d as unknown as (n: number) => unknown)(3)).toThrow(new TypeError("Class constructor BatchNorm1d cannot be invoked without 'new'"));
  });
});
