// Cutting cases into request batches: one NDJSON line per case, at most maxCases lines and (past the first line)
// maxBytes characters per batch, so a run of huge tensors never piles up unbounded text in one write.
import type { Case } from "../case/index.ts";
import type { Outcome } from "../adapters/adapter.ts";

export interface BatchItem {
  index: number;
  requestId: string;
  caseId: string;
}

export interface PreparedBatch {
  /** Index after the last case taken. */
  end: number;
  lines: string[];
  items: BatchItem[];
}

export function caseIdOf(c: Case | undefined, index: number): string {
  return typeof c?.id === "string" ? c.id : `#${index}`;
}

/**
 * Serialises cases from `start` into a batch. A case that cannot be written as JSON gets its outcome right away
 * (rejected as bad_json, as the worker would say) and takes no line.
 */
export function prepareBatch(
  cases: readonly Case[],
  start: number,
  limits: { maxCases: number; maxBytes: number },
  newRequestId: () => string,
  outcomes: Outcome[],
): PreparedBatch {
  const lines: string[] = [];
  const items: BatchItem[] = [];
  let bytes = 0;
  let index = start;
  for (; index < cases.length && index - start < limits.maxCases && (lines.length === 0 || bytes < limits.maxBytes); index++) {
    const caseId = caseIdOf(cases[index], index);
    const requestId = newRequestId();
    let line: string;
    try {
      line = JSON.stringify({ type: "run", id: requestId, case: cases[index] });
    } catch (err) {
      outcomes[index] = { id: caseId, status: "rejected", code: "bad_json", message: `the case cannot be written as JSON: ${(err as Error).message}`, where: "/case" };
      continue;
    }
    lines.push(line);
    items.push({ index, requestId, caseId });
    bytes += line.length + 1;
  }
  return { end: index, lines, items };
}
