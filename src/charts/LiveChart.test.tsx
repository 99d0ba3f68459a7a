// @vitest-environment jsdom
/**
 * The live chart's contract with React: samples redraw the canvas (throttled,
 * in an animation frame) without rendering the component again; React renders
 * only when the legend or the placeholder change.
 */
import { act, cleanup, render } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { MetricsSampler } from '../metrics/sampler.ts';
import type { ChartData } from './LiveChart.tsx';

// A run host the test drives: samples are sent by hand.
const fakeHost = vi.hoisted(() => {
  const sampleFns = new Set<() => void>();
  const startFns = new Set<() => void>();
  return {
    currentSampler: null as { samples: number } | null,
    pauses: [],
    onSample(fn: () => void) {
      sampleFns.add(fn);
      return () => void sampleFns.delete(fn);
    },
    onRunStart(fn: () => void) {
      startFns.add(fn);
      return () => void startFns.delete(fn);
    },
    sample() {
      for (const fn of sampleFns) fn();
    },
    start() {
      for (const fn of startFns) fn();
    },
    listeners: () => sampleFns.size,
  };
});
vi.mock('../store/index.ts', () => ({ getRunHost: () => fakeHost }));

const { CHART_HZ, LiveChart } = await import('./LiveChart.tsx');

/** A 2D context that counts the strokes and line segments drawn. */
function recordingContext() {
  const rec = { strokes: 0, segments: 0, clears: 0 };
  const ctx = new Proxy(
    {},
    {
      get(_t, key) {
        if (key === 'stroke') return () => rec.strokes++;
        if (key === 'lineTo') return () => rec.segments++;
        if (key === 'clearRect') return () => rec.clears++;
        return () => undefined;
      },
      set: () => true,
    },
  );
  return { rec, ctx };
}

let drawn: ReturnType<typeof recordingContext>;

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'performance'],
  });
  drawn = recordingContext();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
    () => drawn.ctx as unknown as CanvasRenderingContext2D,
  );
  // jsdom lays nothing out: give the chart body a size.
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(300);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(120);
  fakeHost.currentSampler = null;
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A build whose frame grows by one point per call; counts its calls. */
function counter(seriesNames = ['sinks']) {
  let calls = 0;
  const build = (_s: MetricsSampler): ChartData => {
    calls++;
    const tS = Array.from({ length: calls + 1 }, (_, i) => i * 0.1);
    return {
      tS,
      series: seriesNames.map((name) => ({ name, color: '#000', values: tS.map((t) => t * 10) })),
      paused: [],
      headline: `${calls * 10} msg/s`,
    };
  };
  return { build, calls: () => calls };
}

function mount(build: (s: MetricsSampler) => ChartData) {
  let renders = 0;
  const view = render(
    <Profiler id="chart" onRender={() => renders++}>
      <LiveChart title="Throughput" unit="msg/s" testId="t" build={build} />
    </Profiler>,
  );
  return { view, renders: () => renders };
}

