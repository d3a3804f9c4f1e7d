"""A port under test that speaks the torch-conformance worker protocol: a thin wrapper over real torch.

It is the example for Python port authors: replace the few lines that construct modules and call them with your
own library, keep the rest. It is written from src/case/case-v1.schema.json alone and shares no code with
reference-py/oracle.py, so when it scores 100% against the oracle it shows that the schema's descriptions are
enough to implement a port from, and that the protocol carries everything a port needs.

    python examples/python-port/torch_port.py        # then one JSON request per stdin line
    npx torch-conformance verify --impl "reference-py/.venv/bin/python examples/python-port/torch_port.py"

Protocol: first stdout line is a handshake; then one response line per request line, in order; EOF: exit 0.
Diagnostics go to stderr only. Requests come from the suite, which validates them against the schema first, so
this port checks only what the schema calls malformed beyond its JSON shape (tensors, tree, references).
"""

import base64
import ctypes
import json
import math
import os
import platform
import sys
import warnings
from collections import OrderedDict

os.environ["ATEN_CPU_CAPABILITY"] = "default"  # the reference configuration: before torch is imported
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # torch warns once at import when numpy is absent
    import torch
from torch import nn

torch.set_num_threads(1)

DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64}
DTYPE_NAMES = {v: k for k, v in DTYPES.items()}
MAX_ELEMENTS = 1_048_576
SPECIAL = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "-0": -0.0}


class Chain(nn.Module):
    """Schema: a plain nn.Module whose forward runs its children() (deduplicated) in order."""

    def forward(self, x):
        for child in self.children():
            x = child(x)
        return x


class FrozenBN(Chain):
    """Schema: train(mode) calls super().train(mode), then puts every _BatchNorm among modules() into eval."""

    def train(self, mode=True):
        super().train(mode)
        for m in self.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.eval()
        return self


# The one table a port author rewrites: schema module type -> constructor.
MODULES = {name: getattr(nn, name) for name in (
    "Sequential", "ModuleList", "ModuleDict", "Identity", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d",
    "AlphaDropout", "FeatureAlphaDropout", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d",
    "InstanceNorm2d", "InstanceNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d",
    "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d", "RReLU")}
MODULES.update(Chain=Chain, FrozenBN=FrozenBN)


class Malformed(Exception):
    def __init__(self, code, message, where):
        super().__init__(message)
        self.code, self.where = code, where


# ---- values on the wire -------------------------------------------------------------------------------------

def from_wire(v):
    if isinstance(v, dict):
        if set(v) == {"$float"}:
            f = v["$float"]
            return SPECIAL[f] if isinstance(f, str) else float(f)
        return {k: from_wire(x) for k, x in v.items()}
    if isinstance(v, list):
        return [from_wire(x) for x in v]
    return v


def to_wire(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return {"$float": "nan"}
        if math.isinf(v):
            return {"$float": "inf" if v > 0 else "-inf"}
        if v == 0 and math.copysign(1, v) < 0:
            return {"$float": "-0"}
        return {"$float": v} if v.is_integer() else v
    if isinstance(v, (list, tuple)):
        return [to_wire(x) for x in v]
    if isinstance(v, dict):
        return {str(k): to_wire(x) for k, x in v.items()}
    return repr(v)


def tensor_from_wire(w, where):
    shape = list(w["shape"])
    count = math.prod(shape)
    if count > MAX_ELEMENTS:
        raise Malformed("tensor_too_large", f"{count} elements; at most {MAX_ELEMENTS}", where + "/shape")
    dtype = DTYPES[w["dtype"]]
    raw = base64.b64decode(w["data"])
    need = count * torch.empty((), dtype=dtype).element_size()
    if len(raw) != need:
        raise Malformed("bad_tensor", f"data has {len(raw)} bytes, shape {shape} of {w['dtype']} needs {need}", where + "/data")
    if count == 0:
        return lambda: torch.empty(shape, dtype=dtype)
    return lambda: torch.frombuffer(bytearray(raw), dtype=dtype).reshape(shape).clone()


def tensor_to_wire(t):
    if isinstance(t, nn.parameter.UninitializedTensorMixin):
        return {"dtype": DTYPE_NAMES[t.dtype], "shape": [], "data": "", "lazy": True}
    t = t.detach().contiguous()
    raw = ctypes.string_at(t.data_ptr(), t.numel() * t.element_size()) if t.numel() else b""
    return {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape), "data": base64.b64encode(raw).decode()}


