// The one place an implementation plugs in: real PyTorch (the oracle), the built-in port, another
// library's port, or any executable speaking the worker protocol all answer cases through this interface.
import type { RejectCode } from "../case/check.ts";
import type { Case, Handshake, Result } from "../case/index.ts";

export type { RejectCode };

/** What happened to one case. */
export type Outcome =
  | { id: string; status: "ok"; result: Result }
  /** The implementation refused the case as malformed (not a PyTorch error: those are inside a Result). */
  | { id: string; status: "rejected"; code: RejectCode; message: string; where: string }
  /** The port lacks a feature the case uses (a port under verification may say so; PyTorch never does). */
  | { id: string; status: "unsupported"; feature: string; reason: string }
  /** No answer: the worker crashed or timed out while the case was in flight. */
  | { id: string; status: "lost"; reason: string };

/** Whether an outcome says something about the case itself: not lost, and no timeout (which depends on the machine). */
export const isAnswer = (o: Outcome): boolean => o.status !== "lost" && !(o.status === "rejected" && o.code === "timeout");

export interface Adapter {
  /** Short name used in reports, e.g. "torch 2.13.0+cpu" or "builtin". */
  readonly name: string;
  /** Describes the implementation (for subprocess workers: the handshake). */
  describe(): Promise<Partial<Handshake> & { implementation: string }>;
  /** Runs the cases and returns one outcome per case, in order. Never rejects for a single bad case. */
  runCases(cases: readonly Case[]): Promise<Outcome[]>;
  close(): Promise<void>;
}
