// Module.call when a forward hook raises after forward ran: the always_call hooks that have not run yet run then,
// each given the output so far and replacing it when it returns a tensor (the trace compared with torch's, from the
// oracle venv); and an error that is no PyTorch exception (a defect of the port or of its TypeScript caller) is
// never silenced into a warning the way a hook's PyTorch error is.
import { afterEach, describe, expect, it } from "vitest";
import { catchWarnings, TorchError } from "../../src/errors.ts";
import { BatchNorm1d } from "../../src/nn/batchnorm.ts";
import type { RemovableHandle } from "../../src/nn/hooks.ts";
import { type ForwardHook } from "../../src/nn/module.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { askPython } from "./ask-python.ts";

const handles: RemovableHandle[] = [];
afterEach(() => handles.splice(0).forEach((h) => h.remove()));

type Seen = [string, number[] | null] | string;
const torchTrace = askPython<Seen[]>(`
import json, torch
seen = []
def raising(m, args, out):
    seen.append("raise")
    raise RuntimeError("boom")
def record(name):
    def hook(m, args, out):
        seen.append([name, None if out is None else out.reshape(-1).tolist()])
    return hook
def replace(m, args, out):
    seen.append(["replace", out.reshape(-1).tolist()])
    return torch.ones_like(out)
m = torch.nn.BatchNorm1d(3).eval()
m.register_forward_hook(raising)
for hook in (record("first"), replace, record("last")):
    m.register_forward_hook(hook, always_call=True)
try:
    m(torch.full((2, 3), 2.0))
except RuntimeError as e:
    seen.append(f"raised {e}")
print(json.dumps(seen))
`);

const values = (t: Tensor) => [...(t.data as Float32Array)];

describe("always_call forward hooks after a forward hook raised", () => {
  it("run in order, each seeing the output so far, as in torch", () => {
    const seen: Seen[] = [];
    const m = new BatchNorm1d(3n);
    m.eval();
    const record =
      (name: string): ForwardHook =>
      (_m, _x, out) =>
        void seen.push([name, out === null ? null : values(out)]);
    const replace: ForwardHook = (_m, _x, out) => {
      seen.push(["replace", values(out!)]);
      return Tensor.ones(out!.shape);
    };
    handles.push(
      m.registerForwardHook(() => {
        seen.push("raise");
        throw new TorchError("RuntimeError", "boom");
      }),
    );
    for (const hook of [record("first"), replace, record("last")]) handles.push(m.registerForwardHook(hook, { alwaysCall: true }));
    try {
      m.call(Tensor.full([2, 3], 2));
    } catch (e) {
      seen.push(`raised ${(e as Error).message}`);
    }
    expect(seen).toEqual(torchTrace);
  });

  it("an error that is not PyTorch's, from an always_call hook, goes on instead of forward's error", () => {
    const m = new BatchNorm1d(3n);
    const defect = new TypeError("a defect");
    handles.push(
      m.registerForwardHook(
        () => {
          throw defect;
        },
        { alwaysCall: true },
      ),
    );
    const caught = catchWarnings(() => m.call(Tensor.zeros([2, 4])));
    expect(caught.ok ? undefined : caught.error).toBe(defect);
    expect(caught.warnings).toEqual([]);
  });
});
