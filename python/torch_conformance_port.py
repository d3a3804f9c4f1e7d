"""The worker side of the torch-conformance protocol, for a port written in Python: the loop, the handshake, case
decoding, the run of a case's build and steps, and result encoding. A port supplies the mapping only: a Port
subclass naming its module constructors (schema module type -> callable) and, when its tensors are not torch's,
how to make one from raw little-endian bytes and read one back.

    from torch_conformance_port import Port, serve

    class MyPort(Port):
        implementation = "my-library"
        version = "1.2"
        modules = {"BatchNorm1d": mylib.BatchNorm1d, "Dropout": mylib.Dropout, ...}
        # optional: what the port can run; generated cases then stay inside it
        capabilities = {"ops": ["manual_seed", "train", "eval", "setattr", "forward"], "dtypes": ["float32"]}

    if __name__ == "__main__":
        serve(MyPort())

Then `npx torch-conformance verify --impl "python my_port.py"`. Modules are driven through torch.nn.Module's API
(train, eval, add_module, get_submodule, named_modules/parameters/buffers, state_dict, load_state_dict,
reset_running_stats, reset_parameters): override the Port method of a call your library spells differently.
Raise Unsupported(feature, why) for what your library lacks: verify counts such cases as unsupported, not failed.

The handshake names the port: `implementation` and `version` (a library that is not torch needs no torch field),
and `capabilities` when set: the module types (default: the keys of `modules`), step ops and dtypes it can run.
Generated cases then use only those; stored cases outside them count as not applicable. A torch-backed port
(`torch_backed = True`) reports torch's build (torch, gitVersion, cpuCapability, threads) as PyTorch's oracle does.

Protocol (src/case/case-v1.schema.json): the first stdout line is the handshake; then one response line per
request line, in order; EOF ends the loop. Requests come from the suite, which validated them against the schema, so
only what the schema calls malformed beyond JSON shape is checked here (tensors, tree, references).
"""

import base64
import binascii
import ctypes
import json
import math
import platform
import sys
import warnings
from collections import OrderedDict

MAX_ELEMENTS = 1_048_576
ITEM_SIZE = {"float32": 4, "float64": 8, "int64": 8}
SPECIAL = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "-0": -0.0}


class Malformed(Exception):
    """A request the schema calls malformed: answered with a rejection (code, message, JSON pointer)."""

    def __init__(self, code, message, where):
        super().__init__(message)
        self.code, self.where = code, where


class Unsupported(Exception):
    """A feature the port does not have: answered with a Response of type "unsupported" (feature: 1 to 64 characters)."""

    def __init__(self, feature, why):
        super().__init__(why)
        self.feature = feature


# ---- values on the wire -------------------------------------------------------------------------------------

def from_wire(v):
    """Wire PyValue -> Python value ({"$float": ...} is a float JSON cannot tell from an int)."""
    if isinstance(v, dict):
        if set(v) == {"$float"}:
            f = v["$float"]
            return SPECIAL[f] if isinstance(f, str) else float(f)
        return {k: from_wire(x) for k, x in v.items()}
    if isinstance(v, list):
        return [from_wire(x) for x in v]
    return v


def to_wire(v):
    """Python value -> canonical wire PyValue (integral and special floats tagged; other objects as their repr)."""
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


def raw_from_wire(w, where):
    """A wire tensor's (dtype, shape, bytes), checked against its shape and the element limit."""
    if "lazy" in w:
        raise Malformed("bad_tensor", "a request tensor cannot be lazy (lazy only describes uninitialized results)", where + "/lazy")
    shape = list(w["shape"])
    count = math.prod(shape)
    if count > MAX_ELEMENTS:
        raise Malformed("tensor_too_large", f"{count} elements; at most {MAX_ELEMENTS}", where + "/shape")
    try:
        raw = base64.b64decode(w["data"], validate=True)
    except binascii.Error as e:
        raise Malformed("bad_tensor", f"data is not base64: {e}", where + "/data") from None
    need = count * ITEM_SIZE[w["dtype"]]
    if len(raw) != need:
        raise Malformed("bad_tensor", f"data has {len(raw)} bytes, shape {shape} of {w['dtype']} needs {need}", where + "/data")
    return w["dtype"], shape, raw


