"""A port under test that speaks the torch-conformance worker protocol: a thin wrapper over real torch.

It is the example for Python port authors. The protocol, case decoding, the run of build and steps and result
encoding are the kit's (python/torch_conformance_port.py in the package); what is left here is the mapping: the
schema's module types onto this library's classes. For your own library, change MODULES (and,
if its tensors are not torch's, override Port.tensor and Port.raw). Neither this file nor the kit shares code
with reference-py/oracle.py, so its passing every case it supports (all but hooks) shows that the schema's descriptions are enough to
implement a port from.

    npx torch-conformance verify --impl "<venv>/bin/python examples/python-port/torch_port.py"
"""

import os
import sys
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from torch_conformance_port import Port, serve  # noqa: E402

os.environ["ATEN_CPU_CAPABILITY"] = "default"  # the reference configuration: before torch is imported
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # torch warns once at import when numpy is absent
    import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)  # and with it, uninitialized memory filled: NaN, or an int dtype's largest
torch.utils.deterministic.fill_uninitialized_memory = True


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


class TorchPort(Port):
    implementation = "examples/python-port (torch wrapper)"
    version = torch.__version__
    torch_backed = True
    modules = MODULES


if __name__ == "__main__":
    serve(TorchPort())
