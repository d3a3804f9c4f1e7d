// `torch-conformance/vitest`: one call in a port author's test file replays the committed golden corpus (PyTorch's
// stored answers, no Python needed) on their adapter through the judge engine, one vitest test per fixture group:
//
//   import { describeConformance } from "torch-conformance/vitest";
//   import { port } from "../src/my-port-adapter.ts";
//   describeConformance(port);                                          // every case
//   describeConformance(port, { filter: (c) => Object.values(c.case.nodes).every((n) => n.type !== "RReLU") });
//
// A group's test fails with its first cases that are not a pass (id, fixture file and line, first difference).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Adapter } from "./adapters/adapter.ts";
import { BITS, type ComparePolicy } from "./conformance/policy.ts";
import { runEngine } from "./engine/run.ts";
import { firstDifference } from "./engine/failure-kind.ts";
import type { Verdict } from "./engine/verdict.ts";
import { type CorpusItem, loadReplayCorpus, regressionsSource } from "./corpus/corpus.ts";

export type { ComparePolicy, CorpusItem };

export interface DescribeConformanceOptions {
  /** The describe block's name (default: "conformance of <adapter name>"). */
  name?: string;
  /** Fixtures directory (default: $TORCH_CONFORMANCE_FIXTURES, else the corpus shipped with this package). */
  fixtures?: string;
  /** Only the cases this keeps are replayed (e.g. those made of module types the port has; "unsupported" is not a pass). */
  filter?: (item: CorpusItem) => boolean;
  /** How an outcome is compared with PyTorch's (default: bit for bit, every field; see resolvePolicy for tolerances). */
  policy?: ComparePolicy;
  /** Failing cases listed in a failing test's message (default 10). */
  show?: number;
  /** Per-group timeout in ms (default 120,000). */
  timeout?: number;
}

function describeFailures(bad: readonly Verdict[], show: number): string {
  const lines = bad.slice(0, show).map((v) => `  ${v.id} (${v.source ?? "?"}): ${firstDifference(v)}`);
  if (bad.length > show) lines.push(`  ... and ${bad.length - show} more`);
  return `${bad.length} case(s) differ from PyTorch:\n${lines.join("\n")}`;
}

/** Registers a describe block replaying the corpus on `adapter` (an adapter, or a function making one; closed afterwards). */
export function describeConformance(adapter: Adapter | (() => Adapter | Promise<Adapter>), options: DescribeConformanceOptions = {}): void {
  const show = options.show ?? 10;
  const label = options.name ?? `conformance of ${typeof adapter === "function" ? "the port" : adapter.name}`;
  const settings = { profiles: [], policy: options.policy ?? BITS };
  describe(label, async () => {
    const corpus = await loadReplayCorpus({ dir: options.fixtures, extra: [regressionsSource] });
    const items = options.filter ? corpus.items.filter(options.filter) : corpus.items;
    let port: Adapter | undefined;
    beforeAll(async () => {
      port = typeof adapter === "function" ? await adapter() : adapter;
    });
    afterAll(async () => {
      await port?.close();
    });
    if (corpus.problems.length > 0) {
      it("the corpus reads cleanly", () => {
        expect.fail(describeFailures(corpus.problems, show));
      });
    }
    const suites = [...new Set(items.map((i) => i.suite))];
    for (const suite of suites) {
      const mine = items.filter((i) => i.suite === suite);
      it(`${suite} (${mine.length} cases)`, { timeout: options.timeout ?? 120_000 }, async () => {
        const { verdicts } = await runEngine(mine, { port: port!, settings });
        const bad = verdicts.filter((v) => v.status !== "pass");
        if (bad.length > 0) expect.fail(describeFailures(bad, show));
      });
    }
    if (suites.length === 0) it.skip("no case left after the filter", () => {});
  });
}
