// InstanceNorm1d/2d/3d, the Lazy norms and RReLU: every case spec runs on real PyTorch (the oracle) and on the built-in port, and the two
// results must be identical on every field of the wire JSON (tensors travel as base64 of their bytes, so that
// is bit-exact: outputs, running stats, counters, NaN payloads, -0).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Adapter, Outcome } from "../../src/adapters/adapter.ts";
import { builtinAdapter } from "../../src/adapters/builtin/index.ts";
import { instanceLazyRreluCases as cases } from "./cases/instancenorm-lazy-rrelu.ts";
import { startOracle } from "./oracle.ts";
import { firstDifference } from "./wire-diff.ts";

let oracle: Adapter | undefined;
let golden: Outcome[] = [];
let port: Outcome[] = [];

beforeAll(async () => {
  oracle = await startOracle();
  golden = await oracle.runCases(cases);
  port = await builtinAdapter.runCases(cases);
}, 300_000);

afterAll(async () => {
  await oracle?.close();
});

describe("instancenorm, lazy norms, rrelu conformance: port vs PyTorch 2.13.0", () => {
  it("has at least 100 distinct edge cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it("the oracle ran every case", () => {
    expect(golden.filter((o) => o.status !== "ok").map((o) => o.id)).toEqual([]);
  });

  it("the cases exercise the forward: most produce outputs, and errors are not the whole story", () => {
    const steps = golden.flatMap((o) => (o.status === "ok" ? o.result.steps : []));
    expect(steps.filter((s) => s.value?.output !== undefined).length).toBeGreaterThanOrEqual(300);
  });

  it.each(cases.map((c, i) => [c.id, i] as const))("%s", (_id, i) => {
    const difference = firstDifference(golden[i], port[i]);
    expect(difference, `port differs from PyTorch at ${difference}`).toBeNull();
  });
});