def raw_to_wire(dtype, shape, raw, lazy=False):
    w = {"dtype": dtype, "shape": list(shape), "data": base64.b64encode(raw).decode()}
    if lazy:
        w["lazy"] = True
    return w


# ---- the port: what a port author overrides -----------------------------------------------------------------

class Port:
    """Defaults drive torch.nn-like modules holding torch tensors; override what your library does differently."""

    implementation = "a Python port"
    #: the library's version, named in the handshake
    version = "0"
    #: schema module type -> constructor called as PyTorch's class would be: cls(*args, **kwargs)
    modules = {}
    #: what the port can run: {"modules": [...], "ops": [...], "dtypes": [...]}, each list optional; the module
    #: types default to the keys of `modules`. None: declare nothing (every case is offered).
    capabilities = None
    #: the port runs on torch: the handshake reports torch's build
    torch_backed = False

    def declared_capabilities(self):
        """The handshake's capabilities: `capabilities`, with the module types of `modules` when it names none."""
        if self.capabilities is None:
            return None
        caps = dict(self.capabilities)
        caps.setdefault("modules", sorted(self.modules))
        return caps

    def handshake(self):
        """The handshake's fields beyond the protocol's: implementation and version, the declared capabilities, and,
        for a torch-backed port, torch's build (torch, gitVersion, cpuCapability, threads, python)."""
        h = {"implementation": self.implementation, "version": self.version}
        caps = self.declared_capabilities()
        if caps is not None:
            h["capabilities"] = caps
        if self.torch_backed:
            import torch
            h.update({"torch": torch.__version__, "gitVersion": torch.version.git_version, "python": platform.python_version(),
                      "cpuCapability": torch.backends.cpu.get_cpu_capability(), "threads": torch.get_num_threads()})
        return h

    def manual_seed(self, seed):
        import torch
        torch.manual_seed(seed)

    def tensor(self, dtype, shape, raw):
        """A fresh tensor of the library from little-endian element bytes."""
        import torch
        dt = getattr(torch, dtype)
        if not raw:
            return torch.empty(shape, dtype=dt)
        return torch.frombuffer(bytearray(raw), dtype=dt).reshape(shape).clone()

    def raw(self, t):
        """(dtype, shape, bytes, lazy) of a tensor of the library; lazy: a not yet materialised (uninitialized) one."""
        import torch
        from torch import nn
        names = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64"}
        if isinstance(t, nn.parameter.UninitializedTensorMixin):
            return names[t.dtype], [], b"", True
        t = t.detach().contiguous()
        return names[t.dtype], list(t.shape), ctypes.string_at(t.data_ptr(), t.numel() * t.element_size()) if t.numel() else b"", False

    def dtype(self, name):
        """The `dtype=` keyword of a node whose schema dtype is `name` ("float32", "float64", "int64")."""
        import torch
        return getattr(torch, name)

    def construct(self, node_type, args, kwargs, **dtype):
        # dtype (the node's, from `dtype()`) is a keyword apart, as the oracle passes it: a node that also gives
        # dtype among its kwargs gets Python's own "got multiple values for keyword argument 'dtype'"
        if node_type not in self.modules:
            raise Unsupported(node_type, f"{self.implementation} has no {node_type}")
        return self.modules[node_type](*args, **kwargs, **dtype)

    def class_name(self, m):
        return type(m).__name__

    def snapshot(self, root):
        def wire(t):
            dtype, shape, raw, lazy = self.raw(t)
            return raw_to_wire(dtype, shape, raw, lazy)
        return {
            "modules": [[name, self.class_name(m), to_wire(m.training)] for name, m in root.named_modules()],
            "parameters": [[n, wire(t)] for n, t in root.named_parameters()],
            "buffers": [[n, wire(t)] for n, t in root.named_buffers()],
            "stateDictKeys": list(root.state_dict().keys()),
        }


