/**
 * Seeded randomness for the engine: a fast 32-bit PRNG (sfc32 seeded through
 * splitmix32), per-instance seed derivation, and the samplers the kernels use
 * (exponential, uniform, normal, lognormal, the graph `Distribution`, Zipf keys).
 *
 * Determinism: every draw comes from an `Rng` the caller owns; nothing here
 * reads a clock or `Math.random`. Same seed → same sequence, on every platform
 * (only 32-bit integer ops and IEEE doubles; `Math.log`/`exp` may differ in the
 * last ulp between engines, which the samplers never branch on exactly).
 *
 * Pure: no DOM, no Node imports. The hot-path methods do not allocate.
 */
import type { Distribution } from './schema-kit.ts';

const TWO_POW_32 = 4294967296;

/** One splitmix32 step's output mixer (a good 32-bit avalanche hash). */
export function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * A seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
 * 128-bit state, passes PractRand to many TB), state filled by splitmix32 from
 * a uint32 seed. About 2 ns per draw in V8.
 *
 * @example
 * const rng = new Rng(42);
 * rng.next(); // 0 ≤ x < 1
 * rng.int(6); // 0..5
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** The second value of the last Box–Muller pair, or NaN. */
  private spare = NaN;

  /** @param seed any number; only its low 32 bits are used. */
  constructor(seed: number) {
    let s = seed >>> 0;
    s = (s + 0x9e3779b9) | 0;
    this.a = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.b = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.c = mix32(s);
    this.d = 1;
    // Warm up so that nearby seeds diverge fully.
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** A uniform integer in [0, 2^32). */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform double in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextU32() / TWO_POW_32;
  }

  /**
   * A uniform integer in [0, n) for 1 ≤ n ≤ 2^32. Uses multiply-shift; the
   * bias is below n / 2^32 (< 2.5e-4 for n = 2^20), irrelevant for simulation.
   */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal draw (Box–Muller; the pair's second value is kept for the next call). */
  gaussian(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = NaN;
      return spare;
    }
    // 1 - u is in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

/**
 * The seed of one node instance's `Rng`, from the run seed, the node's index
 * in the graph and the instance index. Distinct inputs give well-mixed,
 * practically independent seeds.
 * @returns a uint32.
 */
export function deriveSeed(runSeed: number, nodeIndex: number, instance: number): number {
  let h = mix32((runSeed >>> 0) + 0x9e3779b9);
  h = mix32(h ^ Math.imul((nodeIndex >>> 0) + 1, 0x85ebca6b));
  h = mix32(h ^ Math.imul((instance >>> 0) + 1, 0xc2b2ae35));
  return h >>> 0;
}

/** An exponential draw with the given mean (any unit; mean ≤ 0 gives 0). */
export function sampleExponential(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  return -Math.log(1 - rng.next()) * mean;
}

/** A uniform draw in [min, max). */
export function sampleUniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next();
}

/**
 * A normal draw clamped at 0 (a negative draw becomes 0, so the mean of the
 * result is a little above `mean` when std is a large share of it).
 */
export function sampleNormal(rng: Rng, mean: number, std: number): number {
  const x = mean + std * rng.gaussian();
  return x > 0 ? x : 0;
}

