// Generators of conformance cases, for the judge and for port authors' own property tests.
export { caseArbitrary, caseArbitraryFor, caseDraft } from "./case.ts";
export { LEAF_KINDS, kindsFor, leafDraft, leafDraftOf, type LeafKind, leafNode, normDraft, dropoutDraft, treeContext, type LeafDraft, type TreeContext } from "./leaves.ts";
export { TreeModel, leafNeeds, normParams, dropoutParams, type Needs } from "./model.ts";
export { inputDraft, programDraft, programDraftOf, STEP_KINDS, stepDraft, stepDraftOf, type InputDraft, type StepDraft } from "./programs.ts";
export { resolveCase, MAX_INPUT_ELEMENTS, MAX_LONG_INPUT_ELEMENTS, type CaseDraft } from "./resolve.ts";
export { resolveTensor, tensorSpec, NAN_BITS_F32, NAN_BITS_F64, SPECIAL_VALUES, type TensorSpec } from "./tensors.ts";
export { flattenTree, shareDrafts, treeDraft, treeDraftOf, MAX_DEPTH, MAX_NODES, MAX_WIDTH, type TreeDraft } from "./trees.ts";
export * as values from "./values.ts";
