// The oracle protects itself: an address-space cap it puts on itself turns an allocation PyTorch cannot make into a
// "limit" rejection of that case, and a time limit per case turns a slow case into a "timeout" rejection; either
// way the same worker answers the next case normally. Both are set low here through their environment overrides.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Case } from "../../src/case/index.ts";
import { identityCases, makeCase, startTestOracle } from "./helpers.ts";

const norms = (count: number, features: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`b${i}`, { type: "BatchNorm1d" as const, args: [features], dtype: "float64" as const }]));
const sequential = (count: number) => ({ type: "Sequential" as const, children: Array.from({ length: count }, (_, i): [string, string] => [`${i}`, `b${i}`]) });

/** The worker's virtual memory size in MiB (Linux /proc). */
const vmSizeMiB = (pid: number) => Number(/VmSize:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

describe.skipIf(process.platform !== "linux")("the oracle's memory cap (TORCH_CONFORMANCE_ORACLE_MEMORY_MB; Linux, where /proc tells the worker's size)", () => {
  it("an allocation past the cap is the case's limit rejection, at the place it happened; the next case runs", async () => {
    // The cap leaves 24 MiB above what a worker that has answered a case uses; the hostile case asks for 32 MiB of
    // tensors at build time (4 BatchNorm1d of 262144 float64 features: inside every request limit).
    const probe = (await startTestOracle()).oracle;
    await probe.runCases(identityCases("warm", 1));
    const cap = Math.ceil(vmSizeMiB(probe.pid!)) + 24;
    await probe.close();
    const { oracle } = await startTestOracle({ env: { TORCH_CONFORMANCE_ORACLE_MEMORY_MB: String(cap) } });
    try {
      await oracle.runCases(identityCases("warm", 1));
      const pid = oracle.pid;
      const hostile = makeCase("hostile", { s: sequential(4), ...norms(4, 262144) }, [{ op: "eval", path: "" }]);
      const out = await oracle.runCases([hostile, ...identityCases("next", 1)]);
      expect(out[0]).toMatchObject({ status: "rejected", code: "limit", where: "/case/nodes" });
      if (out[0]?.status === "rejected") expect(out[0].message).toContain(`over the limit: memory (the worker's ${cap} MiB of address space)`);
      expect(out[1]?.status).toBe("ok");
      expect(oracle.pid).toBe(pid);
    } finally {
      await oracle.close();
    }
  });
});

describe("the oracle's time limit per case (TORCH_CONFORMANCE_CASE_SECONDS)", () => {
  it("a case past the limit is a timeout rejection naming the step it was in; the next case runs", async () => {
    // 256 train() steps over 32 BatchNorm1d(100), each recording a snapshot: seconds of work, inside every request limit
    const slow: Case = makeCase("slow", { s: sequential(32), ...norms(32, 100) }, Array.from({ length: 256 }, () => ({ op: "train" as const, path: "" })));
    const { oracle } = await startTestOracle({ env: { TORCH_CONFORMANCE_CASE_SECONDS: "0.2" } });
    try {
      const pid = oracle.pid;
      const started = Date.now();
      const out = await oracle.runCases([slow, ...identityCases("next", 1)]);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(out[0]).toMatchObject({ status: "rejected", code: "timeout", message: "the case ran longer than the time limit of 0.2 s" });
      if (out[0]?.status === "rejected") expect(out[0].where).toMatch(/^\/case\/steps\/\d+$/);
      expect(out[1]?.status).toBe("ok");
      expect(oracle.pid).toBe(pid);
    } finally {
      await oracle.close();
    }
  });

  it("a setting that is no number stops the worker before its handshake, naming the variable", async () => {
    await expect(startTestOracle({ env: { TORCH_CONFORMANCE_CASE_SECONDS: "soon" } })).rejects.toThrow("TORCH_CONFORMANCE_CASE_SECONDS='soon' is not a number");
  });
});
