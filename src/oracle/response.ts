// One answer line -> one Outcome. The worker answers in request order, so a line belongs to the oldest unanswered
// request; its id must say so too. Anything else is a protocol error: `outOfSync` when the stream can no longer be
// trusted (the client then kills the worker), otherwise only this case is affected.
import { validateResponse } from "../case/index.ts";
import type { Outcome } from "../adapters/adapter.ts";

export type Interpreted = { outcome: Outcome; protocolError?: string; outOfSync?: boolean };

export function interpretResponse(line: string, requestId: string, caseId: string): Interpreted {
  const fail = (message: string, outOfSync = false): Interpreted => {
    const reason = `protocol error: ${message}`;
    return { outcome: { id: caseId, status: "lost", reason }, protocolError: reason, outOfSync };
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return fail(`the answer to case "${caseId}" is not JSON: ${line.slice(0, 200)}`, true);
  }
  const id = typeof parsed === "object" && parsed !== null ? (parsed as { id?: unknown }).id : undefined;
  const unreadable = id === null && (parsed as { type?: unknown }).type === "rejected";
  if (id !== requestId && !unreadable) {
    return fail(`expected the answer to request ${JSON.stringify(requestId)} (case "${caseId}") but got one with id ${JSON.stringify(id)}`, true);
  }
  const valid = validateResponse(parsed);
  if (!valid.ok) {
    const issues = valid.issues.map((i) => `${i.where} ${i.message}`).join("; ");
    return fail(`the answer to case "${caseId}" does not match the schema: ${issues}`);
  }
  const response = valid.value;
  if (response.type === "rejected") {
    const { code, message, where } = response;
    return { outcome: { id: caseId, status: "rejected", code, message, where } };
  }
  if (response.type === "unsupported") return { outcome: { id: caseId, status: "unsupported", feature: response.feature, reason: response.reason } };
  if (response.result.id !== caseId) {
    return fail(`the result for case "${caseId}" carries the case id ${JSON.stringify(response.result.id)}`);
  }
  return { outcome: { id: caseId, status: "ok", result: response.result } };
}
