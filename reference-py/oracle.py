"""The torch-conformance oracle: real PyTorch answering cases, one JSON line in, one JSON line out.

Protocol (src/case/case-v1.schema.json, the same file the TypeScript side uses): the first stdout line is a
Handshake; then every non-blank stdin line is a Request ({"type": "run", "id", "case"}) and gets exactly one Response
line, in order: {"type": "result", ...} or {"type": "rejected", "code", "message", "where"}. EOF on stdin: exit 0.
Diagnostics go to stderr only.

Rules this file keeps:
- It is the trust anchor, so it stays small and plain: no eval/exec/pickle/torch.load, no getattr with names from
  requests (module types and ops map through explicit tables), no cleverness.
- Reference configuration: ATEN_CPU_CAPABILITY=default before torch is imported, torch.set_num_threads(1), and
  deterministic algorithms with uninitialized memory filled (NaN, or the dtype's largest integer): torch.empty()
  memory that a case exposes (a lazy norm whose materialize raised half-way) then has one value, not the allocator's.
- A request is validated completely (schema, tensors, tree, references) before anything runs; a rejected case runs
  nothing. The checks that need a run: load_state_dict `from` naming a state_dict step that raised, and an add_module
  that made the tree cyclic.
- A case never depends on the cases before it: the CPU generator is seeded with 0 before every build (what
  torch.manual_seed(0) does on this CPU-only build), modules and tensors are made fresh.
- An exception from PyTorch inside a step is that step's result; an exception in the oracle's own code is an
  "internal" rejection, and the worker keeps serving.
- Values keep their Python types on the wire (PyValue in the schema); floats are never emitted as bare NaN/inf.
- Everything a case can make big is bounded: the schema's keywords marked "x-limit", the code-checked limits of its
  "x-limits" (request bytes, nesting depth, state elements, tensor bytes of a result), an address-space cap the worker
  puts on itself and a time limit per case. Going over one is a "limit" (or "timeout") rejection of that case alone.
- Hooks are declarative (an allow-list of behaviours: record, scale, raise a named error), never code; they act only
  while a step runs, and every hook a case registered, global ones included, is removed when the case ends.
"""

import base64
import binascii
import ctypes
import gc
import json
import math
import os
import platform
import re
import resource
import signal
import socket
import sys
import traceback
import warnings
from collections import OrderedDict

os.environ["ATEN_CPU_CAPABILITY"] = "default"
with warnings.catch_warnings():
    # numpy is deliberately not installed; torch warns about it once at import.
    warnings.filterwarnings("ignore", message="Failed to initialize NumPy", category=UserWarning)
    import torch
from torch import nn
import jsonschema_rs
import orjson
from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.exceptions import best_match

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
torch.utils.deterministic.fill_uninitialized_memory = True
if sys.byteorder != "little":
    raise SystemExit("the oracle needs a little-endian machine (tensor data is little-endian on the wire)")

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "case", "case-v1.schema.json")
MAX_ELEMENTS = 1_048_576
# The worker's own protection, each overridable from the environment (README, "Limits").
MEMORY_MB = ("TORCH_CONFORMANCE_ORACLE_MEMORY_MB", 4096)  # address space, MiB; 0: no cap
CASE_SECONDS = ("TORCH_CONFORMANCE_CASE_SECONDS", 10.0)  # per case, from validation to the encoded answer; 0: none
EAGER_NORMS = {"BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"}
LIMIT_KEYWORDS = {"maxLength", "maxItems", "maxProperties", "maximum"}
WIRE_DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64}
DTYPE_NAMES = {dtype: name for name, dtype in WIRE_DTYPES.items()}
SPECIAL_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "-0": -0.0}


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


MODULE_TYPES = {
    "Sequential": nn.Sequential, "ModuleList": nn.ModuleList, "ModuleDict": nn.ModuleDict,
    "Chain": Chain, "FrozenBN": FrozenBN, "Identity": nn.Identity,
    "Dropout": nn.Dropout, "Dropout1d": nn.Dropout1d, "Dropout2d": nn.Dropout2d, "Dropout3d": nn.Dropout3d,
    "AlphaDropout": nn.AlphaDropout, "FeatureAlphaDropout": nn.FeatureAlphaDropout,
    "BatchNorm1d": nn.BatchNorm1d, "BatchNorm2d": nn.BatchNorm2d, "BatchNorm3d": nn.BatchNorm3d,
    "InstanceNorm1d": nn.InstanceNorm1d, "InstanceNorm2d": nn.InstanceNorm2d, "InstanceNorm3d": nn.InstanceNorm3d,
    "LazyBatchNorm1d": nn.LazyBatchNorm1d, "LazyBatchNorm2d": nn.LazyBatchNorm2d,
    "LazyBatchNorm3d": nn.LazyBatchNorm3d, "LazyInstanceNorm1d": nn.LazyInstanceNorm1d,
    "LazyInstanceNorm2d": nn.LazyInstanceNorm2d, "LazyInstanceNorm3d": nn.LazyInstanceNorm3d,
    "RReLU": nn.RReLU,
}


class Rejected(Exception):
    def __init__(self, code, message, where):
        super().__init__(message)
        self.code, self.message, self.where = code, message, where  # where: a JSON pointer into the request


