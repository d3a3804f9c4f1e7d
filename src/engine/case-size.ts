// How big a case is, in the units a reader of a counterexample weighs: nodes, steps, tensor elements (and JSON bytes).
import { type Case, numelOf } from "../case/index.ts";

export interface CaseSize {
  nodes: number;
  steps: number;
  /** Elements of the tensors the steps carry (forward inputs, load_state_dict entries). */
  elements: number;
  bytes: number;
}

/** Size of a case, for reports: nodes, steps, tensor elements, JSON bytes. */
export function caseSize(c: Case): CaseSize {
  const elements = c.steps.reduce((n, s) => n + (s.op === "forward" ? numelOf(s.input.shape) : s.op === "load_state_dict" ? (s.put ?? []).reduce((k, [, t]) => k + numelOf(t.shape), 0) : 0), 0);
  return { nodes: Object.keys(c.nodes).length, steps: c.steps.length, elements, bytes: JSON.stringify(c).length };
}

export const sizeText = (s: CaseSize): string => `${s.nodes} nodes, ${s.steps} steps, ${s.elements} tensor elements`;
