/**
 * Charts' bridge to the sampler: subscribes to the run host's samples and
 * recomputes the chart data at most `hz` times a second (trailing, so the
 * last sample of a run is always shown). Local state only; nothing reaches
 * the app store. Cleared when a new run starts. Pass a stable (module-level)
 * `build`, or the subscription is renewed on every render.
 *
 * The new data render as a transition: React renders the charts in slices
 * and yields between them, so a chart update never blocks the main thread
 * in one long task, and a drag or a key press goes first (measured with
 * `npm run bench:ui`).
 */
import { startTransition, useEffect, useState } from 'react';

import type { MetricsSampler } from '../metrics/sampler.ts';
import { getRunHost } from '../store/index.ts';

/** Chart refresh rate ceiling (recharts re-renders are not cheap: see bench:ui). */
export const CHART_HZ = 2;

export function useSampled<T>(build: (s: MetricsSampler) => T, hz = CHART_HZ): T | null {
  const [value, setValue] = useState<T | null>(() => {
    const s = getRunHost().currentSampler;
    return s !== null && s.samples > 0 ? build(s) : null;
  });
  useEffect(() => {
    const host = getRunHost();
    const periodMs = 1000 / hz;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      last = performance.now();
      const s = host.currentSampler;
      const next = s !== null && s.samples > 0 ? build(s) : null;
      startTransition(() => setValue(next));
    };
    const onSample = () => {
      if (timer !== null) return;
      timer = setTimeout(flush, Math.max(0, periodMs - (performance.now() - last)));
    };
    const offSample = host.onSample(onSample);
    const offStart = host.onRunStart(() => setValue(null));
    return () => {
      offSample();
      offStart();
      if (timer !== null) clearTimeout(timer);
    };
  }, [build, hz]);
  return value;
}

/** Points kept on a chart: the last 60 s, thinned to at most 240 points. */
export const CHART_WINDOW_SAMPLES = 600;
export const CHART_MAX_POINTS = 240;

/** Indices to plot out of n samples (every k-th, always the newest). */
export function thin(n: number, maxPoints = CHART_MAX_POINTS): number[] {
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const out: number[] = [];
  for (let i = (n - 1) % step; i < n; i += step) out.push(i);
  return out;
}

/** A number for recharts, or null for a gap. */
export const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
