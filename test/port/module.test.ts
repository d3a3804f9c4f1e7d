// Invariants of the port's nn.Module that follow from PyTorch's source (module.py), checked on the port itself.
import { describe, expect, it } from "vitest";
import { TorchError } from "../../src/errors.ts";
import { Chain, FrozenBN, ModuleDict, ModuleList, Sequential } from "../../src/nn/containers.ts";
import { Dropout } from "../../src/nn/dropout.ts";
import { Module } from "../../src/nn/module.ts";
import { Parameter, Tensor } from "../../src/tensor/tensor.ts";
import { askPython } from "./ask-python.ts";

const pyError = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof TorchError) return e.pyType;
    throw e;
  }
  return null;
};

class WithParam extends Module {
  constructor() {
    super();
    this.registerParameter("w", new Parameter(Tensor.ones([2])));
    this.registerBuffer("b", Tensor.zeros([2]));
    this.registerBuffer("tmp", Tensor.zeros([1]), false);
  }
}

describe("train() / eval()", () => {
  it("returns the module itself and recurses into every child", () => {
    const inner = new Dropout();
    const s = new Sequential(new Chain(), inner);
    expect(s.eval()).toBe(s);
    expect(s.modules().map((m) => m.training)).toEqual([false, false, false]);
    expect(s.train()).toBe(s);
    expect(s.modules().every((m) => m.training === true)).toBe(true);
  });
  it("rejects a non-bool mode before changing anything", () => {
    const s = new Sequential(new Dropout()).eval();
    for (const mode of [1n, 0n, null, "True", 1.0, [true]]) {
      expect(pyError(() => s.train(mode))).toBe("ValueError");
      expect(s.modules().map((m) => m.training)).toEqual([false, false]);
    }
  });
  it("a shared child takes the value of whichever train() reached it last", () => {
    const d = new Dropout();
    const a = new Sequential(d);
    const b = new Sequential(d);
    a.eval();
    expect(d.training).toBe(false);
    b.train();
    expect(d.training).toBe(true);
  });
  it("a child added after eval() keeps its own flag", () => {
    const s = new Sequential().eval();
    const d = new Dropout();
    s.addModule("late", d);
    expect([s.training, d.training]).toEqual([false, true]);
  });
  it("a direct write to training does not recurse", () => {
    const d = new Dropout();
    const s = new Sequential(d);
    s.setAttr("training", 0n);
    expect([s.training, d.training]).toEqual([0n, true]);
  });
  it("FrozenBN's train() is Module.train() when it holds no batch norm", () => {
    const d = new Dropout();
    const f = new FrozenBN();
    f.addModule("d", d);
    expect(f.eval().train()).toBe(f);
    expect(d.training).toBe(true);
  });
});

describe("traversal", () => {
  it("children() and named_modules() skip None and deduplicate by identity, first path wins", () => {
    const d = new Dropout();
    const inner = new Sequential(d, d);
    const root = new Sequential(inner, null, d, new ModuleList([d]));
    expect(inner.children()).toEqual([d]);
    expect(root.namedModules().map(([n]) => n)).toEqual(["", "0", "0.0", "3"]);
  });
  it("named_parameters/named_buffers deduplicate; state_dict does not", () => {
    const p = new WithParam();
    const root = new Sequential(p, p);
    expect(root.namedParameters().map(([n]) => n)).toEqual(["0.w"]);
    expect(root.namedBuffers().map(([n]) => n)).toEqual(["0.b", "0.tmp"]);
    expect([...root.stateDict().keys()]).toEqual(["0.w", "0.b", "1.w", "1.b"]);
    expect([...root.stateDict().metadata!.keys()]).toEqual(["", "0", "1"]);
  });
  it("get_submodule walks _modules and refuses everything else", () => {
    const d = new Dropout();
    const root = new Sequential(new Sequential(d), null);
    expect(root.getSubmodule("")).toBe(root);
    expect(root.getSubmodule("0.0")).toBe(d);
    for (const path of ["1", "0.0.p", "training", "x", "0..0"]) expect(pyError(() => root.getSubmodule(path))).toBe("AttributeError");
  });
});

describe("state_dict / load_state_dict", () => {
  it("state_dict() holds aliases: later in-place updates show through, the objects are new (detached)", () => {
    const m = new WithParam();
    const sd = m.stateDict();
    const w = m._parameters.get("w")!;
    expect(sd.get("w")).not.toBe(w);
    w.data[0] = 5;
    expect(sd.get("w")!.data[0]).toBe(5);
  });
  it("load_state_dict copies values in place and returns incompatible keys when not strict", () => {
    const m = new WithParam();
    const w = m._parameters.get("w")!;
    const sd = m.stateDict();
    sd.set("w", Tensor.full([2], 3));
    sd.set("extra", Tensor.zeros([1]));
    sd.delete("b");
    expect(m.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ["b"], unexpectedKeys: ["extra"] });
    expect(m._parameters.get("w")).toBe(w);
    expect([...w.data]).toEqual([3, 3]);
    expect(pyError(() => m.loadStateDict(sd))).toBe("RuntimeError");
  });
  it("a size mismatch is an error even when not strict", () => {
    const m = new WithParam();
    const sd = m.stateDict();
    sd.set("w", Tensor.zeros([3]));
    expect(pyError(() => m.loadStateDict(sd, { strict: false }))).toBe("RuntimeError");
  });
});

