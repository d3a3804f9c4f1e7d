// The TypeScript API's hook options default to PyTorch's: registering a hook with no options behaves as registering
// it with the defaults of torch's own signatures (read from the venv's torch). The case runner always passes every
// option, so only this test sees the defaults.
import { afterEach, describe, expect, it } from "vitest";
import { BatchNorm1d } from "../../src/nn/batchnorm.ts";
import { type ForwardHook, type ForwardPreHook, type Module, registerModuleForwardHook } from "../../src/nn/module.ts";
import type { RemovableHandle } from "../../src/nn/hooks.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { askPython } from "./ask-python.ts";

type Defaults = Record<string, boolean>;
const torch = askPython<{ pre: Defaults; fwd: Defaults; global: Defaults }>(`
import inspect, json, torch
def defaults(f):
    return {k: p.default for k, p in inspect.signature(f).parameters.items() if p.default is not inspect.Parameter.empty}
print(json.dumps({
    "pre": defaults(torch.nn.Module.register_forward_pre_hook),
    "fwd": defaults(torch.nn.Module.register_forward_hook),
    "global": defaults(torch.nn.modules.module.register_module_forward_hook),
}))
`);

const handles: RemovableHandle[] = [];
afterEach(() => handles.splice(0).forEach((h) => h.remove()));

/** What the hooks saw over a forward that works and one that raises: which hook ran, in order, and with kwargs or not. */
function trace(register: (m: Module, pre: ForwardPreHook, fwd: ForwardHook) => void): string[] {
  const seen: string[] = [];
  const m = new BatchNorm1d(3n);
  m.eval();
  handles.push(m.registerForwardPreHook(() => void seen.push("pre first")), m.registerForwardHook(() => void seen.push("fwd first")));
  register(
    m,
    (_m, _x, kwargs) => void seen.push(`pre kwargs=${kwargs !== undefined}`),
    (_m, _x, _out, kwargs) => void seen.push(`fwd kwargs=${kwargs !== undefined}`),
  );
  m.call(Tensor.zeros([2, 3]));
  seen.push("| raising forward:");
  expect(() => m.call(Tensor.zeros([2, 4]))).toThrow();
  handles.splice(0).forEach((h) => h.remove());
  return seen;
}

describe("hook options left out take torch's defaults", () => {
  it("register_forward_pre_hook and register_forward_hook: prepend, with_kwargs, always_call", () => {
    const { pre, fwd } = torch;
    // a parameter torch renamed or dropped would be undefined below, the same as omitted: the test would hold vacuously
    expect([Object.keys(pre).sort(), Object.keys(fwd).sort()]).toEqual([["prepend", "with_kwargs"], ["always_call", "prepend", "with_kwargs"]]);
    const omitted = trace((m, p, f) => handles.push(m.registerForwardPreHook(p), m.registerForwardHook(f)));
    const given = trace((m, p, f) =>
      handles.push(
        m.registerForwardPreHook(p, { prepend: pre.prepend!, withKwargs: pre.with_kwargs! }),
        m.registerForwardHook(f, { prepend: fwd.prepend!, withKwargs: fwd.with_kwargs!, alwaysCall: fwd.always_call! }),
      ),
    );
    expect(omitted).toEqual(given);
  });

  it("register_module_forward_hook: with_kwargs, always_call", () => {
    expect(Object.keys(torch.global).sort()).toEqual(["always_call", "with_kwargs"]);
    const omitted = trace((_m, _p, f) => handles.push(registerModuleForwardHook(f)));
    const given = trace((_m, _p, f) => handles.push(registerModuleForwardHook(f, { withKwargs: torch.global.with_kwargs!, alwaysCall: torch.global.always_call! })));
    expect(omitted).toEqual(given);
  });

  it("each option shows in the trace, so a wrong default would", () => {
    const base = trace((m, _p, f) => handles.push(m.registerForwardHook(f, { prepend: false, withKwargs: false, alwaysCall: false })));
    for (const option of [{ prepend: true }, { withKwargs: true }, { alwaysCall: true }]) {
      expect(trace((m, _p, f) => handles.push(m.registerForwardHook(f, { prepend: false, withKwargs: false, alwaysCall: false, ...option })))).not.toEqual(base);
    }
    const preBase = trace((m, p) => handles.push(m.registerForwardPreHook(p, { prepend: false, withKwargs: false })));
    for (const option of [{ prepend: true }, { withKwargs: true }]) expect(trace((m, p) => handles.push(m.registerForwardPreHook(p, { prepend: false, withKwargs: false, ...option })))).not.toEqual(preBase);
    const globalBase = trace((_m, _p, f) => handles.push(registerModuleForwardHook(f, { withKwargs: false, alwaysCall: false })));
    for (const option of [{ withKwargs: true }, { alwaysCall: true }]) expect(trace((_m, _p, f) => handles.push(registerModuleForwardHook(f, { withKwargs: false, alwaysCall: false, ...option })))).not.toEqual(globalBase);
  });
});