# ---- running a case -----------------------------------------------------------------------------------------

def build_order(case):
    """Children before parents from root depth first, then the unreachable nodes in the order of `nodes`."""
    nodes, order, state = case["nodes"], [], {}

    def visit(nid, where):
        if state.get(nid) == "open":
            raise Malformed("bad_tree", f"node {nid!r} is its own descendant (a cycle)", where)
        if nid in state:
            return
        state[nid] = "open"
        for j, (_, child) in enumerate(nodes[nid].get("children", [])):
            child_where = f"/case/nodes/{nid}/children/{j}/1"
            if child not in nodes:
                raise Malformed("bad_tree", f"child {child!r} of node {nid!r} is not in nodes", child_where)
            visit(child, child_where)
        state[nid] = "done"
        order.append(nid)

    if case["root"] not in nodes:
        raise Malformed("bad_tree", f"root {case['root']!r} is not in nodes", "/case/root")
    visit(case["root"], "/case/root")
    for nid in nodes:
        visit(nid, f"/case/nodes/{nid}")
    return order


def check(case):
    """Everything the schema calls malformed beyond JSON shape, in the oracle's order (tensors, then the tree, then
    the steps' references), so that a case malformed twice is rejected with the oracle's code; returns the build
    order, raw inputs and puts by step index."""
    if case.get("schema") != 1:
        raise Malformed("schema_version", f"schema {case.get('schema')!r} is not 1", "/case/schema")
    inputs, puts = {}, {}
    for i, step in enumerate(case["steps"]):
        where = f"/case/steps/{i}"
        if step["op"] == "forward":
            inputs[i] = raw_from_wire(step["input"], where + "/input")
        elif step["op"] == "load_state_dict":
            puts[i] = [(k, raw_from_wire(w, f"{where}/put/{j}/1")) for j, (k, w) in enumerate(step.get("put", []))]
    order = build_order(case)
    for i, step in enumerate(case["steps"]):
        where = f"/case/steps/{i}"
        if step["op"] == "add_module" and step["node"] not in case["nodes"]:
            raise Malformed("bad_tree", f"add_module node {step['node']!r} is not in nodes", where + "/node")
        src = step.get("from") if step["op"] == "load_state_dict" else None
        if src is not None and not (src < i and case["steps"][src]["op"] == "state_dict"):
            raise Malformed("bad_reference", f"step {src} is not an earlier state_dict step", where + "/from")
        if step["op"].startswith("register_") or step["op"] == "remove_hook":
            raise Unsupported("hooks", "the kit runs no module hooks")
    return order, inputs, puts


