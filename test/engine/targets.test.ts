/**
 * Targets and totals mean what a designer reads: delivered work only,
 * failures and shed load as rates, "no data" never met (virtual time).
 */
import { describe, expect, it } from 'vitest';

import type { GraphInput } from '../../src/graph/model.ts';
import { parseGraph } from '../../src/graph/validate.ts';
import { simulate } from '../../src/host/virtual.ts';
import { graphOf } from './run-graph.ts';

type Doc = Omit<GraphInput, 'format' | 'version'>;

/** Source → process `p` (these params) → `ok` sink; its error port → a failed sink. */
function withFailedSink(params: Record<string, unknown>, targets: Doc['targets']): Doc {
  return {
    nodes: [
      { id: 'src', kind: 'source', params: { rate: 1000 } },
      { id: 'p', kind: 'process', params },
      { id: 'ok', kind: 'sink' },
      { id: 'failed', kind: 'sink', params: { role: 'failed' } },
    ],
    edges: [
      { id: 'in', from: { node: 'src', port: 'out' }, to: { node: 'p', port: 'in' } },
      { id: 'eok', from: { node: 'p', port: 'out' }, to: { node: 'ok', port: 'in' } },
      { id: 'efail', from: { node: 'p', port: 'error' }, to: { node: 'failed', port: 'in' } },
    ],
    targets,
  };
}

describe('targets and totals', () => {
  it('a graph where every request fails misses its throughput and has no latency data', () => {
    const r = simulate(
      graphOf(
        withFailedSink(
          { service: { dist: 'constant', meanMs: 0.1 }, errorRate: 1 },
          { minThroughput: 900, p95LatencyMs: 50, maxErrorRate: 0.01 },
        ),
      ),
      { durationMs: 5000, warmupMs: 1000 },
    );
    expect(r.totals.throughput).toBe(0);
    expect(r.totals.failed).toBeGreaterThan(3500);
    expect(r.totals.errorRate).toBe(1);
    expect(r.targets?.minThroughput).toMatchObject({ actual: 0, met: false });
    expect(r.targets?.p95LatencyMs).toEqual({ target: 50, actual: null, met: null });
    expect(r.targets?.maxErrorRate).toMatchObject({ actual: 1, met: false });
    expect(r.nodes.failed!.role).toBe('failed');
  });

  it('an open breaker rejecting everything leaves p95 and p99 with no data, not met', () => {
    const r = simulate(
      graphOf(
        withFailedSink(
          {
            service: { dist: 'constant', meanMs: 0.1 },
            errorRate: 1,
            breaker: { failureRatio: 0.5, windowMs: 500, cooldownMs: 60_000, minRequests: 5 },
          },
          { p95LatencyMs: 50, p99LatencyMs: 80 },
        ),
      ),
      { durationMs: 5000, warmupMs: 1000 },
    );
    expect(r.nodes.p!.rejected).toBeGreaterThan(3500);
    expect(r.targets?.p95LatencyMs?.met).toBeNull();
    expect(r.targets?.p99LatencyMs?.met).toBeNull();
  });

  it('counts batch members as items: 1000 items/s in batches of 50 meet a 900/s target', () => {
    const r = simulate(
      graphOf({
        nodes: [
          { id: 'src', kind: 'source', params: { rate: 1000, arrival: 'constant' } },
          { id: 'b', kind: 'batch', params: { size: 50, timeoutMs: 1000 } },
          { id: 'out', kind: 'sink' },
        ],
        edges: [
          { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'b', port: 'in' } },
          { id: 'e2', from: { node: 'b', port: 'out' }, to: { node: 'out', port: 'in' } },
        ],
        targets: { minThroughput: 900 },
      }),
      { durationMs: 11_000, warmupMs: 1000 },
    );
    expect(r.totals.throughput).toBeGreaterThan(990);
    expect(r.nodes.out!.in).toBeLessThan(220); // batches
    expect(r.nodes.out!.items).toBeGreaterThan(9900); // members
    expect(r.targets?.minThroughput?.met).toBe(true);
  });

  it('counts channel drops as shed load', () => {
    const r = simulate(
      graphOf({
        nodes: [
          { id: 'src', kind: 'source', params: { rate: 2000 } },
          { id: 'slow', kind: 'process', params: { service: { dist: 'exponential', meanMs: 1 } } },
          { id: 'out', kind: 'sink' },
        ],
        edges: [
          {
            id: 'e1',
            from: { node: 'src', port: 'out' },
            to: { node: 'slow', port: 'in' },
            capacity: 64,
            overflow: 'dropNewest',
          },
          { id: 'e2', from: { node: 'slow', port: 'out' }, to: { node: 'out', port: 'in' } },
        ],
        targets: { maxShedRate: 0.1 },
      }),
      { durationMs: 6000, warmupMs: 1000 },
    );
    expect(r.totals.dropped).toBeGreaterThan(3000);
    expect(r.totals.shedRate!).toBeGreaterThan(0.4);
    expect(r.targets?.maxShedRate?.met).toBe(false);
  });

  it('scopes latency and throughput targets to the sinks they name', () => {
    const doc = withFailedSink(
      { service: { dist: 'constant', meanMs: 1 }, errorRate: 0.5 },
      { minThroughput: 400, sinks: ['ok'] },
    );
    const r = simulate(graphOf(doc), { durationMs: 5000, warmupMs: 1000 });
    expect(r.targets?.minThroughput?.actual).toBeGreaterThan(450);
    expect(r.targets?.minThroughput?.actual).toBeLessThan(550);
  });

  it('refuses targets that name a node that is not a sink, or no node', () => {
    const r = parseGraph({
      format: 'flowbench/graph',
      version: 1,
      ...withFailedSink({}, { minThroughput: 1, sinks: ['ok', 'p', 'ghost'] }),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        path: 'targets.sinks[1]',
        message: 'must name a sink (a node that collects messages); "p" is a process node',
      },
      { path: 'targets.sinks[2]', message: 'names no node in this graph (got "ghost")' },
    ]);
  });
});
