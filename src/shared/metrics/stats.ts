/** Mean, standard deviation and 95 % confidence interval of repeated measurements. */
export interface GroupStats {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); 0 for a single value. */
  sd: number;
  /** 95 % confidence interval of the mean from the t-distribution with n - 1 degrees of freedom. */
  ci95: [number, number];
}

/** Welch's unequal-variance t-test between two groups. */
export interface WelchResult {
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
  /** Mean of group A minus mean of group B. */
  difference: number;
  significant: boolean;
  /** One sentence saying whether the difference exceeds the run-to-run noise. */
  verdict: string;
}

/** Natural log of the gamma function (Lanczos approximation, ~15 digits). */
export function lnGamma(x: number): number {
  const g = [
    676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  x -= 1;
  let a = 0.99999999999980993;
  const t = x + 7.5;
  for (let i = 0; i < 8; i++) a += g[i] / (x + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const num of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Cumulative distribution of Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Quantile of Student's t (bisection on the CDF). */
export function studentTQuantile(p: number, df: number): number {
  let lo = -1e3;
  let hi = 1e3;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Mean ± sd and the t-based 95 % confidence interval of a group of values. */
export function groupStats(values: number[]): GroupStats {
  const n = values.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : NaN;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const half = n > 1 ? (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n) : 0;
  return { n, mean, sd, ci95: [mean - half, mean + half] };
}

const pp = (x: number) => `${(x * 100).toFixed(2)} points`;

/** Welch's t-test of two groups of accuracies (fractions), with a plain-words verdict at the 5 % level. */
export function welchTTest(a: number[], b: number[], alpha = 0.05): WelchResult {
  const sa = groupStats(a);
  const sb = groupStats(b);
  const va = sa.sd ** 2 / sa.n;
  const vb = sb.sd ** 2 / sb.n;
  const difference = sa.mean - sb.mean;
  const se = Math.sqrt(va + vb);
  let t: number;
  let df: number;
  let p: number;
  if (se === 0) {
    t = difference === 0 ? 0 : Math.sign(difference) * Infinity;
    df = sa.n + sb.n - 2;
    p = difference === 0 ? 1 : 0;
  } else {
    t = difference / se;
    df = (va + vb) ** 2 / (va ** 2 / (sa.n - 1) + vb ** 2 / (sb.n - 1));
    p = 2 * (1 - studentTCdf(Math.abs(t), df));
  }
  const significant = sa.n > 1 && sb.n > 1 && p < alpha;
  const verdict =
    sa.n < 2 || sb.n < 2
      ? 'Each group needs at least two seeds to tell a real difference from noise.'
      : significant
        ? `The difference of ${pp(Math.abs(difference))} is larger than the seed-to-seed noise (p = ${p.toPrecision(2)}).`
        : `The difference of ${pp(Math.abs(difference))} is within the seed-to-seed noise (p = ${p.toPrecision(2)}); it may be chance.`;
  return { t, df, p, difference, significant, verdict };
}