/** The (mu, sigma) of the underlying normal of a lognormal with the given mean and std. */
export function lognormalParams(mean: number, std: number): { mu: number; sigma: number } {
  const sigma2 = Math.log(1 + (std * std) / (mean * mean));
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/**
 * A lognormal draw whose *resulting* distribution has the given mean and std
 * (not the underlying normal's). mean ≤ 0 gives 0; std 0 gives `mean`.
 */
export function sampleLognormal(rng: Rng, mean: number, std: number): number {
  if (!(mean > 0)) return 0;
  if (!(std > 0)) return mean;
  const sigma2 = Math.log(1 + (std * std) / (mean * mean));
  return Math.exp(Math.log(mean) - sigma2 / 2 + Math.sqrt(sigma2) * rng.gaussian());
}

const KIND_CONSTANT = 0;
const KIND_EXPONENTIAL = 1;
const KIND_UNIFORM = 2;
const KIND_NORMAL = 3;
const KIND_LOGNORMAL = 4;

/**
 * Resolved bounds of a uniform distribution (ms), following the schema:
 * default [0, 2·mean]; when only one bound is given the other is chosen so the
 * mean stays `meanMs` (clamped at 0 and so that min ≤ max).
 */
export function uniformBoundsMs(dist: Distribution): { minMs: number; maxMs: number } {
  const mean = dist.meanMs;
  if (dist.minMs !== undefined && dist.maxMs !== undefined) {
    return { minMs: dist.minMs, maxMs: dist.maxMs };
  }
  if (dist.minMs !== undefined) {
    return { minMs: dist.minMs, maxMs: Math.max(dist.minMs, 2 * mean - dist.minMs) };
  }
  if (dist.maxMs !== undefined) {
    const minMs = Math.min(dist.maxMs, Math.max(0, 2 * mean - dist.maxMs));
    return { minMs, maxMs: dist.maxMs };
  }
  return { minMs: 0, maxMs: 2 * mean };
}

/**
 * A `Distribution` resolved once (defaults applied, units converted to µs) so
 * drawing from it in the hot path is a switch and one or two PRNG draws, with
 * no allocation.
 *
 * Rules (see the schema doc): `meanMs` 0 → always 0 (pass-through), whatever
 * the kind; uniform [minMs, maxMs] default [0, 2·mean]; normal and lognormal
 * std default mean/2; normal is clamped at 0.
 *
 * @example
 * const service = new DistributionSampler({ dist: 'exponential', meanMs: 2 });
 * const us = service.sampleUs(rng); // mean 2000 µs
 */
export class DistributionSampler {
  private kind = KIND_CONSTANT;
  /** Kind-specific parameters, in µs (lognormal: mu and sigma of ln µs). */
  private p1 = 0;
  private p2 = 0;

  constructor(dist: Distribution) {
    this.set(dist);
  }

  /** Replace the distribution (live parameter change). */
  set(dist: Distribution): void {
    const meanUs = dist.meanMs * 1000;
    const stdUs = (dist.stdMs ?? dist.meanMs / 2) * 1000;
    this.p1 = 0;
    this.p2 = 0;
    if (!(meanUs > 0)) {
      this.kind = KIND_CONSTANT;
      return;
    }
    switch (dist.dist) {
      case 'constant':
        this.kind = KIND_CONSTANT;
        this.p1 = meanUs;
        break;
      case 'exponential':
        this.kind = KIND_EXPONENTIAL;
        this.p1 = meanUs;
        break;
      case 'uniform': {
        const b = uniformBoundsMs(dist);
        this.kind = KIND_UNIFORM;
        this.p1 = b.minMs * 1000;
        this.p2 = b.maxMs * 1000 - b.minMs * 1000;
        break;
      }
      case 'normal':
        this.kind = KIND_NORMAL;
        this.p1 = meanUs;
        this.p2 = stdUs;
        break;
      case 'lognormal':
        if (!(stdUs > 0)) {
          this.kind = KIND_CONSTANT;
          this.p1 = meanUs;
        } else {
          const { mu, sigma } = lognormalParams(meanUs, stdUs);
          this.kind = KIND_LOGNORMAL;
          this.p1 = mu;
          this.p2 = sigma;
        }
        break;
    }
  }

  /** One draw, in microseconds (≥ 0). */
  sampleUs(rng: Rng): number {
    switch (this.kind) {
      case KIND_EXPONENTIAL:
        return -Math.log(1 - rng.next()) * this.p1;
      case KIND_UNIFORM:
        return this.p1 + this.p2 * rng.next();
      case KIND_NORMAL: {
        const x = this.p1 + this.p2 * rng.gaussian();
        return x > 0 ? x : 0;
      }
      case KIND_LOGNORMAL:
        return Math.exp(this.p1 + this.p2 * rng.gaussian());
      default:
        return this.p1;
    }
  }
}

/**
 * One draw from a graph `Distribution` (given in ms), returned in **ms**.
 * Convenience for cold paths; kernels keep a `DistributionSampler` instead.
 */
export function sampleDistributionMs(rng: Rng, dist: Distribution): number {
  const mean = dist.meanMs;
  if (!(mean > 0)) return 0;
  const std = dist.stdMs ?? mean / 2;
  switch (dist.dist) {
    case 'constant':
      return mean;
    case 'exponential':
      return sampleExponential(rng, mean);
    case 'uniform': {
      const b = uniformBoundsMs(dist);
      return sampleUniform(rng, b.minMs, b.maxMs);
    }
    case 'normal':
      return sampleNormal(rng, mean, std);
    case 'lognormal':
      return sampleLognormal(rng, mean, std);
  }
}

/** One draw from a graph `Distribution` (given in ms), returned in **µs**. */
export function sampleDistributionUs(rng: Rng, dist: Distribution): number {
  return sampleDistributionMs(rng, dist) * 1000;
}

/** Key counts up to this use a precomputed CDF table; above, rejection-inversion. */
export const ZIPF_TABLE_MAX = 1_000_000;

const zipfTables = new Map<string, Float64Array>();

/** Unnormalised cumulative weights of ranks 1..count (weight k^-s), shared per (count, skew). */
function zipfTable(count: number, skew: number): Float64Array {
  const id = `${count}:${skew}`;
  let table = zipfTables.get(id);
  if (table === undefined) {
    table = new Float64Array(count);
    let sum = 0;
    for (let k = 0; k < count; k++) {
      sum += Math.pow(k + 1, -skew);
      table[k] = sum;
    }
    // Tables are read-only once built; a handful of (count, skew) pairs per run.
    if (zipfTables.size >= 16) zipfTables.clear();
    zipfTables.set(id, table);
  }
  return table;
}

function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}

