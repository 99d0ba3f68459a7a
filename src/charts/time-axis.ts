/**
 * The time axis of the live charts: tick positions at round steps (so labels
 * never repeat, as "0 s 1 s 1 s 2 s" did with fractional ticks rounded), and
 * which samples fall in a pause (drawn as a gap, not as zero throughput).
 *
 * Pure: numbers in, numbers out.
 */

/** Tick steps in seconds, smallest first. */
const STEPS_S = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];

/**
 * Ticks at a round step between `minS` and `maxS` (seconds), at most `maxTicks`.
 * @example timeTicks(0.3, 4.9) // [1, 2, 3, 4]
 */
export function timeTicks(minS: number, maxS: number, maxTicks = 6): number[] {
  if (!(maxS >= minS)) return [];
  const span = maxS - minS;
  const step =
    STEPS_S.find((s) => Math.floor(span / s) + 1 <= maxTicks) ??
    Math.ceil(span / (maxTicks - 1) / 600) * 600;
  const out: number[] = [];
  for (let t = Math.ceil(minS / step) * step; t <= maxS + 1e-9; t += step)
    out.push(Math.round(t * 1000) / 1000);
  return out;
}

/** A tick label: whole seconds, or tenths when the step is below a second. */
export function formatTick(t: number): string {
  return Number.isInteger(t) ? `${t} s` : `${t.toFixed(1)} s`;
}

export interface Pause {
  fromMs: number;
  /** Infinity while still paused. */
  toMs: number;
}

/**
 * Whether a sample taken at `tMs` measured paused time: during a pause, or
 * within one rate window after it (its sliding window still spans the pause).
 */
export function inPause(tMs: number, pauses: readonly Pause[], windowMs: number): boolean {
  for (const p of pauses) if (tMs > p.fromMs && tMs < p.toMs + windowMs) return true;
  return false;
}
