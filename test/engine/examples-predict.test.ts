/**
 * Every shipped example predicts with traffic, in bounded CPU time: a
 * prediction that stalls (virtual time standing still) or shows zeros would
 * be a number nobody should trust.
 */
import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { parseParamPath } from '../../src/graph/param-path.ts';
import { parseGraph } from '../../src/graph/validate.ts';
import { planSweep, runSweep } from '../../src/host/sweep.ts';
import { simulate } from '../../src/host/virtual.ts';
import { bestUnderTargets, findKnee } from '../../src/metrics/sweep-analysis.ts';

const examples = (
  JSON.parse(readFileSync('public/examples/index.json', 'utf8')) as { examples: { file: string }[] }
).examples.map((e) => e.file);

describe('shipped examples in virtual time', () => {
  it('lists every example file in the index', () => {
    const files = readdirSync('public/examples').filter(
      (f) => f.endsWith('.json') && f !== 'index.json' && !f.startsWith('large-'),
    );
    expect([...examples].sort()).toEqual(files.sort());
  });

  it.each(examples)(
    '%s predicts to its end with traffic at every sink, within 5 s of CPU',
    (file) => {
      const parsed = parseGraph(readFileSync(`public/examples/${file}`, 'utf8'));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const cpu = process.cpuUsage();
      const report = simulate(parsed.graph);
      const used = process.cpuUsage(cpu);
      expect(['duration', 'drained']).toContain(report.run.ended);
      expect(report.run.measuredMs).toBeGreaterThan(0);
      expect(report.totals.throughput).toBeGreaterThan(0);
      for (const node of parsed.graph.nodes) {
        if (node.kind === 'sink') expect(report.nodes[node.id]!.in, node.id).toBeGreaterThan(0);
      }
      expect((used.user + used.system) / 1e6).toBeLessThan(5);
    },
  );
});

describe('the batch-size example', () => {
  it('shows what its description says: the database keeps up from batch size 10, the knee and the best value', async () => {
    const parsed = parseGraph(readFileSync('public/examples/batch-size-sweep.json', 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const g = parsed.graph;
    expect(g.description).toContain('the knee, and the best value under the targets');
    const path = parseParamPath('nodes.batch.params.size', g);
    if ('error' in path) throw new Error(path.error);
    const sizes = [1, 5, 10, 20, 50];
    const plan = planSweep(g, [{ path, values: sizes }]);
    if (!plan.ok) throw new Error(plan.error);
    const r = await runSweep(
      plan.points,
      ['nodes.batch.params.size'],
      { repeat: 1 },
      async (graph, seed) => ({
        ok: true as const,
        report: simulate(graph, { seed }),
      }),
    );
    if (!r.ok) throw new Error(r.error);
    const readings = r.result.points.map((p, i) => ({
      value: sizes[i]!,
      throughput: p.summary.throughput.mean,
      p95Ms: p.summary.p95LatencyMs.mean,
      targetsMet: p.summary.targetsMet,
    }));
    // Below 10 the inserts cap throughput at 2n / (5 + 0.2n) rows per ms: 385/s, 1667/s.
    expect(readings[0]!.throughput).toBeGreaterThan(385 * 0.95);
    expect(readings[0]!.throughput).toBeLessThan(385 * 1.05);
    expect(readings[1]!.throughput).toBeGreaterThan(1667 * 0.95);
    expect(readings[1]!.throughput).toBeLessThan(1667 * 1.05);
    expect(readings[0]!.p95Ms).toBeGreaterThan(1000); // "latency runs to seconds"
    // From 10 on every event is stored, and p95 only grows with the batch size.
    for (const x of readings.slice(2)) expect(x.throughput).toBeGreaterThan(1950);
    expect(readings[2]!.p95Ms).toBeLessThan(readings[3]!.p95Ms);
    expect(readings[3]!.p95Ms).toBeLessThan(readings[4]!.p95Ms);
    expect(sizes[findKnee(readings)!]).toBe(10);
    const best = bestUnderTargets(readings, true);
    expect(best.index === null ? best.reason : sizes[best.index]).toBe(10);
  });
});
