import { describe, expect, it } from 'vitest';

import { processParamsSchema } from './params.ts';
import { Rng } from '../../core/random.ts';
import { BREAKER_CLOSED, BREAKER_HALF_OPEN, BREAKER_OPEN } from './breaker.ts';
import { RecordingEmitter, testMsg } from '../fake-emitter.ts';
import { createProcessKernel } from './kernel.ts';
import { type KernelEnv, MsgFlags } from '../../core/kernel.ts';

const params = (p: Record<string, unknown>) => processParamsSchema.parse(p);
const env = (seed = 1): KernelEnv => ({ rng: new Rng(seed), instance: 0, instances: 1 });
const constant = (meanMs: number) => ({ dist: 'constant', meanMs });

describe('process kernel, wait mode', () => {
  it('emits each message at now + service time and holds a slot until then', () => {
    const k = createProcessKernel(params({ service: constant(2), concurrency: 2 }), env());
    const out = new RecordingEmitter();
    expect(k.ready(0)).toBe(true);
    k.receive(testMsg({ seq: 1 }), 0, 0, out);
    expect(k.ready(0)).toBe(true);
    k.receive(testMsg({ seq: 2 }), 0, 500, out);
    expect(k.ready(600)).toBe(false);
    expect(k.tick(600, out)).toBe(2000);
    expect(k.state?.().inFlight).toBe(2);
    expect(k.ready(2000)).toBe(true);
    expect(k.state?.().inFlight).toBe(1);
    expect(out.emits.map((e) => [e.port, e.msg.seq, e.atUs])).toEqual([
      [0, 1, 2000],
      [0, 2, 2500],
    ]);
    expect(out.services).toEqual([2000, 2000]);
    expect(out.burns).toEqual([]);
  });

  it('reports the whole attempt chain as occupied slot time: timed-out attempts and backoff too', () => {
    // Service 50 ms, cut at 5 ms; two retries after 1 ms: 5 + 1 + 5 + 1 + 5 = 17 ms held.
    const k = createProcessKernel(
      params({
        service: constant(50),
        timeoutMs: 5,
        retry: { attempts: 2, backoff: 'fixed', baseMs: 1 },
      }),
      env(),
    );
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 1000, out);
    expect(out.emits[0]!.atUs).toBe(18_000);
    expect(out.occupied).toEqual([17_000]);
    expect(out.services).toEqual([]); // no attempt completed
    // cpu mode: the same slot time (burned services plus idle backoff).
    const cpu = createProcessKernel(
      params({
        service: constant(50),
        timeoutMs: 5,
        mode: 'cpu',
        retry: { attempts: 1, baseMs: 2 },
      }),
      env(),
    );
    const o2 = new RecordingEmitter();
    cpu.receive(testMsg(), 0, 0, o2);
    expect(o2.burns).toEqual([10_000]);
    expect(o2.occupied).toEqual([12_000]);
  });

  it('passes messages straight through when meanMs is 0', () => {
    const k = createProcessKernel(params({ service: constant(0) }), env());
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 100, out);
    expect(out.emits[0]?.atUs).toBe(100);
    expect(k.ready(100)).toBe(true);
  });

  it('draws exponential service times with the configured mean (within 2 % over 100k)', () => {
    const k = createProcessKernel(
      params({ service: { dist: 'exponential', meanMs: 3 }, concurrency: 1024 }),
      env(5),
    );
    const out = new RecordingEmitter();
    for (let i = 0; i < 100_000; i++) k.receive(testMsg(), 0, i * 1e6, out);
    const mean = out.services.reduce((a, b) => a + b, 0) / out.services.length;
    expect(Math.abs(mean - 3000) / 3000).toBeLessThan(0.02);
  });

  it('grows and shrinks its slots on a live concurrency change', () => {
    const k = createProcessKernel(params({ service: constant(10), concurrency: 1 }), env());
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    expect(k.ready(1)).toBe(false);
    expect(k.setParams?.(params({ service: constant(10), concurrency: 3 }))).toBe(true);
    expect(k.ready(1)).toBe(true);
    expect(k.setParams?.(params({ service: constant(10), mode: 'cpu' }))).toBe(false);
  });
});

