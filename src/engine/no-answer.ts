// Why a port gave no answer, as a status: the worker client (src/oracle) words the reason of every lost case, and
// these are its words for a batch that took too long, a worker that died, and a worker that wrote junk or answered
// out of order. Anything else (the client closed, the restart budget spent after other failures) is "lost".
import type { CaseStatus } from "./verdict.ts";

const RULES: [RegExp, CaseStatus][] = [
  [/^timeout after \d+ ms|last failure: timeout after \d+ ms/, "timed-out"],
  [/^protocol error|^worker killed after a protocol error|last failure: (worker killed after a )?protocol error/, "protocol-error"],
  [/^worker (exited with code|was killed by|could not be started)|last failure: worker (exited|was killed|could not)|^adapter .* failed on the batch/, "crashed"],
];

export function noAnswerStatus(reason: string): CaseStatus {
  for (const [re, status] of RULES) if (re.test(reason)) return status;
  return "lost";
}
