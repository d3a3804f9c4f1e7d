// The text a failing live run prints: the shrunk case, what differed, how to replay it, and both reproducers.
import type { Case } from "../case/index.ts";
import { pythonSnippet, typescriptSnippet } from "../conformance/snippets.ts";
import { verdictMessage } from "./verdict-text.ts";
import type { LiveFailure } from "./live.ts";

/** Size of a case, for reports: nodes, steps, JSON bytes. */
export function caseSize(c: Case): { nodes: number; steps: number; bytes: number } {
  return { nodes: Object.keys(c.nodes).length, steps: c.steps.length, bytes: JSON.stringify(c).length };
}

const sizeText = (c: Case) => {
  const s = caseSize(c);
  return `${s.nodes} nodes, ${s.steps} steps, ${s.bytes} bytes of JSON`;
};

export function formatFailure(f: LiveFailure, portName: string): string {
  const { shrunk, original } = f;
  return [
    `The port (${portName}) differs from PyTorch.`,
    `First failing case: ${sizeText(original.case)}; shrunk in ${f.shrinks} steps (${f.liveCalls} cases run live, ${(f.shrinkMs / 1000).toFixed(1)} s) to ${sizeText(shrunk.case)}.`,
    `Replay: TC_SEED=${f.seed} TC_PATH=${f.path} npx vitest run test/judge/live.test.ts`,
    "",
    `Verdict (shrunk case): ${shrunk.verdict.status}`,
    verdictMessage(shrunk.verdict),
    "",
    `Tags: ${shrunk.verdict.tags.join(" ")}`,
    "",
    "Shrunk case:",
    JSON.stringify(shrunk.case),
    "",
    "---- PyTorch side (python3 repro.py) ----",
    pythonSnippet(shrunk.case),
    "---- port side (npx tsx repro.ts, from the repository root) ----",
    typescriptSnippet(shrunk.case),
  ].join("\n");
}