describe('process kernel, live concurrency changes (wait mode)', () => {
  /** Feeds a backlog queued at 0 while ready at `nowUs`; returns the emission times. */
  const drain = (
    k: ReturnType<typeof createProcessKernel>,
    nowUs: number,
    out: RecordingEmitter,
  ) => {
    const from = out.emits.length;
    while (k.ready(nowUs)) k.receive(testMsg({ queuedAtUs: 0 }), 0, nowUs, out);
    return out.emits.slice(from).map((e) => e.atUs);
  };

  it('lowered: in-flight work finishes, then one slot serves a backlog one at a time', () => {
    const k = createProcessKernel(params({ service: constant(1), concurrency: 2 }), env());
    const out = new RecordingEmitter();
    k.receive(testMsg({ queuedAtUs: 0 }), 0, 0, out);
    k.receive(testMsg({ queuedAtUs: 0 }), 0, 0, out);
    expect(k.setParams?.(params({ service: constant(1), concurrency: 1 }))).toBe(true);
    // Both in flight finish at 1000; only one slot comes back. A late wake-up at
    // 5000 serves the backlog in model time: 2000, 3000, 4000, 5000, then 6000 waits.
    expect(drain(k, 5000, out)).toEqual([2000, 3000, 4000, 5000, 6000]);
    expect(k.ready(5500)).toBe(false);
    expect(k.state?.().inFlight).toBe(1);
  });

  it('lowered below what is in flight: no new work until the extra messages have finished', () => {
    const k = createProcessKernel(params({ service: constant(1), concurrency: 3 }), env());
    const out = new RecordingEmitter();
    for (let i = 0; i < 3; i++) k.receive(testMsg(), 0, i * 100, out);
    expect(k.setParams?.(params({ service: constant(1), concurrency: 1 }))).toBe(true);
    expect(k.ready(1050)).toBe(false); // the first finished at 1000: its slot is held
    expect(k.ready(1150)).toBe(false); // the second at 1100: held too
    expect(k.ready(1200)).toBe(true); // the third at 1200: the one slot left
    k.receive(testMsg(), 0, 1200, out);
    expect(k.ready(1200)).toBe(false);
  });

  it('raised: the new slots are free from the change, not since ever (no served-in-the-past burst)', () => {
    const k = createProcessKernel(params({ service: constant(1), concurrency: 1 }), env());
    const out = new RecordingEmitter();
    expect(drain(k, 0, out)).toEqual([1000]);
    k.ready(10_000); // the kernel sees time 10 000 (its slot freed at 1000)
    expect(k.setParams?.(params({ service: constant(1), concurrency: 2 }))).toBe(true);
    // The old slot serves the backlog from 1000 on (2000 … 11 000: ten); the new
    // one from 10 000 (11 000: one). Free since ever, it would have served ten more.
    const times = drain(k, 10_000, out);
    expect(times.filter((t) => t! > 10_000)).toEqual([11_000, 11_000]);
    expect(times.length).toBe(11);
  });
});

describe('process kernel, live changes of the optional settings', () => {
  it('removes a timeout when the new params have none', () => {
    const k = createProcessKernel(params({ service: constant(5), timeoutMs: 1 }), env());
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    expect(out.counter('timeouts')).toBe(1);
    expect(k.setParams?.(params({ service: constant(5) }))).toBe(true);
    k.receive(testMsg(), 0, 10_000, out);
    expect(out.counter('timeouts')).toBe(1);
    expect(out.emits.map((e) => [e.port, e.atUs])).toEqual([
      [1, 1000],
      [0, 15_000],
    ]);
  });
});

