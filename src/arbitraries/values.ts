// Python values for constructor arguments, attribute writes and train(mode): the valid ones PyTorch users pass
// and the odd ones that exercise PyTorch's checks (or its lack of them). Every value is wire-encoded (PyValue).
import fc from "fast-check";
import { encodePy, type Py, type PyValue, type SetAttrStep } from "../case/index.ts";

const py = (...values: Py[]): PyValue[] => values.map(encodePy);
const pick = (values: PyValue[]) => fc.constantFrom(...values);

/** A Python float (not int) on the wire, whatever its value: 1 -> {"$float": 1}. */
export const pyFloat = (x: number): PyValue => encodePy(x);
/** A Python int on the wire. */
export const pyInt = (x: number): PyValue => encodePy(BigInt(x));

/** Dropout p: usual values, the edges 0 and 1 (float and int), tiny and near-1 p, and invalid ones. */
export const dropoutP = fc.oneof(
  { weight: 6, arbitrary: pick(py(0.5, 0.2, 0.1, 0.3, 0.75)) },
  { weight: 3, arbitrary: pick(py(0, 1, 0n, 1n)) },
  { weight: 2, arbitrary: pick(py(1e-7, 1e-3, 0.999, 1 - 1e-7)) },
  { weight: 1, arbitrary: pick(py(-0.1, 1.5, NaN, Infinity, -0, true, null)) },
);

/** BatchNorm eps: the default, larger ones, and the invalid 0 and negatives (checked only at forward). */
export const bnEps = fc.oneof(
  { weight: 6, arbitrary: pick(py(1e-5, 1e-3, 0.1, 1)) },
  { weight: 1, arbitrary: pick(py(0, -1e-5, -1, 0n, 1n, NaN)) },
);

/** BatchNorm momentum: the default, None (cumulative average), 0, 1, negative and > 1 (PyTorch checks none). */
export const bnMomentum = fc.oneof(
  { weight: 5, arbitrary: pick(py(0.1, 0.3, 0.5)) },
  { weight: 4, arbitrary: pick(py(null)) },
  { weight: 3, arbitrary: pick(py(0, 1, 0n, 1n)) },
  { weight: 1, arbitrary: pick(py(-0.5, 1.5, 0.9999)) },
);

/** The mode of train(mode): mostly bools, sometimes the non-bools PyTorch rejects. */
export const trainMode = fc.oneof(
  { weight: 8, arbitrary: fc.boolean().map((b): PyValue => b) },
  { weight: 1, arbitrary: pick(py(1n, 0n, null, "True", 1, 0)) },
);

/** A value written to `training` directly (no check in PyTorch): bools and non-bools. */
export const trainingWrite = fc.oneof(
  { weight: 4, arbitrary: fc.boolean().map((b): PyValue => b) },
  { weight: 1, arbitrary: pick(py(1n, 0n, null, "no", 0.5)) },
);

/** The parameter and buffer slots setattr may write. */
export const SLOT_NAMES = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"] as const;
export type SlotName = (typeof SLOT_NAMES)[number];
export const isSlot = (name: string): name is SlotName => (SLOT_NAMES as readonly string[]).includes(name);
/** A parameter or buffer slot takes only None (Module.__setattr__); now and then something else, a TypeError. */
const slotWrite: fc.Arbitrary<PyValue> = fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: pick(py(0.5, 1n)) });

/** Values written by setattr, by attribute name. */
export const setattrValues = {
  training: trainingWrite,
  track_running_stats: fc.oneof({ weight: 5, arbitrary: fc.boolean().map((b): PyValue => b) }, { weight: 1, arbitrary: pick(py(0n, 1n, null)) }),
  momentum: bnMomentum,
  p: dropoutP,
  eps: bnEps,
  inplace: fc.boolean().map((b): PyValue => b),
  lower: pick(py(0.125, 0.25, 1 / 3)),
  upper: pick(py(0.125, 1 / 3, 0.5)),
  ...Object.fromEntries(SLOT_NAMES.map((slot) => [slot, slotWrite])),
} as Record<SetAttrStep["name"], fc.Arbitrary<PyValue>>;

export type SetattrName = keyof typeof setattrValues;

/** Seeds for manual_seed: small, large (only the low 32 bits seed MT19937) and the largest allowed. */
export const seed = fc.constantFrom(0, 1, 42, 2 ** 32 + 7, 2 ** 53 - 1);
