// torch.nn.Dropout, Dropout1d/2d/3d, AlphaDropout, FeatureAlphaDropout (torch/nn/modules/dropout.py).
import type { Py } from "../case/pyvalue.ts";
import type { Tensor } from "../tensor/tensor.ts";
import * as F from "./functional/dropout.ts";
import { Module } from "./module.ts";

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
  override forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
}

export class Dropout1d extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}

export class Dropout2d extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}

export class Dropout3d extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout3d(input, this.p, this.training, this.inplace);
  }
}

/** AlphaDropout: `inplace` is stored but never passed on. */
export class AlphaDropout extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.alphaDropout(input, this.p, this.training);
  }
}

/** FeatureAlphaDropout: `inplace` is stored but never passed on. */
export class FeatureAlphaDropout extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.featureAlphaDropout(input, this.p, this.training);
  }
}
