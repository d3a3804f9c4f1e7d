// The package's main entry: the port as a TypeScript library.
//
//   import { nn, tensor, manualSeed } from "torch-conformance";
//   manualSeed(0);
//   const bn = new nn.BatchNorm1d(3, { momentum: null });
//   const y = bn.call(tensor([[1, 2, 3], [4, 5, 6]]));
//
// Numbers are Python floats and bigints Python ints wherever values cross into the port; where PyTorch takes an
// int, a TypeScript number is accepted too.
export * as nn from "./torch/nn.ts";
export { tensor, zeros, ones, type NestedArray, type TensorOptions } from "./torch/tensor.ts";
export { Tensor, Parameter, type DType } from "./tensor/tensor.ts";
export { Generator, defaultGenerator, manualSeed } from "./random/index.ts";
export { TorchError, catchWarnings, onWarning, type PyErrorType, type PyWarning, type Caught } from "./errors.ts";
