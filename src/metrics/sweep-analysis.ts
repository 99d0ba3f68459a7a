/**
 * Reading a one-parameter sweep: where its knee is, and which value is best
 * under the graph's targets. Two stated rules, so the UI marks the same
 * points a person would find by reading the table.
 *
 * Knee (a step rule, chosen over "maximum curvature" because it can be said in
 * one sentence and checked by eye, and because curvature needs evenly spaced
 * values and no noise): with the points in increasing parameter order, the
 * knee is the first point after which throughput rises by less than
 * `gainPct` % (default 5 %) while p95 latency rises by more than `risePct` %
 * (default 5 %): going further buys latency, not throughput. Steps are
 * between neighbouring points of the sweep, so the answer depends on the grid
 * (a coarse grid finds a coarse knee). A sweep where throughput keeps rising,
 * or where latency does not rise when throughput stalls, has no knee.
 *
 * Best under targets: among the points that met every target in every seed
 * (`targetsMet === true`), the one with the highest throughput; throughputs
 * within `tiePct` % (default 1 %) of that highest count as tied (a
 * prediction's throughput moves that much with its seed), and a tie goes to
 * the lower p95 latency, then to the earlier point. None when no point meets
 * every target, or when the graph sets none (the reason says which).
 *
 * Pure: no DOM, no React, no store.
 */

/** One point of a sweep as these rules read it (means over its seeds). */
export interface SweepReading {
  /** The parameter's value. */
  value: number;
  /** Delivered items/s. */
  throughput: number;
  /** p95 end-to-end latency (ms); NaN when nothing was delivered. */
  p95Ms: number;
  /** Every target met in every seed; null when a target had no data or none is set. */
  targetsMet: boolean | null;
}

export interface KneeOptions {
  /** Throughput "stops rising" below this gain per step (percent). Default 5. */
  gainPct?: number;
  /** Latency "keeps rising" above this rise per step (percent). Default 5. */
  risePct?: number;
}

export const KNEE_GAIN_PCT = 5;
export const KNEE_RISE_PCT = 5;
export const BEST_TIE_PCT = 1;

/** Change from a to b in percent of a (NaN when it cannot be said). */
function changePct(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return NaN;
  if (a === 0) return b === 0 ? 0 : b > 0 ? Infinity : -Infinity;
  return ((b - a) / Math.abs(a)) * 100;
}

/** Indices of the points in increasing parameter order (stable). */
function byValue(points: readonly SweepReading[]): number[] {
  return points.map((_, i) => i).sort((a, b) => points[a]!.value - points[b]!.value || a - b);
}

/**
 * The knee of a sweep (see the file header).
 * @returns the index of the knee in `points`, or null when there is none.
 * @example
 * // throughput 100, 200, 204, 205 and p95 2, 3, 9, 40 ms: the knee is the second point
 * findKnee(points) // 1
 */
export function findKnee(points: readonly SweepReading[], opts: KneeOptions = {}): number | null {
  const gain = opts.gainPct ?? KNEE_GAIN_PCT;
  const rise = opts.risePct ?? KNEE_RISE_PCT;
  const order = byValue(points);
  for (let j = 0; j + 1 < order.length; j++) {
    const a = points[order[j]!]!;
    const b = points[order[j + 1]!]!;
    if (a.value === b.value) continue;
    const thr = changePct(a.throughput, b.throughput);
    const lat = changePct(a.p95Ms, b.p95Ms);
    if (thr < gain && lat > rise) return order[j]!;
  }
  return null;
}

export type BestPick = { index: number } | { index: null; reason: string };

/**
 * The best point under the targets (see the file header).
 * @param hasTargets whether the graph sets any target (it says why none is best).
 */
export function bestUnderTargets(
  points: readonly SweepReading[],
  hasTargets: boolean,
  tiePct = BEST_TIE_PCT,
): BestPick {
  if (!hasTargets) return { index: null, reason: 'the graph sets no targets' };
  const met = points.map((p, i) => ({ p, i })).filter(({ p }) => p.targetsMet === true);
  if (met.length === 0) {
    const noData = points.some((p) => p.targetsMet === null);
    return {
      index: null,
      reason: noData
        ? 'no point met every target (some had no data for a target)'
        : 'no point met every target',
    };
  }
  const top = Math.max(...met.map(({ p }) => p.throughput));
  const tied = met.filter(({ p }) => p.throughput >= top - (Math.abs(top) * tiePct) / 100);
  const p95 = (x: SweepReading) => (Number.isFinite(x.p95Ms) ? x.p95Ms : Infinity);
  tied.sort((a, b) => p95(a.p) - p95(b.p) || a.i - b.i);
  return { index: tied[0]!.i };
}
