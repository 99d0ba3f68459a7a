/**
 * A sweep as the Sweep tab shows it: its rows (grid order, finished or not),
 * the chart points (finished ones, by value), the knee and the best value
 * under targets, and values with their 95 % interval as a person reads them.
 *
 * Pure: data in, data out.
 */
import { formatMs, formatRate } from '../core/format.ts';
import type { PointSummary, SweepPointResult } from '../host/sweep.ts';
import type { Interval } from '../metrics/stats.ts';
import {
  type BestPick,
  bestUnderTargets,
  findKnee,
  type SweepReading,
} from '../metrics/sweep-analysis.ts';

export interface SweepRow {
  /** Index in the grid (the order the values were given). */
  index: number;
  value: number;
  point: SweepPointResult | undefined;
}

/** One point of the sweep charts (finished points only, by value). */
export interface SweepChartRow {
  x: number;
  throughput: number;
  /** Half-width of the 95 % interval (0 with one seed). */
  throughputErr: number;
  /** p95 latency (ms), null when nothing was delivered. */
  p95: number | null;
  p95Err: number;
  dropped: number;
  droppedErr: number;
}

export interface SweepFindings {
  /** Grid index of the knee, or null. */
  knee: number | null;
  /** Grid index of the best value under targets, or null with the reason. */
  best: BestPick;
}

/** Every value of the sweep in grid order, with its result when finished. */
export function sweepRows(
  values: readonly number[],
  points: readonly (SweepPointResult | undefined)[],
): SweepRow[] {
  return values.map((value, index) => ({ index, value, point: points[index] }));
}

function reading(value: number, s: PointSummary): SweepReading {
  return {
    value,
    throughput: s.throughput.mean,
    p95Ms: s.p95LatencyMs.n > 0 ? s.p95LatencyMs.mean : NaN,
    targetsMet: s.targetsMet,
  };
}

/** The knee and the best value among the finished points (grid indices). */
export function sweepFindings(rows: readonly SweepRow[], hasTargets: boolean): SweepFindings {
  const done = rows.filter((r) => r.point !== undefined);
  const readings = done.map((r) => reading(r.value, r.point!.summary));
  const knee = findKnee(readings);
  const best = bestUnderTargets(readings, hasTargets);
  return {
    knee: knee === null ? null : done[knee]!.index,
    best: best.index === null ? best : { index: done[best.index]!.index },
  };
}

const err = (i: Interval) => i.halfWidth ?? 0;

/** The chart points: finished points, in increasing value. */
export function sweepChartRows(rows: readonly SweepRow[]): SweepChartRow[] {
  return rows
    .filter((r) => r.point !== undefined)
    .map((r) => {
      const s = r.point!.summary;
      return {
        x: r.value,
        throughput: s.throughput.mean,
        throughputErr: err(s.throughput),
        p95: s.p95LatencyMs.n > 0 ? s.p95LatencyMs.mean : null,
        p95Err: err(s.p95LatencyMs),
        dropped: s.dropped.mean,
        droppedErr: err(s.dropped),
      };
    })
    .sort((a, b) => a.x - b.x);
}

/**
 * A log x axis reads a sweep better when its values span two orders of
 * magnitude or more (1, 10, 100, 1000); only for positive values.
 */
export function wantsLogAxis(values: readonly number[]): boolean {
  if (values.length < 3 || values.some((v) => !(v > 0))) return false;
  return Math.max(...values) / Math.min(...values) >= 100;
}

/**
 * Y ticks from 0 to a round value at or above `max`, in at most `most`
 * steps of 1, 2, 2.5 or 5 × 10^k (0, 500, 1000, … rather than 0, 550, 1100).
 * @example niceTicks(2002) // [0, 500, 1000, 1500, 2000, 2500]
 */
export function niceTicks(max: number, most = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / most;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((x) => x >= raw - 1e-12) ?? 10 * pow;
  const n = Math.ceil(max / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/**
 * Ticks of a log axis from the decade at or below `min` to the one at or above
 * `max` (10, 100, 1000), with 2 and 5 between them when it spans at most two
 * decades.
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min)) return [1, 10];
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const between = hi - lo <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k++)
    for (const m of between) {
      const t = Number((m * 10 ** k).toPrecision(12));
      if (k < hi || m === 1) ticks.push(t);
    }
  return ticks;
}

/**
 * A value with its 95 % interval: "412/s ± 1.3 %"; the value alone with one
 * seed; "–" without data.
 */
export function withInterval(i: Interval, show: (x: number) => string): string {
  if (i.n === 0 || !Number.isFinite(i.mean)) return '–';
  if (i.halfWidth === null || i.halfWidth === 0) return show(i.mean);
  if (i.mean === 0) return `${show(i.mean)} ± ${show(i.halfWidth)}`;
  const pct = (i.halfWidth / Math.abs(i.mean)) * 100;
  return `${show(i.mean)} ± ${pct < 10 ? pct.toFixed(1) : Math.round(pct)} %`;
}

export const showRate = formatRate;
export const showMs = formatMs;
/** Counts: whole numbers, or one decimal for a mean over seeds below 10. */
export const showCount = (x: number) =>
  Number.isInteger(x) || x >= 10 ? Math.round(x).toLocaleString('en') : x.toFixed(1);
