/**
 * The live overlay store: what the canvas draws on nodes and edges during a
 * run (badges, queue fill, the bottleneck). A separate, tiny zustand store,
 * written by the run host at ≤ 4 Hz with pre-formatted, rounded values, so a
 * node or edge component selecting its own entry re-renders only when what it
 * shows changes. Never part of the graph document or the undo history.
 */
import { create } from 'zustand';

import type { LiveOverlay } from '../host/run-host.ts';

export type { LiveOverlay };

const EMPTY: LiveOverlay = {
  active: false,
  nodeBadges: {},
  edgeFillPct: {},
  edgeTitles: {},
  edgeQueued: {},
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
