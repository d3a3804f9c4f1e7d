// Ports say what they support: a handshake without torch fields names the port; declared capabilities narrow the
// generated cases (ids carry their signature and stay stable whatever --features selects), and corpus cases outside
// them are not applicable: counted, never run, never failed.
import { describe, expect, it } from "vitest";
import { builtinAdapter } from "../../src/adapters/builtin/index.ts";
import type { Adapter } from "../../src/adapters/adapter.ts";
import { type Capabilities, type Case, capabilitySignature, outsideCapabilities, validateHandshake } from "../../src/case/index.ts";
import { generateCases, parseGeneratedId } from "../../src/engine/generated.ts";
import { BIT_EXACT } from "../../src/engine/judge.ts";
import { runEngine } from "../../src/engine/run.ts";
import { countStatuses, runPassed } from "../../src/engine/verdict.ts";
import { loadReplayCorpus } from "../../src/corpus/corpus.ts";
import { checkHandshake, oracleExpectations, PROTOCOL_EXPECTATIONS } from "../../src/oracle/index.ts";
import { REFERENCE_TORCH } from "../../src/oracle/provision.ts";
import { totalsLine } from "../../src/engine/verdict-text.ts";

const CAPS: Capabilities = { modules: ["Sequential", "Dropout", "BatchNorm1d", "BatchNorm2d"], ops: ["manual_seed", "train", "eval", "forward", "state_dict"], dtypes: ["float32"] };

const declaring = (caps: Capabilities): Adapter => ({ ...builtinAdapter, name: "builtin, declaring", describe: async () => ({ ...(await builtinAdapter.describe()), capabilities: caps }) });

describe("the handshake", () => {
  const base = { type: "handshake", protocol: 1, schema: 1 };
  it("a port names implementation and version and needs no torch field; capabilities are optional", () => {
    expect(validateHandshake({ ...base, implementation: "mylib", version: "1.2" }).ok).toBe(true);
    expect(validateHandshake({ ...base, implementation: "mylib", version: "1.2", capabilities: CAPS }).ok).toBe(true);
    expect(checkHandshake(JSON.stringify({ ...base, implementation: "mylib", version: "1.2" }), PROTOCOL_EXPECTATIONS).implementation).toBe("mylib");
  });

  it("without implementation and version, the torch build is required; a wrong capability is named", () => {
    expect(validateHandshake({ ...base, implementation: "mylib" }).ok).toBe(false);
    const torch = { torch: "2.13.0+cpu", gitVersion: "x", cpuCapability: "DEFAULT", threads: 1, python: "3.11.7" };
    expect(validateHandshake({ ...base, ...torch }).ok).toBe(true);
    expect(() => checkHandshake(JSON.stringify({ ...base, implementation: "mylib", version: "1.2", capabilities: { modules: ["Linear"] } }), PROTOCOL_EXPECTATIONS)).toThrow(/capabilities\/modules\/0/);
  });

  it("the oracle must name its torch build", () => {
    expect(() => checkHandshake(JSON.stringify({ ...base, implementation: "pytorch", version: "2.13.0", torch: "2.13.0+cpu", cpuCapability: "DEFAULT", threads: 1 }), oracleExpectations(REFERENCE_TORCH.torch))).toThrow(/gitVersion: expected a torch build's value, got nothing/);
  });
});

describe("capabilities narrow generation", () => {
  it("every generated case stays inside them, under ids carrying their signature", () => {
    const cases = generateCases(1, 300, [], undefined, CAPS);
    expect(cases.map((g) => outsideCapabilities(g.case, CAPS)).filter((x) => x !== undefined)).toEqual([]);
    const sig = capabilitySignature(CAPS);
    expect(sig).toMatch(/^[0-9a-f]{8}$/);
    expect(cases.every((g) => g.case.id === `g1-${g.index}@${sig}`)).toBe(true);
    expect(parseGeneratedId(cases[0]!.case.id)).toEqual({ seed: 1, index: cases[0]!.index, signature: sig });
    // the same declaration in another order is the same signature
    expect(capabilitySignature({ dtypes: ["float32"], ops: [...CAPS.ops!].reverse(), modules: [...CAPS.modules!].reverse() })).toBe(sig);
  });

  it("an id names the same case whatever --features selects", () => {
    const all = new Map(generateCases(2, 200, [], undefined, CAPS).map((g) => [g.case.id, JSON.stringify(g.case)]));
    const bn = generateCases(2, 20, ["module.BatchNorm*"], undefined, CAPS);
    expect(bn.length).toBe(20);
    for (const g of bn) if (all.has(g.case.id)) expect(JSON.stringify(g.case)).toBe(all.get(g.case.id));
  });

  it("without a declaration, the stream and its ids are the unnarrowed ones", () => {
    expect(generateCases(3, 5).map((g) => g.case.id)).toEqual(["g3-0", "g3-1", "g3-2", "g3-3", "g3-4"]);
  });

  it("a declaration the generator cannot meet is named", () => {
    expect(() => generateCases(1, 5, [], undefined, { modules: ["Sequential"] })).toThrow(/declares no module the generator makes/);
  });
});

describe("replaying the corpus on a port that declares capabilities", () => {
  it("cases outside them are not applicable (counted, named in the summary), the rest judged; the run passes", async () => {
    const corpus = await loadReplayCorpus();
    const items = corpus.items.slice(0, 300);
    const run = await runEngine(items, { port: declaring(CAPS), settings: BIT_EXACT });
    const counts = countStatuses(run.verdicts);
    const outside = items.filter((i) => outsideCapabilities(i.case as Case, CAPS) !== undefined).length;
    expect(counts["not-applicable"]).toBe(outside);
    expect(counts.pass).toBe(items.length - outside);
    expect(outside).toBeGreaterThan(0);
    expect(run.verdicts.find((v) => v.status === "not-applicable")?.reason).toMatch(/^the port declares no (module|op|dtype) /);
    expect(runPassed(run.verdicts)).toBe(true);
    expect(totalsLine(counts)).toMatch(/\d+ not applicable \(outside the port's declared capabilities\)/);
  });
});
