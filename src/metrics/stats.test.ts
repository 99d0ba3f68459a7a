import { describe, expect, it } from 'vitest';

import { interval, relativeHalfWidth, t975 } from './stats.ts';

describe('confidence intervals over repetitions', () => {
  it('gives the mean and the Student-t half-width', () => {
    // Known: values 1..5, mean 3, s = 1.5811, t(4) = 2.776 → 2.776 × 1.5811 / √5 = 1.963.
    const i = interval([1, 2, 3, 4, 5]);
    expect(i.mean).toBe(3);
    expect(i.halfWidth).toBeCloseTo(1.963, 3);
    expect(relativeHalfWidth(i)).toBeCloseTo(0.6543, 3);
  });

  it('has no interval for one value, and none for none', () => {
    expect(interval([7])).toEqual({ mean: 7, halfWidth: null, n: 1 });
    expect(interval([NaN]).n).toBe(0);
    expect(relativeHalfWidth(interval([7]))).toBe(Infinity);
  });

  it('covers the true mean about 95 % of the time (seeded normal samples)', () => {
    let seed = 12345;
    const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 0.5) / 2 ** 31;
    const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    let covered = 0;
    const trials = 2000;
    for (let k = 0; k < trials; k++) {
      const i = interval(Array.from({ length: 5 }, () => 10 + 2 * normal()));
      if (Math.abs(i.mean - 10) <= i.halfWidth!) covered++;
    }
    // 95 % nominal; 2000 trials give a standard error of 0.5 %.
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.97);
    expect(t975(200)).toBe(1.96);
  });
});
