// Helpers for profiles that leave fields out of the comparison (identically on both sides).
import type { Snapshot, Tensor as WireTensor } from "../../case/index.ts";
import { MASKED } from "./profile.ts";

/** The tensor with its elements blanked: dtype and shape are still compared. */
export const blank = (t: WireTensor): WireTensor => ({ ...t, data: MASKED });

const lastName = (key: string) => key.slice(key.lastIndexOf(".") + 1);

export const named = (keys: readonly string[]) => (key: string) => keys.includes(lastName(key));

/** Blank the named tensors whose key matches. */
export function blankNamed(list: [string, WireTensor][], match: (key: string) => boolean): [string, WireTensor][] {
  return list.map(([k, t]) => [k, match(k) ? blank(t) : t]);
}

/** Drop the named tensors / keys whose key matches. */
export function dropNamed(list: [string, WireTensor][], match: (key: string) => boolean): [string, WireTensor][] {
  return list.filter(([k]) => !match(k));
}

export function dropFromSnapshot(s: Snapshot, match: (key: string) => boolean): Snapshot {
  return { ...s, parameters: dropNamed(s.parameters, match), buffers: dropNamed(s.buffers, match), stateDictKeys: s.stateDictKeys.filter((k) => !match(k)) };
}
