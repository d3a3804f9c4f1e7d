"""tinygrad 0.14.0 as a port under test, through the torch-conformance worker protocol (the Python kit).

tinygrad has layers (nn.BatchNorm, nn.InstanceNorm, ...) and Tensor.dropout, but no module base class, no module
tree and no per-module train/eval: training is one global switch, `Context(TRAINING=1)`. So the mapping is:

- `Module` below is the smallest stand-in for torch.nn.Module's tree that the kit drives (add_module, children,
  named_modules, get_submodule, train/eval, a `training` flag per module). It is this adapter's, not tinygrad's:
  containers (Sequential, ModuleList, ModuleDict, Chain, FrozenBN) are built from it as the schema describes them.
- A layer is tinygrad's own class (its __init__, its __call__, its tensors); its call runs under
  `Context(TRAINING=...)` set from that module's flag, which is how a tinygrad user switches one layer to training.
- Parameters and buffers are a layer's tensors as tinygrad's `nn.state.get_state_dict` lists them, split by
  tinygrad's own `Tensor.is_param`; the state_dict op is `get_state_dict` over the tree.
- torch's constructor arguments are matched to tinygrad's by name; one tinygrad has no counterpart for (BatchNorm's
  `dtype` and `bias`, InstanceNorm's `track_running_stats=True`, `momentum` unused there) is unsupported, and so are
  module types and ops tinygrad lacks (the Feature and Alpha dropouts, lazy modules, RReLU, reset_running_stats,
  reset_parameters, load_state_dict whose result tinygrad does not report) and module hooks (the kit's).

    npx torch-conformance verify --impl tinygrad
"""

import os
import sys
from collections import OrderedDict
from importlib.metadata import version

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from torch_conformance_port import Port, Unsupported, serve  # noqa: E402

# The device this port is verified on, whatever DEV the caller's environment holds (vitest, for one, sets DEV=1).
os.environ["DEV"] = "CPU"
from tinygrad import Context, Device, Tensor, dtypes, nn  # noqa: E402
from tinygrad.nn.state import get_state_dict  # noqa: E402

VERSION = version("tinygrad")
DTYPES = {"float32": dtypes.float32, "float64": dtypes.float64, "int64": dtypes.int64}
NAMES = {v: k for k, v in DTYPES.items()}


class Module:
    """torch.nn.Module's tree, as far as the kit drives it: tinygrad objects are plain Python objects."""

    def __init__(self):
        self._modules = OrderedDict()
        self.training = True

    def add_module(self, name, module):
        if not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        if not isinstance(name, str):
            raise TypeError(f"module name should be a string. Got {type(name).__name__}")
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        if "." in name:
            raise KeyError(f'module name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError('module name can\'t be empty string ""')
        self._modules[name] = module

    def __getattr__(self, name):
        modules = self.__dict__.get("_modules", {})
        if name in modules:
            return modules[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def named_modules(self, memo=None, prefix=""):
        memo = set() if memo is None else memo
        if id(self) in memo:
            return
        memo.add(id(self))
        yield prefix, self
        for name, m in self._modules.items():
            yield from m.named_modules(memo, f"{prefix}.{name}" if prefix else name)

    def modules(self):
        return (m for _, m in self.named_modules())

    def children(self):
        seen = set()
        for m in self._modules.values():
            if id(m) not in seen:
                seen.add(id(m))
                yield m

    def get_submodule(self, path):
        m = self
        for part in path.split(".") if path else []:
            if part not in m._modules:
                raise AttributeError(f"{type(m).__name__} has no attribute `{part}`")
            m = m._modules[part]
        return m

    def train(self, mode=True):
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for m in self.children():
            m.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def own_tensors(self):
        """This module's own tensors in tinygrad's get_state_dict order (children are not attributes here)."""
        return get_state_dict({k: v for k, v in self.__dict__.items() if k != "_modules"})

    def _named(self, keep):
        seen = set()
        for prefix, m in self.named_modules():
            for k, t in m.own_tensors().items():
                if keep(t) and id(t) not in seen:
                    seen.add(id(t))
                    yield (f"{prefix}.{k}" if prefix else k), t

    def named_parameters(self):
        return self._named(lambda t: t.is_param)

    def named_buffers(self):
        return self._named(lambda t: not t.is_param)

    def state_dict(self, prefix=""):
        out = OrderedDict((prefix + k, t) for k, t in self.own_tensors().items())
        for name, m in self._modules.items():
            out.update(m.state_dict(f"{prefix}{name}."))
        return out

    def forward(self, x):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, x):
        return self.forward(x)

    def load_state_dict(self, *_, **__):
        raise Unsupported("op.load_state_dict", "tinygrad's nn.state.load_state_dict reports no missing or unexpected keys")

    def reset_running_stats(self):
        raise Unsupported("op.reset_running_stats", "tinygrad's layers have no reset_running_stats")

    def reset_parameters(self):
        raise Unsupported("op.reset_parameters", "tinygrad's layers have no reset_parameters")


class Sequential(Module):
    def forward(self, x):
        for m in self._modules.values():
            x = m(x)
        return x


