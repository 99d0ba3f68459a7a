/**
 * The live overlay store: what the canvas draws on nodes and edges during a
 * run (badges, queue fill, the bottleneck). A separate, tiny zustand store,
 * written by the run host at ≤ 4 Hz with pre-formatted, rounded values, so a
 * node or edge component selecting its own entry re-renders only when what it
 * shows changes. Never part of the graph document or the undo history.
 */
import { create } from 'zustand';

export interface LiveOverlay {
  /** True while a run is live (overlays hidden otherwise). */
  active: boolean;
  /** Per node: a short badge ("412/s · 63 %"). */
  nodeBadges: Readonly<Record<string, string>>;
  /** Per edge: queue fill in percent, rounded to 2 % steps. */
  edgeFillPct: Readonly<Record<string, number>>;
  /** Per edge: a tooltip ("depth 80 / 1024 · 12 drops/s"). */
  edgeTitles: Readonly<Record<string, string>>;
  bottleneck: string | null;
}

const EMPTY: LiveOverlay = {
  active: false,
  nodeBadges: {},
  edgeFillPct: {},
  edgeTitles: {},
  bottleneck: null,
};

export const useLiveStore = create<LiveOverlay>(() => EMPTY);

export function clearLiveOverlay(): void {
  useLiveStore.setState(EMPTY, true);
}

/** Fill colour band of the queue-fill overlay: green < 60 %, yellow < 85 %, red above. */
export function fillBand(pct: number): 'ok' | 'warn' | 'hot' {
  return pct < 60 ? 'ok' : pct < 85 ? 'warn' : 'hot';
}

/** "412/s", "1.23k/s", "0.5/s": three significant digits. */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec) || perSec <= 0) return '0/s';
  if (perSec >= 1e6) return `${(perSec / 1e6).toPrecision(3)}M/s`;
  if (perSec >= 1e4) return `${(perSec / 1e3).toPrecision(3)}k/s`;
  if (perSec >= 100) return `${Math.round(perSec)}/s`;
  return `${Number(perSec.toPrecision(2))}/s`;
}

/** "0.42 ms", "12.3 ms", "1.20 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}
