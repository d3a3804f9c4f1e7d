// What the comparison options resolve to, and how a policy reads in a report: the project's own rules (policy.ts).
import { describe, expect, it } from "vitest";
import { ASSERT_CLOSE_DEFAULTS, BITS, describePolicy, resolvePolicy } from "../../src/conformance/policy.ts";

const zero = { float32: 0, float64: 0 };

describe("resolvePolicy", () => {
  it("is bit-exact with payloads and signs compared when nothing is said", () => {
    expect(resolvePolicy()).toEqual({ mode: "bits", rtol: zero, atol: zero, ulps: zero, nan: "bits", signedZero: "strict" });
    expect(resolvePolicy({ mode: "bits" })).toEqual(BITS);
  });

  it("stays bit-exact when only the NaN or signed-zero rule is relaxed", () => {
    expect(resolvePolicy({ nan: "any" })).toEqual({ ...BITS, nan: "any" });
    expect(resolvePolicy({ signedZero: "ignore" })).toEqual({ ...BITS, signedZero: "ignore" });
  });

  it("keeps bits mode when asked for, even with tolerances given", () => {
    expect(resolvePolicy({ mode: "bits", ulps: { float32: 4 } })).toEqual(BITS);
  });

  it("takes tolerance mode from any tolerance given, with the others 0 and NaN and sign leniency", () => {
    for (const given of [{ rtol: { float32: 0.5 } }, { atol: { float32: 0.5 } }, { ulps: { float32: 4 } }]) {
      const p = resolvePolicy(given);
      expect(p.mode).toBe("tolerance");
      expect([p.nan, p.signedZero]).toEqual(["any", "ignore"]);
    }
    expect(resolvePolicy({ ulps: { float32: 4 } })).toEqual({ mode: "tolerance", rtol: zero, atol: zero, ulps: { float32: 4, float64: 0 }, nan: "any", signedZero: "ignore" });
    expect(resolvePolicy({ rtol: { float64: 0.5 } })).toMatchObject({ rtol: { float32: 0, float64: 0.5 }, atol: zero, ulps: zero });
    expect(resolvePolicy({ atol: { float32: 0.25 } })).toMatchObject({ rtol: zero, atol: { float32: 0.25, float64: 0 }, ulps: zero });
  });

  it("takes assert_close's defaults in tolerance mode when no tolerance is given, and keeps explicit NaN and sign rules", () => {
    expect(resolvePolicy({ mode: "tolerance", nan: "bits", signedZero: "strict" })).toEqual({ mode: "tolerance", ...ASSERT_CLOSE_DEFAULTS, ulps: zero, nan: "bits", signedZero: "strict" });
    expect(resolvePolicy({ mode: "tolerance", ulps: { float64: 2 } })).toMatchObject({ rtol: zero, atol: zero, ulps: { float32: 0, float64: 2 } });
  });

  it("never changes the shared bit-exact policy", () => {
    resolvePolicy({ nan: "any", signedZero: "ignore" });
    resolvePolicy({ ulps: { float32: 3 } });
    expect(BITS).toEqual({ mode: "bits", rtol: zero, atol: zero, ulps: zero, nan: "bits", signedZero: "strict" });
  });
});

describe("describePolicy", () => {
  it("says bit-exact and the NaN and signed-zero rules", () => {
    expect(describePolicy(BITS)).toBe("bit-exact (NaN payloads compared, -0 differs from +0)");
    expect(describePolicy(resolvePolicy({ nan: "any", signedZero: "ignore" }))).toBe("bit-exact (NaN matches any NaN, -0 equals +0)");
  });

  it("gives each dtype's tolerances, the ULP bound only when there is one", () => {
    expect(describePolicy(resolvePolicy({ rtol: { float32: 0.5 }, ulps: { float64: 3 } }))).toBe(
      "within tolerance (float32: rtol 0.5, atol 0; float64: rtol 0, atol 0, or 3 ULP; NaN matches any NaN, -0 equals +0)",
    );
  });
});
