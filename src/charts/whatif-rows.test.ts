import { describe, expect, it } from 'vitest';

import { parseGraph } from '../graph/validate.ts';
import type { PointSummary, SweepPointResult } from '../host/sweep.ts';
import { compareReports } from '../metrics/compare.ts';
import type { RunReport } from '../metrics/report.ts';
import { interval } from '../metrics/stats.ts';
import { diffRows, formatChange, formatMeasure } from './diff-rows.ts';
import {
  sweepChartRows,
  sweepFindings,
  sweepRows,
  logTicks,
  niceTicks,
  wantsLogAxis,
  withInterval,
} from './sweep-rows.ts';

const graph = (() => {
  const r = parseGraph({
    format: 'flowbench/graph',
    version: 1,
    nodes: [
      { id: 'src', kind: 'source', label: 'Orders', params: { rate: 100 } },
      { id: 'st', kind: 'process', label: 'Parse', params: { service: { meanMs: 1 } } },
      { id: 'out', kind: 'sink', label: 'Done' },
    ],
    edges: [
      { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'st', port: 'in' } },
      { id: 'e2', from: { node: 'st', port: 'error' }, to: { node: 'out', port: 'in' } },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.graph;
})();

function report(throughput: number, p95: number, util: number, depth: number): RunReport {
  const lat = { mean: p95 / 2, p50: p95 / 2, p95, p99: p95 * 1.5, count: 100 };
  const node = {
    kind: 'process',
    in: 100,
    out: 100,
    errors: 0,
    drops: 0,
    retries: 0,
    timeouts: 0,
    rejected: 0,
    hits: 0,
    misses: 0,
    throughput,
    utilization: util,
    serviceMs: lat,
    latencyMs: { mean: 0, p50: 0, p95: 0, p99: 0, count: 0 },
  };
  const edge = {
    capacity: 1024,
    depthMean: depth,
    depthMax: 4,
    drops: 0,
    blockedMs: 0,
    throughput,
  };
  return {
    format: 'flowbench/report',
    version: 1,
    graph: 'g',
    run: {
      workers: 1,
      durationMs: 1000,
      warmupMs: 0,
      measuredMs: 1000,
      seed: 1,
      transport: 'virtual',
      ended: 'duration',
    },
    nodes: { st: node },
    edges: { e1: edge, e2: edge },
    totals: {
      throughput,
      latencyMs: lat,
      delivered: 100,
      failed: 0,
      shed: 0,
      dropped: 0,
      errorRate: 0,
      shedRate: 0,
      memoryBytes: 0,
      sabBytes: 0,
    },
  };
}

describe('the baseline diff', () => {
  it('names nodes by label and connections by their ends, and judges each change', () => {
    const c = compareReports(report(1000, 10, 0.5, 1), report(995, 14, 0.6, 1), 5);
    const { rows, unchanged } = diffRows(graph, c);
    const row = (where: string, measure: string) =>
      rows.find((r) => r.where === where && r.measure === measure);
    // A 0.5 % dip in throughput is not coloured; p95 up 40 % is a regression.
    expect(row('Total', 'throughput (items/s)')).toMatchObject({
      base: '1000/s',
      next: '995/s',
      change: '−0.5 %',
      verdict: 'same',
      regressed: false,
    });
    expect(row('Total', 'p95 latency (ms)')).toMatchObject({
      base: '10.0 ms',
      next: '14.0 ms',
      change: '+40 %',
      verdict: 'worse',
      regressed: true,
    });
    expect(row('Parse', 'utilization (%)')).toMatchObject({ verdict: 'shown', regressed: false });
    expect(row('Orders → Parse', 'throughput (items/s)')).toBeDefined();
    expect(row('Parse.error → Done', 'throughput (items/s)')).toBeDefined();
    // Unchanged node and edge measures are counted, not listed; totals always are.
    expect(rows.filter((r) => r.where === 'Total')).toHaveLength(6);
    expect(unchanged).toBeGreaterThan(0);
    const better = diffRows(
      graph,
      compareReports(report(900, 14, 0.5, 1), report(1000, 10, 0.5, 1)),
    );
    expect(better.rows.find((r) => r.measure === 'p95 latency (ms)')?.verdict).toBe('better');
  });

  it('formats changes and values in their units', () => {
    expect(formatChange(0)).toBe('0 %');
    expect(formatChange(12.34)).toBe('+12 %');
    expect(formatChange(4.24)).toBe('+4.2 %');
    expect(formatChange(-250)).toBe('−250 %');
    expect(formatChange(0.01)).toBe('+<0.1 %');
    expect(formatChange(Infinity)).toBe('up from 0');
    expect(formatMeasure('utilization (%)', 49.2)).toBe('49 %');
    expect(formatMeasure('mean depth (msg)', 2.25)).toBe('2.3');
    expect(formatMeasure('dropped (messages)', 1234)).toBe('1,234');
  });
});

function summary(throughput: number[], p95: number[], met: boolean | null): PointSummary {
  const i = interval;
  return {
    throughput: i(throughput),
    meanLatencyMs: i(p95),
    p50LatencyMs: i(p95),
    p95LatencyMs: i(p95),
    p99LatencyMs: i(p95),
    dropped: i(throughput.map(() => 0)),
    failed: i(throughput.map(() => 0)),
    busiest: null,
    targetsMet: met,
  };
}

const point = (value: number, s: PointSummary): SweepPointResult => ({
  values: { p: value },
  reports: [],
  summary: s,
});

describe('the sweep tab rows', () => {
  it('keeps grid order, charts finished points by value, and finds knee and best by grid index', () => {
    const values = [64, 16, 4, 1];
    const points = [
      point(64, summary([2040], [40], false)),
      point(16, summary([2000], [12], true)),
      undefined, // still running
      point(1, summary([500], [2], true)),
    ];
    const rows = sweepRows(values, points);
    expect(rows.map((r) => r.value)).toEqual([64, 16, 4, 1]);
    expect(sweepChartRows(rows).map((r) => r.x)).toEqual([1, 16, 64]);
    // 1 → 16: +300 %; 16 → 64: +2 % while p95 goes 12 → 40 ms: the knee is 16 (grid index 1).
    expect(sweepFindings(rows, true)).toEqual({ knee: 1, best: { index: 1 } });
    expect(sweepFindings(rows, false).best).toEqual({
      index: null,
      reason: 'the graph sets no targets',
    });
  });

  it('shows a value with its interval only when there is one', () => {
    const show = (x: number) => x.toFixed(0);
    expect(withInterval(interval([100]), show)).toBe('100');
    expect(withInterval(interval([98, 100, 102]), show)).toBe('100 ± 5.0 %');
    expect(withInterval(interval([0, 0]), show)).toBe('0');
    expect(withInterval(interval([]), show)).toBe('–');
    expect(niceTicks(2002)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(niceTicks(7702)).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(niceTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(logTicks(13.6, 7702)).toEqual([10, 100, 1000, 10000]);
    expect(logTicks(2, 60)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(wantsLogAxis([1, 10, 100])).toBe(true);
    expect(wantsLogAxis([10, 50, 100])).toBe(false);
    expect(wantsLogAxis([0, 10, 1000])).toBe(false);
  });
});
