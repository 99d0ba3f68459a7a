import { describe, expect, it } from 'vitest';

import { C, CHANNEL_I32_STRIDE, I, INSTANCE_FIELDS } from '../../src/runtime/metrics-block.ts';
import { STOP_GRACE_MS } from '../../src/host/run-controller.ts';
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

  it('ends the run with a sentence naming the worker and its nodes when user code throws from a timer', async () => {
    const started = Date.now();
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
      // The postMessage driver yields to the event loop, where the timer fires.
      { workers: 1, transport: 'postmessage' },
    );
    expect(report.run.ended).toBe('error');
    expect(report.run.error).toBe('worker 0 (running "src", "fn", "out") failed: Error: late boom');
    // What was measured up to then is kept.
    expect(report.nodes.out!.in).toBeGreaterThan(250);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('ends the run with a sentence when a worker runs out of memory, and keeps what was measured', async () => {
    const report = await runGraph(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 2000, arrival: 'constant' } },
          {
            id: 'hoard',
            kind: 'function',
            params: {
              code: '(ctx.state.keep ??= []).push(new Array(200000).fill(msg.seq)); return msg;',
            },
          },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 30_000, warmupMs: 0 },
      },
      { workers: 1 },
      {
        resourceLimits: {
          maxOldGenerationSizeMb: 96,
          maxYoungGenerationSizeMb: 16,
          stackSizeMb: 4,
        },
      },
    );
    expect(report.run.ended).toBe('error');
    expect(report.run.error).toMatch(
      /^worker 0 \(running "src", "hoard", "out"\) failed: it ran out of memory \(more than 96 MB of heap\)$/,
    );
    expect(report.nodes.src!.out).toBeGreaterThan(0);
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
    expect(report.run.error).toMatch(/^deadlocked: the cycle through "a", "b" is full/);
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

  it('is not drained while a batch is still open inside its kernel: the batch closes at its timeout and reaches the sink', async () => {
    // The 1000 messages sit in the batch kernel (no channel, no held gauge) for 300 ms.
    // Before the workers' quiescence flag the run ended "drained" at ~100 ms with 0 delivered.
    const report = await runGraph(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 20_000, limit: 1000 } },
          { id: 'b', kind: 'batch', params: { size: 5000, timeoutMs: 300 } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 20_000, warmupMs: 0 },
      },
      { workers: 2 },
    );
    expect(report.run.ended, report.run.error).toBe('drained');
    expect(report.nodes.b!.in).toBe(1000);
    expect(report.nodes.out!.items).toBe(1000);
    expect(report.run.measuredMs).toBeGreaterThanOrEqual(300);
  });
});