def tensor_bytes(t):
    return ctypes.string_at(t.data_ptr(), t.numel() * t.element_size()) if t.numel() else b""


# ---- checking and building ----------------------------------------------------------------------------------

def build_order(case):
    """Children before parents from root depth first, then the unreachable nodes in the order of `nodes`."""
    nodes, order, state = case["nodes"], [], {}

    def visit(nid, where):
        if nid not in nodes:
            raise Malformed("bad_reference", f"unknown node {nid!r}", where)
        if state.get(nid) == "open":
            raise Malformed("bad_tree", f"node {nid!r} is its own ancestor", where)
        if nid in state:
            return
        state[nid] = "open"
        for j, (_, child) in enumerate(nodes[nid].get("children", [])):
            visit(child, f"/case/nodes/{nid}/children/{j}/1")
        state[nid] = "done"
        order.append(nid)

    visit(case["root"], "/case/root")
    for nid in nodes:
        visit(nid, f"/case/nodes/{nid}")
    return order


def check(case):
    """Everything the schema calls malformed beyond JSON shape; returns tensor factories by step index."""
    if case.get("schema") != 1:
        raise Malformed("schema_version", f"schema {case.get('schema')!r} is not 1", "/case/schema")
    order = build_order(case)
    inputs, puts = {}, {}
    for i, step in enumerate(case["steps"]):
        where = f"/case/steps/{i}"
        if step["op"] == "forward":
            inputs[i] = tensor_from_wire(step["input"], where + "/input")
        elif step["op"] == "load_state_dict":
            puts[i] = [(k, tensor_from_wire(w, f"{where}/put/{j}/1")) for j, (k, w) in enumerate(step.get("put", []))]
            src = step.get("from")
            if src is not None and not (src < i and case["steps"][src]["op"] == "state_dict"):
                raise Malformed("bad_reference", f"step {src} is not an earlier state_dict step", where + "/from")
        elif step["op"] == "add_module" and step["node"] not in case["nodes"]:
            raise Malformed("bad_reference", f"unknown node {step['node']!r}", where + "/node")
        elif step["op"].startswith("register_") or step["op"] == "remove_hook":
            # the protocol's way to say "unsupported" (no reject code has that name): internal, "unsupported: feature: why"
            raise Malformed("internal", "unsupported: hooks: this example maps no module hooks", where + "/op")
    return order, inputs, puts


def construct(node, built):
    kwargs = dict(from_wire(node.get("kwargs", {})))
    if "dtype" in node:
        kwargs["dtype"] = DTYPES[node["dtype"]]
    module = MODULES[node["type"]](*from_wire(node.get("args", [])), **kwargs)
    for name, child in node.get("children", []):
        module.add_module(name, built[child])
    return module


# ---- running ------------------------------------------------------------------------------------------------

def snapshot(root):
    return {
        "modules": [[name, type(m).__name__, to_wire(m.training)] for name, m in root.named_modules()],
        "parameters": [[n, tensor_to_wire(t)] for n, t in root.named_parameters()],
        "buffers": [[n, tensor_to_wire(t)] for n, t in root.named_buffers()],
        "stateDictKeys": list(root.state_dict().keys()),
    }


