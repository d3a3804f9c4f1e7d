// torch.nn.Dropout, Dropout1d/2d/3d, AlphaDropout, FeatureAlphaDropout (torch/nn/modules/dropout.py).
import type { Py } from "../case/pyvalue.ts";
import type { ModuleType } from "../case/types.generated.ts";
import type { Tensor } from "../tensor/tensor.ts";
import * as F from "./functional/dropout.ts";
import { Module } from "./module.ts";
import type { PySignature } from "./pyargs.ts";
import { pyConstructor, registerModuleType } from "./registry.ts";

/** _DropoutNd(p=0.5, inplace=False): p is checked once here; later writes to p are checked by F.* at forward. */
export class _DropoutNd extends Module {
  static override pyAttrs: readonly string[] = ["__constants__", "p", "inplace"];
  p: Py;
  inplace: Py;

  constructor(p: Py = 0.5, inplace: Py = false) {
    super();
    F.checkDropoutP(p, false);
    this.p = p;
    this.inplace = inplace;
  }
}

export class Dropout extends _DropoutNd {
  static override pyForward = { qualname: "Dropout.forward", arg: "input" };

  override forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
}

export class Dropout1d extends _DropoutNd {
  static override pyForward = { qualname: "Dropout1d.forward", arg: "input" };

  override forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}

export class Dropout2d extends _DropoutNd {
  static override pyForward = { qualname: "Dropout2d.forward", arg: "input" };

  override forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}

export class Dropout3d extends _DropoutNd {
  static override pyForward = { qualname: "Dropout3d.forward", arg: "input" };

  override forward(input: Tensor): Tensor {
    return F.dropout3d(input, this.p, this.training, this.inplace);
  }
}

/** AlphaDropout: `inplace` is stored but never passed on. */
export class AlphaDropout extends _DropoutNd {
  static override pyForward = { qualname: "AlphaDropout.forward", arg: "input" };

  override forward(input: Tensor): Tensor {
    return F.alphaDropout(input, this.p, this.training);
  }
}

/** FeatureAlphaDropout: `inplace` is stored but never passed on. */
export class FeatureAlphaDropout extends _DropoutNd {
  static override pyForward = { qualname: "FeatureAlphaDropout.forward", arg: "input" };

  override forward(input: Tensor): Tensor {
    return F.featureAlphaDropout(input, this.p, this.training);
  }
}

const dropoutInit: PySignature = { qualname: "_DropoutNd.__init__", params: [{ name: "p", default: 0.5 }, { name: "inplace", default: false }] };
for (const cls of [Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout]) {
  registerModuleType(
    cls.name as ModuleType,
    pyConstructor(`torch.nn.modules.dropout.${cls.name}`, dropoutInit, ({ values }) => new cls(values.get("p") as Py, values.get("inplace") as Py)),
  );
}
