// Ports that keep no num_batches_tracked counter (Keras): the counter is left out, and what needs it is unsupported.
import { Unsupported } from "../../adapters/third-party/unsupported.ts";
import { decodePy } from "../../case/pyvalue.ts";
import { dropFromSnapshot, dropNamed, named } from "./masks.ts";
import { mapSnapshots, mapValues, type Profile, rewriteNormArg } from "./profile.ts";

const counter = named(["num_batches_tracked"]);

export const noBatchCounter: Profile = {
  id: "no-batch-counter",
  summary: "the port keeps no num_batches_tracked counter",
  rules: [
    "num_batches_tracked is left out of buffers, state_dict keys and state_dict entries on both sides",
    "momentum=None (an average over the counted batches) makes the case unsupported",
  ],
  toPort(c) {
    rewriteNormArg(c, "momentum", (given) => {
      if (given === null) throw new Unsupported("momentum=None", "a cumulative average needs the batch counter");
      return undefined;
    });
    for (const s of c.steps) if (s.op === "setattr" && s.name === "momentum" && decodePy(s.value) === null) throw new Unsupported("momentum=None", "a cumulative average needs the batch counter");
    return c;
  },
  mask(r) {
    const out = mapSnapshots(r, (s) => dropFromSnapshot(s, counter));
    return mapValues(out, (v) => (v.entries ? { ...v, entries: dropNamed(v.entries, counter) } : v));
  },
};
