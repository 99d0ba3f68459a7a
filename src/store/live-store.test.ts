import { afterEach, describe, expect, it } from 'vitest';

import {
  applyLiveOverlay,
  clearLiveOverlay,
  holdLiveOverlay,
  type LiveOverlay,
  useLiveStore,
} from './live-store.ts';

const overlay = (badge: string): LiveOverlay => ({
  active: true,
  nodeBadges: { a: badge },
  edgeFillPct: {},
  edgeTitles: {},
  edgeQueued: {},
  bottleneck: null,
});

afterEach(() => {
  holdLiveOverlay(false);
  clearLiveOverlay();
});

describe('live overlay hold (a node being dragged)', () => {
  it('keeps the badges as they were during the hold, then shows the newest on release', () => {
    applyLiveOverlay(overlay('1/s'));
    holdLiveOverlay(true);
    applyLiveOverlay(overlay('2/s'));
    applyLiveOverlay(overlay('3/s'));
    expect(useLiveStore.getState().nodeBadges['a']).toBe('1/s');
    holdLiveOverlay(false);
    expect(useLiveStore.getState().nodeBadges['a']).toBe('3/s');
    // Not held any more: applies at once.
    applyLiveOverlay(overlay('4/s'));
    expect(useLiveStore.getState().nodeBadges['a']).toBe('4/s');
  });

  it('clears at once even while held, and a release then brings nothing stale back', () => {
    applyLiveOverlay(overlay('1/s'));
    holdLiveOverlay(true);
    applyLiveOverlay(overlay('2/s'));
    applyLiveOverlay(null); // the run ended mid-drag
    expect(useLiveStore.getState().active).toBe(false);
    holdLiveOverlay(false);
    expect(useLiveStore.getState().active).toBe(false);
    expect(useLiveStore.getState().nodeBadges).toEqual({});
  });
});
