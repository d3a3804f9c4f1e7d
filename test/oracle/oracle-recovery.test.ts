// The real oracle dying or hanging mid-run: the unanswered cases are reported lost with the reason, the worker is
// replaced, and the remaining cases are answered by the new one with the answers a clean run gives. Takes seconds.
import { afterEach, expect, it } from "vitest";
import type { Case } from "../../src/case/index.ts";
import { wireTensor } from "../../src/case/index.ts";
import type { Outcome } from "../../src/adapters/adapter.ts";
import type { WorkerClient, WorkerEvent } from "../../src/oracle/index.ts";
import { identityCases, makeCase, processExists, startTestOracle } from "./helpers.ts";

const open: WorkerClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

/** Distinct small cases (each input differs), so an answer given to the wrong case would show. */
function distinctCases(count: number): Case[] {
  return Array.from({ length: count }, (_, i) =>
    makeCase(`k${i}`, { seq: { type: "Sequential", children: [["0", "bn"], ["1", "d"]] }, bn: { type: "BatchNorm1d", args: [3] }, d: { type: "Dropout", args: [0.5] } }, [
      { op: "forward", path: "", input: wireTensor("float32", [4, 3], Array.from({ length: 12 }, (_, k) => k - i / 3)) },
    ]),
  );
}

const statusRuns = (out: Outcome[]) => out.map((o) => o.status).join(",").replace(/(\w+)(,\1)*/g, "$1");

it("kill -9 mid-batch: lost cases are named, the worker restarts, later cases are answered correctly", async () => {
  let victim: number | undefined;
  const { oracle, events } = await startTestOracle({
    batchSize: 20,
    maxBatchesInFlight: 3,
    onEvent: (e) => {
      if (e.type === "progress" && victim === undefined) {
        victim = oracle.pid!;
        process.kill(victim, "SIGKILL");
      }
    },
  });
  open.push(oracle);
  const cases = distinctCases(200);
  const out = await oracle.runCases(cases);
  expect(victim).toBeDefined();
  // Answered, then the block that was in flight when it died, then answered by the new worker.
  expect(statusRuns(out)).toBe("ok,lost,ok");
  const lost = out.filter((o) => o.status === "lost");
  expect(lost.length).toBeGreaterThan(0);
  expect(lost.length).toBeLessThanOrEqual(60);
  for (const o of lost) expect(o.status === "lost" && o.reason).toContain("killed by SIGKILL");
  const named = events.flatMap((e: WorkerEvent) => (e.type === "lost" ? e.ids : []));
  expect(named).toEqual(lost.map((o) => o.id));
  expect(events.filter((e) => e.type === "restarting")).toHaveLength(1);
  expect(oracle.pid).not.toBe(victim);
  expect(processExists(victim!)).toBe(false);
  // Every answer, before and after the restart, is the one a clean run gives for that very case.
  const clean = await oracle.runCases(cases);
  expect(clean.every((o) => o.status === "ok")).toBe(true);
  out.forEach((o, i) => {
    if (o.status === "ok") expect(o).toEqual(clean[i]);
  });
});

it("a hung (SIGSTOPped) oracle times out: its batch is lost as a timeout, the rest is answered, no hang", async () => {
  const { oracle, events } = await startTestOracle({ batchSize: 5, maxBatchesInFlight: 1, batchTimeoutMs: 1_500 });
  open.push(oracle);
  const stopped = oracle.pid!;
  process.kill(stopped, "SIGSTOP");
  const started = Date.now();
  const out = await oracle.runCases(identityCases("h", 15));
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(out.map((o) => o.status)).toEqual([...Array(5).fill("lost"), ...Array(10).fill("ok")]);
  for (const o of out.slice(0, 5)) expect(o.status === "lost" && o.reason).toBe("timeout after 1500 ms");
  expect(events.some((e) => e.type === "restarting")).toBe(true);
  expect(processExists(stopped)).toBe(false);
});