def pointer(*parts):
    """A JSON pointer (RFC 6901) from path parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def shorten(text, limit=500):
    return text if len(text) <= limit else text[:limit] + "..."


# ---- request validation ------------------------------------------------------------------------------------------

def ecma_pattern(validator, pattern, instance, schema):
    # JSON Schema patterns are ECMA-262 regexes, where "$" matches only at the very end of the string; Python's "$"
    # also matches before a final "\n". The schema's patterns are plain "^...$" ones: end them with "\Z" instead.
    python_pattern = pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern
    if validator.is_type(instance, "string") and not re.search(python_pattern, instance):
        yield ValidationError(f"{shorten(repr(instance), 100)} does not match {pattern!r}")


def one_of_by_tag(validator, one_of, instance, schema):
    """oneOf with the schema's "discriminator" (as ajv's discriminator option reads it): an object is validated against
    the one branch whose properties[tag].const is its tag value, instead of against every branch. Each branch requires
    the tag and the consts differ (RequestValidator checks), so the verdict is oneOf's; only the work and the message
    (the failing branch's own error instead of "not valid under any") change."""
    tag = schema.get("discriminator", {}).get("propertyName")
    if tag is None or not validator.is_type(instance, "object") or tag not in instance:
        yield from Draft202012Validator.VALIDATORS["oneOf"](validator, one_of, instance, schema)
        return
    for index, branch in enumerate(one_of):
        if branch["properties"][tag]["const"] == instance[tag]:
            yield from validator.descend(instance, branch, schema_path=index)
            return
    known = [branch["properties"][tag]["const"] for branch in one_of]
    yield ValidationError(f"{shorten(repr(instance[tag]), 100)} is not a known {tag}: one of {known}", path=[tag])


def check_discriminators(node):
    """Every oneOf with a discriminator has branches that each require the tag and give it a distinct const."""
    if isinstance(node, list):
        for x in node:
            check_discriminators(x)
    if not isinstance(node, dict):
        return
    if "discriminator" in node:
        tag = node["discriminator"]["propertyName"]
        consts = [b["properties"][tag]["const"] for b in node["oneOf"] if tag in b["required"]]
        if len(consts) != len(node["oneOf"]) or len(set(consts)) != len(consts):
            raise SystemExit(f"schema: the oneOf discriminated by {tag!r} needs a distinct required const {tag} in each branch")
    for x in node.values():
        check_discriminators(x)


def inline_refs(node, defs, seen=()):
    """Replaces each bare {"$ref": "#/$defs/X"} by X itself, except inside X (PyValue refers to itself).
    The same schema, the same verdicts; jsonschema would otherwise look up every $ref on every use (half its time)."""
    if isinstance(node, list):
        return [inline_refs(x, defs, seen) for x in node]
    if not isinstance(node, dict):
        return node
    name = node["$ref"][len("#/$defs/"):] if len(node) == 1 and str(node.get("$ref")).startswith("#/$defs/") else None
    if name is not None and name not in seen:
        return inline_refs(defs[name], defs, seen + (name,))
    return {k: inline_refs(x, defs, seen) for k, x in node.items()}


class RequestValidator:
    """#/$defs/Request of the schema file, validated twice over. jsonschema-rs (compiled, 2020-12, ECMA-262 regexes)
    gives the verdict on every request in about 0.01 ms. The pure-Python jsonschema, a hundred times slower, runs only
    on a request already found invalid, to name the problem: best_match picks the most relevant error and
    one_of_by_tag the failing step kind's own one, which jsonschema-rs words differently."""

    def __init__(self):
        with open(SCHEMA_PATH, encoding="utf-8") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
        request = inline_refs(schema["$defs"]["Request"], schema["$defs"], ("Request",))
        check_discriminators(request)
        request_schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], **request}
        self.limits = schema["x-limits"]  # the code-checked limits (the one place their numbers are written)
        self.verdict = jsonschema_rs.validator_for(request_schema)
        self.explain = validators.extend(Draft202012Validator, {"pattern": ecma_pattern, "oneOf": one_of_by_tag})(request_schema)

    def check(self, request):
        try:
            valid = self.verdict.is_valid(request)
        except UnicodeEncodeError:
            valid = None  # a lone surrogate, which a Rust string cannot hold: the pure-Python validator decides alone
        if valid:
            return
        errors = list(self.explain.iter_errors(request))
        over = limit_rejection(errors)
        if over is not None:
            raise over
        error = best_match(errors)
        if error is not None:
            raise Rejected("schema_violation", shorten(error.message), pointer(*error.absolute_path))
        if valid is None:
            return
        # The two validators disagree: the compiled one decides, in its own words.
        error = next(self.verdict.iter_errors(request))
        raise Rejected("schema_violation", shorten(error.message), pointer(*error.instance_path))


# ---- limits ------------------------------------------------------------------------------------------------------

class Oversized:
    """Stands for a line longer than the request limit, which was dropped unread past the limit."""

    def __init__(self, message):
        self.message = message


