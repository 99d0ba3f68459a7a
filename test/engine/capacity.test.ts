/**
 * Capacity and drops as a person reads them in a report, in virtual time
 * (fast, exact): the graphs of issue 11 items 4 and 5. The same rules on
 * real threads and every transport: overflow.threads.test.ts.
 */
import { describe, expect, it } from 'vitest';

import { simulate } from '../../src/host/virtual.ts';
import { graphOf } from './run-graph.ts';

describe('capacity in a report (virtual time)', () => {
  it('a dropNewest edge of 1024 in front of a batch stage drops only while it holds 1024', () => {
    // Bursts of 2000 every 100 ms into a batch of 50 feeding a 2 ms server.
    const report = simulate(
      graphOf({
        nodes: [
          {
            id: 'src',
            kind: 'source',
            params: { arrival: 'burst', burst: { size: 2000, everyMs: 100 } },
          },
          { id: 'b', kind: 'batch', params: { size: 50, timeoutMs: 10 } },
          { id: 'p', kind: 'process', params: { service: { dist: 'constant', meanMs: 2 } } },
          { id: 'out', kind: 'sink' },
        ],
        edges: [
          {
            id: 'e1',
            from: { node: 'src', port: 'out' },
            to: { node: 'b', port: 'in' },
            capacity: 1024,
            overflow: 'dropNewest',
          },
          { id: 'e2', from: { node: 'b', port: 'out' }, to: { node: 'p', port: 'in' } },
          { id: 'e3', from: { node: 'p', port: 'out' }, to: { node: 'out', port: 'in' } },
        ],
        run: { durationMs: 2000, warmupMs: 0, seed: 1 },
      }),
    );
    const e1 = report.edges.e1!;
    expect(e1.drops).toBeGreaterThan(0);
    // It was: 32,400 drops in 4.5 s while the report said the depth never passed 768.
    expect(e1.depthMax).toBe(1024);
    expect(e1.capacity).toBe(1024);
    expect(report.nodes.b!.in + e1.drops).toBe(report.nodes.src!.out);
  });

  it('capacity 10 into three cpu-mode instances is 4 + 3 + 3: never more than 10 wait', () => {
    const report = simulate(
      graphOf({
        nodes: [
          {
            id: 'src',
            kind: 'source',
            params: { arrival: 'burst', burst: { size: 100, everyMs: 50 }, limit: 300 },
          },
          {
            id: 'cpu',
            kind: 'process',
            params: { mode: 'cpu', concurrency: 3, service: { dist: 'constant', meanMs: 1 } },
          },
          { id: 'out', kind: 'sink' },
        ],
        edges: [
          {
            id: 'q',
            from: { node: 'src', port: 'out' },
            to: { node: 'cpu', port: 'in' },
            capacity: 10,
          },
          { id: 'e2', from: { node: 'cpu', port: 'out' }, to: { node: 'out', port: 'in' } },
        ],
        run: { durationMs: 5000, warmupMs: 0, seed: 1 },
      }),
    );
    expect(report.run.ended).toBe('drained');
    expect(report.edges.q).toMatchObject({ capacity: 10, depthMax: 10, drops: 0 });
    expect(report.nodes.out!.in).toBe(300);
  });

  it('a capacity below the channel count runs with 1 per channel and the report says so', () => {
    const report = simulate(
      graphOf({
        nodes: [
          { id: 'src', kind: 'source', params: { rate: 100, limit: 20 } },
          { id: 'cpu', kind: 'process', params: { mode: 'cpu', concurrency: 4 } },
          { id: 'out', kind: 'sink' },
        ],
        edges: [
          {
            id: 'q',
            from: { node: 'src', port: 'out' },
            to: { node: 'cpu', port: 'in' },
            capacity: 2,
          },
          { id: 'e2', from: { node: 'cpu', port: 'out' }, to: { node: 'out', port: 'in' } },
        ],
        run: { durationMs: 2000, warmupMs: 0, seed: 1 },
      }),
    );
    expect(report.edges.q!.capacity).toBe(4);
  });
});