def caught(fn):
    """Runs fn; returns (value, error, warnings) as the schema records them."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            value, error = fn(), None
        except Malformed:
            raise
        except Exception as e:  # a PyTorch error is the step's result
            value, error = None, {"type": type(e).__name__, "message": str(e)}
    return value, error, [{"category": w.category.__name__, "message": str(w.message)} for w in seen]


def state_dict_to_load(step, i, dicts, puts):
    base = None
    if step.get("from") is not None:
        base = dicts.get(step["from"])
        if base is None:
            raise Malformed("bad_reference", f"step {step['from']}'s state_dict() raised", f"/case/steps/{i}/from")
    sd = OrderedDict(base or {})
    for key in step.get("remove", []):
        sd.pop(key, None)
    for key, make in puts:
        sd[key] = make()
    base_meta = getattr(base, "_metadata", None)
    version = step.get("version", "keep")
    if version == "keep":
        if base_meta is not None:
            sd._metadata = OrderedDict(base_meta)
    elif version != "none":
        sd._metadata = OrderedDict((prefix, {"version": version}) for prefix in (base_meta or {}))
    return sd


def perform(step, i, root, built, inputs, dicts, sd):
    op = step["op"]
    if op == "manual_seed":
        torch.manual_seed(step["seed"])
        return None
    m = root.get_submodule(step["path"])
    if op == "train":
        return {"returnsSelf": (m.train() if "mode" not in step else m.train(from_wire(step["mode"]))) is m}
    if op == "eval":
        return {"returnsSelf": m.eval() is m}
    if op == "setattr":
        setattr(m, step["name"], from_wire(step["value"]))
        return None
    if op == "forward":
        x = inputs[i]()
        before = tensor_bytes(x)
        out = m(x)
        return {"output": tensor_to_wire(out), "sameObject": out is x, "inputMutated": tensor_bytes(x) != before}
    if op == "state_dict":
        d = m.state_dict()
        dicts[i] = d
        meta = getattr(d, "_metadata", {}) or {}
        return {"entries": [[k, tensor_to_wire(t)] for k, t in d.items()],
                "metadata": [[p, v.get("version")] for p, v in meta.items()]}
    if op == "load_state_dict":
        res = m.load_state_dict(sd, strict=step.get("strict", True))
        return {"missing": list(res.missing_keys), "unexpected": list(res.unexpected_keys)}
    if op == "reset_running_stats":
        m.reset_running_stats()
        return None
    if op == "reset_parameters":
        m.reset_parameters()
        return None
    if op == "add_module":
        node = built[step["node"]]
        m.add_module(step["name"], node)
        if any(sub is node for child in node.children() for sub in child.modules()):  # the schema: a cycle is malformed
            raise Malformed("bad_tree", f"add_module of node {step['node']!r} under {step['path']!r} makes a cycle", f"/case/steps/{i}/node")
        return None
    raise Malformed("schema_violation", f"unknown op {op!r}", f"/case/steps/{i}/op")


def run(case):
    order, inputs, puts = check(case)
    torch.manual_seed(0)
    built = {}

    def build():
        for nid in order:
            built[nid] = construct(case["nodes"][nid], built)

    _, error, warns = caught(build)
    result = {"schema": 1, "id": case["id"], "build": {"error": error, "warnings": warns}, "steps": []}
    if error is not None:
        return result
    root = built[case["root"]]
    result["build"]["snapshot"] = snapshot(root)
    dicts = {}
    for i, step in enumerate(case["steps"]):
        sd = state_dict_to_load(step, i, dicts, puts[i]) if step["op"] == "load_state_dict" else None
        value, error, warns = caught(lambda: perform(step, i, root, built, inputs, dicts, sd))
        entry = {"error": error, "warnings": warns}
        if value is not None and error is None:
            entry["value"] = value
        entry["snapshot"] = snapshot(root)
        result["steps"].append(entry)
    return result


def respond(line):
    try:
        request = json.loads(line)
    except ValueError as e:
        return {"type": "rejected", "id": None, "code": "bad_json", "message": str(e), "where": ""}
    rid = request.get("id") if isinstance(request, dict) else None
    try:
        return {"type": "result", "id": rid, "result": run(request["case"])}
    except Malformed as e:
        return {"type": "rejected", "id": rid, "code": e.code, "message": str(e), "where": e.where}
    except Exception as e:  # a defect of this port, not a PyTorch error
        print(f"torch_port: internal error on {rid}: {e!r}", file=sys.stderr)
        return {"type": "rejected", "id": rid, "code": "internal", "message": f"{type(e).__name__}: {e}", "where": ""}


def main():
    out = sys.stdout
    out.write(json.dumps({
        "type": "handshake", "protocol": 1, "schema": 1, "implementation": "examples/python-port (torch wrapper)",
        "torch": torch.__version__, "gitVersion": torch.version.git_version,
        "cpuCapability": torch.backends.cpu.get_cpu_capability(), "threads": torch.get_num_threads(),
        "python": platform.python_version(),
    }) + "\n")
    out.flush()
    for line in sys.stdin:
        if line.strip():
            out.write(json.dumps(respond(line), allow_nan=False) + "\n")
            out.flush()


if __name__ == "__main__":
    main()