describe('process kernel, cpu mode', () => {
  it('burns the service time, emits at now + s and uses one slot', () => {
    const k = createProcessKernel(
      params({ service: constant(1.5), mode: 'cpu', concurrency: 4 }),
      env(),
    );
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 1000, out);
    expect(out.burns).toEqual([1500]);
    expect(out.emits[0]?.atUs).toBe(2500);
    expect(k.ready(1000)).toBe(false);
    expect(k.ready(2500)).toBe(true);
  });
});

describe('process kernel, per-item cost', () => {
  const batchOf = (n: number, nested = 0) =>
    testMsg({
      flags: MsgFlags.batch,
      items: [
        ...Array.from({ length: n }, () => testMsg()),
        ...Array.from({ length: nested }, () =>
          testMsg({ flags: MsgFlags.batch, items: [testMsg(), testMsg(), testMsg()] }),
        ),
      ],
    });

  it('adds n × perItemMs to a batch of n members, and perItemMs once to a plain message', () => {
    const k = createProcessKernel(
      params({ service: constant(2), perItemMs: 0.5, concurrency: 8 }),
      env(),
    );
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    k.receive(batchOf(10), 0, 0, out);
    // A nested batch counts its members: 2 plain + 2 × 3 = 8 items.
    k.receive(batchOf(2, 2), 0, 0, out);
    expect(out.emits.map((e) => e.atUs)).toEqual([2500, 7000, 6000]);
    // The service time recorded (and so the utilization) includes the per-item part.
    expect(out.services).toEqual([2500, 7000, 6000]);
  });

  it('costs nothing per item by default, and takes a live change', () => {
    const k = createProcessKernel(params({ service: constant(2), concurrency: 8 }), env());
    const out = new RecordingEmitter();
    k.receive(batchOf(100), 0, 0, out);
    // A live change carries the node's full params.
    expect(k.setParams?.(params({ service: constant(2), concurrency: 8, perItemMs: 0.01 }))).toBe(
      true,
    );
    k.receive(batchOf(100), 0, 0, out);
    expect(out.emits.map((e) => e.atUs)).toEqual([2000, 3000]);
  });

  it('counts the per-item part against the timeout, and burns it in cpu mode', () => {
    const timed = createProcessKernel(
      params({ service: constant(1), perItemMs: 1, timeoutMs: 5, concurrency: 4 }),
      env(),
    );
    const out = new RecordingEmitter();
    timed.receive(batchOf(3), 0, 0, out);
    timed.receive(batchOf(6), 0, 0, out);
    expect(out.emits.map((e) => [e.port, e.atUs])).toEqual([
      [0, 4000],
      [1, 5000],
    ]);
    expect(out.counter('timeouts')).toBe(1);

    const cpu = createProcessKernel(
      params({ service: constant(1), perItemMs: 0.25, mode: 'cpu' }),
      env(),
    );
    const burnt = new RecordingEmitter();
    cpu.receive(batchOf(8), 0, 0, burnt);
    expect(burnt.burns).toEqual([3000]);
  });
});

