/**
 * Sliding-window rates from cumulative counters: the sampler reads a
 * monotonically growing counter (messages out, errors, …) every ~100 ms and
 * wants "per second over the last W ms".
 *
 * `windowRate` is the pure rule; `RateWindow` keeps a bounded ring of
 * snapshots for one counter and applies it without allocating.
 *
 * Rule: rate = (v_last − v_base) / (t_last − t_base) · 1000, where the base
 * is the newest snapshot at or before t_last − W (so the span covers the whole
 * window), or the oldest snapshot when history is shorter than W. Fewer than
 * two snapshots, or no elapsed time, give 0. A counter that went down (a
 * reset) restarts the history at that snapshot.
 *
 * Pure: no DOM, no Node imports.
 */

/** One reading of a cumulative counter. */
export interface CounterSnapshot {
  /** Time of the reading, ms. */
  tMs: number;
  /** Cumulative value. */
  value: number;
}

/**
 * Rate per second over the last `windowMs` of time-ordered snapshots.
 * @example windowRate([{ tMs: 0, value: 0 }, { tMs: 1000, value: 500 }], 1000) // 500
 */
export function windowRate(snapshots: readonly CounterSnapshot[], windowMs: number): number {
  const n = snapshots.length;
  const last = snapshots[n - 1];
  if (last === undefined || n < 2) return 0;
  const from = last.tMs - windowMs;
  let base = 0;
  for (let i = n - 2; i >= 0; i--) {
    const s = snapshots[i] as CounterSnapshot;
    if (s.value > (snapshots[i + 1] as CounterSnapshot).value) {
      base = i + 1; // reset between i and i + 1
      break;
    }
    if (s.tMs <= from) {
      base = i;
      break;
    }
  }
  const b = snapshots[base] as CounterSnapshot;
  const dt = last.tMs - b.tMs;
  return dt > 0 ? ((last.value - b.value) * 1000) / dt : 0;
}

/**
 * A bounded history of one counter with a sliding-window rate. Keep
 * `capacity` ≥ window / sampling period + 2.
 * @example
 * const w = new RateWindow(64);
 * w.push(now, counters.out);
 * w.ratePerSec(1000);
 */
export class RateWindow {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private len = 0;

  constructor(capacity = 128) {
    const cap = Math.max(2, capacity);
    this.times = new Float64Array(cap);
    this.values = new Float64Array(cap);
  }

  /** Number of snapshots held. */
  get size(): number {
    return this.len;
  }

  /** Add a snapshot (times must not go backwards); the oldest falls out when full. */
  push(tMs: number, value: number): void {
    const cap = this.times.length;
    if (this.len > 0) {
      const lastI = (this.head + this.len - 1) % cap;
      if (value < (this.values[lastI] as number)) this.len = 0; // counter reset
    }
    if (this.len === cap) {
      this.head = (this.head + 1) % cap;
      this.len--;
    }
    const i = (this.head + this.len) % cap;
    this.times[i] = tMs;
    this.values[i] = value;
    this.len++;
  }

  /** Rate per second over the last `windowMs` (see the file header). */
  ratePerSec(windowMs: number): number {
    if (this.len < 2) return 0;
    const cap = this.times.length;
    const lastI = (this.head + this.len - 1) % cap;
    const tLast = this.times[lastI] as number;
    const from = tLast - windowMs;
    let base = this.head;
    for (let k = this.len - 2; k >= 0; k--) {
      const i = (this.head + k) % cap;
      if ((this.times[i] as number) <= from) {
        base = i;
        break;
      }
    }
    const dt = tLast - (this.times[base] as number);
    return dt > 0
      ? (((this.values[lastI] as number) - (this.values[base] as number)) * 1000) / dt
      : 0;
  }

  clear(): void {
    this.len = 0;
    this.head = 0;
  }
}
