// The case arbitrary: a tree context, a tree, detached nodes, shares and a program, resolved into a schema Case.
// For a port that declares its capabilities, the same arbitrary over the leaf, container and step kinds it can run.
import fc from "fast-check";
import { canonicalCapabilities, type Capabilities, type Case } from "../case/index.ts";
import { kindsFor, LEAF_KINDS, leafDraftOf, treeContext } from "./leaves.ts";
import { programDraftOf, STEP_KINDS, stepDraftOf } from "./programs.ts";
import { type CaseDraft, resolveCase } from "./resolve.ts";
import { shareDrafts, type TreeDraft, treeDraftOf } from "./trees.ts";

function caseDraftOf(tree: fc.Arbitrary<TreeDraft>, steps: fc.Arbitrary<CaseDraft["steps"]>): fc.Arbitrary<CaseDraft> {
  return fc.record({
    ctx: treeContext,
    tree,
    detached: fc.oneof({ weight: 4, arbitrary: fc.constant<TreeDraft[]>([]) }, { weight: 1, arbitrary: fc.array(tree, { minLength: 1, maxLength: 2 }) }),
    shares: shareDrafts,
    steps,
  });
}

export const caseDraft: fc.Arbitrary<CaseDraft> = caseDraftOf(treeDraftOf(leafDraftOf(LEAF_KINDS)), programDraftOf(stepDraftOf(STEP_KINDS)));

/** Random valid cases (per validateCase). Their id is "generated": runners give each case its own id. */
export const caseArbitrary: fc.Arbitrary<Case> = caseDraft.map((d) => resolveCase(d));

const narrowed = new Map<string, fc.Arbitrary<Case>>();

/**
 * The case arbitrary over the leaf, container and step kinds that can make what `caps` declares (caseArbitrary itself
 * when nothing is declared). What a kind may still make outside the declaration (a Dropout3d of the feature-dropout
 * kind, a float64 input, a hook kind the port lacks) is left to the caller to skip (outsideCapabilities).
 */
export function caseArbitraryFor(caps: Capabilities | undefined): fc.Arbitrary<Case> {
  const c = canonicalCapabilities(caps);
  if (c.modules === undefined && c.ops === undefined) return caseArbitrary;
  const key = JSON.stringify([c.modules, c.ops]);
  const known = narrowed.get(key);
  if (known) return known;
  const leaves = kindsFor(LEAF_KINDS, c.modules);
  const steps = kindsFor(STEP_KINDS, c.ops);
  if (leaves.length === 0) throw new Error(`the port declares no module the generator makes (it makes ${LEAF_KINDS.flatMap((k) => k.types).join(", ")})`);
  if (steps.length === 0) throw new Error(`the port declares no step op the generator makes (it makes ${[...new Set(STEP_KINDS.flatMap((k) => k.types))].join(", ")})`);
  const arb = caseDraftOf(treeDraftOf(leafDraftOf(leaves), c.modules), programDraftOf(stepDraftOf(steps))).map((d) => resolveCase(d));
  narrowed.set(key, arb);
  return arb;
}
