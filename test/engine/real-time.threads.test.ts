/**
 * Real threads, real clock: the same graphs as the truth tests, run in Node
 * worker_threads over SAB rings. Wake-ups, timers and hops cost tens to a few
 * hundred microseconds each, so real-time tolerances are wider than the
 * virtual-time ones (truth.test.ts), and stated per test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { parseGraph } from '../../src/graph/validate.ts';
import { createNodeEnv } from '../../src/runtime/node/node-env.ts';
import { RunController } from '../../src/runtime/run-controller.ts';
import { chain, runGraph } from './run-graph.ts';

describe('real-time runs in worker threads', () => {
  it('an M/M/1 station at ρ = 0.5 across two workers has W within 15 % of 1/(μ−λ)', async () => {
    // 6 s at 500 msg/s ≈ 2500 messages after warm-up: sampling error alone is ≈ 5 %
    // (the seed is fixed, so that part does not vary between runs); the rest of
    // the budget is the real cost of sleeping and waking threads.
    const report = await runGraph(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 500 } },
          { id: 'st', kind: 'process', params: { service: { dist: 'exponential', meanMs: 1 } } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 6000, warmupMs: 1000, seed: 11 },
      },
      { workers: 2 },
    );
    expect(report.run.ended).toBe('duration');
    const w = report.totals.latencyMs.mean;
    expect(Math.abs(w - 2) / 2, `W = ${w} ms`).toBeLessThanOrEqual(0.15);
    expect(Math.abs(report.totals.throughput - 500) / 500).toBeLessThan(0.1);
  });

  it('the postMessage transport moves the same messages as the rings', async () => {
    const doc = {
      ...chain([
        { id: 'src', kind: 'source' as const, params: { rate: 2000, limit: 3000 } },
        {
          id: 'st',
          kind: 'process' as const,
          params: { service: { dist: 'constant' as const, meanMs: 0.05 } },
        },
        { id: 'out', kind: 'sink' as const },
      ]),
      run: { durationMs: 30_000, warmupMs: 0, seed: 3 },
    };
    const pm = await runGraph(doc, { workers: 2, transport: 'postmessage' });
    expect(pm.run.ended).toBe('drained');
    expect(pm.nodes.out!.in).toBe(3000);
  });
});

describe('examples', () => {
  const dir = fileURLToPath(new URL('../../public/examples/', import.meta.url));
  const files = readdirSync(dir).filter(
    (f) => f.endsWith('.json') && f !== 'index.json' && !f.startsWith('large-'),
  );

  it('has examples to run', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of files) {
    it(`${file} runs headless and every sink receives messages`, async () => {
      const parsed = parseGraph(readFileSync(dir + file, 'utf8'));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const report = await new RunController(parsed.graph, createNodeEnv(), {
        durationMs: 2000,
        warmupMs: 500,
        workers: 2,
      }).run();
      expect(report.run.ended).toBe('duration');
      const sinks = Object.entries(report.nodes).filter(([, n]) => n.kind === 'sink');
      expect(sinks.length).toBeGreaterThan(0);
      // A sink fed only by an error or drop port may legitimately see little; the graph's main sink must not.
      expect(report.totals.throughput).toBeGreaterThan(0);
      expect(Math.max(...sinks.map(([, n]) => n.in))).toBeGreaterThan(0);
    });
  }
});