describe('live control', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('pauses (nothing moves), resumes without a burst of the paused arrivals', async () => {
    const ctl = controllerFor(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 2000, arrival: 'constant' } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 2500, warmupMs: 0 },
      },
      { workers: 1 },
    );
    const done = ctl.run();
    await expect.poll(() => ctl.counter('out', 'in'), { timeout: 20_000 }).toBeGreaterThan(200);
    ctl.pause();
    await sleep(100); // let in-flight messages land
    const atPause = ctl.counter('out', 'in');
    await sleep(1000);
    expect(ctl.counter('out', 'in')).toBe(atPause);
    ctl.resume();
    await expect.poll(() => ctl.counter('out', 'in'), { timeout: 5000 }).toBeGreaterThan(atPause);
    const report = await done;
    expect(report.run.ended).toBe('duration');
    // 2.5 s of active time at 2000/s: ≈ 5000 messages. Had the paused second been
    // replayed as a backlog it would be ≈ 7000.
    expect(report.nodes.src!.out).toBeLessThan(6000);
    expect(report.nodes.src!.out).toBeGreaterThan(4000);
  });

  it('changes a source rate while running', async () => {
    const ctl = controllerFor(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 500, arrival: 'constant' } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 60_000, warmupMs: 0 },
      },
      { workers: 1 },
    );
    const done = ctl.run();
    await expect.poll(() => ctl.counter('out', 'in'), { timeout: 20_000 }).toBeGreaterThan(50);
    const rateOver = async (ms: number) => {
      const a = ctl.counter('out', 'in');
      await sleep(ms);
      return (ctl.counter('out', 'in') - a) / (ms / 1000);
    };
    const before = await rateOver(600);
    expect(ctl.setParams('src', { rate: 4000, arrival: 'constant' })).toBeUndefined();
    await sleep(100);
    const after = await rateOver(600);
    ctl.stop();
    await done;
    expect(after / before).toBeGreaterThan(4);
    // Invalid live params are refused with a sentence and change nothing.
    expect(ctl.setParams('src', { rate: -1 })).toMatch(/not valid/);
    expect(ctl.setParams('nope', {})).toMatch(/no node/);
    // A sink's role is read by the host (totals), so it applies live.
    expect(ctl.setParams('out', { role: 'failed' })).toBeUndefined();
    expect(ctl.liveNode('out')?.params).toEqual({ role: 'failed' });
  });

  it('ends drained once a message limit given to the source during the run is reached, and goes on past a limit taken away', async () => {
    const graph = (limit?: number) => ({
      ...chain([
        {
          id: 'src',
          kind: 'source',
          params: { rate: 2000, arrival: 'constant', ...(limit === undefined ? {} : { limit }) },
        },
        { id: 'out', kind: 'sink' },
      ]),
      run: { durationMs: 60_000, warmupMs: 0 },
    });
    // Started with a limit of 4000 (two seconds), taken away at once: the run goes past it.
    const ctl = controllerFor(graph(4000), { workers: 1 });
    const done = ctl.run();
    await expect.poll(() => ctl.counter('out', 'in'), { timeout: 20_000 }).toBeGreaterThan(50);
    expect(ctl.setParams('src', graph().nodes[0]!.params)).toBeUndefined();
    await expect.poll(() => ctl.counter('out', 'in'), { timeout: 20_000 }).toBeGreaterThan(5000);
    expect(ctl.state).toBe('running');
    // A limit 1000 above what was sent: the source sends up to it, everything is delivered, the run ends.
    const limit = ctl.counter('src', 'out') + 1000;
    expect(ctl.setParams('src', graph(limit).nodes[0]!.params)).toBeUndefined();
    const report = await done;
    // Drained (not the 60 s duration), with exactly the limit sent and delivered.
    expect(report.run.ended).toBe('drained');
    expect(report.nodes.src!.out).toBe(limit);
    expect(report.nodes.out!.in).toBe(limit);
  });

  it('lowers a wait-mode concurrency while running: the stage serves at the new rate, in either direction', async () => {
    // λ = 3000/s into 1 ms exponential service: 2 slots serve ≈ 2000/s, 1 slot ≈ 1000/s.
    const stage = (concurrency: number) => ({
      service: { dist: 'exponential' as const, meanMs: 1 },
      mode: 'wait' as const,
      concurrency,
    });
    const ctl = controllerFor(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 3000 } },
          { id: 'p', kind: 'process', params: stage(2) },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 60_000, warmupMs: 0 },
      },
      { workers: 1 },
    );
    const done = ctl.run();
    await expect.poll(() => ctl.counter('out', 'in'), { timeout: 20_000 }).toBeGreaterThan(500);
    const rateOver = async (ms: number) => {
      const a = ctl.counter('out', 'in');
      await sleep(ms);
      return (ctl.counter('out', 'in') - a) / (ms / 1000);
    };
    const two = await rateOver(800);
    expect(ctl.setParams('p', stage(1))).toBeUndefined();
    await sleep(100);
    const one = await rateOver(800);
    expect(ctl.setParams('p', stage(2))).toBeUndefined();
    await sleep(100);
    const twoAgain = await rateOver(800);
    ctl.stop();
    await done;
    expect(one / two).toBeLessThan(0.6);
    expect(twoAgain / one).toBeGreaterThan(1.6);
  });

  it('parks cpu-mode instances when concurrency is lowered live, and wakes them when raised again', async () => {
    const cpu = (concurrency: number) => ({
      service: { dist: 'constant' as const, meanMs: 0.2 },
      mode: 'cpu' as const,
      concurrency,
    });
    const ctl = controllerFor(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 500 } },
          { id: 'p', kind: 'process', params: cpu(2) },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 60_000, warmupMs: 0 },
      },
      { workers: 2 },
    );
    const done = ctl.run();
    // Messages taken by each of the two instances.
    const taken = () =>
      ctl.plan.byNode[1]!.map((i) => ctl.metrics.instances[i * INSTANCE_FIELDS + I.in]!);
    await expect.poll(() => Math.min(...taken()), { timeout: 20_000 }).toBeGreaterThan(50);
    expect(ctl.setParams('p', cpu(1))).toBeUndefined();
    expect(ctl.setParams('p', cpu(3))).toMatch(/more instances \(3\) than this run started \(2/);
    await sleep(300); // what was queued to instance 2 drains
    const [a0, b0] = taken();
    await sleep(600);
    const [a1, b1] = taken();
    // Instance 1 takes nothing new; instance 0 takes everything (≈ 300 at 500/s).
    expect(b1! - b0!).toBe(0);
    expect(a1! - a0!).toBeGreaterThan(100);
    expect(ctl.setParams('p', cpu(2))).toBeUndefined();
    await sleep(600);
    const [, b2] = taken();
    ctl.stop();
    await done;
    expect(b2! - b1!).toBeGreaterThan(50);
  });

  it('changes an edge capacity while running: a full queue shrinks to the new bound', async () => {
    const ctl = controllerFor(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 2000 } },
          { id: 'slow', kind: 'process', params: { service: { dist: 'constant', meanMs: 5 } } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 60_000, warmupMs: 0 },
      },
      { workers: 1 },
    );
    const done = ctl.run();
    const depth = () => {
      const ch = ctl.plan.channels.find((c) => c.edgeId === 'e1')!;
      const c = ctl.metrics.channels;
      const base = ch.index * CHANNEL_I32_STRIDE;
      return (Atomics.load(c, base + C.pushed) - Atomics.load(c, base + C.popped)) | 0;
    };
    await expect.poll(depth, { timeout: 20_000 }).toBeGreaterThan(200);
    expect(ctl.setCapacity('e1', 16)).toBeUndefined();
    // The consumer drains 200/s; the producer may not refill past 16.
    await expect.poll(depth, { timeout: 10_000 }).toBeLessThanOrEqual(16);
    await sleep(200);
    expect(depth()).toBeLessThanOrEqual(16);
    ctl.stop();
    const report = await done;
    expect(report.edges.e1!.blockedMs).toBeGreaterThan(0);
    // The report states the capacity in force at the end, not the one in the document.
    expect(report.edges.e1!.capacity).toBe(16);
  });
});