/**
 * Zipf-distributed keys over [0, count): key k (0-based) has probability
 * proportional to (k + 1)^-skew, so key 0 is the most popular.
 *
 * count ≤ `ZIPF_TABLE_MAX`: a CDF table (built once per (count, skew) and
 * shared, 8 bytes per key) and a binary search per draw. Larger counts: the
 * rejection-inversion method of Hörmann & Derflinger (1996), O(1) memory and
 * expected < 1.1 iterations per draw.
 */
export class ZipfSampler {
  readonly count: number;
  readonly skew: number;
  private readonly table: Float64Array | null;
  private readonly total: number;
  // Rejection-inversion constants (ranks 1..count).
  private readonly hX1: number;
  private readonly hN: number;
  private readonly sThreshold: number;

  constructor(count: number, skew: number) {
    if (!(count >= 1) || !Number.isInteger(count)) throw new RangeError('zipf count must be ≥ 1');
    if (!(skew > 0)) throw new RangeError('zipf skew must be > 0');
    this.count = count;
    this.skew = skew;
    if (count <= ZIPF_TABLE_MAX) {
      this.table = zipfTable(count, skew);
      this.total = this.table[count - 1] ?? 1;
      this.hX1 = this.hN = this.sThreshold = 0;
    } else {
      this.table = null;
      this.total = 0;
      this.hX1 = this.hIntegral(1.5) - 1;
      this.hN = this.hIntegral(count + 0.5);
      this.sThreshold = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
    }
  }

  /** One key in [0, count). */
  sample(rng: Rng): number {
    const table = this.table;
    if (table !== null) {
      const target = rng.next() * this.total;
      let lo = 0;
      let hi = this.count - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((table[mid] as number) > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }
    for (;;) {
      const u = this.hN + rng.next() * (this.hX1 - this.hN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.count) k = this.count;
      if (k - x <= this.sThreshold || u >= this.hIntegral(k + 0.5) - this.h(k)) return k - 1;
    }
  }

  private h(x: number): number {
    return Math.exp(-this.skew * Math.log(x));
  }

  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return helper2((1 - this.skew) * logX) * logX;
  }

  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.skew);
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  }
}
