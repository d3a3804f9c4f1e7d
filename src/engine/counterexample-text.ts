// A counterexample as a person reads it on a terminal: what fails, the first difference of that kind in words
// (expected vs got, decimal and hex), how far it shrank and that it still fails the same way, the line that replays
// it, and the two short programs (PyTorch's side and the port's).
import type { CaseSize } from "./case-size.ts";
import { sizeText } from "./case-size.ts";

export interface CounterexampleView {
  title: string;
  kind: string;
  original: { size: CaseSize; difference: string };
  shrunk: { size: CaseSize; difference: string; steps: number; tried: number; interrupted: boolean };
  sameFailure: boolean;
  replay: string;
  /** The PyTorch script, or (with pythonFile, where the whole script is) its case-specific part. */
  python: string;
  pythonFile?: string;
  typescript?: string;
}

const indent = (text: string) => text.trimEnd().split("\n").map((l) => `    ${l}`);

export function counterexampleText(v: CounterexampleView): string {
  const s = v.shrunk;
  const shrinking = s.steps === 0 ? "not shrunk" : `shrunk in ${s.steps} steps (${s.tried} candidates judged${s.interrupted ? ", budget exhausted" : ""}) from ${sizeText(v.original.size)}`;
  return [
    `== ${v.title}`,
    `  fails as: ${v.kind}`,
    `  counterexample: ${sizeText(s.size)}; ${shrinking}; ${v.sameFailure ? "fails the same way as the original" : "DOES NOT fail the same way as the original"}`,
    "  first difference:",
    ...indent(s.difference),
    ...(s.steps > 0 && v.original.difference !== s.difference ? ["  the original case's:", ...indent(v.original.difference)] : []),
    `  replay: ${v.replay}`,
    v.pythonFile ? `  PyTorch (the case's part of the script; run the whole of it with: python3 ${v.pythonFile}):` : "  PyTorch (python3):",
    ...indent(v.python),
    ...(v.typescript ? ["  port (npx tsx, from the repository root):", ...indent(v.typescript)] : []),
  ].join("\n");
}
