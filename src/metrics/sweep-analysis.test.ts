import { describe, expect, it } from 'vitest';

import { bestUnderTargets, findKnee, type SweepReading } from './sweep-analysis.ts';

const pts = (rows: [number, number, number, (boolean | null)?][]): SweepReading[] =>
  rows.map(([value, throughput, p95Ms, targetsMet = null]) => ({
    value,
    throughput,
    p95Ms,
    targetsMet,
  }));

describe('the knee of a sweep', () => {
  it('is the first point after which throughput stops rising while latency keeps rising', () => {
    // An arrival-rate sweep into a 1000/s server: it saturates at 1000.
    const rate = pts([
      [200, 200, 1.3],
      [400, 400, 1.7],
      [800, 800, 5],
      [1000, 985, 60],
      [1200, 996, 900],
      [1400, 998, 2000],
    ]);
    expect(findKnee(rate)).toBe(3);
  });

  it('reads the points in increasing parameter order, whatever order they come in', () => {
    const batch = pts([
      [64, 2040, 40],
      [1, 500, 2],
      [16, 2000, 12],
      [4, 1500, 4],
    ]);
    // 1 → 4 → 16 rise by 200 % and 33 %; 16 → 64 gains 2 % while p95 triples.
    expect(findKnee(batch)).toBe(2);
  });

  it('has none while throughput keeps rising, or when latency does not rise as it stalls', () => {
    expect(
      findKnee(
        pts([
          [1, 100, 5],
          [2, 200, 6],
          [3, 300, 8],
        ]),
      ),
    ).toBeNull();
    // More servers: throughput stalls at the arrival rate and latency falls.
    expect(
      findKnee(
        pts([
          [1, 900, 80],
          [2, 1000, 4],
          [4, 1001, 2],
          [8, 1000, 2],
        ]),
      ),
    ).toBeNull();
    expect(findKnee(pts([[1, 100, 5]]))).toBeNull();
    expect(findKnee([])).toBeNull();
  });

  it('uses the stated shares, and skips steps without latency data', () => {
    const p = pts([
      [1, 100, 10],
      [2, 108, 12],
      [3, 110, NaN],
      [4, 111, 30],
    ]);
    expect(findKnee(p)).toBeNull(); // 8 % > 5 %; then no latency at 3
    expect(findKnee(p, { gainPct: 10 })).toBe(0);
    expect(findKnee(p, { gainPct: 10, risePct: 25 })).toBeNull();
  });

  it('counts a throughput that falls as one that stopped rising', () => {
    const service = pts([
      [1, 1000, 3],
      [2, 500, 400],
      [4, 250, 900],
    ]);
    expect(findKnee(service)).toBe(0);
  });
});

describe('the best value under targets', () => {
  it('is the met point with the highest throughput', () => {
    const p = pts([
      [1, 500, 2, true],
      [2, 900, 5, true],
      [3, 1000, 40, false],
    ]);
    expect(bestUnderTargets(p, true)).toEqual({ index: 1 });
  });

  it('breaks a tie (throughputs within 1 %) by the lower p95, then the earlier point', () => {
    const p = pts([
      [1, 995, 9, true],
      [2, 1000, 12, true],
      [3, 1004, 7, true],
      [4, 980, 1, true],
    ]);
    expect(bestUnderTargets(p, true)).toEqual({ index: 2 });
    expect(bestUnderTargets(p, true, 0)).toEqual({ index: 2 });
    const same = pts([
      [1, 1000, 5, true],
      [2, 1000, 5, true],
    ]);
    expect(bestUnderTargets(same, true)).toEqual({ index: 0 });
    expect(bestUnderTargets(pts([[1, 10, NaN, true]]), true)).toEqual({ index: 0 });
  });

  it('is none when no point meets every target, or the graph sets none, and says which', () => {
    const missed = pts([
      [1, 500, 2, false],
      [2, 900, 5, false],
    ]);
    expect(bestUnderTargets(missed, true)).toEqual({
      index: null,
      reason: 'no point met every target',
    });
    expect(bestUnderTargets(pts([[1, 500, 2, null]]), true)).toEqual({
      index: null,
      reason: 'no point met every target (some had no data for a target)',
    });
    expect(bestUnderTargets(pts([[1, 500, 2, null]]), false)).toEqual({
      index: null,
      reason: 'the graph sets no targets',
    });
  });
});
