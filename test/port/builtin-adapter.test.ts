// The built-in port as an Adapter (src/adapters/builtin/index.ts): the outcome's id, port defects as "internal"
// rejections, and the adapter object the judge and the CLI use. The conformance files compare its results with
// PyTorch's; this checks the envelope around them, which is the port's own.
import { describe, expect, it } from "vitest";
import { builtinAdapter, runCase } from "../../src/adapters/builtin/index.ts";
import { type FactoryOverride, overriddenBuiltinAdapter } from "../../src/adapters/builtin/overrides.ts";
import type { Case } from "../../src/case/index.ts";
import { Identity } from "../../src/nn/containers.ts";

const identity: Case = { schema: 1, id: "identity", nodes: { m: { type: "Identity" } }, root: "m", steps: [{ op: "eval", path: "" }] };

describe("runCase", () => {
  // A JavaScript caller can pass what JSON never holds; the answer is still a rejection, never a throw.
  it("given null or undefined, rejects the whole case as a schema violation instead of throwing", () => {
    for (const missing of [null, undefined]) expect(runCase(missing as never)).toEqual({ id: "", status: "rejected", code: "schema_violation", message: "must be object", where: "/case" });
  });
  it("answers with the case's id, or an empty one where the request has none", () => {
    expect(runCase(identity)).toMatchObject({ id: "identity", status: "ok" });
    for (const bad of [5, { id: 5 }, { schema: 1 }]) expect(runCase(bad as never)).toMatchObject({ id: "", status: "rejected", code: "schema_violation" });
    expect(runCase({ id: "named" } as never)).toMatchObject({ id: "named", status: "rejected", code: "schema_violation" });
  });
  it("what PyTorch accepts but the port does not model is an internal rejection naming the port's error, not a result", () => {
    const cuda: Case = { ...identity, id: "cuda", nodes: { m: { type: "BatchNorm1d", args: [3], kwargs: { device: "cuda" } } } };
    expect(runCase(cuda)).toEqual({ id: "cuda", status: "rejected", code: "internal", where: "", message: 'port error: PortLimitation: the port runs on the CPU only, got device="cuda"' });
  });
  it("a module type the factories lack is an internal rejection naming it", () => {
    expect(runCase(identity, () => undefined)).toEqual({ id: "identity", status: "rejected", code: "internal", where: "", message: "port error: Error: the built-in port has no module type Identity" });
  });
  it("a module class that lists a method it does not define is an internal rejection naming both", () => {
    class Unfinished extends Identity {
      static override pyAttrs = [...Identity.pyAttrs, "reset_parameters"];
    }
    const reset: Case = { ...identity, steps: [{ op: "reset_parameters", path: "" }] };
    expect(runCase(reset, () => ({ pyPath: "torch.nn.Identity", create: () => new Unfinished() }))).toEqual({
      id: "identity",
      status: "rejected",
      code: "internal",
      where: "",
      message: "port error: Error: Unfinished lists reset_parameters but has no resetParameters()",
    });
  });
  it("a port error's text is cut to 500 characters, as the oracle cuts its own", () => {
    const long = runCase(identity, () => ({ pyPath: "torch.nn.Identity", create: () => { throw new Error("x".repeat(1000)); } }));
    expect(long).toMatchObject({ status: "rejected", code: "internal", message: `port error: Error: ${"x".repeat(500 - "port error: Error: ".length)}` });
  });
});

describe("builtinAdapter", () => {
  it("runs each case as runCase does, in order", async () => {
    const cases = [identity, { ...identity, id: "second", steps: [] }];
    expect(await builtinAdapter.runCases(cases)).toEqual(cases.map((c) => runCase(c)));
    await builtinAdapter.close();
  });
  // the configuration in PyTorch's own words (its handshake says "DEFAULT"), so a client pinning it accepts the port
  it("describes itself: the schema and protocol it speaks, the configuration it emulates", async () => {
    expect(builtinAdapter.name).toBe("builtin");
    expect(await builtinAdapter.describe()).toMatchObject({ schema: 1, protocol: 1, cpuCapability: "DEFAULT", threads: 1, implementation: "torch-conformance built-in TypeScript port" });
  });
  it("with overridden factories, runs the override while the plain port, run in between, stays itself", async () => {
    const planted = overriddenBuiltinAdapter("planted", { Identity: (real) => ({ pyPath: real.pyPath, create: () => { throw new Error("planted"); } }) });
    const [bad, plain] = await Promise.all([planted.runCases([identity]), builtinAdapter.runCases([identity])]);
    expect(bad).toEqual([{ id: "identity", status: "rejected", code: "internal", where: "", message: "port error: Error: planted" }]);
    expect(plain).toEqual([runCase(identity)]);
    expect(runCase(identity)).toMatchObject({ status: "ok" });
    expect((await planted.describe()).implementation).toBe("planted (built-in port with overridden Identity)");
  });
  it("names every overridden module type", async () => {
    const keep: FactoryOverride = (real) => real;
    expect((await overriddenBuiltinAdapter("two", { Identity: keep, Dropout: keep }).describe()).implementation).toBe("two (built-in port with overridden Identity, Dropout)");
  });
  it("refuses to override a module type the port does not register", () => {
    expect(() => overriddenBuiltinAdapter("x", { NoSuchModule: (real: unknown) => real } as never)).toThrow("cannot override NoSuchModule: the port does not register it");
  });
});
