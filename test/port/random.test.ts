import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { Generator, manualSeed, defaultGenerator } from "../../src/random/generator.ts";
import { MT19937 } from "../../src/random/mt19937.ts";

describe("MT19937", () => {
  it("matches std::mt19937's published outputs for the default seed 5489", () => {
    const mt = new MT19937(5489);
    expect(mt.next32()).toBe(3499211612);
    for (let i = 1; i < 9999; i++) mt.next32();
    expect(mt.next32()).toBe(4123659995); // the C++ standard's check: the 10000th output
  });
  it("reseeding restarts the stream", () => {
    const mt = new MT19937(123);
    const first = [mt.next32(), mt.next32()];
    for (let i = 0; i < 700; i++) mt.next32(); // past one twist
    mt.seed(123);
    expect([mt.next32(), mt.next32()]).toEqual(first);
  });
});

describe("Generator", () => {
  test.prop([fc.nat({ max: 2 ** 21 - 1 }), fc.nat({ max: 4294967295 })])("manual_seed keeps only the low 32 bits", (high, low) => {
    const a = new Generator().manualSeed(BigInt(high) * 2n ** 32n + BigInt(low));
    const b = new Generator().manualSeed(low);
    expect([a.next32(), a.next32(), a.next32()]).toEqual([b.next32(), b.next32(), b.next32()]);
  });
  test.prop([fc.nat({ max: 4294967295 })])("uniform53 is the low 53 bits of (hi << 32 | lo) over 2^53, in [0, 1)", (s) => {
    const g = new Generator(s);
    const raw = new Generator(s);
    for (let i = 0; i < 4; i++) {
      const u = g.uniform53();
      const hi = BigInt(raw.next32());
      const lo = BigInt(raw.next32());
      const bits = ((hi << 32n) | lo) & ((1n << 53n) - 1n);
      expect(u).toBe(Number(bits) / 2 ** 53);
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
  it("manualSeed drives the default generator", () => {
    manualSeed(99);
    const a = defaultGenerator.next32();
    manualSeed(99);
    expect(defaultGenerator.next32()).toBe(a);
  });
});
