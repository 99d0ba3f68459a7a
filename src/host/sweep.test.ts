import { describe, expect, it } from 'vitest';

import { parseParamPath, parseParamValue } from '../graph/param-path.ts';
import { parseGraph } from '../graph/validate.ts';
import type { Graph } from '../graph/model.ts';
import { planSweep, runSweep, type SweepParam, sweepJson } from './sweep.ts';
import { simulate } from './virtual.ts';

function mm1(): Graph {
  const r = parseGraph({
    format: 'flowbench/graph',
    version: 1,
    nodes: [
      { id: 'src', kind: 'source', params: { rate: 500, arrival: 'poisson' } },
      { id: 'st', kind: 'process', params: { service: { dist: 'exponential', meanMs: 1 } } },
      { id: 'out', kind: 'sink' },
    ],
    edges: [
      {
        id: 'e1',
        from: { node: 'src', port: 'out' },
        to: { node: 'st', port: 'in' },
        capacity: 65536,
      },
      { id: 'e2', from: { node: 'st', port: 'out' }, to: { node: 'out', port: 'in' } },
    ],
    run: { durationMs: 30_000, warmupMs: 3_000, seed: 100 },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.graph;
}

const param = (graph: Graph, path: string, values: unknown[]): SweepParam => {
  const p = parseParamPath(path, graph);
  if ('error' in p) throw new Error(p.error);
  return { path: p, values };
};

const virtual = async (g: Graph, seed: number) => ({
  ok: true as const,
  report: simulate(g, { seed }),
});

describe('sweeps', () => {
  it('builds the grid in the order given, the first parameter varying slowest', () => {
    const g = mm1();
    const plan = planSweep(g, [
      param(g, 'nodes.src.params.rate', [100, 200]),
      param(g, 'edges.e1.capacity', [16, 32, 64]),
    ]);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.points.map((p) => Object.values(p.values))).toEqual([
      [100, 16],
      [100, 32],
      [100, 64],
      [200, 16],
      [200, 32],
      [200, 64],
    ]);
    expect(plan.points[4]!.graph.nodes[0]!.params).toMatchObject({ rate: 200 });
    expect(plan.points[4]!.graph.edges[0]!.capacity).toBe(32);
  });

  it('refuses a bad path or value before anything runs, naming it', () => {
    const g = mm1();
    expect(parseParamPath('nodes.nope.params.rate', g)).toEqual({
      error: '"nodes.nope.params.rate" names no node of this graph',
    });
    expect(parseParamPath('nodes.src.rate', g)).toEqual({
      error: '"nodes.src.rate" must continue with .params.<name> after the node id "src"',
    });
    expect(parseParamPath('edges.e1.depth', g)).toMatchObject({
      error: expect.stringContaining('.capacity'),
    });
    const plan = planSweep(g, [param(g, 'nodes.src.params.rate', [100, -5])]);
    expect(plan).toEqual({
      ok: false,
      error:
        'nodes.src.params.rate = -5 is not valid: nodes[0].params.rate must be a number > 0 (got -5)',
    });
    expect(parseParamValue(' 12.5 ')).toBe(12.5);
    expect(parseParamValue('max')).toBe('max');
    expect(parseParamValue('false')).toBe(false);
  });

  it('follows W = 1/(μ − λ) of an M/M/1 over the arrival rate, within its confidence intervals', async () => {
    const g = mm1();
    const lambdas = [200, 400, 600, 800];
    const plan = planSweep(g, [param(g, 'nodes.src.params.rate', lambdas)]);
    if (!plan.ok) throw new Error(plan.error);
    const r = await runSweep(plan.points, ['nodes.src.params.rate'], { repeat: 10 }, virtual);
    if (!r.ok) throw new Error(r.error);
    // A 95 % interval holds the theory with probability 0.95 (all four: 0.81), so a
    // test on it would fail one seed set in five by chance. Two half-widths (t₉: 4.5
    // standard errors, ~99.9 % each) still catch any real bias of a few percent.
    r.result.points.forEach((p, i) => {
      const w = 1000 / (1000 - lambdas[i]!); // ms
      const mean = p.summary.meanLatencyMs;
      expect(mean.n).toBe(10);
      const off = Math.abs(mean.mean - w);
      expect(off, `λ=${lambdas[i]}: ${mean.mean} ± ${mean.halfWidth} vs ${w}`).toBeLessThanOrEqual(
        2 * mean.halfWidth!,
      );
      expect(p.summary.busiest?.nodeId).toBe('st');
    });
  });

  it('repeats until the interval is narrow enough, or up to the most seeds allowed', async () => {
    const g = mm1();
    const plan = planSweep(g, [param(g, 'run.durationMs', [10_000, 6_000])]);
    if (!plan.ok) throw new Error(plan.error);
    const progress: number[] = [];
    const r = await runSweep(
      plan.points,
      ['run.durationMs'],
      { repeat: 2, untilHalfWidthPct: 5, maxRepeat: 12 },
      virtual,
      { onProgress: (done) => progress.push(done) },
    );
    if (!r.ok) throw new Error(r.error);
    for (const point of r.result.points) {
      const s = point.summary;
      const narrow =
        s.throughput.halfWidth! / s.throughput.mean <= 0.05 &&
        s.p95LatencyMs.halfWidth! / s.p95LatencyMs.mean <= 0.05;
      expect(point.reports.length).toBeGreaterThanOrEqual(2);
      // It stopped because the interval was narrow enough, or at the cap (never before).
      expect(narrow || point.reports.length === 12).toBe(true);
      if (point.reports.length > 2) {
        const before = r.result.points.indexOf(point);
        expect(before).toBeGreaterThanOrEqual(0);
      }
    }
    expect(r.result.points.some((p) => p.reports.length > 2)).toBe(true);
    expect(progress).toEqual(Array.from({ length: progress.length }, (_, i) => i + 1));
    const json = sweepJson(r.result) as { points: { value: number; repetitions: unknown[] }[] };
    expect(json.points[0]!.value).toBe(10_000);
    expect(json.points[0]!.repetitions.length).toBe(r.result.points[0]!.reports.length);
  });
});
