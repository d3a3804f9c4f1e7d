// The feature tags a verification tallies: the judge's tags (src/conformance/tags.ts: edge values, modes, errors
// met) plus what the case is made of: every module type (module.<Type>) and every step op (op.<op>).
import type { Case, Result } from "../case/index.ts";
import { caseTagSet } from "../conformance/tags.ts";
import { globRegExp } from "./glob.ts";

function addStructureTags(c: Case, tags: Set<string>): void {
  for (const node of Object.values(c.nodes)) tags.add(`module.${node.type}`);
  for (const step of c.steps) tags.add(`op.${step.op}`);
}

/** The feature tags of a case whose judge's tags (caseTags) are known: those and its structure tags, sorted. */
export function withStructureTags(c: Case, judgeTags: Iterable<string>): string[] {
  const tags = new Set(judgeTags);
  addStructureTags(c, tags);
  return [...tags].sort();
}

export function featureTags(c: Case, golden?: Result): string[] {
  const tags = caseTagSet(c, golden);
  addStructureTags(c, tags);
  return [...tags].sort();
}

/**
 * --features: each option value is a comma-separated list of tag globs, any of which may match (OR); several
 * options must all match (AND); a value starting with "!" excludes cases carrying any of its globs.
 * E.g. --features 'module.BatchNorm*,module.Dropout' --features tree.leaf-root --features '!module.Lazy*'.
 */
export class FeatureSelection {
  private readonly groups: { negate: boolean; globs: RegExp[] }[];

  constructor(readonly spec: readonly string[]) {
    this.groups = spec.map((s) => {
      const negate = s.startsWith("!");
      return { negate, globs: (negate ? s.slice(1) : s).split(",").map((g) => g.trim()).filter((g) => g !== "").map(globRegExp) };
    });
  }

  get empty(): boolean {
    return this.groups.length === 0;
  }

  matches(tags: readonly string[]): boolean {
    return this.groups.every(({ negate, globs }) => negate !== globs.some((re) => tags.some((t) => re.test(t))));
  }
}
