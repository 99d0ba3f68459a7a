import { describe, expect, it } from 'vitest';

import type { Distribution } from '../graph/model.ts';
import {
  deriveSeed,
  DistributionSampler,
  Rng,
  sampleDistributionMs,
  sampleDistributionUs,
  sampleExponential,
  sampleLognormal,
  sampleNormal,
  sampleUniform,
  ZipfSampler,
} from './random.ts';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

const dist = (d: Partial<Distribution>): Distribution => ({
  dist: 'exponential',
  meanMs: 1,
  ...d,
});

describe('Rng', () => {
  it('produces the same sequence for the same seed', () => {
    const a = new Rng(1234);
    const b = new Rng(1234);
    for (let i = 0; i < 1000; i++) expect(a.nextU32()).toBe(b.nextU32());
  });

  it('produces different sequences for neighbouring seeds', () => {
    const a = new Rng(1);
    const b = new Rng(2);
    let same = 0;
    for (let i = 0; i < 1000; i++) if (a.nextU32() === b.nextU32()) same++;
    expect(same).toBeLessThan(3);
  });

  it('keeps next() in [0, 1) with mean 1/2 and variance 1/12 (within 1 % over 200k draws)', () => {
    const rng = new Rng(7);
    let min = 1;
    let max = 0;
    const { mean, variance } = moments(() => {
      const x = rng.next();
      if (x < min) min = x;
      if (x > max) max = x;
      return x;
    }, 200_000);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12) / (1 / 12)).toBeLessThan(0.01);
  });

  it('keeps int(n) in [0, n) and hits every value about equally (within 3 % over 100k draws)', () => {
    const rng = new Rng(99);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const k = rng.int(10);
      expect(Number.isInteger(k) && k >= 0 && k < 10).toBe(true);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 10_000) / 10_000).toBeLessThan(0.03);
  });

  it('returns uint32 values from nextU32 covering the high bit', () => {
    const rng = new Rng(5);
    let high = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.nextU32();
      expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
      if (x >= 2 ** 31) high++;
    }
    expect(Math.abs(high - 5000)).toBeLessThan(300);
  });
});

describe('deriveSeed', () => {
  it('is deterministic and returns a uint32', () => {
    const s = deriveSeed(42, 3, 1);
    expect(s).toBe(deriveSeed(42, 3, 1));
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });

  it('gives distinct seeds to distinct (run, node, instance) triples', () => {
    const seen = new Set<number>();
    for (let run = 0; run < 4; run++)
      for (let node = 0; node < 50; node++)
        for (let inst = 0; inst < 8; inst++) seen.add(deriveSeed(run, node, inst));
    expect(seen.size).toBe(4 * 50 * 8);
  });

  it('does not confuse node and instance indices', () => {
    expect(deriveSeed(1, 0, 1)).not.toBe(deriveSeed(1, 1, 0));
  });
});

describe('samplers', () => {
  const N = 200_000;

  it('draws exponential with mean m and variance m² (within 2 % / 4 % over 200k draws)', () => {
    const rng = new Rng(11);
    const { mean, variance } = moments(() => sampleExponential(rng, 5), N);
    expect(Math.abs(mean - 5) / 5).toBeLessThan(0.02);
    expect(Math.abs(variance - 25) / 25).toBeLessThan(0.04);
  });

  it('draws uniform over [a, b) with mean (a+b)/2 and variance (b−a)²/12 (within 1 % / 2 %)', () => {
    const rng = new Rng(12);
    const { mean, variance } = moments(() => sampleUniform(rng, 2, 8), N);
    expect(Math.abs(mean - 5) / 5).toBeLessThan(0.01);
    expect(Math.abs(variance - 3) / 3).toBeLessThan(0.02);
  });

  it('draws normal with the given mean and std when far from 0 (within 1 % / 3 %)', () => {
    const rng = new Rng(13);
    const { mean, variance } = moments(() => sampleNormal(rng, 100, 10), N);
    expect(Math.abs(mean - 100) / 100).toBeLessThan(0.01);
    expect(Math.abs(variance - 100) / 100).toBeLessThan(0.03);
  });

  it('never returns a negative normal draw (clamped at 0)', () => {
    const rng = new Rng(14);
    let zeros = 0;
    for (let i = 0; i < 50_000; i++) {
      const x = sampleNormal(rng, 1, 2);
      expect(x).toBeGreaterThanOrEqual(0);
      if (x === 0) zeros++;
    }
    // P(N(1, 2) < 0) = Φ(−0.5) ≈ 30.9 %
    expect(Math.abs(zeros / 50_000 - 0.3085)).toBeLessThan(0.01);
  });

  it('draws lognormal whose result has the given mean and std (within 2 % / 5 % over 200k draws)', () => {
    const rng = new Rng(15);
    const { mean, variance } = moments(() => sampleLognormal(rng, 10, 5), N);
    expect(Math.abs(mean - 10) / 10).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(variance) - 5) / 5).toBeLessThan(0.05);
  });
});

