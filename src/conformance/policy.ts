// How two float elements are judged equal: a comparison policy in the spirit of torch.testing.assert_close.
//
// - "bits" (the reference configuration's default): the same bits, NaN payload and sign of zero included.
// - "tolerance" (oracles with AVX kernels or several threads, ports with their own arithmetic): close when
//   |port - golden| <= atol + rtol * |golden| (assert_close's rule, its per-dtype defaults) or when the two are at most
//   `ulps` units in the last place apart; infinities must match exactly (an overflow is never "close").
// In both modes `nan` says whether any NaN matches any NaN ("any") or the payload bits must agree ("bits"), and
// `signedZero` whether -0 and +0 differ ("strict") or not ("ignore"). Tolerance mode defaults to NaN == NaN and
// -0 == +0 (assert_close(equal_nan=True)); int64 elements and everything that is not a tensor element are always
// compared exactly.
import type { FloatDType } from "./floats.ts";

export type NanPolicy = "bits" | "any";
export type SignedZeroPolicy = "strict" | "ignore";

export interface ComparePolicy {
  mode: "bits" | "tolerance";
  rtol: Record<FloatDType, number>;
  atol: Record<FloatDType, number>;
  ulps: Record<FloatDType, number>;
  nan: NanPolicy;
  signedZero: SignedZeroPolicy;
}

/** torch.testing.assert_close's defaults for float32 and float64. */
export const ASSERT_CLOSE_DEFAULTS = {
  rtol: { float32: 1.3e-6, float64: 1e-7 },
  atol: { float32: 1e-5, float64: 1e-7 },
} as const;

export const BITS: ComparePolicy = {
  mode: "bits",
  rtol: { float32: 0, float64: 0 },
  atol: { float32: 0, float64: 0 },
  ulps: { float32: 0, float64: 0 },
  nan: "bits",
  signedZero: "strict",
};

/** What a command line or a caller may say; anything left out takes the mode's default. */
export interface PolicyOptions {
  mode?: "bits" | "tolerance";
  rtol?: Partial<Record<FloatDType, number>>;
  atol?: Partial<Record<FloatDType, number>>;
  ulps?: Partial<Record<FloatDType, number>>;
  nan?: NanPolicy;
  signedZero?: SignedZeroPolicy;
}

/**
 * The policy the options describe. Giving a tolerance (rtol, atol or ulps) selects tolerance mode; there, the
 * tolerances not given are assert_close's defaults when neither rtol nor atol was given, else 0 (an explicit
 * `--ulps 4` means 4 ULP, not 4 ULP or assert_close's bounds).
 */
export function resolvePolicy(o: PolicyOptions = {}): ComparePolicy {
  const tolerant = o.mode === "tolerance" || (o.mode === undefined && (o.rtol !== undefined || o.atol !== undefined || o.ulps !== undefined));
  if (!tolerant) return { ...BITS, nan: o.nan ?? BITS.nan, signedZero: o.signedZero ?? BITS.signedZero };
  const explicit = o.rtol !== undefined || o.atol !== undefined || o.ulps !== undefined;
  const base = explicit ? { rtol: BITS.rtol, atol: BITS.atol } : ASSERT_CLOSE_DEFAULTS;
  return {
    mode: "tolerance",
    rtol: { ...base.rtol, ...o.rtol },
    atol: { ...base.atol, ...o.atol },
    ulps: { ...BITS.ulps, ...o.ulps },
    nan: o.nan ?? "any",
    signedZero: o.signedZero ?? "ignore",
  };
}

export function describePolicy(p: ComparePolicy): string {
  const special = `NaN ${p.nan === "any" ? "matches any NaN" : "payloads compared"}, ${p.signedZero === "strict" ? "-0 differs from +0" : "-0 equals +0"}`;
  if (p.mode === "bits") return `bit-exact (${special})`;
  const per = (d: FloatDType) => `${d}: rtol ${p.rtol[d]}, atol ${p.atol[d]}${p.ulps[d] > 0 ? `, or ${p.ulps[d]} ULP` : ""}`;
  return `within tolerance (${per("float32")}; ${per("float64")}; ${special})`;
}
