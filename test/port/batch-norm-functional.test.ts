// F.batch_norm called directly, with what no module passes it: a non-bool training, eps or momentum of other
// types, running_var or bias of the wrong size, mixed parameter dtypes, an empty input with a weight whose first
// dimension is 0. No case step reaches these (BatchNorm's forward passes well-formed arguments), so each call's
// outcome is asked of the oracle venv's torch while the test runs, never written here.
import { describe, expect, it } from "vitest";
import type { Py } from "../../src/case/pyvalue.ts";
import { pyLiteral } from "../../src/conformance/snippets.ts";
import { TorchError } from "../../src/errors.ts";
import { batchNorm } from "../../src/nn/functional/batch-norm.ts";
import { type DType, Tensor } from "../../src/tensor/tensor.ts";
import { askPython } from "./ask-python.ts";

type Spec = { shape: number[]; dtype?: DType } | null;
/** One call: input, running_mean, running_var, weight, bias as shapes, then training, momentum, eps. */
type Call = [Spec, Spec, Spec, Spec, Spec, Py, Py, Py];
const f = (...shape: number[]): Spec => ({ shape });
const d = (...shape: number[]): Spec => ({ shape, dtype: "float64" });
const l = (...shape: number[]): Spec => ({ shape, dtype: "int64" });

const CALLS: Record<string, Call> = {
  "training an int": [f(4, 3), f(3), f(3), null, null, 1n, 0.1, 1e-5],
  "training a str": [f(4, 3), f(3), f(3), null, null, "yes", 0.1, 1e-5],
  "momentum a str": [f(4, 3), f(3), f(3), null, null, false, "m", 1e-5],
  "eps a str, eval": [f(4, 3), f(3), f(3), null, null, false, 0.1, "e"],
  "eps a str, training": [f(4, 3), f(3), f(3), null, null, true, 0.1, "e"],
  "eps None": [f(4, 3), f(3), f(3), null, null, false, 0.1, null],
  "eps an int": [f(4, 3), f(3), f(3), null, null, false, 0.1, 1n],
  "eps a bool": [f(4, 3), f(3), f(3), null, null, false, 0.1, true],
  "momentum an int": [f(4, 3), f(3), f(3), null, null, true, 1n, 1e-5],
  "running_var of 2": [f(4, 3), f(3), f(2), null, null, false, 0.1, 1e-5],
  "bias of 2": [f(4, 3), f(3), f(3), f(3), f(2), false, 0.1, 1e-5],
  "weight of 4": [f(4, 3), f(3), f(3), f(4), f(3), true, 0.1, 1e-5],
  "float64 input, float32 weight, float64 bias": [d(4, 3), null, null, f(3), d(3), true, 0.1, 1e-5],
  "float32 input, float64 running_mean": [f(4, 3), d(3), f(3), null, null, true, 0.1, 1e-5],
  "float32 input, float32 params, float64 stats": [f(4, 3), d(3), d(3), f(3), f(3), false, 0.1, 1e-5],
  // not "mixed" (the first parameter has the input's dtype): the first tensor the kernel reads with another names it
  "float32 weight, float64 bias, int64 running_mean, eval": [f(4, 3), l(3), f(3), f(3), d(3), false, 0.1, 1e-5],
  "float32 weight, float64 bias, int64 running_mean, training": [f(4, 3), l(3), f(3), f(3), d(3), true, 0.1, 1e-5],
  "float32 weight, int64 bias, float64 running_var, eval": [f(4, 3), f(3), d(3), f(3), l(3), false, 0.1, 1e-5],
  "float32 weight, int64 bias, float64 running_var, training": [f(4, 3), f(3), d(3), f(3), l(3), true, 0.1, 1e-5],
  "no weight, float32 bias, float64 running_mean, int64 running_var": [f(4, 3), d(3), l(3), null, f(3), true, 0.1, 1e-5],
  "float32 weight, int64 bias, no running stats": [f(4, 3), null, null, f(3), l(3), true, 0.1, 1e-5],
  "float64 input, float32 params": [d(4, 3), f(3), f(3), f(3), f(3), false, 0.1, 1e-5],
  "float64 input, float64 weight, float32 running_var": [d(4, 3), d(3), f(3), d(3), null, false, 0.1, 1e-5],
  "int64 input, float64 params": [{ shape: [4, 3], dtype: "int64" }, d(3), d(3), null, null, false, 0.1, 1e-5],
  "empty input, weight of shape [0, 2]": [f(0, 3), null, null, f(0, 2), null, true, 0.1, 1e-5],
  "empty input, bias of shape [0, 2]": [f(0, 3), null, null, f(3), f(0, 2), false, 0.1, 1e-5],
};

const pyTensor = (s: Spec) => (s === null ? "None" : `torch.full(${JSON.stringify(s.shape)}, 0.5, dtype=torch.${s.dtype ?? "float32"})`);

function torchOutcomes(): Record<string, string> {
  const calls = Object.entries(CALLS).map(([name, [x, rm, rv, w, b, t, m, e]]) => `(${JSON.stringify(name)}, lambda: F.batch_norm(${[x, rm, rv, w, b].map(pyTensor).join(", ")}, ${pyLiteral(t)}, ${pyLiteral(m)}, ${pyLiteral(e)}))`);
  const script = `
import json, torch
import torch.nn.functional as F
out = {}
for name, call in [${calls.join(",\n  ")}]:
    try:
        call()
        out[name] = "ok"
    except Exception as e:
        out[name] = f"{type(e).__name__}: {e}"
print(json.dumps(out))
`;
  return askPython<Record<string, string>>(script);
}

describe("F.batch_norm with arguments no module passes", () => {
  const torch = torchOutcomes();
  const tensor = (s: Spec) => (s === null ? null : Tensor.full(s.shape, 0.5, s.dtype ?? "float32"));
  it.each(Object.keys(CALLS))("%s", (name) => {
    const [x, rm, rv, w, b, t, m, e] = CALLS[name]!;
    let outcome = "ok";
    try {
      batchNorm(tensor(x)!, tensor(rm), tensor(rv), tensor(w), tensor(b), t, m, e);
    } catch (error) {
      if (!(error instanceof TorchError)) throw error;
      outcome = `${error.pyType}: ${error.message}`;
    }
    expect(outcome).toBe(torch[name]);
  });
});
