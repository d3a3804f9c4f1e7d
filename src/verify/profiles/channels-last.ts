// Ports whose layers take channels last ([N, *spatial, C], Keras's default axis=-1) get torch's [N, C, *spatial]
// inputs transposed, and their outputs transposed back.
import type { Tensor as WireTensor } from "../../case/index.ts";
import { decodeTensor, encodeTensor } from "../../case/tensor-codec.ts";
import { clone, mapValues, type Profile } from "./profile.ts";

/** Moves axis `from` to position `to` of a dense row-major tensor. */
export function moveAxis(t: WireTensor, from: number, to: number): WireTensor {
  const raw = decodeTensor(t);
  const rank = raw.shape.length;
  const perm = [...Array(rank).keys()];
  perm.splice(to, 0, ...perm.splice(from, 1));
  const shape = perm.map((p) => raw.shape[p]!);
  const inStrides = raw.shape.map((_, i) => raw.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new (raw.data.constructor as { new (n: number): typeof raw.data })(raw.data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let k = 0; k < raw.data.length; k++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += idx[d]! * inStrides[perm[d]!]!;
    out[k] = raw.data[src]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { ...encodeTensor({ dtype: raw.dtype, shape, data: out }) };
}

const isSpatial = (t: WireTensor) => t.shape.length >= 3;

export const channelsLast: Profile = {
  id: "channels-last",
  summary: "the port's layers take channels last ([N, ..., C]): inputs are transposed for it, outputs back",
  rules: [
    "every forward input of rank >= 3 is transposed from [N, C, *spatial] to [N, *spatial, C]",
    "every forward output of rank >= 3 from the port is transposed from [N, *spatial, C] back to [N, C, *spatial]",
    "inputs of rank <= 2 ([N, C] or [C]) are passed unchanged",
  ],
  toPort(c) {
    const out = clone(c);
    out.steps = out.steps.map((s) => (s.op === "forward" && isSpatial(s.input) ? { ...s, input: moveAxis(s.input, 1, s.input.shape.length - 1) } : s));
    return out;
  },
  fromPort(r) {
    return mapValues(r, (v) => (v.output !== undefined && isSpatial(v.output) ? { ...v, output: moveAxis(v.output, v.output.shape.length - 1, 1) } : v));
  },
};
