// Ports whose normalization layers default to another epsilon (Keras: 1e-3) get torch's default spelled out.
import type { Profile } from "./profile.ts";
import { rewriteNormArg } from "./profile.ts";

export const explicitEps: Profile = {
  id: "explicit-eps",
  summary: "the port's default eps differs from torch's 1e-5: the port always receives eps explicitly",
  rules: ["every normalization node constructed without eps gets eps=1e-5 (torch's default) as a keyword"],
  toPort: (c) => rewriteNormArg(c, "eps", (given) => (given === undefined ? 1e-5 : undefined)),
};
