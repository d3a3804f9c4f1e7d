// torch.nn.RReLU (torch/nn/modules/activation.py, 2.13): randomized leaky ReLU.
import type { Py } from "../case/pyvalue.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { rrelu } from "./functional/activation.ts";
import { Module } from "./module.ts";
import { pyConstructor, registerModuleType } from "./registry.ts";

/** RReLU(lower=1/8, upper=1/3, inplace=False): stored as given, checked by F.rrelu at each forward. */
export class RReLU extends Module {
  static override pyAttrs: readonly string[] = ["__constants__", "lower", "upper", "inplace"];
  static override pyForward = { qualname: "RReLU.forward", arg: "input" };
  lower: Py;
  upper: Py;
  inplace: Py;

  constructor(lower: Py = 1 / 8, upper: Py = 1 / 3, inplace: Py = false) {
    super();
    this.lower = lower;
    this.upper = upper;
    this.inplace = inplace;
  }

  override forward(input: Tensor): Tensor {
    return rrelu(input, this.lower, this.upper, this.training, this.inplace);
  }
}

registerModuleType(
  "RReLU",
  pyConstructor(
    "torch.nn.modules.activation.RReLU",
    { qualname: "RReLU.__init__", params: [{ name: "lower", default: 1 / 8 }, { name: "upper", default: 1 / 3 }, { name: "inplace", default: false }] },
    ({ values }) => new RReLU(values.get("lower") as Py, values.get("upper") as Py, values.get("inplace") as Py),
  ),
);
