import { describe, expect, it } from 'vitest';

import { parseParamPath, parseParamValue } from '../graph/param-path.ts';
import { parseGraph } from '../graph/validate.ts';
import type { Graph } from '../graph/model.ts';
import { planSweep, runSweep, type SweepParam, sweepCsv, sweepJson, sweepRange } from './sweep.ts';
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

  it('runs seeds side by side up to the concurrency, with the same results as one at a time', async () => {
    const g = mm1();
    const plan = planSweep(g, [param(g, 'nodes.src.params.rate', [200, 600])]);
    if (!plan.ok) throw new Error(plan.error);
    let running = 0;
    let most = 0;
    const counted = async (graph: Graph, seed: number) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 1));
      running--;
      return virtual(graph, seed);
    };
    const reps = { repeat: 3, untilHalfWidthPct: 3, maxRepeat: 8 };
    const one = await runSweep(plan.points, ['rate'], reps, virtual);
    const four = await runSweep(plan.points, ['rate'], reps, counted, { concurrency: 4 });
    if (!one.ok || !four.ok) throw new Error('failed');
    expect(most).toBe(4);
    expect(four.result.points.map((p) => p.reports.map((r) => r.run.seed))).toEqual(
      one.result.points.map((p) => p.reports.map((r) => r.run.seed)),
    );
    expect(four.result.points[1]!.summary).toEqual(one.result.points[1]!.summary);
  });

  it('tells each finished point, and keeps the finished points when cancelled', async () => {
    const g = mm1();
    const plan = planSweep(g, [param(g, 'nodes.src.params.rate', [100, 200, 300, 400])]);
    if (!plan.ok) throw new Error(plan.error);
    const abort = new AbortController();
    const finished: number[] = [];
    const r = await runSweep(plan.points, ['rate'], { repeat: 2 }, virtual, {
      signal: abort.signal,
      onPoint: (i, p) => {
        finished.push(i);
        expect(p.reports).toHaveLength(2);
        if (i === 1) abort.abort();
      },
    });
    expect(finished).toEqual([0, 1]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe('cancelled');
    expect(r.partial.points.map((p) => p.values)).toEqual([
      { 'nodes.src.params.rate': 100 },
      { 'nodes.src.params.rate': 200 },
    ]);
  });

  it('stops at the first failing run, naming its point, and keeps the points before it', async () => {
    const g = mm1();
    const plan = planSweep(g, [param(g, 'nodes.src.params.rate', [100, 200, 300])]);
    if (!plan.ok) throw new Error(plan.error);
    const r = await runSweep(
      plan.points,
      ['nodes.src.params.rate'],
      { repeat: 1 },
      (graph, seed) =>
        graph.nodes[0]!.params.rate === 200
          ? Promise.resolve({ ok: false as const, error: 'the worker failed' })
          : virtual(graph, seed),
    );
    expect(r).toMatchObject({
      ok: false,
      error: 'nodes.src.params.rate=200: the worker failed',
      partial: { points: [{ values: { 'nodes.src.params.rate': 100 } }] },
    });
  });

  it('expands linear and geometric ranges, and refuses empty or huge ones', () => {
    expect(sweepRange(0.1, 0.5, 0.1)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(sweepRange(10, 100, 45)).toEqual([10, 55, 100]);
    expect(sweepRange(16, 1024, 2, 'geometric')).toEqual([16, 32, 64, 128, 256, 512, 1024]);
    expect(sweepRange(1, 1000, 10, 'geometric')).toEqual([1, 10, 100, 1000]);
    expect(sweepRange(5, 5, 1)).toEqual([5]);
    expect(sweepRange(5, 1, 1)).toEqual({ error: 'must go from a value to a larger or equal one' });
    expect(sweepRange(1, 5, 0)).toEqual({ error: 'needs a step > 0' });
    expect(sweepRange(0, 5, 2, 'geometric')).toEqual({ error: 'needs a start > 0 to multiply' });
    expect(sweepRange(1, 5, 1, 'geometric')).toEqual({ error: 'needs a factor > 1' });
    expect(sweepRange(1, 1e9, 1)).toEqual({ error: 'has 1000000000 values; at most 1000' });
  });

  it('writes CSV: one row per point, means and half-widths, text quoted', async () => {
    const g = mm1();
    const plan = planSweep(g, [param(g, 'nodes.src.params.rate', [200, 400])]);
    if (!plan.ok) throw new Error(plan.error);
    const r = await runSweep(plan.points, ['nodes.src.params.rate'], { repeat: 2 }, virtual);
    if (!r.ok) throw new Error(r.error);
    const lines = sweepCsv(r.result).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const head = lines[0]!.split(',');
    expect(head.slice(0, 4)).toEqual([
      'nodes.src.params.rate',
      'seeds',
      'throughput',
      'throughput_ci95',
    ]);
    expect(head.at(-1)).toBe('targets_met');
    const row = lines[1]!.split(',');
    expect(row[0]).toBe('200');
    expect(row[1]).toBe('2');
    expect(Number(row[2])).toBeCloseTo(r.result.points[0]!.summary.throughput.mean, 2);
    expect(Number(row[3])).toBeGreaterThan(0);
    expect(row[head.indexOf('busiest_node')]).toBe('st');
    const quoted = sweepCsv({
      params: ['p'],
      points: [{ ...r.result.points[0]!, values: { p: 'a,"b"' } }],
    });
    expect(quoted.split('\n')[1]!.startsWith('"a,""b""",2,')).toBe(true);
  });
});