describe('LiveChart', () => {
  it('redraws on samples at most CHART_HZ times a second, without rendering again', () => {
    fakeHost.currentSampler = { samples: 1 };
    const c = counter();
    const m = mount(c.build);
    const canvas = m.view.container.querySelector('canvas')!;
    const rendersAtStart = m.renders();
    const buildsAtStart = c.calls();
    const strokesAtStart = drawn.rec.strokes;
    // 10 samples a second for 2 s, as the run host sends them.
    for (let i = 0; i < 20; i++) {
      act(() => {
        fakeHost.sample();
        vi.advanceTimersByTime(100);
      });
    }
    act(() => void vi.advanceTimersByTime(1000));
    const builds = c.calls() - buildsAtStart;
    expect(builds).toBeGreaterThanOrEqual(2 * CHART_HZ - 1);
    expect(builds).toBeLessThanOrEqual(2 * CHART_HZ + 1);
    expect(drawn.rec.strokes).toBeGreaterThan(strokesAtStart);
    // The canvas says what it drew, the headline the newest value…
    expect(Number(canvas.dataset['points'])).toBe(c.calls() + 1);
    expect(m.view.container.querySelector('.chart-headline')!.textContent).toBe(
      `${c.calls() * 10} msg/s`,
    );
    expect(canvas.getAttribute('aria-label')).toMatch(/^Throughput: sinks \d/);
    // …and React did not render the chart for any of it.
    expect(m.renders()).toBe(rendersAtStart);
  });

  it('renders again only when the legend changes', () => {
    fakeHost.currentSampler = { samples: 1 };
    let names = ['a → b'];
    let calls = 0;
    const build = (): ChartData => {
      calls++;
      return {
        tS: [0, 1],
        series: names.map((name) => ({ name, color: '#000', values: [1, 2] })),
        paused: [],
        headline: '',
      };
    };
    const m = mount(build);
    const before = m.renders();
    act(() => {
      fakeHost.sample();
      vi.advanceTimersByTime(500);
    });
    expect(m.renders()).toBe(before);
    names = ['a → b', 'b → c'];
    act(() => {
      fakeHost.sample();
      vi.advanceTimersByTime(500);
    });
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(m.renders()).toBe(before + 1);
    expect(m.view.getByRole('list', { name: 'Throughput series' }).textContent).toContain('b → c');
  });

  it('shows "No data yet" until the first sample, and again when a new run starts', () => {
    const c = counter();
    const m = mount(c.build);
    expect(m.view.getByText('No data yet')).toBeTruthy();
    expect(c.calls()).toBe(0);
    fakeHost.currentSampler = { samples: 1 };
    act(() => {
      fakeHost.sample();
      vi.advanceTimersByTime(500);
    });
    expect(m.view.queryByText('No data yet')).toBeNull();
    const headline = m.view.container.querySelector('.chart-headline')!;
    expect(headline.textContent).not.toBe('');
    // A cursor on the old run's data…
    const canvas = m.view.getByRole('application');
    act(
      () => void canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true })),
    );
    const tip = m.view.container.querySelector<HTMLElement>('.chart-tip')!;
    expect(tip.hidden).toBe(false);
    fakeHost.currentSampler = { samples: 0 };
    act(() => fakeHost.start());
    // …goes with it: placeholder, no headline, no tip, a summary that says so.
    expect(m.view.getByText('No data yet')).toBeTruthy();
    expect(headline.textContent).toBe('');
    expect(tip.hidden).toBe(true);
    expect(canvas.getAttribute('aria-label')).toBe('Throughput: no data yet');
  });

  it('unsubscribes from the run host when it unmounts', () => {
    const m = mount(counter().build);
    expect(fakeHost.listeners()).toBe(1);
    m.view.unmount();
    expect(fakeHost.listeners()).toBe(0);
  });

  it('shows the values at a point with the arrow keys', () => {
    fakeHost.currentSampler = { samples: 1 };
    const m = mount(counter(['p50', 'p95']).build);
    const canvas = m.view.getByRole('application');
    const tip = m.view.container.querySelector<HTMLElement>('.chart-tip')!;
    expect(tip.hidden).toBe(true);
    act(() => {
      canvas.focus();
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toContain('t = 0.1 s');
    expect(tip.textContent).toContain('p95: 1 msg/s');
    act(() => {
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    });
    expect(tip.textContent).toContain('t = 0.0 s');
    // Read aloud when chosen with the keys.
    expect(tip.getAttribute('aria-live')).toBe('polite');
    const escape = () => {
      const e = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
      act(() => void canvas.dispatchEvent(e));
      return e.defaultPrevented;
    };
    // Escape clears the cursor; with none, it is left to the page (results' Restore).
    expect(escape()).toBe(true);
    expect(tip.hidden).toBe(true);
    expect(escape()).toBe(false);
  });

  it('keeps a point chosen with the keys on its time while new samples arrive', () => {
    fakeHost.currentSampler = { samples: 1 };
    const c = counter();
    const m = mount(c.build);
    const canvas = m.view.getByRole('application');
    const tip = m.view.container.querySelector<HTMLElement>('.chart-tip')!;
    act(() => {
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    const chosen = tip.textContent;
    expect(chosen).toMatch(/^t = 0\.1 s/);
    for (let i = 0; i < 5; i++)
      act(() => {
        fakeHost.sample();
        vi.advanceTimersByTime(300);
      });
    expect(c.calls()).toBeGreaterThan(3);
    expect(tip.textContent).toBe(chosen);
  });

  it('leaves modified arrow keys to the browser', () => {
    fakeHost.currentSampler = { samples: 1 };
    const m = mount(counter().build);
    const canvas = m.view.getByRole('application');
    const e = new KeyboardEvent('keydown', {
      key: 'ArrowLeft',
      altKey: true,
      bubbles: true,
      cancelable: true,
    });
    act(() => void canvas.dispatchEvent(e));
    expect(e.defaultPrevented).toBe(false);
    expect(m.view.container.querySelector<HTMLElement>('.chart-tip')!.hidden).toBe(true);
  });
});
