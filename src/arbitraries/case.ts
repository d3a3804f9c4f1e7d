// The case arbitrary: a tree context, a tree, detached nodes, shares and a program, resolved into a schema Case.
import fc from "fast-check";
import type { Case } from "../case/index.ts";
import { treeContext } from "./leaves.ts";
import { programDraft } from "./programs.ts";
import { type CaseDraft, resolveCase } from "./resolve.ts";
import { shareDrafts, type TreeDraft, treeDraft } from "./trees.ts";

export const caseDraft: fc.Arbitrary<CaseDraft> = fc.record({
  ctx: treeContext,
  tree: treeDraft,
  detached: fc.oneof({ weight: 4, arbitrary: fc.constant<TreeDraft[]>([]) }, { weight: 1, arbitrary: fc.array(treeDraft, { minLength: 1, maxLength: 2 }) }),
  shares: shareDrafts,
  steps: programDraft,
});

/** Random valid cases (per validateCase). Their id is "generated": runners give each case its own id. */
export const caseArbitrary: fc.Arbitrary<Case> = caseDraft.map((d) => resolveCase(d));
