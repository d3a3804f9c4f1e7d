// The TypeScript constructors' defaults are the Python signature's: `new Dropout()` builds what a case naming
// Dropout with no arguments builds (pyConstructor fills in `_DropoutNd.__init__`'s defaults, checked against
// PyTorch by the conformance specs). Found by mutation testing: nothing else used the TS defaults.
import { describe, expect, it } from "vitest";
import type { Py } from "../../src/case/pyvalue.ts";
import { catchWarnings } from "../../src/errors.ts";
import * as F from "../../src/nn/functional/dropout.ts";
import { AlphaDropout, Dropout, Dropout1d, Dropout2d, Dropout3d, FeatureAlphaDropout } from "../../src/nn/dropout.ts";
import "../../src/nn/index.ts";
import { moduleFactory } from "../../src/nn/registry.ts";
import { manualSeed } from "../../src/random/generator.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { askPython } from "./ask-python.ts";

describe("dropout constructors' defaults", () => {
  it.each([Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout].map((c) => [c.name, c] as const))("%s", (_name, cls) => {
    const viaPython = moduleFactory(cls.name as "Dropout")!.create([], []) as InstanceType<typeof cls>;
    const direct = new cls();
    expect(viaPython).toBeInstanceOf(cls);
    expect([direct.p, direct.inplace]).toEqual([viaPython.p, viaPython.inplace]);
  });
});

// The functions: the modules pass every argument they use (AlphaDropout and FeatureAlphaDropout never pass inplace,
// as in PyTorch), so their TypeScript defaults and the in-place _VF names are checked here against the oracle venv's
// torch, asked at test time: inspect.signature for the defaults, and the TypeError of an int `training`, which names
// the _VF function called.
const FUNCTIONS = {
  dropout: F.dropout,
  alpha_dropout: F.alphaDropout,
  feature_alpha_dropout: F.featureAlphaDropout,
  dropout1d: F.dropout1d,
  dropout2d: F.dropout2d,
  dropout3d: F.dropout3d,
} as const;
type FnName = keyof typeof FUNCTIONS;

function askTorch(): { defaults: Record<FnName, Record<string, Py>>; inplaceErrors: Record<FnName, string> } {
  const script = `
import inspect, json, warnings
import torch
import torch.nn.functional as F
names = ${JSON.stringify(Object.keys(FUNCTIONS))}
defaults = {n: {k: p.default for k, p in inspect.signature(getattr(F, n)).parameters.items() if p.default is not inspect.Parameter.empty} for n in names}
errors = {}
for n in names:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            getattr(F, n)(torch.ones(2, 3, 2), 0.5, 1, True)
        errors[n] = "no error"
    except TypeError as e:
        errors[n] = str(e)
print(json.dumps({"defaults": defaults, "inplaceErrors": errors}))
`;
  return askPython(script);
}

describe("dropout functions' defaults and in-place names", () => {
  const torch = askTorch();
  const input = () => Tensor.full([2, 3, 2], 1.5, "float32");
  const hex = (t: Tensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString("hex");

  it.each(Object.keys(FUNCTIONS) as FnName[])("F.%s: a call leaning on the defaults is one passing torch's", (name) => {
    const d = torch.defaults[name];
    // the result's bits, whether it is the input itself, and the input's bits after the call
    const call = (f: (x: Tensor) => Tensor) => {
      const x = input();
      manualSeed(3);
      const out = catchWarnings(() => f(x));
      return [out.ok ? hex(out.value) : out.error, out.ok && out.value === x, hex(x)];
    };
    expect(call((x) => FUNCTIONS[name](x))).toEqual(call((x) => FUNCTIONS[name](x, d.p, d.training, d.inplace)));
  });

  it.each(Object.keys(FUNCTIONS) as FnName[])("F.%s(x, 0.5, 1, True): torch's TypeError", (name) => {
    let message = "no error";
    try {
      const r = catchWarnings(() => FUNCTIONS[name](input(), 0.5, 1n, true));
      if (!r.ok) throw r.error;
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(torch.inplaceErrors[name]);
  });
});
