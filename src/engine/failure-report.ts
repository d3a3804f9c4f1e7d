// The text a failing live run prints: the shrunk case, what differed (beside what the original showed), how to replay
// it, and both reproducers.
import { type Case, numelOf } from "../case/index.ts";
import { pythonSnippet, typescriptSnippet } from "../conformance/snippets.ts";
import { counterexampleText } from "./counterexample-text.ts";
import { verdictMessage } from "./verdict-text.ts";
import { kindInWords } from "./failure-kind.ts";
import type { Judged } from "./judge-cases.ts";
import type { LiveFailure } from "./live.ts";

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

export function formatFailure(f: LiveFailure, portName: string): string {
  const { shrunk, original } = f;
  const difference = (j: Judged) => kindInWords(j.verdict, j.golden, f.kind);
  return [
    `The port (${portName}) differs from PyTorch (verdict on the shrunk case: ${shrunk.verdict.status}).`,
    counterexampleText({
      title: `first failing case ${original.case.id} of seed ${f.seed}`,
      kind: f.kind,
      original: { size: caseSize(original.case), difference: difference(original) },
      shrunk: { size: caseSize(shrunk.case), difference: difference(shrunk), steps: f.shrinks, tried: f.liveCalls, interrupted: f.interrupted },
      sameFailure: f.sameFailure,
      replay: `TC_SEED=${f.seed} TC_PATH=${f.path} npx vitest run test/judge/live.test.ts`,
      python: pythonSnippet(shrunk.case),
      typescript: typescriptSnippet(shrunk.case),
    }),
    "",
    `Verdict (shrunk case): ${verdictMessage(shrunk.verdict)}`,
    `Tags: ${shrunk.verdict.tags.join(" ")}`,
    "Shrunk case:",
    JSON.stringify(shrunk.case),
  ].join("\n");
}
