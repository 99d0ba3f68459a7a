/**
 * A log-linear bucketed histogram of microsecond values (HDR-like), whose
 * counts live in a caller-given typed array so it can sit inside a
 * SharedArrayBuffer: one thread `record`s, another reads (`percentile`,
 * `subtractInto` of two snapshots) without locks.
 *
 * Layout: values 0..31 µs have one bucket each (exact); above, every power of
 * two [2^e, 2^(e+1)) is cut into 32 equal sub-buckets, up to 2^31 µs (≈ 35.8
 * min). Larger values are clamped into the last bucket. 864 buckets in all.
 *
 * Error bound: a bucket at or above 32 µs is at most 1/32 of its lower bound
 * wide, so any percentile read from it is within **3.125 % (relative)** of the
 * exact sample percentile, plus < 1 µs because values are floored to whole µs
 * (below 32 µs the error is < 1 µs absolute).
 *
 * Concurrency: `record` is a plain read-modify-write of one element by its
 * single writer. A reader may see a snapshot that is mid-update across
 * buckets (total off by the few samples recorded during the read); use a
 * `Uint32Array` or `Int32Array` (32-bit elements never tear) in shared memory.
 *
 * Pure: no DOM, no Node imports; nothing here allocates except `createHistogram`.
 */

/** Sub-buckets per power of two (2^SUB_BITS). */
const SUB_BITS = 5;
const SUB_COUNT = 1 << SUB_BITS;
/** Largest exponent e with its own buckets: [2^30, 2^31). */
const MAX_EXP = 30;

/** Number of buckets (counts array length). */
export const HISTOGRAM_BUCKETS = (MAX_EXP - SUB_BITS + 2) * SUB_COUNT;
/** Largest value (µs) with its own bucket; larger values land in the last bucket. */
export const HISTOGRAM_MAX_US = 2 ** (MAX_EXP + 1) - 1;
/** The relative error bound of a percentile for values ≥ 32 µs. */
export const HISTOGRAM_RELATIVE_ERROR = 1 / SUB_COUNT;

/** Any typed array of counts with `HISTOGRAM_BUCKETS` elements. */
export type HistogramCounts = Uint32Array | Int32Array | Float64Array;

/** A fresh, zeroed, non-shared counts array. */
export function createHistogram(): Uint32Array {
  return new Uint32Array(HISTOGRAM_BUCKETS);
}

/**
 * The bucket index of a value in µs. Fractions are floored, negatives and
 * NaN go to bucket 0, values above `HISTOGRAM_MAX_US` to the last bucket.
 */
export function bucketOf(valueUs: number): number {
  if (!(valueUs >= SUB_COUNT)) return valueUs >= 1 ? Math.floor(valueUs) : 0;
  const v = valueUs >= HISTOGRAM_MAX_US ? HISTOGRAM_MAX_US : Math.floor(valueUs);
  const e = 31 - Math.clz32(v);
  return ((e - SUB_BITS + 1) << SUB_BITS) + ((v >>> (e - SUB_BITS)) & (SUB_COUNT - 1));
}

/** Inclusive lower bound (µs) of bucket `i`. */
export function bucketLowerUs(i: number): number {
  if (i < SUB_COUNT) return i;
  const group = i >>> SUB_BITS;
  return (SUB_COUNT + (i & (SUB_COUNT - 1))) * 2 ** (group - 1);
}

/** Exclusive upper bound (µs) of bucket `i`. */
export function bucketUpperUs(i: number): number {
  if (i < SUB_COUNT) return i + 1;
  return bucketLowerUs(i) + 2 ** ((i >>> SUB_BITS) - 1);
}

/** Add one sample (µs). Single writer per counts array. */
export function record(counts: HistogramCounts, valueUs: number): void {
  const b = bucketOf(valueUs);
  counts[b] = (counts[b] as number) + 1;
}

/** Add `n` samples of the same value (µs). */
export function recordN(counts: HistogramCounts, valueUs: number, n: number): void {
  const b = bucketOf(valueUs);
  counts[b] = (counts[b] as number) + n;
}

/** Total number of samples. */
export function totalCount(counts: HistogramCounts): number {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i] as number;
  return n;
}

/**
 * The value (µs) below which `percent` % of the samples lie, interpolated
 * linearly inside the bucket that holds that rank. 0 gives the lower bound of
 * the smallest non-empty bucket, 100 the upper bound of the largest.
 * @param percent 0..100 (e.g. 99 for p99).
 * @returns NaN when the histogram is empty.
 */
export function percentile(counts: HistogramCounts, percent: number): number {
  const total = totalCount(counts);
  if (total <= 0) return NaN;
  const p = percent <= 0 ? 0 : percent >= 100 ? 100 : percent;
  const rank = (p / 100) * total;
  let cum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    if (c <= 0) continue;
    if (cum + c >= rank) {
      const lower = bucketLowerUs(i);
      const f = rank <= cum ? 0 : (rank - cum) / c;
      return lower + f * (bucketUpperUs(i) - lower);
    }
    cum += c;
  }
  // Only reached when a concurrent writer changed the counts while we read.
  for (let i = counts.length - 1; i >= 0; i--)
    if ((counts[i] as number) > 0) return bucketUpperUs(i);
  return NaN;
}

/** Mean (µs), taking each bucket's midpoint. NaN when empty. */
export function mean(counts: HistogramCounts): number {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    if (c > 0) {
      n += c;
      sum += c * ((bucketLowerUs(i) + bucketUpperUs(i)) / 2);
    }
  }
  return n > 0 ? sum / n : NaN;
}

/** `target += source`, element-wise (e.g. to combine instances of a node). */
export function mergeInto(target: HistogramCounts, source: HistogramCounts): void {
  const n = Math.min(target.length, source.length);
  for (let i = 0; i < n; i++) target[i] = (target[i] as number) + (source[i] as number);
}

/**
 * `target = now − then`, element-wise: the samples recorded between two
 * snapshots of the same histogram (sliding-window percentiles). `target` may
 * be `now` itself. Negative differences (a torn read, a reset) become 0.
 */
export function subtractInto(
  target: HistogramCounts,
  now: HistogramCounts,
  then: HistogramCounts,
): void {
  const n = Math.min(target.length, now.length, then.length);
  for (let i = 0; i < n; i++) {
    const d = (now[i] as number) - (then[i] as number);
    target[i] = d > 0 ? d : 0;
  }
}
