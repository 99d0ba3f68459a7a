import { describe, expect, it } from 'vitest';

import { STOP_GRACE_MS } from '../../src/runtime/run-controller.ts';
import { chain, controllerFor, runGraph } from './run-graph.ts';

describe('engine control', () => {
  it('stops every worker loop cleanly even while each is in the middle of a 5 s CPU burn', async () => {
    const ctl = controllerFor(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 'max' } },
          // 5 s of CPU per message: without Stop checks inside the burn, the
          // loops could not leave before the grace period and would be terminated.
          {
            id: 'burn',
            kind: 'process',
            params: { mode: 'cpu', concurrency: 2, service: { dist: 'constant', meanMs: 5000 } },
          },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 60_000, warmupMs: 0 },
      },
      { workers: 2 },
    );
    const done = ctl.run();
    await expect
      .poll(() => ctl.counter('burn', 'in'), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    ctl.stop();
    const report = await done;
    expect(report.run.ended).toBe('stopped');
    expect(report.run.error).toBeUndefined();
    // Present only when every worker left its loop on its own within the grace period.
    expect(report.run.stopMs).toBeDefined();
    expect(report.run.stopMs!).toBeLessThan(STOP_GRACE_MS);
  });

  it('terminates a worker stuck in an endless user function and ends the run with a clear error', async () => {
    const report = await runGraph(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 100 } },
          { id: 'loop', kind: 'function', params: { code: 'while (true) {}' } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 20_000, warmupMs: 0 },
      },
      { workers: 1, watchdogMs: 1000 },
    );
    expect(report.run.ended).toBe('error');
    expect(report.run.error).toMatch(/stopped responding/);
    expect(report.run.error).toMatch(/"loop" \(function\)/);
    expect(report.run.measuredMs).toBeLessThan(10_000);
  });

  it('counts a throwing user function as errors and keeps running', async () => {
    const report = await runGraph(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 1000, arrival: 'constant' } },
          {
            id: 'fn',
            kind: 'function',
            params: { code: 'if (msg.seq % 2 === 0) throw new Error("odd one out"); return msg;' },
          },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 1500, warmupMs: 0 },
      },
      { workers: 1 },
    );
    expect(report.run.ended).toBe('duration');
    const fn = report.nodes.fn!;
    expect(fn.errors).toBeGreaterThan(100);
    expect(report.nodes.out!.in).toBeGreaterThan(100);
    // Every message is either an error or reaches the sink.
    expect(Math.abs(fn.errors + report.nodes.out!.in - fn.in)).toBeLessThanOrEqual(2);
  });

  it('reports a graph whose cycle fills every ring as deadlocked', async () => {
    const report = await runGraph(
      {
        nodes: [
          { id: 'src', kind: 'source', params: { rate: 'max' } },
          { id: 'a', kind: 'process', params: { service: { dist: 'constant', meanMs: 0 } } },
          { id: 'b', kind: 'split', params: { policy: 'broadcast', outputs: 2 } },
        ],
        edges: [
          {
            id: 'in',
            from: { node: 'src', port: 'out' },
            to: { node: 'a', port: 'in' },
            capacity: 16,
          },
          {
            id: 'ab',
            from: { node: 'a', port: 'out' },
            to: { node: 'b', port: 'in' },
            capacity: 16,
          },
          // b copies every message back into a: the cycle can only fill up.
          {
            id: 'back1',
            from: { node: 'b', port: 'out1' },
            to: { node: 'a', port: 'in' },
            capacity: 16,
          },
          {
            id: 'back2',
            from: { node: 'b', port: 'out2' },
            to: { node: 'a', port: 'in' },
            capacity: 16,
          },
        ],
        run: { durationMs: 30_000, warmupMs: 0 },
      },
      { workers: 2, deadlockMs: 1000 },
    );
    expect(report.run.ended).toBe('deadlock');
    expect(report.run.error).toMatch(/deadlocked/);
  });

  it('ends early when finite sources are drained, with every message accounted for', async () => {
    const report = await runGraph(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 5000, limit: 2000 } },
          {
            id: 'p',
            kind: 'process',
            params: { service: { dist: 'exponential', meanMs: 0.05 }, concurrency: 4 },
          },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 30_000, warmupMs: 0 },
      },
      { workers: 2 },
    );
    expect(report.run.ended).toBe('drained');
    expect(report.nodes.src!.out).toBe(2000);
    expect(report.nodes.out!.in).toBe(2000);
  });
});