describe("attributes", () => {
  it("add_module refuses names of existing attributes but replaces an existing child in place", () => {
    const s = new Sequential(new Dropout(), new Dropout());
    for (const name of ["training", "forward", "append", "_modules", "__class__"]) expect(pyError(() => s.addModule(name, null))).toBe("KeyError");
    const id = new Chain();
    s.addModule("0", id);
    expect([...s._modules.keys()]).toEqual(["0", "1"]);
    expect(s._modules.get("0")).toBe(id);
  });
  it("setattr of a child's name takes only None", () => {
    const s = new Sequential();
    s.addModule("p", new Dropout());
    expect(pyError(() => s.setAttr("p", 0.5))).toBe("TypeError");
    s.setAttr("p", null);
    expect(s._modules.get("p")).toBeNull();
    expect(s.hasAttr("p")).toBe(true);
  });
});

// The TypeScript API beyond what a case can call: an OrderedDict (a Map) given to Sequential or ModuleDict, and
// append/extend, which no step calls. Names and order are the given ones; no number comes from PyTorch.
describe("containers' TypeScript API", () => {
  it("Sequential(OrderedDict) names the children by the keys, in order; a Map among other arguments is no module", () => {
    const [a, b] = [new Dropout(), new Chain()];
    const s = new Sequential(new Map<string, Module>([["x", a], ["y", b]]));
    expect([...s._modules.entries()]).toEqual([["x", a], ["y", b]]);
    expect(pyError(() => new Sequential(new Map<string, Module>([["x", a]]), b))).toBe("TypeError");
  });
  it("Sequential.append and ModuleList.append/extend add under the next index and return the container", () => {
    const [a, b, c] = [new Dropout(), new Chain(), new Dropout()];
    const s = new Sequential(a);
    expect(s.append(b)).toBe(s);
    expect([...s._modules.entries()]).toEqual([["0", a], ["1", b]]);
    const l = new ModuleList([a]);
    expect(l.append(b)).toBe(l);
    expect(l.extend([c, a])).toBe(l);
    expect([...l._modules.entries()]).toEqual([["0", a], ["1", b], ["2", c], ["3", a]]);
  });
  it("ModuleDict(OrderedDict) adds the entries in order", () => {
    const [a, b] = [new Dropout(), new Chain()];
    const d = new ModuleDict(new Map<string, Module>([["k", a], ["j", b]]));
    expect([...d._modules.entries()]).toEqual([["k", a], ["j", b]]);
  });
});

// register_buffer/register_parameter's name checks: the port registers only fixed names, and no case step names
// one, so the texts are asked of the oracle venv's torch at test time.
describe("register_buffer / register_parameter name checks", () => {
  const CALLS: ["register_buffer" | "register_parameter", string][] = [
    ["register_buffer", "a.b"], ["register_buffer", ""], ["register_buffer", "training"], ["register_buffer", "ok"],
    ["register_parameter", "a.b"], ["register_parameter", ""], ["register_parameter", "training"], ["register_parameter", "ok"],
  ];
  const outcome = (f: () => void): [string, string] => {
    try {
      f();
      return ["ok", ""];
    } catch (e) {
      return [e instanceof TorchError ? e.pyType : "not a TorchError", (e as Error).message];
    }
  };
  it("each name gives PyTorch's outcome, type and text", () => {
    const script = `
import json, torch
out = []
for fn, name in ${JSON.stringify(CALLS)}:
    m = torch.nn.Sequential()
    try:
        getattr(m, fn)(name, None)
        out.append(["ok", ""])
    except Exception as e:
        out.append([type(e).__name__, str(e)])
print(json.dumps(out))
`;
    const torch = askPython<[string, string][]>(script);
    const port = CALLS.map(([fn, name]) => outcome(() => (fn === "register_buffer" ? new Sequential().registerBuffer(name, null) : new Sequential().registerParameter(name, null))));
    expect(port).toEqual(torch);
  });
});

describe("module() with no argument (TypeScript: call() without an input)", () => {
  // the pre-hook hands forward an input where there was none, as `(torch.ones(2) * 3,)` does in Python
  const supplied = Tensor.full([2], 3);
  it("raises forward's TypeError, unless a pre-hook supplies the input: then forward runs on it", () => {
    const torch = askPython<{ bare: string; hooked: number[] }>(`
import json, torch
m = torch.nn.Dropout().eval()
try:
    m()
    bare = "no error"
except TypeError as e:
    bare = str(e)
m.register_forward_pre_hook(lambda mod, args: (torch.ones(2) * 3,) if len(args) == 0 else None)
print(json.dumps({"bare": bare, "hooked": m().tolist()}))
`);
    const m = new Dropout().eval();
    expect(() => m.call()).toThrow(torch.bare);
    m.registerForwardPreHook((_m, input) => (input === undefined ? supplied : undefined));
    expect(Array.from(m.call().data as Float32Array)).toEqual(torch.hooked);
  });
});
