/**
 * Virtual time always finishes, and says how: the cases of issue 11 item 1
 * (a limiting delay-mode rate limiter followed by a stage, a deadlocking
 * cycle, `rate: "max"`) and the budgets. Every end other than `duration` or
 * `drained` is a failure with its sentence in `run.error`.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { GraphInput } from '../../src/graph/model.ts';
import { parseGraph } from '../../src/graph/validate.ts';
import { simulate } from '../../src/host/virtual.ts';
import { runFailure } from '../../src/metrics/report.ts';
import { chain, graphOf } from './run-graph.ts';

type Doc = Omit<GraphInput, 'format' | 'version'>;

const example = (file: string) => {
  const parsed = parseGraph(readFileSync(`public/examples/${file}`, 'utf8'));
  if (!parsed.ok) throw new Error(`${file} is not valid`);
  return parsed.graph;
};

const cpuSeconds = (fn: () => void) => {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
};

/**
 * source (constant 1000/s) → merge → process (0.5 ms) → broadcast split,
 * whose first output feeds the merge again: every message circulates for
 * ever, the load grows past the process and the cycle's edges (16) fill.
 */
function deadlockingCycle(extra: { nodes: object[]; edges: object[] } = { nodes: [], edges: [] }) {
  return {
    nodes: [
      { id: 'src', kind: 'source', params: { rate: 1000, arrival: 'constant' } },
      { id: 'm', kind: 'merge' },
      {
        id: 'p',
        kind: 'process',
        params: { service: { dist: 'constant', meanMs: 0.5 } },
      },
      { id: 's', kind: 'split', params: { policy: 'broadcast' } },
      { id: 'out', kind: 'sink' },
      ...extra.nodes,
    ],
    edges: [
      { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'm', port: 'in1' } },
      { id: 'e2', from: { node: 'm', port: 'out' }, to: { node: 'p', port: 'in' }, capacity: 16 },
      { id: 'e3', from: { node: 'p', port: 'out' }, to: { node: 's', port: 'in' }, capacity: 16 },
      { id: 'e4', from: { node: 's', port: 'out1' }, to: { node: 'm', port: 'in2' }, capacity: 16 },
      { id: 'e5', from: { node: 's', port: 'out2' }, to: { node: 'out', port: 'in' } },
      ...extra.edges,
    ],
    run: { durationMs: 10_000, warmupMs: 200, seed: 3 },
  } as Doc;
}

