// @vitest-environment jsdom
/**
 * The canvas overlays' contract: a live update renders only the elements
 * whose shown text changed. A node whose badge reads the same is not
 * rendered again, however many samples arrive.
 */
import { act, cleanup, render } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, describe, expect, it } from 'vitest';

import { clearLiveOverlay, type LiveOverlay, useLiveStore } from '../../store/live-store.ts';
import { LiveActiveContext, LiveNodeBadge } from './LiveOverlays.tsx';

afterEach(() => {
  cleanup();
  clearLiveOverlay();
});

const overlay = (badges: Record<string, string>): LiveOverlay => ({
  active: true,
  nodeBadges: badges,
  edgeFillPct: {},
  edgeTitles: {},
  edgeQueued: {},
  bottleneck: null,
});

describe('live node badges', () => {
  it('a sample that changes one node’s badge renders that badge only', () => {
    const renders: Record<string, number> = { a: 0, b: 0 };
    useLiveStore.setState(overlay({ a: '10/s', b: '20/s' }), true);
    const view = render(
      <LiveActiveContext value={true}>
        {['a', 'b'].map((id) => (
          <Profiler key={id} id={id} onRender={() => renders[id]!++}>
            <LiveNodeBadge id={id} />
          </Profiler>
        ))}
      </LiveActiveContext>,
    );
    expect(view.getByTestId('node.a.live').textContent).toBe('10/s');
    const before = { ...renders };
    // Ten samples: a's badge changes each time, b's reads the same.
    for (let i = 0; i < 10; i++)
      act(() => useLiveStore.setState(overlay({ a: `${11 + i}/s`, b: '20/s' }), true));
    expect(view.getByTestId('node.a.live').textContent).toBe('20/s');
    expect(renders['a']! - before['a']!).toBe(10);
    expect(renders['b']).toBe(before['b']);
  });

  it('renders nothing and subscribes to nothing when no run is live', () => {
    let renders = 0;
    const view = render(
      <LiveActiveContext value={false}>
        <Profiler id="a" onRender={() => renders++}>
          <LiveNodeBadge id="a" />
        </Profiler>
      </LiveActiveContext>,
    );
    const before = renders;
    act(() => useLiveStore.setState(overlay({ a: '10/s' }), true));
    expect(view.queryByTestId('node.a.live')).toBeNull();
    expect(renders).toBe(before);
  });
});
