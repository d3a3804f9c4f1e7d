// The TypeScript constructors' defaults are the Python signature's: `new Dropout()` builds what a case naming
// Dropout with no arguments builds (pyConstructor fills in `_DropoutNd.__init__`'s defaults, checked against
// PyTorch by the conformance specs). Found by mutation testing: nothing else used the TS defaults.
import { describe, expect, it } from "vitest";
import { AlphaDropout, Dropout, Dropout1d, Dropout2d, Dropout3d, FeatureAlphaDropout } from "../../src/nn/dropout.ts";
import "../../src/nn/index.ts";
import { moduleFactory } from "../../src/nn/registry.ts";

describe("dropout constructors' defaults", () => {
  it.each([Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout].map((c) => [c.name, c] as const))("%s", (_name, cls) => {
    const viaPython = moduleFactory(cls.name as "Dropout")!.create([], []) as InstanceType<typeof cls>;
    const direct = new cls();
    expect(viaPython).toBeInstanceOf(cls);
    expect([direct.p, direct.inplace]).toEqual([viaPython.p, viaPython.inplace]);
  });
});
