// What a result records about the port's tree and tensors, in the oracle's wire form.
import type { Snapshot, Tensor as WireTensor } from "../../case/index.ts";
import { encodePy, encodeTensor } from "../../case/index.ts";
import type { Module } from "../../nn/module.ts";
import type { Tensor } from "../../tensor/tensor.ts";

export function encodeWireTensor(t: Tensor): WireTensor {
  if (t.lazy) return { dtype: t.dtype, shape: [], data: "", lazy: true };
  return encodeTensor(t);
}

/** The element bytes of a tensor, as a view of them (no copy: read it before the tensor changes). */
export const tensorBytes = (t: Tensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

export function snapshot(root: Module): Snapshot {
  return {
    modules: root.namedModules().map(([name, m]) => [name, m.className, encodePy(m.training)]),
    parameters: root.namedParameters().map(([name, p]) => [name, encodeWireTensor(p)]),
    buffers: root.namedBuffers().map(([name, b]) => [name, encodeWireTensor(b)]),
    stateDictKeys: [...root.stateDict().keys()],
  };
}
