// The real oracle announces the reference configuration in its handshake, and describe()/name report it.
import { beforeAll, expect, it } from "vitest";
import type { WorkerClient } from "../../src/oracle/index.ts";
import { processExists, sharedOracle } from "./helpers.ts";

let oracle: WorkerClient;
beforeAll(async () => {
  oracle = await sharedOracle();
});

it("is torch 2.13.0 on CPU capability DEFAULT with one thread, protocol 1, schema 1", () => {
  const h = oracle.handshake;
  expect(h.torch?.startsWith("2.13.0")).toBe(true);
  expect(h.cpuCapability).toBe("DEFAULT");
  expect(h.threads).toBe(1);
  expect(h.protocol).toBe(1);
  expect(h.schema).toBe(1);
  expect(h.gitVersion).toMatch(/^[0-9a-f]{40}$/);
  expect(h.python).toMatch(/^3\.11\.\d+$/);
});

it("describes itself with the handshake and is named after it", async () => {
  expect(await oracle.describe()).toMatchObject({ torch: oracle.handshake.torch, implementation: oracle.handshake.implementation });
  expect(oracle.name).toBe(`torch ${oracle.handshake.torch}`);
  expect(typeof oracle.pid).toBe("number");
  expect(processExists(oracle.pid!)).toBe(true);
});