def request_lines(stream, max_bytes):
    """The non-blank lines of stream (newline included), each read in full only when it holds at most max_bytes
    bytes before its newline; a longer one is read on in chunks and dropped, and an Oversized stands in for it, so
    memory stays bounded whatever arrives."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if line.endswith(b"\n") or len(line) <= max_bytes:
            if line.strip():
                yield line
            continue
        blank = not line.strip()
        while not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
            if not line:
                break
            blank = blank and not line.strip()
        if not blank:
            yield Oversized(f"over the limit: request bytes are at most {max_bytes}")


def utf16_order(key):
    return key.encode("utf-16-be")  # the order of JavaScript's default sort, so both sides name the same place


def nests_deeper(value, limit):
    """Whether an array or object inside value (itself one level) is nested deeper than limit levels."""
    if limit < 1:
        return True
    for x in value.values() if isinstance(value, dict) else value:
        if isinstance(x, (dict, list)) and nests_deeper(x, limit - 1):
            return True
    return False


def check_depth(value, limit):
    """The first array or object (keys in UTF-16 order) nested deeper than limit levels is over the limit. The
    ordered walk, which sorts every object's keys and builds every path, runs only once nests_deeper found one."""
    if isinstance(value, (dict, list)) and nests_deeper(value, limit):
        first_too_deep(value, limit)


def first_too_deep(value, limit, path=(), depth=1):
    if not isinstance(value, (dict, list)):
        return
    if depth > limit:
        raise Rejected("limit", f"over the limit: nesting depth is at most {limit}", pointer(*path))
    items = sorted(value.items(), key=lambda kv: utf16_order(kv[0])) if isinstance(value, dict) else enumerate(value)
    for key, x in items:
        first_too_deep(x, limit, path + (key,), depth + 1)


def limit_rejection(errors):
    """The rejection for a schema keyword marked "x-limit" that the request breaks, if any (among all errors and the
    errors inside them): the one at the first pointer in UTF-16 order, so any validator names the same one."""
    found, stack = [], list(errors)
    while stack:
        e = stack.pop()
        if e.validator in LIMIT_KEYWORDS and isinstance(e.schema, dict) and "x-limit" in e.schema:
            found.append((utf16_order(pointer(*e.absolute_path)), e.schema["x-limit"], e))
        stack.extend(e.context)
    if not found:
        return None
    where, name, e = min(found, key=lambda f: f[:2])
    got = "" if e.validator == "maximum" else f", got {len(e.instance)}"
    return Rejected("limit", f"over the limit: {name} is at most {e.validator_value}{got}", pointer(*e.absolute_path))


def check_state_elements(case, limit):
    """The parameters and buffers the constructors are asked for: 4 per feature (weight, bias, running_mean,
    running_var) of each BatchNorm/InstanceNorm node with an integer num_features, counted over nodes in order."""
    total = 0
    for nid, node in case["nodes"].items():
        args, kwargs = node.get("args", []), node.get("kwargs", {})
        if node["type"] not in EAGER_NORMS or not (args or "num_features" in kwargs):
            continue
        n, where = (args[0], ("args", 0)) if args else (kwargs["num_features"], ("kwargs", "num_features"))
        if type(n) is int and n > 0:
            total += 4 * n
        if total > limit:
            raise Rejected("limit", f"over the limit: state elements (4 per feature of each BatchNorm/InstanceNorm) are at most {limit}, the nodes up to this one ask for {total}", pointer("case", "nodes", nid, *where))


class CaseTimeout(BaseException):
    """Raised by the alarm in whatever the case is doing; a BaseException, so no `except Exception` stops it."""


