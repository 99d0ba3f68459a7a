import { describe, expect, it } from 'vitest';

import { formatTick, inPause, timeTicks } from './time-axis.ts';

describe('timeTicks', () => {
  it('puts ticks on whole seconds with no label twice', () => {
    const ticks = timeTicks(0.3, 4.9);
    expect(ticks).toEqual([1, 2, 3, 4]);
    const labels = ticks.map(formatTick);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('widens the step for a long window', () => {
    expect(timeTicks(0, 60)).toEqual([0, 15, 30, 45, 60]);
    expect(timeTicks(100, 160).length).toBeLessThanOrEqual(6);
  });

  it('uses half seconds in the first second, labelled with a decimal', () => {
    expect(timeTicks(0, 0.8)).toEqual([0, 0.5]);
    expect(formatTick(0.5)).toBe('0.5 s');
  });

  it('returns nothing for an empty domain', () => {
    expect(timeTicks(Number.NaN, 1)).toEqual([]);
  });
});

describe('inPause', () => {
  const pauses = [{ fromMs: 1000, toMs: 3000 }];
  it('marks samples during a pause and one window after it', () => {
    expect(inPause(500, pauses, 1000)).toBe(false);
    expect(inPause(2000, pauses, 1000)).toBe(true);
    expect(inPause(3500, pauses, 1000)).toBe(true);
    expect(inPause(4100, pauses, 1000)).toBe(false);
  });
  it('marks every sample after a pause that has not ended', () => {
    expect(inPause(9e9, [{ fromMs: 1000, toMs: Infinity }], 1000)).toBe(true);
  });
});
