// The profiles `verify --profile` knows, and presets that bundle them.
import { biasedRunningVar } from "./biased-running-var.ts";
import { channelsLast } from "./channels-last.ts";
import { errorPresence, immutableTensors, noChaining, noWarnings } from "./diagnostics.ts";
import { dropoutProperty } from "./dropout-property.ts";
import { explicitEps } from "./explicit-eps.ts";
import { kerasMomentum } from "./keras-momentum.ts";
import { noBatchCounter } from "./no-batch-counter.ts";
import type { Profile } from "./profile.ts";

export type { Profile } from "./profile.ts";

export const PROFILES: readonly Profile[] = [kerasMomentum, explicitEps, channelsLast, biasedRunningVar, noBatchCounter, errorPresence, noWarnings, immutableTensors, noChaining, dropoutProperty];

export const PRESETS: Record<string, { summary: string; profiles: string[] }> = {
  keras: { summary: "Keras conventions (tfjs-layers)", profiles: ["keras-momentum", "explicit-eps", "channels-last", "biased-running-var", "no-batch-counter"] },
  "non-python": { summary: "a port outside Python: errors by presence, no warnings", profiles: ["error-presence", "no-warnings"] },
};

/** Profile ids and preset names -> profiles, in PROFILES order, each once. */
export function resolveProfiles(names: readonly string[]): Profile[] {
  const wanted = new Set<string>();
  for (const name of names) {
    const preset = PRESETS[name];
    if (preset) preset.profiles.forEach((p) => wanted.add(p));
    else if (PROFILES.some((p) => p.id === name)) wanted.add(name);
    else throw new Error(`unknown profile ${JSON.stringify(name)}; known: ${[...PROFILES.map((p) => p.id), ...Object.keys(PRESETS)].join(", ")}`);
  }
  return PROFILES.filter((p) => wanted.has(p.id));
}
