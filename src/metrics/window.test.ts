import { describe, expect, it } from 'vitest';

import { RateWindow, windowBaseIndex, windowRate } from './window.ts';

describe('windowBaseIndex', () => {
  const at = (times: number[]) => (k: number) => times[k]!;

  it('picks the newest snapshot at or before the window start, never the last one', () => {
    const times = [0, 100, 200, 300, 400, 500];
    expect(windowBaseIndex(6, 300, at(times))).toBe(2); // 200 = 500 − 300 exactly
    expect(windowBaseIndex(6, 250, at(times))).toBe(2);
    expect(windowBaseIndex(6, 50, at(times))).toBe(4);
    expect(windowBaseIndex(6, 0, at(times))).toBe(4); // not the last, even with no window
  });

  it('falls back to the oldest when history is shorter than the window, or too short', () => {
    expect(windowBaseIndex(3, 10_000, at([0, 100, 200]))).toBe(0);
    expect(windowBaseIndex(1, 0, at([5]))).toBe(0);
    expect(windowBaseIndex(0, 0, at([]))).toBe(0);
  });
});

describe('windowRate', () => {
  it('gives 0 with fewer than two snapshots', () => {
    expect(windowRate([], 1000)).toBe(0);
    expect(windowRate([{ tMs: 5, value: 10 }], 1000)).toBe(0);
  });

  it('measures the rate over exactly the window when history covers it', () => {
    // 100/s for the first second, then 1000/s.
    const snaps = [];
    for (let t = 0; t <= 3000; t += 100) {
      snaps.push({ tMs: t, value: t <= 1000 ? t / 10 : 100 + (t - 1000) });
    }
    expect(windowRate(snaps, 1000)).toBeCloseTo(1000, 9);
    expect(windowRate(snaps, 3000)).toBeCloseTo((2100 - 0) / 3, 9);
  });

  it('uses the oldest snapshot when history is shorter than the window', () => {
    expect(
      windowRate(
        [
          { tMs: 0, value: 0 },
          { tMs: 500, value: 50 },
        ],
        10_000,
      ),
    ).toBeCloseTo(100, 9);
  });

  it('restarts after a counter reset', () => {
    const snaps = [
      { tMs: 0, value: 1000 },
      { tMs: 100, value: 2000 },
      { tMs: 200, value: 0 },
      { tMs: 300, value: 30 },
    ];
    expect(windowRate(snaps, 1000)).toBeCloseTo(300, 9);
  });
});

describe('RateWindow', () => {
  it('agrees with windowRate on the same snapshots', () => {
    const w = new RateWindow(64);
    const snaps: { tMs: number; value: number }[] = [];
    let v = 0;
    for (let t = 0; t <= 5000; t += 100) {
      v += (t % 700) + 3;
      w.push(t, v);
      snaps.push({ tMs: t, value: v });
      for (const win of [250, 1000, 2000]) {
        expect(w.ratePerSec(win)).toBeCloseTo(windowRate(snaps.slice(-64), win), 9);
      }
    }
  });

  it('keeps only `capacity` snapshots and still rates the recent window', () => {
    const w = new RateWindow(4);
    for (let t = 0; t <= 10_000; t += 100) w.push(t, t * 2);
    expect(w.size).toBe(4);
    expect(w.ratePerSec(10_000)).toBeCloseTo(2000, 9);
  });

  it('restarts after a counter reset', () => {
    const w = new RateWindow(8);
    w.push(0, 500);
    w.push(100, 600);
    w.push(200, 0);
    w.push(300, 10);
    expect(w.ratePerSec(1000)).toBeCloseTo(100, 9);
  });
});
