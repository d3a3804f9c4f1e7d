// The dropout-property profile: a port whose dropout draws its masks from another random stream (here the built-in
// port reseeded with another seed before each case) fails the seed-exact comparison but passes the property checks;
// a port with a wrong scale or a wrong keep rate fails them. PyTorch's answers come from the oracle.
import { beforeAll, describe, expect, it } from "vitest";
import type { Adapter, Outcome } from "../../src/adapters/adapter.ts";
import { builtinAdapter } from "../../src/adapters/builtin/index.ts";
import { type Case, decodeTensor, encodeTensor, type Node, type Result, wireTensor } from "../../src/case/index.ts";
import { binomialPValue } from "../../src/conformance/binomial.ts";
import { BIT_EXACT } from "../../src/engine/judge.ts";
import { runEngine } from "../../src/engine/run.ts";
import { resolveProfiles } from "../../src/verify/profiles/index.ts";
import { sharedOracle } from "../oracle/helpers.ts";

const values = (n: number) => Array.from({ length: n }, (_, i) => ((i * 37) % 23) - 11.25 + i / 64);

const dropoutCase = (id: string, node: Node, shape: number[]): Case => {
  const n = shape.reduce((a, b) => a * b, 1);
  const input = wireTensor("float32", shape, values(n));
  return { schema: 1, id, nodes: { m: node }, root: "m", steps: [{ op: "forward", path: "", input }, { op: "eval", path: "" }, { op: "forward", path: "", input }] };
};

const CASES: Case[] = [
  dropoutCase("dropout", { type: "Dropout", args: [0.5] }, [64, 64]),
  dropoutCase("dropout-inplace", { type: "Dropout", kwargs: { p: 0.2, inplace: true } }, [32, 64]),
  dropoutCase("dropout1d-unbatched", { type: "Dropout1d", args: [0.4] }, [256, 8]),
  dropoutCase("dropout2d", { type: "Dropout2d", args: [0.3] }, [16, 32, 2, 2]),
  dropoutCase("dropout3d-unbatched", { type: "Dropout3d", args: [0.5] }, [200, 2, 2, 2]),
  dropoutCase("alpha", { type: "AlphaDropout", args: [0.25] }, [64, 64]),
  dropoutCase("feature-alpha", { type: "FeatureAlphaDropout", args: [0.5] }, [16, 16, 2, 2]),
];

/** The built-in port with its generator seeded otherwise before each case: the same modules, another random stream. */
const otherStream: Adapter = {
  name: "builtin, another seed",
  describe: () => builtinAdapter.describe(),
  close: async () => {},
  async runCases(cases) {
    const shifted = cases.map((c): Case => ({ ...c, steps: [{ op: "manual_seed", seed: 987654321 }, ...c.steps] }));
    return (await builtinAdapter.runCases(shifted)).map((o): Outcome => (o.status === "ok" ? { ...o, result: { ...o.result, steps: o.result.steps.slice(1) } } : o));
  },
};

/** `port` with every training output of a forward changed by `f` (the first forward of each case is in training). */
const altered = (name: string, f: (y: Float32Array) => Float32Array): Adapter => ({
  ...otherStream,
  name,
  async runCases(cases) {
    return (await otherStream.runCases(cases)).map((o): Outcome => {
      if (o.status !== "ok") return o;
      const steps = o.result.steps.map((s, i) => {
        if (i !== 0 || !s.value?.output) return s;
        const raw = decodeTensor(s.value.output);
        return { ...s, value: { ...s.value, output: encodeTensor({ ...raw, data: f(raw.data as Float32Array) }) } };
      });
      return { ...o, result: { ...o.result, steps } as Result };
    });
  },
});

const wrongScale = altered("scale x2", (y) => y.map((v) => Math.fround(v * 2)));
// keeps half the elements it should: every other kept element is dropped (0 * x), a keep rate of (1 - p) / 2
const wrongRate = altered("half the keep rate", (y) => {
  let k = 0;
  return y.map((v) => (v !== 0 && k++ % 2 === 1 ? 0 : v));
});

let oracle: Adapter;
beforeAll(async () => {
  oracle = await sharedOracle();
});

async function statuses(port: Adapter, profiles: string[]): Promise<Record<string, string>> {
  const run = await runEngine(CASES.map((c) => ({ case: c, suite: "dropout" })), { port, oracle, settings: { ...BIT_EXACT, profiles: resolveProfiles(profiles) } });
  return Object.fromEntries(run.verdicts.map((v) => [v.id, v.status]));
}

const every = (status: string) => Object.fromEntries(CASES.map((c) => [c.id, status]));

describe("dropout-property", () => {
  it("the two-sided exact binomial test: 3 of 10 at 1/2 is as likely as 7 of 10, p = 352/1024", () => {
    expect(binomialPValue(3, 10, 0.5)).toBeCloseTo(352 / 1024, 12);
    expect(binomialPValue(5, 10, 0.5)).toBeCloseTo(1, 12);
    expect(binomialPValue(0, 0, 0.3)).toBe(1);
  });

  it("a port with another random stream fails seed-exact on every case and passes every case by properties", async () => {
    expect(await statuses(otherStream, [])).toEqual(every("fail"));
    expect(await statuses(otherStream, ["dropout-property"])).toEqual(every("pass"));
  });

  it("the built-in port (PyTorch's stream) passes both ways", async () => {
    expect(await statuses(builtinAdapter, [])).toEqual(every("pass"));
    expect(await statuses(builtinAdapter, ["dropout-property"])).toEqual(every("pass"));
  });

  it("a wrong scale of the kept elements fails the properties", async () => {
    expect(await statuses(wrongScale, ["dropout-property"])).toEqual(every("fail"));
  });

  it("a wrong keep rate fails the binomial test (or, for the feature variants, whole channels)", async () => {
    expect(await statuses(wrongRate, ["dropout-property"])).toEqual(every("fail"));
  });
});
