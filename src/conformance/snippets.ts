// Reproducers for a case: a standalone Python script that does PyTorch's side step by step (tensors as bit-exact
// hex literals) and prints what happened in the lines summarizeResult() makes from a Result, and a TypeScript
// script that runs the case on the built-in port and prints the same lines.
import type { Case, LoadStateDictStep, Node, PyValue, Step, Tensor as WireTensor } from "../case/index.ts";
import { decodePy, type Py, pyFloatRepr } from "../case/index.ts";

/** A Python literal for a Python-typed value. */
export function pyLiteral(v: Py): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return Number.isFinite(v) ? pyFloatRepr(v) : `float(${JSON.stringify(pyFloatRepr(v))})`;
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(", ")}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pyLiteral(x)}`).join(", ")}}`;
}

const lit = (v: PyValue) => pyLiteral(decodePy(v));
const str = (s: string) => JSON.stringify(s);

function tensorLiteral(t: WireTensor): string {
  return `tensor(torch.${t.dtype}, ${JSON.stringify(t.shape)}, ${str(Buffer.from(t.data, "base64").toString("hex"))})`;
}

/** Children before parents from root (depth first, children in order), then unreached nodes in `nodes` order. */
function buildOrder(c: Case): string[] {
  const order: string[] = [];
  const visit = (id: string) => {
    if (order.includes(id)) return;
    for (const [, child] of c.nodes[id]!.children ?? []) visit(child);
    order.push(id);
  };
  visit(c.root);
  Object.keys(c.nodes).forEach(visit);
  return order;
}

const CUSTOM = new Set(["Chain", "FrozenBN"]);

function constructor(node: Node): string {
  const args = (node.args ?? []).map(lit);
  const kwargs = Object.entries(node.kwargs ?? {}).map(([k, v]) => `${k}=${lit(v)}`);
  if (node.dtype !== undefined) kwargs.push(`dtype=torch.${node.dtype}`);
  return `${CUSTOM.has(node.type) ? node.type : `nn.${node.type}`}(${[...args, ...kwargs].join(", ")})`;
}

function loadArg(s: LoadStateDictStep): string[] {
  const lines = [`sd = OrderedDict(${s.from !== undefined ? `sds[${s.from}]` : ""})  # the very tensors, not copies`];
  for (const k of s.remove ?? []) lines.push(`sd.pop(${str(k)}, None)`);
  for (const [k, t] of s.put ?? []) lines.push(`sd[${str(k)}] = ${tensorLiteral(t)}`);
  const base = s.from !== undefined ? `getattr(sds[${s.from}], "_metadata", None)` : "None";
  const version = s.version ?? "keep";
  if (version === "keep") lines.push(`if ${base} is not None:`, `    sd._metadata = OrderedDict(${base})`);
  else if (version !== "none") lines.push(`sd._metadata = OrderedDict((prefix, {"version": ${version}}) for prefix in (${base} or {}))`);
  return lines;
}

/** The arguments of a register_* call: the declarative hook made by the prelude's make_hook, then the flags. */
function hookCode(s: Extract<Step, { hook: unknown }>): string {
  const flags = (["prepend", "with_kwargs", "always_call"] as const).filter((f) => (s as Partial<Record<typeof f, boolean>>)[f] === true).map((f) => `${f}=True`);
  return [`make_hook(${str(s.op)}, json.loads(${str(JSON.stringify(s.hook))}))`, ...flags].join(", ");
}