class Progress:
    """Where the running case is (the pointer of a timeout or an allocation failure), and the tensor bytes its
    result holds so far, against the limit on them. The place is kept as path parts and made into a pointer only when
    a rejection names it: most cases are never rejected, and a pointer per step costs more than the step's bookkeeping."""

    def __init__(self, max_tensor_bytes):
        self.parts, self.tensor_bytes, self.max_tensor_bytes = ("case",), 0, max_tensor_bytes

    @property
    def where(self):
        return pointer(*self.parts)

    def spend(self, nbytes):
        self.tensor_bytes += 4 * ((nbytes + 2) // 3)  # the base64 characters of nbytes
        if self.tensor_bytes > self.max_tensor_bytes:
            raise Rejected("limit", f"over the limit: the tensors of a result are at most {self.max_tensor_bytes} bytes of base64", self.where)


progress = Progress(0)  # the case being answered (one at a time); respond() makes a fresh one per request


def out_of_memory(e):
    return isinstance(e, MemoryError) or (isinstance(e, RuntimeError) and "can't allocate memory" in str(e))


def memory_rejection(e):
    cap = env_setting(MEMORY_MB)
    what = f"the worker's {cap} MiB of address space" if cap else "the machine's memory"
    return Rejected("limit", shorten(f"over the limit: memory ({what}): {type(e).__name__}: {e}"), progress.where)


def env_setting(setting):
    name, default = setting
    text = os.environ.get(name)
    try:
        value = type(default)(text) if text is not None else default
    except ValueError:
        raise SystemExit(f"{name}={text!r} is not a number") from None
    if not 0 <= value < math.inf:
        raise SystemExit(f"{name}={text!r} is not a finite number of at least 0")
    return value


def cap_memory():
    """An address-space limit on this process, so a huge allocation fails as an error instead of exhausting the machine."""
    mb = env_setting(MEMORY_MB)
    if mb:
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        soft = mb << 20 if hard == resource.RLIM_INFINITY else min(mb << 20, hard)  # above the hard limit is refused
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def on_alarm(signum, frame):
    raise CaseTimeout()


def json_number(text):
    """JSON numbers with a fraction or exponent: integral ones are ints, as in JavaScript, which cannot tell 1.0 from 1."""
    x = float(text)
    if math.isinf(x):
        raise ValueError(out_of_range(text))
    return int(x) if x.is_integer() else x


def json_int(text):
    n = int(text)
    if abs(n) > sys.float_info.max:
        raise ValueError(out_of_range(text))
    return n


def out_of_range(text):
    # JavaScript reads such a literal as Infinity; Python would read an inf or an int no other side can hold
    return f"the number {shorten(text, 40)} is beyond a float's range"


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


# Only a run of 309 digits can spell an int beyond a float's range: json_int, a Python call per int, reads the lines
# that hold one, int (the C parser's own) the rest. The run is looked for in the line with every digit made "9" and
# every other byte a space (a regex scan would cost more than the calls it saves).
DIGITS_AS_NINES = bytes(0x39 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
LONG_DIGIT_RUN = b"9" * len(str(int(sys.float_info.max)))


def check_tensor(wire, where):
    """The raw bytes of a request tensor, or a rejection. where: the tensor's path parts, made into a pointer only for
    a rejection (most requests have none, and pointers for every tensor and child are a few % of the oracle's time)."""
    if "lazy" in wire:
        raise Rejected("bad_tensor", "a request tensor cannot be lazy (lazy only describes uninitialized results)", pointer(*where, "lazy"))
    count = math.prod(wire["shape"])
    if count > MAX_ELEMENTS:
        raise Rejected("tensor_too_large", f"tensor of shape {wire['shape']} has {count} elements; at most {MAX_ELEMENTS} are allowed", pointer(*where, "shape"))
    try:
        raw = base64.b64decode(wire["data"], validate=True)
    except binascii.Error as e:
        raise Rejected("bad_tensor", f"data is not valid base64: {e}", pointer(*where, "data")) from None
    want = count * WIRE_DTYPES[wire["dtype"]].itemsize
    if len(raw) != want:
        raise Rejected("bad_tensor", f"data holds {len(raw)} bytes but shape {wire['shape']} of {wire['dtype']} needs {want}", pointer(*where, "data"))
    return raw


def build_order(nodes, root):
    """Children before parents: depth first from root, children in order, then unreached nodes in `nodes` order."""
    order, state = [], {}

    def visit(nid, where):
        if state.get(nid) == "done":
            return
        if state.get(nid) == "visiting":
            raise Rejected("bad_tree", f"node {nid!r} is its own descendant (a cycle)", pointer(*where))
        state[nid] = "visiting"
        for j, (_, child) in enumerate(nodes[nid].get("children", [])):
            child_where = ("case", "nodes", nid, "children", j, 1)
            if child not in nodes:
                raise Rejected("bad_tree", f"child {child!r} of node {nid!r} is not in nodes", pointer(*child_where))
            visit(child, child_where)
        state[nid] = "done"
        order.append(nid)

    if root not in nodes:
        raise Rejected("bad_tree", f"root {root!r} is not in nodes", "/case/root")
    visit(root, ("case", "root"))
    for nid in nodes:
        visit(nid, ("case", "nodes", nid))
    return order


def check_request(validator, limits, request):
    """Everything a case needs before it runs: (case, build order, raw input bytes by step index, puts by step index)."""
    check_depth(request, limits["depth"])
    case = request.get("case") if isinstance(request, dict) else None
    if isinstance(case, dict) and "schema" in case and not (type(case["schema"]) is int and case["schema"] == 1):
        raise Rejected("schema_version", f"case schema {shorten(json.dumps(case['schema']), 80)} is not supported; this oracle speaks schema 1", "/case/schema")
    validator.check(request)
    check_state_elements(case, limits["stateElements"])
    inputs, puts = {}, {}
    for i, step in enumerate(case["steps"]):
        if step["op"] == "forward":
            inputs[i] = check_tensor(step["input"], ("case", "steps", i, "input"))
        if step["op"] == "load_state_dict":
            puts[i] = [(key, check_tensor(t, ("case", "steps", i, "put", j, 1)), t) for j, (key, t) in enumerate(step.get("put", []))]
    order = build_order(case["nodes"], case["root"])
    for i, step in enumerate(case["steps"]):
        if step["op"] == "add_module" and step["node"] not in case["nodes"]:
            raise Rejected("bad_tree", f"add_module node {step['node']!r} is not in nodes", pointer("case", "steps", i, "node"))
        if step["op"] == "load_state_dict" and "from" in step:
            src = step["from"]
            if not (src < i and case["steps"][src]["op"] == "state_dict"):
                raise Rejected("bad_reference", f"load_state_dict from step {src}, which is not an earlier state_dict step", pointer("case", "steps", i, "from"))
        if step["op"] == "remove_hook":
            src = step["handle"]
            if not (src < i and case["steps"][src]["op"] in HOOK_REGISTRATIONS):
                raise Rejected("bad_reference", f"remove_hook of step {src}, which is not an earlier register_* step", pointer("case", "steps", i, "handle"))
    return case, order, inputs, puts


# ---- values on the wire ------------------------------------------------------------------------------------------

def decode_py(v):
    if isinstance(v, list):
        return [decode_py(x) for x in v]
    if isinstance(v, dict):
        if "$float" in v:  # the schema allows no other key beside it
            f = v["$float"]
            return SPECIAL_FLOATS[f] if isinstance(f, str) else float(f)
        return {k: decode_py(x) for k, x in v.items()}
    return v  # None, bool, int, str, non-integral float


def encode_py(v):
    if v is None or isinstance(v, (bool, int, str)):  # json.dumps writes a bool as true/false, an int as digits
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return {"$float": "nan"}
        if math.isinf(v):
            return {"$float": "inf" if v > 0 else "-inf"}
        if v == 0 and math.copysign(1.0, v) < 0:
            return {"$float": "-0"}
        return {"$float": v} if v.is_integer() else v
    if isinstance(v, (list, tuple)):
        return [encode_py(x) for x in v]
    if isinstance(v, dict):
        return {str(k): encode_py(x) for k, x in v.items()}
    raise TypeError(f"cannot encode a {type(v).__name__} as a PyValue")


def tensor_bytes(t):
    """The elements' bytes in row-major order, copied now: string_at copies the nbytes at data_ptr() of a contiguous
    CPU tensor (its memory, kept alive by `dense` during the call); a third of the time of a torch copy_ into a buffer."""
    if not t.is_cpu:  # e.g. a module built with device "meta": no memory to read
        raise TypeError(f"cannot encode a tensor on device {t.device}: the schema's tensors are CPU tensors")
    dense = t.contiguous()  # no detach(): reading memory needs no autograd-free view, and it costs a new tensor
    nbytes = dense.nbytes
    return ctypes.string_at(dense.data_ptr(), nbytes) if nbytes else b""


def encode_tensor(t):
    if not isinstance(t, torch.Tensor):
        raise TypeError(f"expected a tensor, got {type(t).__name__}")
    name = DTYPE_NAMES.get(t.dtype)
    if name is None:
        raise TypeError(f"cannot encode a {t.dtype} tensor: the schema has float32, float64 and int64")
    if isinstance(t, nn.parameter.UninitializedTensorMixin):
        return {"dtype": name, "shape": [], "data": "", "lazy": True}
    progress.spend(t.nbytes)
    # binascii's encoder itself: base64.b64encode is a Python wrapper around it, called for every tensor of a result
    return {"dtype": name, "shape": list(t.shape), "data": binascii.b2a_base64(tensor_bytes(t), newline=False).decode("ascii")}


def make_tensor(raw, wire):
    """A fresh tensor in torch's own (aligned) memory holding the request bytes."""
    t = torch.empty(wire["shape"], dtype=WIRE_DTYPES[wire["dtype"]])
    if raw:
        t.view(-1).view(torch.uint8).copy_(torch.frombuffer(bytearray(raw), dtype=torch.uint8))
    return t


def encode_warnings(caught):
    return [{"category": w.category.__name__, "message": str(w.message)} for w in caught]


def py_error(e):  # the schema's PyError
    return {"type": type(e).__name__, "message": str(e)}


def named_members(modules, table):
    """root.named_parameters() ("_parameters") or root.named_buffers() ("_buffers"), encoded, from root.named_modules()
    listed once for both: the same walk as torch's Module._named_members (a None slot skipped, each tensor named once,
    where first met), without walking the tree again for each. Tensors are told apart by id(), which is what their
    __hash__ returns, without a Python call for each."""
    seen, members = set(), []
    for prefix, m in modules:
        for key, t in getattr(m, table).items():
            if t is None or id(t) in seen:
                continue
            seen.add(id(t))
            members.append([f"{prefix}.{key}" if prefix else key, encode_tensor(t)])
    return members


def snapshot(root):
    """The tree as it is now, from one walk of every path to a module. root.state_dict() takes a shared module under
    each of its paths, root.named_modules() under the first only (and named_members below, from those). The state
    dict's keys are what state_dict(keep_vars=True) gathers: each path's own _save_to_state_dict, in the same order,
    without its metadata and its calls of the modules' state-dict hooks (the only ones these module types get are the
    case's, and those act only while a step runs: Hooks.armed). That metadata and those calls were a tenth of a
    snapshot's time."""
    seen, modules, keys = set(), [], {}
    for prefix, m in root.named_modules(remove_duplicate=False):
        m._save_to_state_dict(keys, prefix + "." if prefix else "", True)
        if id(m) not in seen:
            seen.add(id(m))
            modules.append((prefix, m))
    return {
        "modules": [[name, type(m).__name__, encode_py(m.training)] for name, m in modules],
        "parameters": named_members(modules, "_parameters"),
        "buffers": named_members(modules, "_buffers"),
        "stateDictKeys": list(keys),
    }


# ---- hooks -------------------------------------------------------------------------------------------------------
# A hook is declarative (src/case/case-v1.schema.json, ForwardHook and StateHook): it logs its call and then does one
# of an allow-list of things. Hooks act only while a step runs (Hooks.armed): nothing the oracle does between steps
# (building the tree, the snapshot after a step) is the case's, so none of it may log or fail.

HOOK_ERRORS = {"RuntimeError": RuntimeError, "ValueError": ValueError, "TypeError": TypeError}


class Hooks:
    """The hooks of one case: whether they act now, the log of the running step, the handles by step index."""

    def __init__(self, root):
        self.root, self.armed, self.log, self.handles = root, False, [], {}

    def called(self, spec, module, **fields):
        """Logs a call; False when the hook is inert now."""
        if not self.armed:
            return False
        path = next((name for name, m in self.root.named_modules() if m is module), None)
        self.log.append({"hook": spec["name"], "module": path, "training": encode_py(module.training), **fields})
        if spec["does"] == "raise":
            raise HOOK_ERRORS[spec["error"]](spec["message"])
        return True

    def remove_all(self):
        for handle in self.handles.values():
            handle.remove()


def clear_global_hooks():
    """Empties torch's global hook dicts. A case removes the global hooks it registered, but a time limit can strike
    between torch's registration and the oracle's keeping of the handle; such a hook must not act on later cases."""
    for hooks in (nn.modules.module._global_forward_pre_hooks, nn.modules.module._global_forward_hooks,
                  nn.modules.module._global_forward_hooks_always_called, nn.modules.module._global_forward_hooks_with_kwargs):
        hooks.clear()


def shape_of(x):
    return list(x.shape) if isinstance(x, torch.Tensor) else None


def forward_pre_hook(hooks, spec):
    def hook(module, args, *kwargs):  # kwargs: (kwargs,) when registered with_kwargs
        if not hooks.called(spec, module, input=shape_of(args[0]), kwargs=bool(kwargs)) or spec["does"] != "scale":
            return None
        scaled = (args[0] * float(spec["factor"]),)
        return (scaled, kwargs[0]) if kwargs else scaled
    return hook


def forward_hook(hooks, spec):
    def hook(module, args, *rest):  # rest: (output,) or (kwargs, output)
        output = rest[-1]
        if not hooks.called(spec, module, input=shape_of(args[0]), output=shape_of(output), kwargs=len(rest) == 2) or spec["does"] != "scale":
            return None
        return output * float(spec["factor"])
    return hook


def state_dict_post_hook(hooks, spec):
    def hook(module, state_dict, prefix, local_metadata):
        hooks.called(spec, module, keys=len(state_dict))
    return hook


def load_state_dict_pre_hook(hooks, spec):
    def hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs):
        hooks.called(spec, module, keys=len(state_dict))
    return hook


def load_state_dict_post_hook(hooks, spec):
    def hook(module, incompatible_keys):
        hooks.called(spec, module, missing=len(incompatible_keys.missing_keys), unexpected=len(incompatible_keys.unexpected_keys))
    return hook


def flags(step, *names):
    return {name: step.get(name, False) for name in names}


HOOK_REGISTRATIONS = {
    "register_forward_pre_hook": lambda hooks, step, m: m.register_forward_pre_hook(forward_pre_hook(hooks, step["hook"]), **flags(step, "prepend", "with_kwargs")),
    "register_forward_hook": lambda hooks, step, m: m.register_forward_hook(forward_hook(hooks, step["hook"]), **flags(step, "prepend", "with_kwargs", "always_call")),
    "register_module_forward_pre_hook": lambda hooks, step, m: nn.modules.module.register_module_forward_pre_hook(forward_pre_hook(hooks, step["hook"])),
    "register_module_forward_hook": lambda hooks, step, m: nn.modules.module.register_module_forward_hook(forward_hook(hooks, step["hook"]), **flags(step, "with_kwargs", "always_call")),
    "register_state_dict_post_hook": lambda hooks, step, m: m.register_state_dict_post_hook(state_dict_post_hook(hooks, step["hook"])),
    "register_load_state_dict_pre_hook": lambda hooks, step, m: m.register_load_state_dict_pre_hook(load_state_dict_pre_hook(hooks, step["hook"])),
    "register_load_state_dict_post_hook": lambda hooks, step, m: m.register_load_state_dict_post_hook(load_state_dict_post_hook(hooks, step["hook"])),
}


def register_hook(i, step, root, hooks):
    m = root.get_submodule(step["path"]) if "path" in step else None
    hooks.handles[i] = HOOK_REGISTRATIONS[step["op"]](hooks, step, m)


def remove_hook(step, hooks):
    handle = hooks.handles.get(step["handle"])  # absent when that registration raised
    if handle is not None:
        handle.remove()


# ---- running a case ----------------------------------------------------------------------------------------------

def build(nodes, order):
    built = {}
    for nid in order:
        node = nodes[nid]
        cls = MODULE_TYPES[node["type"]]
        args = [decode_py(a) for a in node.get("args", [])]
        kwargs = {k: decode_py(v) for k, v in node.get("kwargs", {}).items()}
        if "dtype" in node:
            module = cls(*args, **kwargs, dtype=WIRE_DTYPES[node["dtype"]])
        else:
            module = cls(*args, **kwargs)
        for name, child in node.get("children", []):
            module.add_module(name, built[child])
        built[nid] = module
    return built


def state_dict_to_load(i, step, state_dicts, puts):
    """The sd of a load_state_dict step, as the schema spells it out."""
    base = OrderedDict()
    if "from" in step:
        if step["from"] not in state_dicts:
            raise Rejected("bad_reference", f"load_state_dict from step {step['from']}, whose state_dict() raised", pointer("case", "steps", i, "from"))
        base = state_dicts[step["from"]]
    sd = OrderedDict(base)  # the very tensors of the base, not copies
    for key in step.get("remove", []):
        sd.pop(key, None)
    for key, raw, wire in puts[i]:
        sd[key] = make_tensor(raw, wire)
    base_metadata = getattr(base, "_metadata", None)
    version = step.get("version", "keep")
    if version == "keep":
        if base_metadata is not None:
            sd._metadata = OrderedDict(base_metadata)
    elif version != "none":
        sd._metadata = OrderedDict((prefix, {"version": version}) for prefix in (base_metadata or {}))
    return sd


def step_argument(i, step, inputs, puts, state_dicts):
    """What perform() is given beside the step: the fresh input of a forward, the sd of a load_state_dict, else None."""
    if step["op"] == "forward":
        return make_tensor(inputs[i], step["input"])
    if step["op"] == "load_state_dict":
        return state_dict_to_load(i, step, state_dicts, puts)
    return None


def perform(i, step, root, built, state_dicts, arg, hooks):
    """Does one step against PyTorch; returns what the step returned (raw, encoded later).
    arg is made by the oracle beforehand: the fresh input of a forward, the sd of a load_state_dict."""
    op = step["op"]
    if op == "manual_seed":
        torch.manual_seed(step["seed"])
        return None
    if op in HOOK_REGISTRATIONS:
        return register_hook(i, step, root, hooks)
    if op == "remove_hook":
        return remove_hook(step, hooks)
    m = root.get_submodule(step["path"])
    if op == "train":
        return m, (m.train() if "mode" not in step else m.train(decode_py(step["mode"])))
    if op == "eval":
        return m, m.eval()
    if op == "setattr":
        setattr(m, step["name"], decode_py(step["value"]))
        return None
    if op == "forward":
        return arg, m(arg)
    if op == "state_dict":
        sd = m.state_dict()
        state_dicts[i] = sd
        return sd
    if op == "load_state_dict":
        return m.load_state_dict(arg, strict=step.get("strict", True))
    if op == "reset_running_stats":
        return m.reset_running_stats()
    if op == "reset_parameters":
        return m.reset_parameters()
    if op == "add_module":
        return m.add_module(step["name"], built[step["node"]])
    raise AssertionError(f"unknown op {op!r}")  # unreachable: the schema allows only the ops above


def step_value(i, step, returned, inputs):
    op = step["op"]
    if op in ("train", "eval"):
        m, out = returned
        return {"returnsSelf": out is m}
    if op == "forward":
        x, out = returned
        return {"output": encode_tensor(out), "sameObject": out is x, "inputMutated": tensor_bytes(x) != inputs[i]}
    if op == "state_dict":
        return {
            "entries": [[key, encode_tensor(t)] for key, t in returned.items()],
            "metadata": [[prefix, meta.get("version")] for prefix, meta in getattr(returned, "_metadata", {}).items()],
        }
    if op == "load_state_dict":
        return {"missing": list(returned.missing_keys), "unexpected": list(returned.unexpected_keys)}
    return None


def check_acyclic(i, step, built):
    """After a successful add_module: the added module must not now be its own descendant. PyTorch accepts such an
    add_module, but every later recursion over the tree (state_dict, train, forward) then raises a RecursionError
    whose message depends on the stack depth, so the case is malformed, like a cycle among the nodes."""
    added = built[step["node"]]
    if any(sub is added for child in added.children() for sub in child.modules()):
        raise Rejected("bad_tree", f"add_module puts node {step['node']!r} under path {step['path']!r}, which is inside it: the tree would have a cycle", pointer("case", "steps", i, "node"))


def step_error(e):
    """PyTorch's exception as the result, unless it is an allocation failure: that depends on the machine (and the
    worker's memory cap), not on PyTorch's rules, so the case is over a limit instead."""
    if out_of_memory(e):
        raise memory_rejection(e) from None
    return py_error(e)


def run_case(case, order, inputs, puts):
    # What torch.manual_seed(0) does on a CPU-only build, minus its ~0.3 ms of lazy CUDA/XPU/MTIA seeding
    # (which formats a traceback each time). manual_seed steps do call torch.manual_seed.
    torch.default_generator.manual_seed(0)
    clear_global_hooks()
    progress.parts = ("case", "nodes")
    # One record of warnings for the whole case (entering catch_warnings costs about as much as a small step): the
    # build and each step take the warnings raised while they ran.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            built, error = build(case["nodes"], order), None
        except Exception as e:
            built, error = None, step_error(e)
        result = {"schema": 1, "id": case["id"], "build": {"error": error, "warnings": encode_warnings(caught)}, "steps": []}
        if error is not None:
            return result
        root = built[case["root"]]
        result["build"]["snapshot"] = snapshot(root)
        hooks = Hooks(root)
        try:
            run_steps(case, inputs, puts, root, built, hooks, result, caught)
        finally:
            hooks.remove_all()  # global hooks would outlive the case
    return result


def run_steps(case, inputs, puts, root, built, hooks, result, caught):
    state_dicts = {}
    for i, step in enumerate(case["steps"]):
        progress.parts = ("case", "steps", i)
        arg = step_argument(i, step, inputs, puts, state_dicts)
        before = len(caught)
        hooks.armed, hooks.log = True, []
        try:
            returned, error = perform(i, step, root, built, state_dicts, arg, hooks), None
        except Exception as e:
            returned, error = None, step_error(e)
        finally:
            hooks.armed = False
        raised = caught[before:]
        if step["op"] == "add_module" and error is None:
            check_acyclic(i, step, built)
        step_result = {"error": error, "warnings": encode_warnings(raised)}
        value = step_value(i, step, returned, inputs) if error is None else None
        if value is not None:
            step_result["value"] = value
        if hooks.log:
            step_result["hooks"] = hooks.log
        step_result["snapshot"] = snapshot(root)
        result["steps"].append(step_result)


# ---- the worker loop ---------------------------------------------------------------------------------------------

def dumps(message):
    # orjson, about ten times faster than json.dumps, writes the same values (compact; UTF-8 rather than \u escapes;
    # floats in their shortest round-trip form). No float reaches it unencoded (encode_py spells NaN and infinities
    # out), so its NaN-as-null never applies.
    try:
        return orjson.dumps(message, option=orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        # orjson refuses a lone surrogate, which hostile input can put into a rejection's id or message (json writes it
        # as a \udXXX escape, which JavaScript reads back as the same string), and an int beyond 64 bits, which a case
        # can carry into a setattr value or a hook log (json writes its digits).
        return json.dumps(message, separators=(",", ":"), allow_nan=False).encode("ascii") + b"\n"


def rejected(rid, code, message, where):
    return {"type": "rejected", "id": rid, "code": code, "message": message, "where": where}


def respond(validator, limits, seconds, line):
    """One request line (or an Oversized in place of one) -> one response line (bytes), within a time limit of seconds
    (0: none). Never raises."""
    global progress
    if isinstance(line, Oversized):
        return dumps(rejected(None, "limit", line.message, ""))
    try:
        ints = json_int if LONG_DIGIT_RUN in line.translate(DIGITS_AS_NINES) else int
        request = json.loads(line.decode("utf-8"), parse_float=json_number, parse_int=ints, parse_constant=reject_constant)
    except RecursionError:
        return dumps(rejected(None, "limit", f"over the limit: nesting depth is at most {limits['depth']} (the line nests too deep to be read)", ""))
    except MemoryError as e:
        return dumps(rejected(None, "limit", memory_rejection(e).message, ""))
    except (UnicodeDecodeError, ValueError) as e:
        return dumps(rejected(None, "bad_json", f"the line is not UTF-8 JSON: {shorten(str(e))}", ""))
    rid = request.get("id") if isinstance(request, dict) and isinstance(request.get("id"), str) else None
    progress = Progress(limits["responseTensorBytes"])
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            case, order, inputs, puts = check_request(validator, limits, request)
            return dumps({"type": "result", "id": rid, "result": run_case(case, order, inputs, puts)})
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except CaseTimeout:
        return dumps(rejected(rid, "timeout", f"the case ran longer than the time limit of {seconds:g} s", progress.where))
    except Rejected as r:
        return dumps(rejected(rid, r.code, r.message, r.where))
    except Exception as e:
        if out_of_memory(e):
            r = memory_rejection(e)
            return dumps(rejected(rid, r.code, r.message, r.where))
        traceback.print_exc(limit=-5, file=sys.stderr)
        return dumps(rejected(rid, "internal", shorten(f"oracle error: {type(e).__name__}: {e}"), ""))


def handshake():
    return {
        "type": "handshake", "protocol": 1, "schema": 1, "implementation": "pytorch",
        "torch": torch.__version__, "gitVersion": torch.version.git_version,
        "cpuCapability": torch.backends.cpu.get_cpu_capability(), "threads": torch.get_num_threads(),
        "python": platform.python_version(),
    }


# Room for about two batches of answers (4.6 KB a case): while the judge runs a batch on the port it reads nothing,
# and a full 200 KB socket buffer (Node's stdio is a socketpair) would stop the oracle after some forty cases.
# The kernel caps the size at net.core.wmem_max; the protocol's bytes are the same either way.
ANSWER_BUFFER_BYTES = 2 << 20


def widen_answer_buffer(out):
    fd = os.dup(out.fileno())
    try:
        s = socket.socket(fileno=fd)
    except OSError:
        os.close(fd)
        return  # not a socket (a pipe or a file): nothing to widen
    with s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, ANSWER_BUFFER_BYTES)


def settle_gc():
    """The cyclic garbage collector's settings for serving cases, called once everything long-lived exists. A case
    allocates thousands of objects: at the default threshold (700) the collector would run several times a case, each
    time also scanning what stays alive for the whole run (torch's modules, the schema, the validator). Collected once
    and then frozen, that is never scanned again, and startup's own garbage is not kept for the life of the worker."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def main():
    validator = RequestValidator()
    limits = validator.limits
    seconds = env_setting(CASE_SECONDS)  # read once: a bad setting stops the worker now, not at the first case
    cap_memory()
    signal.signal(signal.SIGALRM, on_alarm)
    out = sys.stdout.buffer
    widen_answer_buffer(out)
    sys.stdout = sys.stderr  # a stray print() must never corrupt the protocol
    out.write(dumps(handshake()))
    out.flush()
    settle_gc()
    for line in request_lines(sys.stdin.buffer, limits["requestBytes"]):
        out.write(respond(validator, limits, seconds, line))
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
