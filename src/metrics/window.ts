/**
 * Sliding-window rates from cumulative counters: the sampler reads a
 * monotonically growing counter (messages out, errors, …) every ~100 ms and
 * wants "per second over the last W ms".
 *
 * `windowBaseIndex` is the rule for choosing the base snapshot, the one
 * place it is written (the sampler uses it for every counter it windows);
 * `windowRate` applies it to an array of snapshots; `RateWindow` keeps a
 * bounded ring of snapshots for one counter and applies it without allocating.
 *
 * Rule: rate = (v_last − v_base) / (t_last − t_base) · 1000, where the base
 * is the newest snapshot at or before t_last − W (so the span covers the whole
 * window), or the oldest snapshot when history is shorter than W. Fewer than
 * two snapshots, or no elapsed time, give 0. A counter that went down (a
 * reset) restarts the history at that snapshot.
 *
 * Pure: no DOM, no Node imports.
 */
import { TypedRing } from '../core/typed-ring.ts';

/** One reading of a cumulative counter. */
export interface CounterSnapshot {
  /** Time of the reading, ms. */
  tMs: number;
  /** Cumulative value. */
  value: number;
}

/**
 * The base of a sliding window: among `count` time-ordered snapshots (k = 0
 * the oldest, count − 1 the newest, `timeAt(k)` their times in ms), the
 * newest one other than the last taken at or before `timeAt(count − 1) −
 * windowMs`, so that the span covers the whole window; the oldest (0) when
 * none is (history shorter than the window) or when there are fewer than two.
 * Allocates nothing (pass a `timeAt` made once to keep it so).
 * @example windowBaseIndex(3, 1000, (k) => [0, 600, 1200][k]!) // 0: 600 > 1200 − 1000
 */
export function windowBaseIndex(
  count: number,
  windowMs: number,
  timeAt: (k: number) => number,
): number {
  if (count < 2) return 0;
  const from = timeAt(count - 1) - windowMs;
  for (let k = count - 2; k >= 0; k--) if (timeAt(k) <= from) return k;
  return 0;
}

/**
 * Rate per second over the last `windowMs` of time-ordered snapshots.
 * @example windowRate([{ tMs: 0, value: 0 }, { tMs: 1000, value: 500 }], 1000) // 500
 */
export function windowRate(snapshots: readonly CounterSnapshot[], windowMs: number): number {
  const n = snapshots.length;
  const last = snapshots[n - 1];
  if (last === undefined || n < 2) return 0;
  // A counter that went down was reset: the history starts again after the newest drop.
  let start = 0;
  for (let i = n - 2; i >= 0; i--) {
    if (snapshots[i]!.value > snapshots[i + 1]!.value) {
      start = i + 1;
      break;
    }
  }
  const base = start + windowBaseIndex(n - start, windowMs, (k) => snapshots[start + k]!.tMs);
  const b = snapshots[base]!;
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
  private readonly ring: TypedRing<{ tMs: Float64Array; value: Float64Array }>;
  private readonly timeAt = (k: number) => this.ring.columns.tMs[this.ring.slotAt(k)]!;

  constructor(capacity = 128) {
    this.ring = new TypedRing(Math.max(2, capacity), {
      tMs: { type: Float64Array },
      value: { type: Float64Array },
    });
  }

  /** Number of snapshots held. */
  get size(): number {
    return this.ring.length;
  }

  /** Add a snapshot (times must not go backwards); the oldest falls out when full. */
  push(tMs: number, value: number): void {
    const { ring } = this;
    if (ring.length > 0 && value < ring.columns.value[ring.slotOfAge(0)]!) ring.clear(); // reset
    const slot = ring.push();
    ring.columns.tMs[slot] = tMs;
    ring.columns.value[slot] = value;
  }

  /** Rate per second over the last `windowMs` (see the file header). */
  ratePerSec(windowMs: number): number {
    const { ring } = this;
    if (ring.length < 2) return 0;
    const last = ring.slotOfAge(0);
    const base = ring.slotAt(windowBaseIndex(ring.length, windowMs, this.timeAt));
    const { tMs, value } = ring.columns;
    const dt = tMs[last]! - tMs[base]!;
    return dt > 0 ? ((value[last]! - value[base]!) * 1000) / dt : 0;
  }

  clear(): void {
    this.ring.clear();
  }
}
