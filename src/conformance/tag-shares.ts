// Reach: every required feature tag must be carried by a minimum share of a CI-sized live run (1% of its cases),
// so a feature is exercised often enough for its bugs to be met in many programs, not once by luck. A few tags need
// a combination of independent draws and are rare by nature; each has its own stated minimum and the reason.
import { REQUIRED_TAGS } from "./tags.ts";

export const MIN_SHARE = 0.01;

/** Required tags allowed below MIN_SHARE: the share they must still reach, and why they are rarer. */
export const RARE_TAGS: Readonly<Record<string, { share: number; why: string }>> = {
  "error.eps": { share: 0.005, why: "a forward that raises because of a non-positive eps needs the eps draw and a training forward reaching that module" },
  "hook.same-module-twice": { share: 0.002, why: "a hook on a module that sits twice in the tree needs a shared node, a hook on it and a forward through both places" },
};

export interface ShortTag {
  tag: string;
  cases: number;
  share: number;
  minimum: number;
}

/** Required tags below their minimum share of `total` cases (a tag never seen included), in REQUIRED_TAGS order. */
export function shortTags(counts: ReadonlyMap<string, number>, total: number, required: readonly string[] = REQUIRED_TAGS): ShortTag[] {
  return required.flatMap((tag) => {
    const cases = counts.get(tag) ?? 0;
    const share = cases / Math.max(1, total);
    const minimum = RARE_TAGS[tag]?.share ?? MIN_SHARE;
    return share < minimum ? [{ tag, cases, share, minimum }] : [];
  });
}
