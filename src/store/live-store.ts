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

/** The newest overlay that arrived while held (applied when the hold ends). */
let held: LiveOverlay | null = null;
let holding = false;

export function clearLiveOverlay(): void {
  held = null;
  useLiveStore.setState(EMPTY, true);
}

/**
 * Shows a run's overlay on the canvas, or clears it (null: no run is live).
 * While held (a node being dragged) a new overlay waits and the newest is
 * shown when the hold ends; clearing is never held.
 */
export function applyLiveOverlay(o: LiveOverlay | null): void {
  if (o === null) clearLiveOverlay();
  else if (holding) held = o;
  else useLiveStore.setState(o);
}

/**
 * Holds the overlay while a node is dragged: re-rendering every badge and
 * queue count of a large graph a few times a second took about a third of
 * the frames of a drag during a run (bench:ui, 100-node graph: 33 → 50
 * updates/s without it). The charts keep going.
 */
export function holdLiveOverlay(on: boolean): void {
  holding = on;
  if (!on && held !== null) {
    const o = held;
    held = null;
    useLiveStore.setState(o);
  }
}

/** Fill colour band of the queue-fill overlay: green < 60 %, yellow < 85 %, red above. */
export function fillBand(pct: number): 'ok' | 'warn' | 'hot' {
  return pct < 60 ? 'ok' : pct < 85 ? 'warn' : 'hot';
}
