import { describe, expect, it } from 'vitest';

import { parseGraph } from '../graph/index.ts';
import type { RunReport } from '../metrics/report.ts';
import { edgeRows, nodeRows, sortRows } from './report-rows.ts';

const parsed = parseGraph({
  format: 'flowbench/graph',
  version: 1,
  name: 'g',
  nodes: [
    { id: 'src', kind: 'source', label: 'Requests', params: { rate: 100 } },
    { id: 'p', kind: 'process', label: 'Parse', params: { errorRate: 0.1 } },
    { id: 'ok', kind: 'sink' },
    { id: 'bad', kind: 'sink', label: 'Failed' },
  ],
  edges: [
    { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'p', port: 'in' } },
    { id: 'e2', from: { node: 'p', port: 'out' }, to: { node: 'ok', port: 'in' } },
    { id: 'e3', from: { node: 'p', port: 'error' }, to: { node: 'bad', port: 'in' } },
  ],
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const graph = parsed.graph;

const times = { mean: 1, p50: 1, p95: 2, p99: 3, count: 10 };
const node = (kind: string, throughput: number) => ({
  kind,
  in: 1,
  out: 1,
  errors: 0,
  drops: 0,
  retries: 0,
  timeouts: 0,
  rejected: 0,
  hits: 0,
  misses: 0,
  throughput,
  utilization: null,
  serviceMs: times,
  latencyMs: times,
});
const edge = (throughput: number) => ({
  capacity: 1024,
  depthMean: 1,
  depthMax: 2,
  drops: 0,
  blockedMs: 0,
  throughput,
});
const report = {
  nodes: {
    src: node('source', 100),
    p: node('process', 90),
    ok: node('sink', 90),
    bad: node('sink', 10),
  },
  edges: { e1: edge(100), e2: edge(90), e3: edge(10) },
} as unknown as RunReport;

describe('report rows', () => {
  it('names nodes by label (id when unlabelled) and kind', () => {
    const rows = nodeRows(graph, report);
    expect(rows.map((r) => r.name)).toEqual(['Requests', 'Parse', 'ok', 'Failed']);
    expect(rows[1]!.kind).toBe('Process');
    expect(rows[0]!.p95Ms).toBeUndefined(); // a source times nothing
    expect(rows[1]!.p95Ms).toBe(2);
  });

  it('names edges from → to, with the port when it is not the usual one', () => {
    expect(edgeRows(graph, report).map((r) => r.name)).toEqual([
      'Requests → Parse',
      'Parse → ok',
      'Parse.error → Failed',
    ]);
  });

  it('puts the predicted values beside the measured ones', () => {
    const rows = edgeRows(graph, report, report);
    expect(rows[0]!.predicted?.throughput).toBe(100);
  });
});

describe('sortRows', () => {
  const rows = [{ v: 2 }, { v: null }, { v: 10 }, { v: 1 }];
  it('sorts numbers both ways with missing values last', () => {
    expect(sortRows(rows, (r) => r.v, 'descending').map((r) => r.v)).toEqual([10, 2, 1, null]);
    expect(sortRows(rows, (r) => r.v, 'ascending').map((r) => r.v)).toEqual([1, 2, 10, null]);
  });
  it('sorts text by locale', () => {
    const names = [{ n: 'b' }, { n: 'A' }, { n: 'c' }];
    expect(sortRows(names, (r) => r.n, 'ascending').map((r) => r.n)).toEqual(['A', 'b', 'c']);
  });
});
