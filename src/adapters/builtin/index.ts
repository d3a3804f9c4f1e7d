// The built-in TypeScript port as an Adapter: the judge and any tool run the port only through this.
import { setImmediate } from "node:timers/promises";
import type { Case } from "../../case/index.ts";
import { LimitExceeded, PINS, REFERENCE_TORCH_VERSION } from "../../case/index.ts";
import "../../nn/index.ts"; // registers every module family
import { moduleFactory } from "../../nn/registry.ts";
import type { Adapter, Outcome } from "../adapter.ts";
import type { FactoryLookup } from "./build.ts";
import { checkCase, Rejected } from "../../case/check.ts";
import { runChecked } from "./run.ts";

const idOf = (c: unknown) => (c !== null && typeof c === "object" && typeof (c as { id?: unknown }).id === "string" ? (c as { id: string }).id : "");

/**
 * Runs one case on the port, synchronously. Never throws: port defects become "internal" rejections, and what is no
 * case at all (null, undefined, a number) a "schema_violation" at "/case", as the oracle words it.
 */
export function runCase(kase: Case, factories: FactoryLookup = moduleFactory): Extract<Outcome, { status: "ok" | "rejected" }> {
  const id = idOf(kase);
  try {
    return { id, status: "ok", result: runChecked(checkCase(kase), factories) };
  } catch (e) {
    if (e instanceof Rejected) return { id, status: "rejected", code: e.code, message: e.message, where: e.where };
    if (e instanceof LimitExceeded) return { id, status: "rejected", code: "limit", message: e.breach.message, where: e.breach.where };
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { id, status: "rejected", code: "internal", message: `port error: ${message}`.slice(0, 500), where: "" };
  }
}

/** What the built-in port says of itself: the protocol and schema it speaks, the configuration it emulates. */
export const BUILTIN_DESCRIPTION = { implementation: "torch-conformance built-in TypeScript port", protocol: 1, schema: 1, torch: `${REFERENCE_TORCH_VERSION} (emulated)`, ...PINS } as const;

/**
 * The port runs in the judge's own thread: a batch run in one go would leave the oracle's answers unread meanwhile,
 * and an oracle whose pipe is full stops working. So a batch gives the event loop a turn every few milliseconds.
 */
const YIELD_AFTER_MS = 2;

/** The built-in port finding module factories with `factories` (overrides.ts plants bugs this way). */
export const builtinAdapterWith = (factories: FactoryLookup): Adapter => ({
  name: "builtin",
  async describe() {
    return { ...BUILTIN_DESCRIPTION };
  },
  async runCases(cases: readonly Case[]) {
    const out: Outcome[] = [];
    let since = performance.now();
    for (const c of cases) {
      out.push(runCase(c, factories));
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent: when the batch gives the event loop a turn changes how long answers wait in the oracle's pipe, never an outcome or its order
      if (performance.now() - since < YIELD_AFTER_MS) continue;
      await setImmediate();
      since = performance.now();
    }
    return out;
  },
  async close() {},
});

export const builtinAdapter: Adapter = builtinAdapterWith(moduleFactory);
