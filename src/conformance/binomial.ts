// The exact two-sided binomial test (the "minlike" p-value of R's binom.test and SciPy's binomtest): the
// probability, under Binomial(n, q), of every outcome no more likely than the one observed. Used to judge a
// dropout's keep rate when the port's random generator differs from PyTorch's.

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln P(X = k) for X ~ Binomial(n, q). */
function logPmf(k: number, n: number, q: number): number {
  if (q === 0) return k === 0 ? 0 : -Infinity;
  if (q === 1) return k === n ? 0 : -Infinity;
  return lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1) + k * Math.log(q) + (n - k) * Math.log1p(-q);
}

/** The two-sided p-value of observing k successes in n trials of probability q. */
export function binomialPValue(k: number, n: number, q: number): number {
  if (n === 0) return 1;
  const observed = logPmf(k, n, q);
  // outcomes within a relative 1e-7 of the observed one's probability count as equally likely (float noise)
  const bound = observed + Math.log1p(1e-7);
  let p = 0;
  for (let j = 0; j <= n; j++) {
    const l = logPmf(j, n, q);
    if (l <= bound) p += Math.exp(l);
  }
  return Math.min(1, p);
}