describe('process kernel, failures', () => {
  it('sends failed messages to the error port with the error flag and counts errors', () => {
    const k = createProcessKernel(params({ service: constant(1), errorRate: 1 }), env());
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    expect(out.emits.map((e) => [e.port, e.atUs])).toEqual([[1, 1000]]);
    expect((out.emits[0]?.msg.flags ?? 0) & MsgFlags.error).toBe(MsgFlags.error);
    expect(out.counter('errors')).toBe(1);
  });

  it('fails about errorRate of the messages (within 1 point over 100k)', () => {
    const k = createProcessKernel(
      params({ service: constant(0), errorRate: 0.3, concurrency: 1 }),
      env(8),
    );
    const out = new RecordingEmitter();
    for (let i = 0; i < 100_000; i++) k.receive(testMsg(), 0, i, out);
    expect(Math.abs(out.counter('errors') / 100_000 - 0.3)).toBeLessThan(0.01);
  });

  it('retries after a fixed backoff, holding the slot, and raises attempt', () => {
    const k = createProcessKernel(
      params({
        service: constant(1),
        errorRate: 1,
        retry: { attempts: 2, backoff: 'fixed', baseMs: 10 },
      }),
      env(),
    );
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    // 1 ms + 10 ms backoff + 1 ms + 10 ms + 1 ms
    expect(out.emits.map((e) => [e.port, e.atUs, e.msg.attempt])).toEqual([[1, 23_000, 2]]);
    expect(out.counter('retries')).toBe(2);
    expect(out.counter('errors')).toBe(1);
    expect(out.services).toEqual([1000, 1000, 1000]);
    expect(k.ready(22_999)).toBe(false);
    expect(k.ready(23_000)).toBe(true);
  });

  it('doubles the backoff on each retry when exponential', () => {
    const k = createProcessKernel(
      params({
        service: constant(1),
        errorRate: 1,
        retry: { attempts: 2, backoff: 'exponential', baseMs: 10 },
      }),
      env(),
    );
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    // 1 + 10 + 1 + 20 + 1
    expect(out.emits[0]?.atUs).toBe(33_000);
  });

  it('recovers most failures with retries (error share ≈ errorRate^(attempts+1), within 0.5 points)', () => {
    const k = createProcessKernel(
      params({
        service: constant(0),
        errorRate: 0.5,
        concurrency: 1024,
        retry: { attempts: 3, backoff: 'fixed', baseMs: 0 },
      }),
      env(9),
    );
    const out = new RecordingEmitter();
    for (let i = 0; i < 100_000; i++) k.receive(testMsg(), 0, i, out);
    expect(Math.abs(out.counter('errors') / 100_000 - 0.0625)).toBeLessThan(0.005);
    expect(out.on(0).length + out.on(1).length).toBe(100_000);
  });

  it('fails an attempt at now + timeout when the service time exceeds it', () => {
    const k = createProcessKernel(params({ service: constant(5), timeoutMs: 2 }), env());
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    expect(out.emits.map((e) => [e.port, e.atUs])).toEqual([[1, 2000]]);
    expect(out.counter('timeouts')).toBe(1);
    expect(out.counter('errors')).toBe(1);
    expect(out.services).toEqual([]);
  });

  it('retries timed-out attempts under the same rules', () => {
    const k = createProcessKernel(
      params({
        service: constant(5),
        timeoutMs: 2,
        retry: { attempts: 1, backoff: 'fixed', baseMs: 1 },
      }),
      env(),
    );
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    expect(out.emits.map((e) => [e.port, e.atUs])).toEqual([[1, 5000]]);
    expect(out.counter('timeouts')).toBe(2);
    expect(out.counter('retries')).toBe(1);
  });
});

