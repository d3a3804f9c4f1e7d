// The text a failing live run prints: the shrunk case, what differed (beside what the original showed), how to replay
// it, and both reproducers.
import type { Case } from "../case/index.ts";
import { pythonSnippet, typescriptSnippet } from "../conformance/snippets.ts";
import { counterexampleText } from "./counterexample-text.ts";
import { verdictMessage } from "./verdict-text.ts";
import { kindInWords } from "./failure-kind.ts";
import type { Judged } from "./judge-cases.ts";
import type { LiveFailure } from "./live.ts";
import { caseSize } from "./case-size.ts";



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