function stepCode(i: number, s: Step): string[] {
  const at = (path: string) => `root.get_submodule(${str(path)})`;
  switch (s.op) {
    case "manual_seed":
      return [`run(${i}, "manual_seed", lambda: torch.manual_seed(${s.seed}))`];
    case "train":
      return [`run(${i}, "train", lambda: (lambda m: (m, m.train(${s.mode === undefined ? "" : lit(s.mode)})))(${at(s.path)}))`];
    case "eval":
      return [`run(${i}, "eval", lambda: (lambda m: (m, m.eval()))(${at(s.path)}))`];
    case "setattr":
      return [`run(${i}, "setattr", lambda: setattr(${at(s.path)}, ${str(s.name)}, ${lit(s.value)}))`];
    case "forward":
      return [`x = ${tensorLiteral(s.input)}`, `run(${i}, "forward", lambda: (x, ${at(s.path)}(x)), x_hex=hexof(x))`];
    case "state_dict":
      return [`run(${i}, "state_dict", lambda: sds.__setitem__(${i}, ${at(s.path)}.state_dict()) or sds[${i}])`];
    case "load_state_dict":
      return [...loadArg(s), `run(${i}, "load_state_dict", lambda: ${at(s.path)}.load_state_dict(sd, strict=${s.strict === false ? "False" : "True"}))`];
    case "reset_running_stats":
    case "reset_parameters":
      return [`run(${i}, ${str(s.op)}, lambda: ${at(s.path)}.${s.op}())`];
    case "add_module":
      return [`run(${i}, "add_module", lambda: ${at(s.path)}.add_module(${str(s.name)}, nodes[${str(s.node)}]))`];
    case "register_forward_pre_hook":
    case "register_forward_hook":
    case "register_state_dict_post_hook":
    case "register_load_state_dict_pre_hook":
    case "register_load_state_dict_post_hook":
      return [`run(${i}, ${str(s.op)}, lambda: handles.__setitem__(${i}, ${at(s.path)}.${s.op}(${hookCode(s)})))`];
    case "register_module_forward_pre_hook":
    case "register_module_forward_hook":
      return [`run(${i}, ${str(s.op)}, lambda: handles.__setitem__(${i}, nn.modules.module.${s.op}(${hookCode(s)})))`];
    case "remove_hook":
      return [`run(${i}, "remove_hook", lambda: handles[${s.handle}].remove() if ${s.handle} in handles else None)`];
  }
}

const PY_PRELUDE = `import os
os.environ["ATEN_CPU_CAPABILITY"] = "default"  # the reference configuration: before torch is imported
import json
import warnings
from collections import OrderedDict

import torch
from torch import nn

torch.set_num_threads(1)


class Chain(nn.Module):
    """A plain nn.Module whose forward runs its children() (deduplicated) in order."""

    def forward(self, x):
        for m in self.children():
            x = m(x)
        return x


class FrozenBN(Chain):
    """A Chain whose train(mode) puts every _BatchNorm among its modules() back into eval."""

    def train(self, mode=True):
        super().train(mode)
        for m in self.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.eval()
        return self


def tensor(dtype, shape, hex_bytes):
    """A fresh tensor holding exactly these little-endian bytes."""
    t = torch.empty(shape, dtype=dtype)
    if hex_bytes:
        t.view(-1).view(torch.uint8).copy_(torch.frombuffer(bytearray.fromhex(hex_bytes), dtype=torch.uint8))
    return t


def hexof(t):
    return bytes(t.detach().contiguous().reshape(-1).view(torch.uint8).tolist()).hex()


def show(t):
    name = str(t.dtype).replace("torch.", "")
    if isinstance(t, nn.parameter.UninitializedTensorMixin):
        return [name, "lazy"]
    return [name, list(t.shape), hexof(t)]


def emit(record):
    print(json.dumps(record, separators=(",", ":"), ensure_ascii=False))


hook_log, armed, handles = [], [False], {}


def make_hook(op, spec):
    """A declarative hook as the oracle makes it: logs each call made while a step runs, then records only, scales
    (a pre-hook its input, a forward hook its output) or raises."""
    def called(module, **fields):
        if not armed[0]:
            return False
        path = next((n for n, m in root.named_modules() if m is module), None)
        hook_log.append({"hook": spec["name"], "module": path, "training": repr(module.training), **fields})
        if spec["does"] == "raise":
            raise {"RuntimeError": RuntimeError, "ValueError": ValueError, "TypeError": TypeError}[spec["error"]](spec["message"])
        return spec["does"] == "scale"

    def pre(module, args, *kwargs):
        if called(module, input=list(args[0].shape), kwargs=bool(kwargs)):
            return ((args[0] * float(spec["factor"]),), kwargs[0]) if kwargs else args[0] * float(spec["factor"])

    def post(module, args, *rest):
        out = rest[-1]
        if called(module, input=list(args[0].shape), output=None if out is None else list(out.shape), kwargs=len(rest) == 2):
            return out * float(spec["factor"])

    return {
        "register_forward_pre_hook": pre, "register_module_forward_pre_hook": pre,
        "register_forward_hook": post, "register_module_forward_hook": post,
        "register_state_dict_post_hook": lambda m, sd, prefix, meta: called(m, keys=len(sd)) and None,
        "register_load_state_dict_pre_hook": lambda m, sd, *rest: called(m, keys=len(sd)) and None,
        "register_load_state_dict_post_hook": lambda m, k: called(m, missing=len(k.missing_keys), unexpected=len(k.unexpected_keys)) and None,
    }[op]


def run(i, op, fn, x_hex=None):
    """Runs one step as the oracle does: warnings recorded, an exception is the step's result, hooks act only now."""
    hook_log.clear()
    armed[0] = True
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value, error = fn(), None
        except Exception as e:
            value, error = None, f"{type(e).__name__}: {e}"
    armed[0] = False
    record = {"step": i, "op": op, "error": error, "warnings": [f"{w.category.__name__}: {w.message}" for w in caught]}
    if error is None:
        if op in ("train", "eval"):
            record["returnsSelf"] = value[1] is value[0]
        elif op == "forward":
            x, out = value
            record.update(output=show(out), sameObject=out is x, inputMutated=hexof(x) != x_hex)
        elif op == "state_dict":
            record.update(entries=[[k, *show(t)] for k, t in value.items()],
                          metadata=[[p, m.get("version")] for p, m in getattr(value, "_metadata", {}).items()])
        elif op == "load_state_dict":
            record.update(missing=list(value.missing_keys), unexpected=list(value.unexpected_keys))
    if hook_log:
        record["hooks"] = list(hook_log)
    emit(record)
`;