describe('virtual time always finishes', () => {
  it('predicts the resilience example (a limiting delay-mode rate limiter, then a stage) at the limiter’s rate', () => {
    // 800/s offered to a 600/s token bucket: the limiter is the bottleneck, so
    // everything after it runs at 600/s; 10 % errors with 3 retries fail
    // 0.1⁴ = 0.01 % of calls. ~5400 calls measured: ±2 % on the rate.
    const r = simulate(example('resilience.json'));
    expect(r.run.ended).toBe('duration');
    expect(runFailure(r.run)).toBeUndefined();
    expect(r.run.measuredMs).toBe(9000);
    expect(Math.abs(r.nodes.limit!.throughput - 600) / 600).toBeLessThan(0.02);
    expect(Math.abs(r.totals.throughput - 600) / 600).toBeLessThan(0.02);
    expect(r.totals.latencyMs.count).toBeGreaterThan(5000);
    expect(r.totals.latencyMs.mean).toBeGreaterThan(0);
    expect(r.edges.e1!.blockedMs).toBeGreaterThan(0); // the limiter held the source back
  });

  it('predicts a deadlocking cycle as a deadlock naming the cycle, not as drained', () => {
    const r = simulate(graphOf(deadlockingCycle()));
    expect(r.run.ended).toBe('deadlock');
    expect(r.run.error).toMatch(
      /^deadlocked: the cycle through "m", "p", "s" is full and nothing in the graph can move any more \(at \d+\.\d{3} s of virtual time\); give the cycle more capacity or a dropping edge$/,
    );
    expect(runFailure(r.run)).toBe(r.run.error);
  });

  it('applies the real run’s deadlock rule (a full cycle still for 2 s) while the rest of the graph moves', () => {
    // A second, independent source → sink keeps virtual time moving after the cycle stops.
    const doc = deadlockingCycle({
      nodes: [
        { id: 'src2', kind: 'source', params: { rate: 100 } },
        { id: 'out2', kind: 'sink' },
      ],
      edges: [{ id: 'e6', from: { node: 'src2', port: 'out' }, to: { node: 'out2', port: 'in' } }],
    });
    const r = simulate(graphOf(doc));
    expect(r.run.ended).toBe('deadlock');
    expect(r.run.error).toMatch(
      /^deadlocked: the cycle through "m", "p", "s" is full and no message moved on it for 2\.\d s of virtual time; /,
    );
    // The cycle stopped within its first second; the rule needs 2 s of stillness after that.
    expect(r.run.measuredMs).toBeGreaterThan(1800);
    expect(r.run.measuredMs).toBeLessThan(4000);
  });

  it('defines rate "max" in virtual time: as fast as the slowest stage takes', () => {
    // A constant 1 ms single server after a max-rate source serves exactly 1000/s.
    const r = simulate(
      graphOf({
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 'max' } },
          { id: 'p', kind: 'process', params: { service: { dist: 'constant', meanMs: 1 } } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 5000, warmupMs: 1000 },
      }),
    );
    expect(r.run.ended).toBe('duration');
    expect(r.totals.throughput).toBeCloseTo(1000, 0);
    expect(r.nodes.p!.utilization).toBeCloseTo(1, 2);
    expect(r.edges.e1!.depthMean).toBeCloseTo(1024, 0); // the source keeps the queue full
  });

  it('returns for rate "max" with nothing after it that takes time: time stood still, naming the source', () => {
    const g = graphOf({
      ...chain([
        { id: 'src', kind: 'source', label: 'Firehose', params: { rate: 'max' } },
        { id: 'out', kind: 'sink' },
      ]),
      run: { durationMs: 5000, warmupMs: 1000 },
    });
    let r: ReturnType<typeof simulate> | undefined;
    expect(cpuSeconds(() => (r = simulate(g)))).toBeLessThan(5);
    expect(r!.run.ended).toBe('stalled');
    expect(r!.run.error).toMatch(
      /^virtual time stood still at 0\.000 s: "src" kept working for 10,000 turns without time moving; a source with rate "max" needs a stage after it that takes time/,
    );
    expect(runFailure(r!.run)).toBe(r!.run.error);
  });

  it('ends as budget when the event budget is spent, with a sentence saying where', () => {
    const r = simulate(example('mm1.json'), { maxTurns: 5000 });
    expect(r.run.ended).toBe('budget');
    expect(r.run.error).toMatch(
      /^the prediction used its event budget \(5,000 scheduler turns\) at \d+\.\d{3} s of 10 s simulated; shorten the duration or lower the rates$/,
    );
  });

  it('ends as budget when the wall-clock budget is spent', () => {
    let t = 0;
    // A clock that says 1 s passed at every look: the 2 s budget is spent at the third look.
    const r = simulate(example('mm1.json'), { maxWallMs: 2000, wallMs: () => (t += 1000) });
    expect(r.run.ended).toBe('budget');
    expect(r.run.error).toMatch(/^the prediction used its wall-clock budget \(2 s\) at /);
    expect(runFailure(r.run)).toBeDefined();
  });

  it('a run that ends well has no failure: duration, or drained for finite sources', () => {
    const finite = simulate(
      graphOf({
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 1000, limit: 500 } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 5000, warmupMs: 0 },
      }),
    );
    expect(finite.run.ended).toBe('drained');
    expect(finite.nodes.out!.in).toBe(500);
    expect(runFailure(finite.run)).toBeUndefined();
  });
});
