// "Unsupported": the third outcome a port under verification may give besides a Result or a rejection. A port
// that lacks a feature says so, and `verify` counts the case as unsupported instead of failed or crashed.
// (A proposal for src/adapters/adapter.ts: an `unsupported` Outcome variant and reject code.)
import type { Case } from "../../case/index.ts";
import type { Adapter, Outcome } from "../adapter.ts";

/** Thrown by a port (or a convention profile) for a feature it does not have. */
export class Unsupported extends Error {
  constructor(
    /** Short feature name, e.g. "BatchNorm2d", "float64", "momentum=None". */
    readonly feature: string,
    reason: string,
  ) {
    super(reason);
    this.name = "Unsupported";
  }
}

export type UnsupportedOutcome = { id: string; status: "unsupported"; feature: string; reason: string };
/** The case uses something outside the port's declared capabilities, so it was not run (engine/run.ts). */
export type NotApplicableOutcome = { id: string; status: "not-applicable"; feature: string; reason: string };
export type PortOutcome = Outcome | UnsupportedOutcome | NotApplicableOutcome;

/** What `verify` runs. Every Adapter is one (the built-in port and the oracle included); ports may also answer unsupported. */
export interface PortAdapter extends Omit<Adapter, "runCases"> {
  runCases(cases: readonly Case[]): Promise<PortOutcome[]>;
}

/**
 * Subprocess ports speak the schema's Response, whose reject codes have no "unsupported": by convention they
 * reject with code "internal" and a message "unsupported: <feature>: <reason>".
 */
const WIRE_UNSUPPORTED = /^unsupported: ([^:]{1,64}): ?([\s\S]*)$/;

export function fromWire(outcome: Outcome): PortOutcome {
  if (outcome.status !== "rejected" || outcome.code !== "internal") return outcome;
  const m = WIRE_UNSUPPORTED.exec(outcome.message);
  return m ? { id: outcome.id, status: "unsupported", feature: m[1]!, reason: m[2]! } : outcome;
}