describe('Distribution sampling', () => {
  it('returns 0 for meanMs 0 whatever the kind', () => {
    const rng = new Rng(1);
    for (const kind of ['constant', 'exponential', 'uniform', 'normal', 'lognormal'] as const) {
      const d = dist({ dist: kind, meanMs: 0 });
      expect(sampleDistributionMs(rng, d)).toBe(0);
      expect(new DistributionSampler(d).sampleUs(rng)).toBe(0);
    }
  });

  it('returns exactly the mean for constant, in ms and in µs', () => {
    const rng = new Rng(1);
    expect(sampleDistributionMs(rng, dist({ dist: 'constant', meanMs: 2.5 }))).toBe(2.5);
    expect(sampleDistributionUs(rng, dist({ dist: 'constant', meanMs: 2.5 }))).toBe(2500);
    expect(new DistributionSampler(dist({ dist: 'constant', meanMs: 2.5 })).sampleUs(rng)).toBe(
      2500,
    );
  });

  it('draws uniform from [0, 2·mean] by default (mean within 1 %, bounds hold)', () => {
    const rng = new Rng(2);
    const s = new DistributionSampler(dist({ dist: 'uniform', meanMs: 4 }));
    let max = 0;
    const { mean } = moments(() => {
      const x = s.sampleUs(rng);
      if (x > max) max = x;
      expect(x).toBeGreaterThanOrEqual(0);
      return x;
    }, 100_000);
    expect(Math.abs(mean - 4000) / 4000).toBeLessThan(0.01);
    expect(max).toBeLessThanOrEqual(8000);
    expect(max).toBeGreaterThan(7900);
  });

  it('draws uniform from explicit [minMs, maxMs]', () => {
    const rng = new Rng(3);
    const d = dist({ dist: 'uniform', meanMs: 1, minMs: 10, maxMs: 20 });
    for (let i = 0; i < 10_000; i++) {
      const x = sampleDistributionMs(rng, d);
      expect(x >= 10 && x <= 20).toBe(true);
    }
  });

  it('uses std = mean/2 by default for normal and lognormal (std within 3 % over 200k draws)', () => {
    for (const kind of ['normal', 'lognormal'] as const) {
      const rng = new Rng(4);
      const s = new DistributionSampler(dist({ dist: kind, meanMs: 10 }));
      const { mean, variance } = moments(() => s.sampleUs(rng), 200_000);
      // normal(10, 5) clamped at 0 loses 2.3 % of its mass below 0: mean shifts by < 0.1 %.
      expect(Math.abs(mean - 10_000) / 10_000).toBeLessThan(0.02);
      expect(Math.abs(Math.sqrt(variance) - 5000) / 5000).toBeLessThan(0.03);
    }
  });

  it('gives an exponential service time of the right mean in µs (within 2 % over 200k draws)', () => {
    const rng = new Rng(5);
    const s = new DistributionSampler(dist({ dist: 'exponential', meanMs: 0.4 }));
    const { mean } = moments(() => s.sampleUs(rng), 200_000);
    expect(Math.abs(mean - 400) / 400).toBeLessThan(0.02);
  });

  it('agrees between the sampler class and the convenience function on the same seed', () => {
    const d = dist({ dist: 'lognormal', meanMs: 3, stdMs: 1 });
    const a = new Rng(77);
    const b = new Rng(77);
    const s = new DistributionSampler(d);
    for (let i = 0; i < 100; i++) {
      expect(s.sampleUs(a)).toBeCloseTo(sampleDistributionUs(b, d), 6);
    }
  });
});

