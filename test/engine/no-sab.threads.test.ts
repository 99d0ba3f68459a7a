/**
 * Runs without SharedArrayBuffer (`sharedMemory: false`: control and metrics
 * by messages, runtime/message-link.ts), on real worker threads: the same
 * graph reaches the same counts as with shared blocks, and start, live
 * numbers, pause, live params and capacities, Stop, the watchdog and the
 * worker-failure sentence all work.
 */
import { describe, expect, it } from 'vitest';

import { C, CHANNEL_I32_STRIDE } from '../../src/runtime/metrics-block.ts';
import { STOP_GRACE_MS } from '../../src/host/run-controller.ts';
import { chain, controllerFor, runGraph } from './run-graph.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const noSab = { sharedMemory: false } as const;

describe('a run without SharedArrayBuffer', () => {
  it('reaches the same counts as a run on shared blocks (every node, edge and latency sample)', async () => {
    const doc = {
      nodes: [
        { id: 'src', kind: 'source', params: { rate: 4000, limit: 3000 } },
        {
          id: 'p',
          kind: 'process',
          params: { service: { dist: 'exponential', meanMs: 0.05 }, concurrency: 2 },
        },
        { id: 'split', kind: 'split', params: { policy: 'roundRobin', outputs: 2 } },
        { id: 'a', kind: 'sink' },
        { id: 'b', kind: 'sink' },
      ],
      edges: [
        { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'p', port: 'in' } },
        { id: 'e2', from: { node: 'p', port: 'out' }, to: { node: 'split', port: 'in' } },
        { id: 'e3', from: { node: 'split', port: 'out1' }, to: { node: 'a', port: 'in' } },
        { id: 'e4', from: { node: 'split', port: 'out2' }, to: { node: 'b', port: 'in' } },
      ],
      run: { durationMs: 30_000, warmupMs: 0, seed: 7 },
    };
    const shared = await runGraph(doc, { workers: 3, transport: 'postmessage' });
    const messages = await runGraph(doc, { workers: 3, ...noSab });
    for (const report of [shared, messages]) {
      expect(report.run.error).toBeUndefined();
      expect(report.run.ended).toBe('drained');
      expect(report.run.transport).toBe('postmessage');
    }
    for (const id of ['src', 'p', 'split', 'a', 'b']) {
      const s = shared.nodes[id]!;
      const m = messages.nodes[id]!;
      expect([m.in, m.out, m.errors, m.drops]).toEqual([s.in, s.out, s.errors, s.drops]);
      expect(m.serviceMs.count).toBe(s.serviceMs.count);
      expect(m.latencyMs.count).toBe(s.latencyMs.count);
    }
    expect(messages.nodes.a!.in + messages.nodes.b!.in).toBe(3000);
    expect(messages.nodes.a!.in).toBe(1500);
    expect(messages.totals.latencyMs.count).toBe(3000);
    // Nothing shared was allocated.
    expect(messages.totals.sabBytes).toBe(0);
    expect(shared.totals.sabBytes).toBeGreaterThan(0);
  });

  it('drains a saturated chain whose producer worker blocks on a cross-worker edge (credits arrive while it is blocked)', async () => {
    const pass = { service: { dist: 'constant', meanMs: 0 } } as const;
    const report = await runGraph(
      {
        ...chain(
          [
            { id: 'src', kind: 'source', worker: 0, params: { rate: 'max', limit: 20_000 } },
            { id: 's1', kind: 'process', worker: 0, params: pass },
            { id: 's2', kind: 'process', worker: 0, params: pass },
            { id: 'out', kind: 'sink', worker: 1 },
          ],
          { capacity: 16 },
        ),
        run: { durationMs: 30_000, warmupMs: 0 },
      },
      { workers: 2, ...noSab },
    );
    expect(report.run.error).toBeUndefined();
    expect(report.run.ended).toBe('drained');
    expect(report.nodes.out!.in).toBe(20_000);
    expect(report.edges.e3!.blockedMs).toBeGreaterThan(0);
  });

  it('runs on postMessage even when the graph asks for SAB rings', async () => {
    const ctl = controllerFor(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 5000, limit: 500 } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 20_000, warmupMs: 0, transport: 'sab' },
      },
      { workers: 2, ...noSab },
    );
    expect(ctl.transport).toBe('postmessage');
    expect(ctl.sharedMemory).toBe(false);
    const report = await ctl.run();
    expect(report.run.transport).toBe('postmessage');
    expect(report.nodes.out!.in).toBe(500);
  });

  it('shows live numbers on the host while running, pauses, resumes without a burst, and takes live params', async () => {
    const ctl = controllerFor(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 1000, arrival: 'constant' } },
          { id: 'mid', kind: 'process', params: { service: { dist: 'constant', meanMs: 0 } } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 60_000, warmupMs: 0 },
      },
      { workers: 2, ...noSab },
    );
    const done = ctl.run();
    await expect.poll(() => ctl.counter('out', 'in'), { timeout: 20_000 }).toBeGreaterThan(200);
    ctl.pause();
    await sleep(150); // in-flight messages land, the last metrics message arrives
    const atPause = ctl.counter('out', 'in');
    await sleep(800);
    expect(ctl.counter('out', 'in')).toBe(atPause);
    ctl.resume();
    const rateOver = async (ms: number) => {
      const a = ctl.counter('out', 'in');
      await sleep(ms);
      return (ctl.counter('out', 'in') - a) / (ms / 1000);
    };
    await sleep(200);
    const before = await rateOver(600);
    // Had the paused 0.8 s been replayed as a backlog, this window would be far above 1000/s.
    expect(before).toBeLessThan(2000);
    expect(before).toBeGreaterThan(300);
    expect(ctl.setParams('src', { rate: 4000, arrival: 'constant' })).toBeUndefined();
    await sleep(150);
    const after = await rateOver(600);
    ctl.stop();
    const report = await done;
    expect(report.run.ended).toBe('stopped');
    expect(after / before).toBeGreaterThan(2.5);
    // Every worker left its loop on its own: Stop reached them by message.
    expect(report.run.stopMs).toBeDefined();
    expect(report.run.stopMs!).toBeLessThan(STOP_GRACE_MS);
  });

  it('changes an edge capacity live: a full cross-worker queue shrinks to the new bound', async () => {
    const ctl = controllerFor(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 2000 } },
          { id: 'slow', kind: 'process', params: { service: { dist: 'constant', meanMs: 5 } } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 60_000, warmupMs: 0 },
      },
      { workers: 2, ...noSab },
    );
    const ch = ctl.plan.channels.find((c) => c.edgeId === 'e1')!;
    // The producer and consumer of e1 are on different workers: credits travel by message.
    expect(ctl.plan.instances[ch.from]!.worker).not.toBe(ctl.plan.instances[ch.to]!.worker);
    const done = ctl.run();
    const depth = () => {
      const c = ctl.metrics.channels;
      const base = ch.index * CHANNEL_I32_STRIDE;
      return (Atomics.load(c, base + C.pushed) - Atomics.load(c, base + C.popped)) | 0;
    };
    await expect.poll(depth, { timeout: 20_000 }).toBeGreaterThan(200);
    // Back pressure holds the queue at its capacity (1024), never beyond.
    expect(depth()).toBeLessThanOrEqual(ch.capacity);
    expect(ctl.setCapacity('e1', 16)).toBeUndefined();
    await expect.poll(depth, { timeout: 10_000 }).toBeLessThanOrEqual(16);
    await sleep(300);
    // While running, the host's depth mixes the producer's and the consumer's
    // latest messages (up to METRICS_POST_MS apart); paused, both have sent
    // their last counts and the depth is exact.
    ctl.pause();
    await sleep(200);
    expect(depth()).toBeLessThanOrEqual(16);
    ctl.resume();
    ctl.stop();
    const report = await done;
    expect(report.edges.e1!.blockedMs).toBeGreaterThan(0);
  });

  it('terminates a worker stuck in an endless user function (no heartbeat messages) with the watchdog sentence', async () => {
    const report = await runGraph(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 100 } },
          { id: 'loop', kind: 'function', params: { code: 'while (true) {}' } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 20_000, warmupMs: 0 },
      },
      { workers: 1, watchdogMs: 1000, ...noSab },
    );
    expect(report.run.ended).toBe('error');
    expect(report.run.error).toMatch(/^worker 0 stopped responding/);
    expect(report.run.error).toMatch(/"loop" \(function\)/);
    expect(report.run.measuredMs).toBeLessThan(10_000);
  });

  it('ends the run with the worker-failure sentence and keeps what was measured', async () => {
    const report = await runGraph(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 1000, arrival: 'constant' } },
          {
            id: 'fn',
            kind: 'function',
            params: {
              code: 'if (msg.seq === 300) setTimeout(() => { throw new Error("late boom"); }, 0); return msg;',
            },
          },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 20_000, warmupMs: 0 },
      },
      { workers: 1, ...noSab },
    );
    expect(report.run.ended).toBe('error');
    expect(report.run.error).toBe('worker 0 (running "src", "fn", "out") failed: Error: late boom');
    expect(report.nodes.out!.in).toBeGreaterThan(250);
  });

  it('stops a run whose workers are inside long CPU burns: Stop cannot reach them, so they are terminated after the grace period', async () => {
    const ctl = controllerFor(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 'max' } },
          {
            id: 'burn',
            kind: 'process',
            params: { mode: 'cpu', concurrency: 2, service: { dist: 'constant', meanMs: 5000 } },
          },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 60_000, warmupMs: 0 },
      },
      { workers: 2, ...noSab },
    );
    const done = ctl.run();
    // Heartbeats and counts arrive by message even during a burn.
    await expect
      .poll(() => ctl.counter('burn', 'in'), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    const stoppedAt = Date.now();
    ctl.stop();
    const report = await done;
    expect(report.run.ended).toBe('stopped');
    expect(report.run.error).toBeUndefined();
    // Not every loop could leave on its own: no stopMs, and the run still ended promptly.
    expect(report.run.stopMs).toBeUndefined();
    expect(Date.now() - stoppedAt).toBeLessThan(STOP_GRACE_MS + 3000);
  });
});