describe('process kernel, circuit breaker', () => {
  const breaker = { failureRatio: 0.5, windowMs: 1000, cooldownMs: 100, minRequests: 5 };

  it('opens after enough failures, rejects while open, half-opens after the cooldown and closes on a good trial', () => {
    const k = createProcessKernel(
      params({ service: constant(1), concurrency: 100, errorRate: 1, breaker }),
      env(),
    );
    const out = new RecordingEmitter();
    // Five failing messages at 0..4 ms; their outcomes land at 1..5 ms.
    for (let i = 0; i < 5; i++) k.receive(testMsg({ seq: i }), 0, i * 1000, out);
    expect(k.state?.().breaker).toBe(BREAKER_CLOSED);
    k.tick(5000, out); // fifth failure lands: 5/5 failed → open until 105 ms
    expect(k.state?.().breaker).toBe(BREAKER_OPEN);

    out.clear();
    k.receive(testMsg({ seq: 10 }), 0, 6000, out);
    expect(out.emits.map((e) => [e.port, e.atUs])).toEqual([[1, 6000]]);
    expect(out.counter('rejected')).toBe(1);
    expect(out.services).toEqual([]);

    // After the cooldown: one trial goes through, the next is rejected.
    k.tick(110_000, out);
    expect(k.state?.().breaker).toBe(BREAKER_HALF_OPEN);
    out.clear();
    k.receive(testMsg({ seq: 11 }), 0, 110_000, out);
    k.receive(testMsg({ seq: 12 }), 0, 110_000, out);
    expect(out.counter('rejected')).toBe(1);
    expect(out.services).toEqual([1000]);
    // The trial fails at 111 ms → open again until 211 ms.
    k.tick(111_000, out);
    expect(k.state?.().breaker).toBe(BREAKER_OPEN);

    // Fix the service; the next trial succeeds and closes the breaker.
    expect(
      k.setParams?.(params({ service: constant(1), concurrency: 100, errorRate: 0, breaker })),
    ).toBe(true);
    k.tick(220_000, out);
    out.clear();
    k.receive(testMsg({ seq: 13 }), 0, 220_000, out);
    expect(out.on(0).length).toBe(1);
    k.tick(221_000, out);
    expect(k.state?.().breaker).toBe(BREAKER_CLOSED);
    out.clear();
    k.receive(testMsg({ seq: 14 }), 0, 221_000, out);
    k.receive(testMsg({ seq: 15 }), 0, 221_000, out);
    expect(out.on(0).length).toBe(2);
    expect(out.counter('rejected')).toBe(0);
  });

  it('stays closed below minRequests or below the failure ratio', () => {
    const k = createProcessKernel(
      params({ service: constant(1), concurrency: 100, errorRate: 0.2, breaker }),
      env(4),
    );
    const out = new RecordingEmitter();
    for (let i = 0; i < 2000; i++) k.receive(testMsg(), 0, i * 100, out);
    k.tick(300_000, out);
    expect(k.state?.().breaker).toBe(BREAKER_CLOSED);
    expect(out.counter('rejected')).toBe(0);
  });

  it('forgets outcomes older than the window', () => {
    const k = createProcessKernel(
      params({ service: constant(1), concurrency: 100, errorRate: 1, breaker }),
      env(),
    );
    const out = new RecordingEmitter();
    // Four failures, then a long pause, then four more: never five in one second.
    for (let i = 0; i < 4; i++) k.receive(testMsg(), 0, i * 1000, out);
    for (let i = 0; i < 4; i++) k.receive(testMsg(), 0, 2_000_000 + i * 1000, out);
    k.tick(3_000_000, out);
    expect(k.state?.().breaker).toBe(BREAKER_CLOSED);
  });
});

describe('process kernel, late wake-ups', () => {
  const wait = (concurrency: number) =>
    createProcessKernel(
      params({ service: { dist: 'constant', meanMs: 1 }, mode: 'wait', concurrency }),
      { rng: new Rng(1), instance: 0, instances: 1 },
    );

  it('starts a queued message when its slot freed, not when the thread woke up', () => {
    const k = wait(1);
    const out = new RecordingEmitter();
    k.receive(testMsg({ seq: 1, queuedAtUs: 0 }), 0, 0, out); // busy until 1000
    // The worker wakes late, at 1300; the next message had been queued at 200.
    expect(k.ready(1300)).toBe(true);
    k.receive(testMsg({ seq: 2, queuedAtUs: 200 }), 0, 1300, out);
    expect(out.emits.map((e) => e.atUs)).toEqual([1000, 2000]);
  });

  it('starts a message that arrived at an idle server when it arrived', () => {
    const k = wait(2);
    const out = new RecordingEmitter();
    k.receive(testMsg({ queuedAtUs: 5000 }), 0, 5400, out);
    expect(out.emits[0]!.atUs).toBe(6000);
  });

  it('never starts before it was queued, nor after now', () => {
    const k = wait(1);
    const out = new RecordingEmitter();
    k.receive(testMsg({ queuedAtUs: 0 }), 0, 0, out); // slot frees at 1000
    k.ready(3000);
    k.receive(testMsg({ queuedAtUs: 2500 }), 0, 3000, out); // queued after the slot freed
    k.ready(9000);
    k.receive(testMsg({ queuedAtUs: Infinity }), 0, 9000, out); // unknown: now
    expect(out.emits.map((e) => e.atUs)).toEqual([1000, 3500, 10000]);
  });
});