describe('ZipfSampler', () => {
  function zipfCheck(count: number, skew: number, draws: number, seed: number) {
    const rng = new Rng(seed);
    const z = new ZipfSampler(count, skew);
    const top = new Array<number>(10).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < draws; i++) {
      const k = z.sample(rng);
      if (!(Number.isInteger(k) && k >= 0 && k < count)) outOfRange++;
      if (k < 10) top[k] = (top[k] ?? 0) + 1;
    }
    let norm = 0;
    for (let k = 1; k <= count; k++) norm += Math.pow(k, -skew);
    return { top, norm, outOfRange };
  }

  it('matches theoretical frequencies of the 10 most popular keys (table path, within 3 % over 200k draws)', () => {
    const { top, norm, outOfRange } = zipfCheck(1000, 1, 200_000, 21);
    expect(outOfRange).toBe(0);
    for (let k = 0; k < 10; k++) {
      const expected = (200_000 * Math.pow(k + 1, -1)) / norm;
      expect(Math.abs((top[k] ?? 0) - expected) / expected).toBeLessThan(0.03);
    }
  });

  it('matches theoretical frequencies for large key counts (rejection-inversion, within 3 % over 200k draws)', () => {
    const { top, norm, outOfRange } = zipfCheck(2_000_000, 1.2, 200_000, 22);
    expect(outOfRange).toBe(0);
    for (let k = 0; k < 10; k++) {
      const expected = (200_000 * Math.pow(k + 1, -1.2)) / norm;
      expect(Math.abs((top[k] ?? 0) - expected) / expected).toBeLessThan(0.03);
    }
  });

  it('puts the right mass in each decade of ranks for skew below 1 (rejection path, within 2 % over 400k draws)', () => {
    const count = 3_000_000;
    const skew = 0.8;
    const draws = 400_000;
    const rng = new Rng(23);
    const z = new ZipfSampler(count, skew);
    // Decades of 1-based ranks: [1, 10), [10, 100), … [10^6, count].
    const observed = new Array<number>(7).fill(0);
    for (let i = 0; i < draws; i++) {
      const k = z.sample(rng);
      expect(k >= 0 && k < count).toBe(true);
      const d = Math.min(6, Math.floor(Math.log10(k + 1)));
      observed[d] = (observed[d] ?? 0) + 1;
    }
    const expected = new Array<number>(7).fill(0);
    let norm = 0;
    for (let k = 1; k <= count; k++) {
      const w = Math.pow(k, -skew);
      norm += w;
      const d = Math.min(6, Math.floor(Math.log10(k)));
      expected[d] = (expected[d] ?? 0) + w;
    }
    for (let d = 0; d < 7; d++) {
      const share = (expected[d] ?? 0) / norm;
      expect(Math.abs((observed[d] ?? 0) / draws - share) / share).toBeLessThan(0.02);
    }
  });

  it('returns key 0 for a single key', () => {
    const rng = new Rng(1);
    const z = new ZipfSampler(1, 2);
    for (let i = 0; i < 100; i++) expect(z.sample(rng)).toBe(0);
  });

  it('gives the same keys for the same seed', () => {
    const z = new ZipfSampler(500, 1.1);
    const a = new Rng(9);
    const b = new Rng(9);
    for (let i = 0; i < 1000; i++) expect(z.sample(a)).toBe(z.sample(b));
  });
});
