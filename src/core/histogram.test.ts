import { describe, expect, it } from 'vitest';

import { Rng, sampleLognormal } from './random.ts';
import {
  bucketLowerUs,
  bucketOf,
  bucketUpperUs,
  createHistogram,
  HISTOGRAM_BUCKETS,
  HISTOGRAM_MAX_US,
  HISTOGRAM_RELATIVE_ERROR,
  mean,
  mergeInto,
  percentile,
  record,
  subtractInto,
  totalCount,
} from './histogram.ts';

/** Nearest-rank percentile of sorted values. */
function exactPercentile(sorted: Float64Array, percent: number): number {
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

describe('histogram buckets', () => {
  it('tiles the value range without gaps or overlaps', () => {
    expect(bucketLowerUs(0)).toBe(0);
    for (let i = 1; i < HISTOGRAM_BUCKETS; i++) {
      expect(bucketLowerUs(i)).toBe(bucketUpperUs(i - 1));
    }
    expect(bucketUpperUs(HISTOGRAM_BUCKETS - 1)).toBe(HISTOGRAM_MAX_US + 1);
  });

  it('puts every value inside the bounds of its bucket', () => {
    const rng = new Rng(3);
    for (let n = 0; n < 20_000; n++) {
      const v = Math.floor(Math.exp(rng.next() * Math.log(HISTOGRAM_MAX_US)));
      const b = bucketOf(v);
      expect(bucketLowerUs(b)).toBeLessThanOrEqual(v);
      expect(v).toBeLessThan(bucketUpperUs(b));
    }
    for (let v = 0; v < 5000; v++) {
      const b = bucketOf(v);
      expect(bucketLowerUs(b) <= v && v < bucketUpperUs(b)).toBe(true);
    }
  });

  it('keeps buckets at most 1/32 of their lower bound wide above 32 µs', () => {
    for (let i = 32; i < HISTOGRAM_BUCKETS; i++) {
      const width = bucketUpperUs(i) - bucketLowerUs(i);
      expect(width / bucketLowerUs(i)).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR);
    }
  });

  it('clamps negative, NaN and huge values into the end buckets', () => {
    expect(bucketOf(-5)).toBe(0);
    expect(bucketOf(Number.NaN)).toBe(0);
    expect(bucketOf(0.7)).toBe(0);
    expect(bucketOf(1e12)).toBe(HISTOGRAM_BUCKETS - 1);
    expect(bucketOf(Infinity)).toBe(HISTOGRAM_BUCKETS - 1);
  });
});

describe('histogram percentiles', () => {
  it('stays within 1/32 (+1 µs) of exact percentiles of 100k lognormal samples', () => {
    const rng = new Rng(2024);
    const n = 100_000;
    const values = new Float64Array(n);
    const h = createHistogram();
    for (let i = 0; i < n; i++) {
      // Latency-like: mean 5 ms, heavy tail.
      const v = sampleLognormal(rng, 5000, 8000);
      values[i] = v;
      record(h, v);
    }
    values.sort();
    expect(totalCount(h)).toBe(n);
    for (const p of [1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99]) {
      const exact = exactPercentile(values, p);
      const est = percentile(h, p);
      expect(Math.abs(est - exact)).toBeLessThanOrEqual(exact * HISTOGRAM_RELATIVE_ERROR + 1);
    }
  });

  it('is exact to 1 µs for small integer values', () => {
    const h = createHistogram();
    for (let v = 1; v <= 20; v++) record(h, v);
    expect(percentile(h, 50)).toBeGreaterThanOrEqual(10);
    expect(percentile(h, 50)).toBeLessThanOrEqual(11);
    expect(percentile(h, 0)).toBe(1);
    expect(percentile(h, 100)).toBe(21);
  });

  it('returns NaN for an empty histogram', () => {
    expect(percentile(createHistogram(), 50)).toBeNaN();
    expect(mean(createHistogram())).toBeNaN();
  });

  it('gives a mean within 1/64 of the exact mean', () => {
    const rng = new Rng(8);
    const h = createHistogram();
    let sum = 0;
    for (let i = 0; i < 50_000; i++) {
      const v = 100 + rng.next() * 1e6;
      sum += v;
      record(h, v);
    }
    const exact = sum / 50_000;
    expect(Math.abs(mean(h) - exact) / exact).toBeLessThan(1 / 64);
  });

  it('works on counts that live in a SharedArrayBuffer', () => {
    const h = new Uint32Array(new SharedArrayBuffer(HISTOGRAM_BUCKETS * 4));
    record(h, 1000);
    record(h, 3000);
    expect(totalCount(h)).toBe(2);
    expect(percentile(h, 100)).toBeGreaterThanOrEqual(3000);
  });
});

describe('histogram arithmetic', () => {
  it('merges two histograms into the sum of their samples', () => {
    const a = createHistogram();
    const b = createHistogram();
    record(a, 10);
    record(a, 500);
    record(b, 500);
    record(b, 70_000);
    mergeInto(a, b);
    expect(totalCount(a)).toBe(4);
    expect(a[bucketOf(500)]).toBe(2);
    expect(a[bucketOf(70_000)]).toBe(1);
  });

  it('subtracts an earlier snapshot to get the samples recorded in between', () => {
    const live = createHistogram();
    for (let i = 0; i < 100; i++) record(live, 50);
    const then = live.slice();
    for (let i = 0; i < 10; i++) record(live, 9000);
    const delta = createHistogram();
    subtractInto(delta, live, then);
    expect(totalCount(delta)).toBe(10);
    expect(percentile(delta, 50)).toBeGreaterThanOrEqual(bucketLowerUs(bucketOf(9000)));
  });

  it('clamps negative differences to 0 (e.g. after a reset)', () => {
    const now = createHistogram();
    const then = createHistogram();
    record(then, 5);
    const delta = createHistogram();
    subtractInto(delta, now, then);
    expect(totalCount(delta)).toBe(0);
  });
});
