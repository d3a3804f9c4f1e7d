"""Writes src/specs/torch-attr-names.json: the names an instance of each module type the oracle builds answers to
(dir() of an instance built with its defaults), which add_module must refuse. Names every module has are listed once
under "Module"; each type lists only what it adds. Run with the oracle's venv:
    <venv>/bin/python scripts/torch-attr-names.py            # rewrite the file
    <venv>/bin/python scripts/torch-attr-names.py --check    # exit 1 if the file is not what this torch gives
The spec src/specs/signatures-and-names.ts reads the file, so PyTorch's side says which names to try."""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference-py"))
import oracle  # noqa: E402  (its main() runs only as __main__)


def instance(cls):
    try:
        return cls()
    except TypeError:  # the eager norms need num_features
        return cls(3)


base = set(dir(torch.nn.Module()))
out = {"torch": torch.__version__, "Module": sorted(base)}
out["types"] = {name: sorted(set(dir(instance(cls))) - base) for name, cls in oracle.MODULE_TYPES.items()}
text = json.dumps(out, indent=1) + "\n"
target = os.path.join(HERE, "..", "src", "specs", "torch-attr-names.json")
if sys.argv[1:] == ["--check"]:
    with open(target) as f:
        if f.read() != text:
            sys.exit(f"{target} is not what torch {torch.__version__} gives; rewrite it: python scripts/torch-attr-names.py")
elif sys.argv[1:]:
    sys.exit("usage: torch-attr-names.py [--check]")
else:
    with open(target, "w") as f:
        f.write(text)
