import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  drawPlot,
  nearestIndex,
  plotArea,
  type PlotContext,
  type PlotFrame,
  timeAt,
  valueTicks,
  xOf,
  yOf,
} from './plot.ts';

const THEME = {
  grid: '#ddd',
  axis: '#666',
  text: '#666',
  pause: '#999',
  cursor: '#000',
  font: '11px sans-serif',
};

/** Records the calls a chart makes, by name, with their arguments. */
function recorder() {
  const calls: { op: string; args: unknown[]; stroke: unknown; alpha: number }[] = [];
  const state = { strokeStyle: '' as unknown, globalAlpha: 1 };
  const ctx = new Proxy(state, {
    get(target, key) {
      if (key in target) return target[key as keyof typeof target];
      return (...args: unknown[]) =>
        calls.push({
          op: String(key),
          args,
          stroke: target.strokeStyle,
          alpha: target.globalAlpha,
        });
    },
    set(target, key, value) {
      (target as Record<string, unknown>)[String(key)] = value;
      return true;
    },
  }) as unknown as PlotContext;
  return { ctx, calls };
}

describe('valueTicks', () => {
  it('steps by 1, 2, 2.5 or 5 × 10^k from 0 to at least the maximum', () => {
    expect(valueTicks(1730)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(valueTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(valueTicks(10)).toEqual([0, 2.5, 5, 7.5, 10]);
  });

  it('gives an axis for nothing to show (no data, zeros, NaN)', () => {
    expect(valueTicks(NaN)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(valueTicks(0)).toEqual(valueTicks(NaN));
  });

  it('always covers the maximum with at most 5 ticks, evenly spaced', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e12, noNaN: true }), (max) => {
        const t = valueTicks(max);
        expect(t[0]).toBe(0);
        expect(t.length).toBeLessThanOrEqual(5);
        expect(t[t.length - 1]!).toBeGreaterThanOrEqual(max * (1 - 1e-9));
        // Not more than one step of headroom.
        const step = t[1]! - t[0]!;
        expect(t[t.length - 1]! - max).toBeLessThan(step * (1 + 1e-9));
      }),
    );
  });
});

describe('nearestIndex', () => {
  it('finds the nearest time point, at either end too', () => {
    const t = [0, 0.1, 0.2, 0.5, 1];
    expect(nearestIndex(t, -3)).toBe(0);
    expect(nearestIndex(t, 0.14)).toBe(1);
    expect(nearestIndex(t, 0.16)).toBe(2);
    expect(nearestIndex(t, 0.4)).toBe(3);
    expect(nearestIndex(t, 9)).toBe(4);
    expect(nearestIndex([], 1)).toBe(-1);
  });

  it('agrees with a linear scan on random sorted times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: -10, max: 110, noNaN: true }),
        (raw, at) => {
          const t = [...raw].sort((a, b) => a - b);
          const i = nearestIndex(t, at);
          const best = Math.min(...t.map((x) => Math.abs(x - at)));
          expect(Math.abs(t[i]! - at)).toBe(best);
        },
      ),
    );
  });
});

describe('plot geometry', () => {
  const frame: PlotFrame = {
    tS: [2, 3, 4, 5, 6],
    series: [{ name: 's', color: '#f00', values: [0, 100, 200, 150, 50] }],
    paused: [],
  };

  it('maps the first and last time to the plot edges and 0 to its bottom', () => {
    const a = plotArea(frame, 400, 200);
    expect(xOf(a, 2)).toBe(a.left);
    expect(xOf(a, 6)).toBe(a.right);
    expect(yOf(a, 0)).toBe(a.bottom);
    expect(yOf(a, a.yMax)).toBe(a.top);
    expect(a.xTicks).toEqual([2, 3, 4, 5, 6]);
    expect(timeAt(a, a.left - 50)).toBe(2);
    expect(timeAt(a, (a.left + a.right) / 2)).toBe(4);
  });

  it('shows one point at the right edge of a one-second axis', () => {
    const a = plotArea(
      { ...frame, tS: [7], series: [{ ...frame.series[0]!, values: [3] }] },
      400,
      200,
    );
    expect(a.tMin).toBe(6);
    expect(xOf(a, 7)).toBe(a.right);
  });
});

describe('drawPlot', () => {
  it('draws one stroke per series through every finite point, lifting the pen at gaps', () => {
    const { ctx, calls } = recorder();
    const r = drawPlot(
      ctx,
      {
        tS: [0, 1, 2, 3, 4, 5],
        series: [
          { name: 'a', color: '#f00', values: [1, 2, NaN, NaN, 3, 4] },
          { name: 'b', color: '#00f', values: [5, 5, 5, 5, 5, 5], dashed: true },
        ],
        paused: [],
      },
      300,
      120,
      THEME,
      String,
    );
    expect(r.points).toBe(10);
    const red = calls.filter((c) => c.stroke === '#f00');
    // Two runs of points: two pen-downs, one segment each.
    expect(red.filter((c) => c.op === 'moveTo')).toHaveLength(2);
    expect(red.filter((c) => c.op === 'lineTo')).toHaveLength(2);
    expect(red.filter((c) => c.op === 'stroke')).toHaveLength(1);
    const blue = calls.filter((c) => c.stroke === '#00f');
    expect(blue.filter((c) => c.op === 'lineTo')).toHaveLength(5);
    expect(calls.some((c) => c.op === 'setLineDash' && (c.args[0] as number[]).length === 2)).toBe(
      true,
    );
  });

  it('shades a pause and labels it', () => {
    const { ctx, calls } = recorder();
    const f: PlotFrame = {
      tS: [0, 1, 2, 3, 4],
      series: [{ name: 'a', color: '#f00', values: [1, 1, NaN, NaN, 1] }],
      paused: [{ from: 1.5, to: 3.5 }],
    };
    const { area } = drawPlot(ctx, f, 300, 120, THEME, String);
    const shade = calls.find((c) => c.op === 'fillRect' && c.alpha < 1);
    expect(shade).toBeDefined();
    const [x, , w] = shade!.args as number[];
    expect(x).toBeCloseTo(xOf(area, 1.5));
    expect(x! + w!).toBeCloseTo(xOf(area, 3.5));
    expect(calls.some((c) => c.op === 'fillText' && c.args[0] === 'paused')).toBe(true);
  });

  it('labels the axes with the given value format and round seconds', () => {
    const { ctx, calls } = recorder();
    drawPlot(
      ctx,
      { tS: [0, 1, 2], series: [{ name: 'a', color: '#f00', values: [0, 900, 1730] }], paused: [] },
      300,
      120,
      THEME,
      (v) => `${v / 1000}k`,
    );
    const labels = calls.filter((c) => c.op === 'fillText').map((c) => c.args[0]);
    expect(labels).toEqual(expect.arrayContaining(['0k', '1k', '2k', '0 s', '1 s', '2 s']));
  });

  it('marks the hovered point of each series', () => {
    const { ctx, calls } = recorder();
    const f: PlotFrame = {
      tS: [0, 1, 2],
      series: [
        { name: 'a', color: '#f00', values: [1, 2, 3] },
        { name: 'b', color: '#00f', values: [3, NaN, 1] },
      ],
      paused: [],
    };
    const before = calls.length;
    drawPlot(ctx, f, 300, 120, THEME, String, 1);
    const dots = calls.slice(before).filter((c) => c.op === 'fillRect' && c.args[2] === 5);
    // b has no value there: one dot.
    expect(dots).toHaveLength(1);
  });
});
