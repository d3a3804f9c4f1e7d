// What a result records about the port's tree and tensors, in the oracle's wire form.
import type { Snapshot, TensorBudget, Tensor as WireTensor } from "../../case/index.ts";
import { encodePy, encodeTensor } from "../../case/index.ts";
import type { Module } from "../../nn/module.ts";
import type { Tensor } from "../../tensor/tensor.ts";

/** The wire form of a tensor, counted against the result's budget before it is encoded. */
export function encodeWireTensor(t: Tensor, budget: TensorBudget): WireTensor {
  if (t.lazy) return { dtype: t.dtype, shape: [], data: "", lazy: true };
  budget.spend(t.data.byteLength);
  return encodeTensor(t);
}

/** The element bytes of a tensor, as a view of them (no copy: read it before the tensor changes). */
export const tensorBytes = (t: Tensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

export function snapshot(root: Module, budget: TensorBudget): Snapshot {
  return {
    modules: root.namedModules().map(([name, m]) => [name, m.className, encodePy(m.training)]),
    parameters: root.namedParameters().map(([name, p]) => [name, encodeWireTensor(p, budget)]),
    buffers: root.namedBuffers().map(([name, b]) => [name, encodeWireTensor(b, budget)]),
    stateDictKeys: [...root.stateDict().keys()],
  };
}
