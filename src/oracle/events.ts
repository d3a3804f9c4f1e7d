// What a worker client reports while it runs: starts, deaths, restarts, lost cases, protocol errors.
import type { Handshake } from "../case/index.ts";

export type WorkerEvent =
  | { type: "started"; pid: number | undefined; handshake: Handshake }
  | { type: "died"; pid: number | undefined; reason: string; inFlight: number }
  | { type: "restarting"; restart: number; maxRestarts: number; reason: string }
  | { type: "restart-failed"; restart: number; reason: string }
  | { type: "lost"; ids: string[]; reason: string }
  | { type: "protocol-error"; pid: number | undefined; caseId: string; message: string }
  /** After each batch of a runCases() call: outcomes settled so far (answered, rejected or lost) of `total`. */
  | { type: "progress"; done: number; total: number };

/** One line for a log. */
export function formatWorkerEvent(e: WorkerEvent): string {
  switch (e.type) {
    case "started":
      return `worker ${e.pid} started (${e.handshake.implementation ?? "worker"}, torch ${e.handshake.torch}, ${e.handshake.cpuCapability}, ${e.handshake.threads} thread(s))`;
    case "died":
      return `worker ${e.pid} died with ${e.inFlight} case(s) in flight: ${e.reason}`;
    case "restarting":
      return `restarting the worker (${e.restart}/${e.maxRestarts}) after: ${e.reason}`;
    case "restart-failed":
      return `restart ${e.restart} failed: ${e.reason}`;
    case "lost":
      return `${e.ids.length} case(s) lost (${e.reason}): ${e.ids.slice(0, 10).join(", ")}${e.ids.length > 10 ? ", ..." : ""}`;
    case "protocol-error":
      return `worker ${e.pid}: ${e.message}`;
    case "progress":
      return `${e.done}/${e.total} cases done`;
  }
}