def caught(fn):
    """Runs fn; returns (value, error, warnings) as the schema records them."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            value, error = fn(), None
        except (Malformed, Unsupported):
            raise
        except Exception as e:  # the library raising: the step's result
            value, error = None, {"type": type(e).__name__, "message": str(e)}
    return value, error, [{"category": w.category.__name__, "message": str(w.message)} for w in seen]


class CaseRun:
    def __init__(self, port, case):
        self.port, self.case = port, case
        self.order, self.inputs, self.puts = check(case)
        self.built, self.dicts = {}, {}

    def build(self):
        for nid in self.order:
            node = self.case["nodes"][nid]
            dtype = {"dtype": self.port.dtype(node["dtype"])} if "dtype" in node else {}
            module = self.port.construct(node["type"], from_wire(node.get("args", [])), dict(from_wire(node.get("kwargs", {}))), **dtype)
            for name, child in node.get("children", []):
                module.add_module(name, self.built[child])
            self.built[nid] = module

    def state_dict_to_load(self, step, i):
        base = None
        if step.get("from") is not None:
            base = self.dicts.get(step["from"])
            if base is None:
                raise Malformed("bad_reference", f"step {step['from']}'s state_dict() raised", f"/case/steps/{i}/from")
        sd = OrderedDict(base or {})
        for key in step.get("remove", []):
            sd.pop(key, None)
        for key, (dtype, shape, raw) in self.puts.get(i, []):
            sd[key] = self.port.tensor(dtype, shape, raw)
        base_meta = getattr(base, "_metadata", None)
        version = step.get("version", "keep")
        if version == "keep":
            if base_meta is not None:
                sd._metadata = OrderedDict(base_meta)
        elif version != "none":
            sd._metadata = OrderedDict((prefix, {"version": version}) for prefix in (base_meta or {}))
        return sd

    def perform(self, step, i, root, sd):
        op, port = step["op"], self.port
        if op == "manual_seed":
            port.manual_seed(step["seed"])
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
            x = port.tensor(*self.inputs[i])
            before = port.raw(x)[2]
            out = m(x)
            dtype, shape, raw, lazy = port.raw(out)
            return {"output": raw_to_wire(dtype, shape, raw, lazy), "sameObject": out is x, "inputMutated": port.raw(x)[2] != before}
        if op == "state_dict":
            d = m.state_dict()
            self.dicts[i] = d
            meta = getattr(d, "_metadata", {}) or {}
            return {"entries": [[k, raw_to_wire(*port.raw(t))] for k, t in d.items()],
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
            node = self.built[step["node"]]
            m.add_module(step["name"], node)
            if any(sub is node for child in node.children() for sub in child.modules()):  # the schema: a cycle is malformed
                raise Malformed("bad_tree", f"add_module of node {step['node']!r} under {step['path']!r} makes a cycle", f"/case/steps/{i}/node")
            return None
        raise Malformed("schema_violation", f"unknown op {op!r}", f"/case/steps/{i}/op")

    def run(self):
        self.port.manual_seed(0)
        _, error, warns = caught(self.build)
        result = {"schema": 1, "id": self.case["id"], "build": {"error": error, "warnings": warns}, "steps": []}
        if error is not None:
            return result
        root = self.built[self.case["root"]]
        result["build"]["snapshot"] = self.port.snapshot(root)
        for i, step in enumerate(self.case["steps"]):
            sd = self.state_dict_to_load(step, i) if step["op"] == "load_state_dict" else None
            value, error, warns = caught(lambda: self.perform(step, i, root, sd))
            entry = {"error": error, "warnings": warns}
            if value is not None and error is None:
                entry["value"] = value
            entry["snapshot"] = self.port.snapshot(root)
            result["steps"].append(entry)
        return result


def respond(port, line):
    try:
        request = json.loads(line)
    except ValueError as e:
        return {"type": "rejected", "id": None, "code": "bad_json", "message": str(e), "where": ""}
    rid = request.get("id") if isinstance(request, dict) else None
    try:
        return {"type": "result", "id": rid, "result": CaseRun(port, request["case"]).run()}
    except Malformed as e:
        return {"type": "rejected", "id": rid, "code": e.code, "message": str(e), "where": e.where}
    except Unsupported as e:
        return {"type": "unsupported", "id": rid, "feature": e.feature, "reason": str(e)}
    except Exception as e:  # a defect of the port, not the library raising
        print(f"{port.implementation}: internal error on {rid}: {e!r}", file=sys.stderr)
        return {"type": "rejected", "id": rid, "code": "internal", "message": f"{type(e).__name__}: {e}", "where": ""}


def serve(port, stdin=None, stdout=None):
    """The worker loop: the handshake line, then one response line per non-blank request line until EOF."""
    stdin, out = stdin or sys.stdin, stdout or sys.stdout
    handshake = {"type": "handshake", "protocol": 1, "schema": 1}
    handshake.update(port.handshake())
    out.write(json.dumps(handshake) + "\n")
    out.flush()
    for line in stdin:
        if line.strip():
            out.write(json.dumps(respond(port, line), allow_nan=False) + "\n")
            out.flush()
