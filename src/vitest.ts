// `torch-conformance/vitest`: one call in a port author's test file replays the committed golden corpus (PyTorch's
// stored answers, no Python needed) on their adapter, one vitest test per fixture group:
//
//   import { describeConformance } from "torch-conformance/vitest";
//   import { port } from "../src/my-port-adapter.ts";
//   describeConformance(port);                                          // every case
//   describeConformance(port, { filter: (c) => Object.values(c.case.nodes).every((n) => n.type !== "RReLU") });
//
// A group's test fails with its first differing cases (id, fixture file and line, first differing field).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Adapter } from "./adapters/adapter.ts";
import type { PortAdapter } from "./adapters/third-party/unsupported.ts";
import { loadReplayCorpus } from "./fixtures/corpus.ts";
import { regressionsSource } from "./fixtures/regressions-source.ts";
import { bitExact, replay, type Comparator, type ReplayItem } from "./fixtures/replay.ts";
import type { CaseReport } from "./reports/model.ts";

export type { Comparator, ReplayItem };

export interface DescribeConformanceOptions {
  /** The describe block's name (default: "conformance of <adapter name>"). */
  name?: string;
  /** Fixtures directory (default: $TORCH_CONFORMANCE_FIXTURES, else the corpus shipped with this package). */
  fixtures?: string;
  /** Only the cases this keeps are replayed (e.g. those made of module types the port has; "unsupported" counts as a difference). */
  filter?: (item: ReplayItem) => boolean;
  /** How an outcome is judged against PyTorch's (default: bit for bit, every field). */
  compare?: Comparator;
  /** Failing cases listed in a failing test's message (default 10). */
  show?: number;
  /** Per-group timeout in ms (default 120,000). */
  timeout?: number;
}

function describeFailures(bad: CaseReport[], show: number): string {
  const lines = bad.slice(0, show).map((r) => `  ${r.id} (${r.source ?? "?"}): ${r.message ?? r.status}`);
  if (bad.length > show) lines.push(`  ... and ${bad.length - show} more`);
  return `${bad.length} case(s) differ from PyTorch:\n${lines.join("\n")}`;
}

/** Registers a describe block replaying the corpus on `adapter` (an adapter, or a function making one; closed afterwards). */
export function describeConformance(adapter: Adapter | PortAdapter | (() => Adapter | PortAdapter | Promise<Adapter | PortAdapter>), options: DescribeConformanceOptions = {}): void {
  const show = options.show ?? 10;
  const label = options.name ?? `conformance of ${typeof adapter === "function" ? "the port" : adapter.name}`;
  describe(label, async () => {
    const corpus = await loadReplayCorpus({ dir: options.fixtures, extra: [regressionsSource] });
    const items = options.filter ? corpus.items.filter(options.filter) : corpus.items;
    let port: Adapter | undefined;
    beforeAll(async () => {
      port = (typeof adapter === "function" ? await adapter() : adapter) as Adapter;
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
        const reports = await replay(mine, port!, options.compare ?? bitExact);
        const bad = reports.filter((r) => r.status !== "pass");
        if (bad.length > 0) expect.fail(describeFailures(bad, show));
      });
    }
    if (suites.length === 0) it.skip("no case left after the filter", () => {});
  });
}
