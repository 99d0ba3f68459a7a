/**
 * Repetitions: the mean of a measure over N independent runs (seeds) and the
 * half-width of its 95 % confidence interval (Student's t, N − 1 degrees of
 * freedom), as JMT and criterion report them.
 *
 * Pure: no DOM, no React, no store.
 */

/** Two-sided 97.5 % quantiles of Student's t for 1 … 30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];

/** t quantile for a 95 % interval with `df` degrees of freedom (1.96 beyond 120). */
export function t975(df: number): number {
  if (df < 1) return Infinity;
  if (df <= 30) return T975[df - 1]!;
  if (df <= 40) return 2.021;
  if (df <= 60) return 2.0;
  if (df <= 120) return 1.98;
  return 1.96;
}

/** A measure over repetitions: mean ± half-width (null with fewer than two values). */
export interface Interval {
  mean: number;
  halfWidth: number | null;
  n: number;
}

/** Mean and 95 % confidence half-width of `values` (finite ones). */
export function interval(values: readonly number[]): Interval {
  const xs = values.filter((x) => Number.isFinite(x));
  const n = xs.length;
  if (n === 0) return { mean: NaN, halfWidth: null, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, halfWidth: null, n };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, halfWidth: t975(n - 1) * Math.sqrt(variance / n), n };
}

/** Half-width as a share of the mean (Infinity when it cannot be said). */
export function relativeHalfWidth(i: Interval): number {
  if (i.halfWidth === null || !(Math.abs(i.mean) > 0)) return Infinity;
  return i.halfWidth / Math.abs(i.mean);
}