/** A standalone Python script reproducing PyTorch's side of the case. */
/** The case's own part of its PyTorch script (what follows the shared helpers): the build, then each step. */
export function pythonProgram(c: Case): string[] {
  const lines: string[] = [];
  lines.push("torch.manual_seed(0)  # every case starts from seed 0", "nodes = {}", "with warnings.catch_warnings(record=True) as caught:", '    warnings.simplefilter("always")', "    try:");
  for (const id of buildOrder(c)) {
    const node = c.nodes[id]!;
    lines.push(`        nodes[${str(id)}] = ${constructor(node)}`);
    for (const [name, child] of node.children ?? []) lines.push(`        nodes[${str(id)}].add_module(${str(name)}, nodes[${str(child)}])`);
  }
  lines.push("        build_error = None", "    except Exception as e:", '        build_error = f"{type(e).__name__}: {e}"');
  lines.push('emit({"build": build_error, "warnings": [f"{w.category.__name__}: {w.message}" for w in caught]})', "if build_error is not None:", "    raise SystemExit(0)");
  lines.push(`root = nodes[${str(c.root)}]`, "sds = {}", "");
  c.steps.forEach((s, i) => lines.push(`# step ${i}: ${s.op}${"path" in s ? ` at ${JSON.stringify(s.path)}` : ""}`, ...stepCode(i, s)));
  return lines;
}

export function pythonSnippet(c: Case): string {
  const lines = [`# Reproduces torch-conformance case ${JSON.stringify(c.id)} on real PyTorch (reference configuration).`, PY_PRELUDE, ...pythonProgram(c)];
  lines.push(
    "",
    'emit({"final": {',
    '    "modules": [[n, type(m).__name__, repr(m.training)] for n, m in root.named_modules()],',
    '    "parameters": [[n, *show(p)] for n, p in root.named_parameters()],',
    '    "buffers": [[n, *show(b)] for n, b in root.named_buffers()],',
    '    "stateDictKeys": list(root.state_dict().keys()),',
    "}})",
    "for handle in handles.values():",
    "    handle.remove()",
  );
  return lines.join("\n") + "\n";
}

/** A TypeScript script (run from the repository root with `npx tsx`) that runs the case on the built-in port. */
export function typescriptSnippet(c: Case): string {
  return `// Reproduces torch-conformance case ${JSON.stringify(c.id)} on the built-in port: save in the repository root, run \`npx tsx <file>\`.
import { runCase } from "./src/adapters/builtin/index.ts";
import type { Case } from "./src/case/index.ts";
import { summarizeResult } from "./src/conformance/summary.ts";

const kase: Case = ${JSON.stringify(c)};
const outcome = runCase(kase);
if (outcome.status !== "ok") console.log(JSON.stringify(outcome));
else for (const line of summarizeResult(kase, outcome.result)) console.log(line);
`;
}
