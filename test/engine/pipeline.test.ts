// How the engine keeps the oracle busy: it is asked a batch's worth of cases ahead of the port, in small batches,
// from a stream read only as far as the run has come; a run that may stop at each batch asks nothing ahead and reads
// nothing past the batch it stops at. None of it changes a verdict. The "oracle" here answers with the committed
// corpus's stored goldens (PyTorch's answers) and asks the real oracle for exact twins, and logs what it was asked and
// when.
import { beforeAll, describe, expect, it } from "vitest";
import type { Adapter, Outcome } from "../../src/adapters/adapter.ts";
import { builtinAdapter } from "../../src/adapters/builtin/index.ts";
import { overriddenBuiltinAdapter } from "../../src/adapters/builtin/overrides.ts";
import type { Case } from "../../src/case/index.ts";
import { type CorpusItem, loadReplayCorpus } from "../../src/corpus/corpus.ts";
import { BIT_EXACT } from "../../src/engine/judge.ts";
import { fails } from "../../src/engine/live.ts";
import { type EngineItem, ORACLE_BATCH, runEngine } from "../../src/engine/run.ts";
import { BUG_CATALOGUE } from "../../support/bugs/catalogue.ts";
import { sharedOracle } from "../oracle/helpers.ts";

let stored: CorpusItem[];
beforeAll(async () => {
  stored = (await loadReplayCorpus()).items.filter((i) => i.suite !== "regressions" && i.golden.status === "ok").slice(0, 400);
});

type Event = { side: "oracle" | "port"; ids: string[]; pulled: number };

/** Stored goldens as an oracle (exact twins answered by real PyTorch): the cases it was asked, after `delayMs`. */
function storedOracle(log: Event[], pulled: () => number, delayMs = 0): Adapter {
  const golden = new Map(stored.map((i) => [i.case.id, i.golden]));
  return {
    name: "stored goldens",
    describe: async () => ({ implementation: "stored goldens" }),
    close: async () => {},
    async runCases(cases: readonly Case[]) {
      log.push({ side: "oracle", ids: cases.map((c) => c.id), pulled: pulled() });
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const twins = cases.filter((c) => c.id.endsWith("~exact"));
      const exact = new Map((twins.length > 0 ? await (await sharedOracle()).runCases(twins) : []).map((o) => [o.id, o]));
      return cases.map((c): Outcome => golden.get(c.id) ?? exact.get(c.id) ?? { id: c.id, status: "lost", reason: "not stored" });
    },
  };
}

const logged = (port: Adapter, log: Event[], pulled: () => number): Adapter => ({
  ...port,
  runCases: (cases) => {
    log.push({ side: "port", ids: cases.map((c) => c.id), pulled: pulled() });
    return port.runCases(cases);
  },
});

/** The stored items without their goldens, as a stream that counts what was read of it. */
function stream(items: readonly CorpusItem[]): { total: number; items: Iterable<EngineItem>; pulled: () => number } {
  let pulled = 0;
  function* gen() {
    for (const { case: c, suite } of items) {
      pulled++;
      yield { case: c, suite };
    }
  }
  return { total: items.length, items: gen(), pulled: () => pulled };
}

/** The items as a list, without their goldens (asked of the oracle) or tags (computed from the case and the answer). */
const withoutGoldens = (items: readonly CorpusItem[]): EngineItem[] => items.map(({ case: c, suite }) => ({ case: c, suite }));

describe("the engine's pipeline", () => {
  it("keeps the oracle a batch's worth of cases ahead of the port, in small batches, reading the stream as it goes", async () => {
    const log: Event[] = [];
    const s = stream(stored);
    const batchSize = 120;
    const run = await runEngine(s, { port: logged(builtinAdapter, log, s.pulled), oracle: storedOracle(log, s.pulled), settings: BIT_EXACT, batchSize });
    const asked = log.filter((e) => e.side === "oracle");
    expect(asked.flatMap((e) => e.ids)).toEqual(stored.map((i) => i.case.id));
    expect(Math.max(...asked.map((e) => e.ids.length))).toBe(ORACLE_BATCH);
    let askedSoFar = 0;
    let portedSoFar = 0;
    for (const e of log) {
      if (e.side === "oracle") askedSoFar += e.ids.length;
      else {
        portedSoFar += e.ids.length;
        // when the port starts on a batch, the oracle has that batch and batchSize cases beyond it, and less than a batch more
        expect(askedSoFar).toBeGreaterThanOrEqual(Math.min(stored.length, portedSoFar + batchSize));
        expect(askedSoFar).toBeLessThan(portedSoFar + batchSize + ORACLE_BATCH);
        expect(e.pulled).toBe(askedSoFar);
      }
    }
    expect(run.verdicts).toEqual((await runEngine(withoutGoldens(stored), { port: builtinAdapter, oracle: storedOracle([], () => 0), settings: BIT_EXACT, batchSize: stored.length })).verdicts);
  });

  it("a run that may stop asks nothing ahead and reads nothing past the batch it stops at", async () => {
    const bug = BUG_CATALOGUE.find((b) => b.id === "bn-inverted-momentum")!;
    const port = overriddenBuiltinAdapter(bug.id, bug.overrides);
    const firstFailing = (await runEngine(stored, { port, settings: BIT_EXACT })).verdicts.findIndex(fails);
    expect(firstFailing).toBeGreaterThan(0);
    const batchSize = 10;
    const log: Event[] = [];
    const s = stream(stored);
    const run = await runEngine(s, { port: logged(port, log, s.pulled), oracle: storedOracle(log, s.pulled), settings: BIT_EXACT, batchSize, stopWhen: fails });
    const end = (Math.floor(firstFailing / batchSize) + 1) * batchSize;
    expect(run.verdicts).toHaveLength(end);
    expect(s.pulled()).toBe(end);
    // batch by batch: the oracle is asked for one batch, the port runs it (exact twins are asked after the port)
    const batches = log.filter((e) => !e.ids.some((id) => id.endsWith("~exact")));
    for (let k = 0; k < end / batchSize; k++) {
      const ids = stored.slice(k * batchSize, (k + 1) * batchSize).map((i) => i.case.id);
      expect(batches[2 * k]).toEqual({ side: "oracle", ids, pulled: (k + 1) * batchSize });
      expect(batches[2 * k + 1]).toEqual({ side: "port", ids, pulled: (k + 1) * batchSize });
    }
  });

  it("verdicts stay in order, and the same, while exact twins answered late hold batches back", async () => {
    // the planted bug differs in floats, so failing batches ask for exact twins, answered after later batches
    const bug = BUG_CATALOGUE.find((b) => b.id === "bn-inverted-momentum")!;
    const port = overriddenBuiltinAdapter(bug.id, bug.overrides);
    const log: Event[] = [];
    const slow = storedOracle(log, () => 0, 5);
    const run = await runEngine(stream(stored), { port, oracle: slow, settings: BIT_EXACT, batchSize: 4 });
    expect(log.some((e) => e.ids.some((id) => id.endsWith("~exact")))).toBe(true);
    const whole = await runEngine(withoutGoldens(stored), { port, oracle: slow, settings: BIT_EXACT, batchSize: stored.length });
    expect(run.verdicts.filter(fails).length).toBeGreaterThan(0);
    // the twins' answers reached the cases they belong to: a side is named closer to the exact value
    expect(run.verdicts.some((v) => v.differences.some((d) => d.closer !== undefined))).toBe(true);
    expect(run.verdicts).toEqual(whole.verdicts);
  });
});