class Chain(Module):
    """Schema: a plain module whose forward runs its children() (deduplicated) in order."""

    def forward(self, x):
        for m in self.children():
            x = m(x)
        return x


class FrozenBN(Chain):
    """Schema: train(mode) trains as a module does, then puts every BatchNorm among modules() into eval."""

    def train(self, mode=True):
        super().train(mode)
        for m in self.modules():
            if isinstance(m, nn.BatchNorm):
                m.eval()
        return self


class ModuleList(Module):
    pass


class ModuleDict(Module):
    """torch's ModuleDict as far as the kit drives it: children come by add_module, and its own methods' names are
    taken (add_module("keys") raises as torch's does)."""

    def __init__(self, modules=None):
        super().__init__()
        for name, m in (modules or {}).items():
            self.add_module(name, m)

    def keys(self):
        return self._modules.keys()

    def items(self):
        return self._modules.items()

    def values(self):
        return self._modules.values()

    def pop(self, key):
        return self._modules.pop(key)

    def clear(self):
        self._modules.clear()

    def update(self, modules):
        for name, m in modules.items():
            self.add_module(name, m)


class Identity(Module):
    """tinygrad has no Identity: a layer that returns its input, as a tinygrad user writes one."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, x):
        return x


def training(module):
    """A tinygrad layer trains while the global TRAINING context is set: set from this module's flag (truthiness)."""
    return Context(TRAINING=1 if module.training else 0)


class Dropout(Module):
    """tinygrad has no Dropout layer, only Tensor.dropout(p): a layer calling it, with torch's default p."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if inplace:
            raise Unsupported("dropout.inplace", "tinygrad's Tensor.dropout has no in-place form")
        self.p = p

    def forward(self, x):
        with training(self):
            return x.dropout(self.p)


def norm(tiny_cls, torch_name, default):
    """A torch norm type as its tinygrad layer, with torch's constructor signature (its defaults for affine and
    track_running_stats: True for BatchNorm, False for InstanceNorm) mapped onto tinygrad's by name."""

    class Norm(Module, tiny_cls):
        def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=default, track_running_stats=default, device=None, dtype=None, bias=True):
            Module.__init__(self)
            if dtype is not None:
                raise Unsupported(f"{torch_name}(dtype)", f"tinygrad's {tiny_cls.__name__} takes no dtype (its tensors are float32)")
            if bias is not True:
                raise Unsupported(f"{torch_name}(bias)", f"tinygrad's {tiny_cls.__name__} has no bias argument")
            if tiny_cls is nn.BatchNorm:
                nn.BatchNorm.__init__(self, num_features, eps=eps, momentum=momentum, affine=affine, track_running_stats=track_running_stats)
            else:
                if track_running_stats:
                    raise Unsupported(f"{torch_name}(track_running_stats)", "tinygrad's InstanceNorm keeps no running statistics")
                nn.InstanceNorm.__init__(self, num_features, eps=eps, affine=affine)

        def forward(self, x):
            with training(self):
                return tiny_cls.__call__(self, x)

    Norm.__name__ = Norm.__qualname__ = torch_name
    return Norm


MODULES = {cls.__name__: cls for cls in (Sequential, Chain, FrozenBN, ModuleList, ModuleDict, Identity, Dropout)}
MODULES.update({f"BatchNorm{d}d": norm(nn.BatchNorm, f"BatchNorm{d}d", True) for d in (1, 2, 3)})
MODULES.update({f"InstanceNorm{d}d": norm(nn.InstanceNorm, f"InstanceNorm{d}d", False) for d in (1, 2, 3)})


class TinygradPort(Port):
    implementation = f"tinygrad {VERSION} ({Device.DEFAULT})"
    version = VERSION
    modules = MODULES
    # The module types are MODULES' keys (the kit's default); tinygrad has no load_state_dict, reset_* or hooks.
    capabilities = {"ops": ["manual_seed", "train", "eval", "setattr", "forward", "state_dict", "add_module"]}

    def manual_seed(self, seed):
        Tensor.manual_seed(seed)

    def dtype(self, name):
        return name  # refused by the layers above, which take no dtype

    def tensor(self, dtype, shape, raw):
        return Tensor(bytes(raw), device=Device.DEFAULT).bitcast(DTYPES[dtype]).reshape(shape).contiguous().realize()

    def raw(self, t):
        if t.dtype not in NAMES:
            raise TypeError(f"tinygrad gave a {t.dtype} tensor, which the schema cannot carry")
        if t.numel() == 0:
            return NAMES[t.dtype], list(t.shape), b"", False
        # A realized whole buffer (at most reshaped) is read as it is: Tensor.data() would schedule a copy first,
        # which costs more than the rest of a case.
        data = t.uop.buffer.ensure_allocated().as_memoryview() if t.uop.has_buffer_identity() else t.data()
        return NAMES[t.dtype], list(t.shape), bytes(data), False

    def snapshot(self, root):
        # Every pending tensor (running statistics assigned by a forward) realized in one schedule, not one by one.
        pending = [t for m in root.modules() for t in m.own_tensors().values() if not t.uop.has_buffer_identity()]
        if pending:
            Tensor.realize(*pending)
        return super().snapshot(root)


if __name__ == "__main__":
    serve(TinygradPort())
