// Module train()/eval() semantics, containers and the Dropout family: every case spec runs on real PyTorch
// (the oracle) and on the built-in port, and the two results must be identical on every field of the wire JSON
// (tensors travel as base64 of their bytes, so that is bit-exact).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Adapter, Outcome } from "../../src/adapters/adapter.ts";
import { builtinAdapter } from "../../src/adapters/builtin/index.ts";
import { moduleDropoutCases as cases } from "./cases/module-dropout.ts";
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

describe("module/dropout conformance: port vs PyTorch 2.13.0", () => {
  it("has at least 150 distinct edge cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it("the oracle answered every case, rejecting exactly the malformed ones", () => {
    expect(golden).toHaveLength(cases.length);
    const wrong = golden.filter((o, i) => o.status !== (cases[i]!.id.startsWith("reject/") ? "rejected" : "ok"));
    expect(wrong.map((o) => `${o.id}: ${o.status}${o.status === "rejected" ? ` ${o.code} ${o.message}` : ""}`)).toEqual([]);
  });

  it.each(cases.map((c, i) => [c.id, i] as const))("%s", (_id, i) => {
    const difference = firstDifference(golden[i], port[i]);
    expect(difference, `port differs from PyTorch at ${difference}`).toBeNull();
  });
});
