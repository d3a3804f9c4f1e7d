// Keras's BatchNormalization `momentum` is the decay of the moving average (moving = momentum * moving +
// (1 - momentum) * batch), the complement of torch's (running = (1 - momentum) * running + momentum * batch).
import type { PyValue } from "../../case/index.ts";
import { decodePy, encodePy } from "../../case/pyvalue.ts";
import { Unsupported } from "../../adapters/third-party/unsupported.ts";
import { clone, type Profile, rewriteNormArg } from "./profile.ts";

function complement(v: PyValue): PyValue {
  const m = decodePy(v);
  if (m === null) throw new Unsupported("momentum=None", "a decay-style momentum has no cumulative moving average");
  if (typeof m === "bigint") return encodePy(1n - m);
  if (typeof m === "number") return encodePy(1 - m);
  throw new Unsupported("momentum=<non-number>", `momentum ${JSON.stringify(v)} has no complement`);
}

export const kerasMomentum: Profile = {
  id: "keras-momentum",
  summary: "BatchNorm momentum is the moving-average decay (Keras): the port receives 1 - momentum",
  rules: [
    "every normalization node gets momentum 1 - m for torch's m (0.9 when torch's default 0.1 was left implicit)",
    "setattr momentum v becomes setattr momentum 1 - v",
    "momentum=None (cumulative average) or a non-number momentum: the case is unsupported",
  ],
  toPort(c) {
    const out = rewriteNormArg(c, "momentum", (given) => complement(given === undefined ? 0.1 : given));
    out.steps = clone(out.steps).map((s) => (s.op === "setattr" && s.name === "momentum" ? { ...s, value: complement(s.value) } : s));
    return out;
  },
};
