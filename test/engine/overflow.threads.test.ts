/**
 * One behaviour per overflow policy, whatever the placement: the same seeded
 * bursts run through an edge of capacity 20 into a slow server, predicted in
 * virtual time and run for real on one worker (an in-memory channel), across
 * two workers over a SAB ring, and across two workers over postMessage.
 *
 * Each burst of 200 arrives at once (far faster than one service of 1 ms), so
 * the server can take at most one message into service while the queue
 * fills: each burst leaves capacity (20) or capacity + 1 messages, whatever
 * the threads do. Stated tolerance: one message per burst against the
 * prediction. The queue then drains (21 × 1 ms) long before the next burst
 * (400 ms later: a consumer thread that a busy machine leaves waiting for
 * 100 ms must not turn two bursts into one).
 */
import { describe, expect, it } from 'vitest';

import { simulate } from '../../src/host/virtual.ts';
import type { RunReport } from '../../src/metrics/report.ts';
import type { RunOptions } from '../../src/host/run-controller.ts';
import { graphOf, runGraph } from './run-graph.ts';

const BURSTS = 4;
const BURST = 200;
const CAPACITY = 20;

type Overflow = 'block' | 'dropNewest' | 'dropOldest';

function doc(overflow: Overflow, pinned: boolean) {
  return {
    nodes: [
      {
        id: 'src',
        kind: 'source' as const,
        ...(pinned ? { worker: 0 } : {}),
        params: {
          arrival: 'burst' as const,
          burst: { size: BURST, everyMs: 400 },
          limit: BURSTS * BURST,
        },
      },
      {
        id: 'server',
        kind: 'process' as const,
        ...(pinned ? { worker: 1 } : {}),
        params: { service: { dist: 'constant' as const, meanMs: 1 } },
      },
      { id: 'out', kind: 'sink' as const, ...(pinned ? { worker: 1 } : {}) },
    ],
    edges: [
      {
        id: 'q',
        from: { node: 'src', port: 'out' },
        to: { node: 'server', port: 'in' },
        capacity: CAPACITY,
        overflow,
      },
      { id: 'e2', from: { node: 'server', port: 'out' }, to: { node: 'out', port: 'in' } },
    ],
    run: { durationMs: 60_000, warmupMs: 0, seed: 5 },
  };
}

const placements: { name: string; options?: RunOptions; pinned: boolean }[] = [
  { name: 'one worker (in-memory channel)', options: { workers: 1 }, pinned: false },
  { name: 'two workers, SAB ring', options: { workers: 2, transport: 'sab' }, pinned: true },
  {
    name: 'two workers, postMessage',
    options: { workers: 2, transport: 'postmessage' },
    pinned: true,
  },
];

function counts(r: RunReport) {
  return {
    ended: r.run.ended,
    error: r.run.error,
    sent: r.nodes.src!.out,
    delivered: r.nodes.out!.in,
    dropped: r.edges.q!.drops,
    depthMax: r.edges.q!.depthMax,
    capacity: r.edges.q!.capacity,
  };
}

describe('overflow policies: placement × policy', () => {
  for (const overflow of ['block', 'dropNewest', 'dropOldest'] as const) {
    it(`${overflow}: the same counts in virtual time and on every placement`, async () => {
      const predicted = counts(simulate(graphOf(doc(overflow, false))));
      const runs = [{ name: 'virtual time', ...predicted }];
      for (const p of placements) {
        runs.push({ name: p.name, ...counts(await runGraph(doc(overflow, p.pinned), p.options)) });
      }
      const table = JSON.stringify(runs, null, 1);
      for (const r of runs) {
        expect(r.ended, table).toBe('drained');
        expect(r.sent, table).toBe(BURSTS * BURST);
        // Nothing is lost or invented: every message sent was delivered or dropped.
        expect(r.delivered + r.dropped, table).toBe(r.sent);
        // The queue never holds more than the capacity the person set…
        expect(r.capacity, table).toBe(CAPACITY);
        expect(r.depthMax, table).toBeLessThanOrEqual(CAPACITY);
        // …and drops happen only when it is full.
        if (r.dropped > 0) expect(r.depthMax, table).toBe(CAPACITY);
        if (overflow === 'block') expect(r.dropped, table).toBe(0);
        else {
          // Each burst leaves capacity or capacity + 1 (one may enter service first).
          expect(r.delivered, table).toBeGreaterThanOrEqual(BURSTS * CAPACITY);
          expect(r.delivered, table).toBeLessThanOrEqual(BURSTS * (CAPACITY + 1));
          expect(Math.abs(r.dropped - predicted.dropped), table).toBeLessThanOrEqual(BURSTS);
        }
      }
    });
  }
});

describe('capacity is the number the person set', () => {
  it('capacity 8 into two cpu-mode instances is 4 + 4: the report shows 8 and depth never above it', async () => {
    // Two consumer instances make two channels; each used to get at least 16.
    const graph = (pinned: boolean) => ({
      nodes: [
        {
          id: 'src',
          kind: 'source' as const,
          ...(pinned ? { worker: 0 } : {}),
          params: { arrival: 'burst' as const, burst: { size: 100, everyMs: 100 }, limit: 200 },
        },
        {
          id: 'cpu',
          kind: 'process' as const,
          ...(pinned ? { worker: 1 } : {}),
          params: {
            mode: 'cpu' as const,
            concurrency: 2,
            service: { dist: 'constant' as const, meanMs: 0.5 },
          },
        },
        { id: 'out', kind: 'sink' as const, ...(pinned ? { worker: 1 } : {}) },
      ],
      edges: [
        {
          id: 'q',
          from: { node: 'src', port: 'out' },
          to: { node: 'cpu', port: 'in' },
          capacity: 8,
        },
        { id: 'e2', from: { node: 'cpu', port: 'out' }, to: { node: 'out', port: 'in' } },
      ],
      run: { durationMs: 60_000, warmupMs: 0, seed: 2 },
    });
    const reports = [{ name: 'virtual time', report: simulate(graphOf(graph(false))) }];
    for (const p of placements) {
      reports.push({ name: p.name, report: await runGraph(graph(p.pinned), p.options) });
    }
    for (const { name, report } of reports) {
      const q = report.edges.q!;
      const what = `${name}: ${JSON.stringify(q)} ${report.run.error ?? ''}`;
      expect(report.run.ended, what).toBe('drained');
      expect(report.nodes.out!.in, what).toBe(200);
      expect(q.capacity, what).toBe(8);
      // A burst of 100 into 8 places with block: the queue fills, and never past 8.
      expect(q.depthMax, what).toBe(8);
      expect(q.drops, what).toBe(0);
      expect(q.blockedMs, what).toBeGreaterThan(0);
    }
  });
});
