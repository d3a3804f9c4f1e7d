// Profiles for ports outside Python: exception texts and Python warnings, and object identity of immutable tensors.
import { clone, type Profile, withoutValueFields } from "./profile.ts";

export const errorPresence: Profile = {
  id: "error-presence",
  summary: "errors are compared by presence only: the port raises where PyTorch raises, in its own words",
  rules: ["every error (build and steps) becomes {type: \"Error\", message: \"(raised)\"} on both sides"],
  mask(r) {
    const out = clone(r);
    const raised = { type: "Error", message: "(raised)" };
    if (out.build.error !== null) out.build.error = raised;
    out.steps = out.steps.map((s) => (s.error === null ? s : { ...s, error: raised }));
    return out;
  },
};

export const noWarnings: Profile = {
  id: "no-warnings",
  summary: "Python warnings are not compared (the port's language has no warnings module)",
  rules: ["build and step warnings are emptied on both sides"],
  mask(r) {
    const out = clone(r);
    out.build.warnings = [];
    out.steps = out.steps.map((s) => ({ ...s, warnings: [] }));
    return out;
  },
};

export const immutableTensors: Profile = {
  id: "immutable-tensors",
  summary: "the port's tensors are immutable values: object identity and in-place changes do not apply",
  rules: ["forward values' sameObject and inputMutated are not compared"],
  mask: (r) => withoutValueFields(r, ["sameObject", "inputMutated"]),
};

export const noChaining: Profile = {
  id: "no-chaining",
  summary: "the port's train()/eval() return nothing (no chaining): what they return is not compared",
  rules: ["train and eval steps' returnsSelf is not compared"],
  mask: (r) => withoutValueFields(r, ["returnsSelf"]),
};
