/**
 * The virtual clock against kernels that misbehave: the guarantees hold
 * whatever a kernel returns. The delay kind's kernel is replaced here by one
 * whose behaviour each test picks (a wake-up a float sliver after now, a
 * timer that emits and is due again at once, a stage that never takes input
 * and never wakes, a stage that throws).
 */
import { describe, expect, it, vi } from 'vitest';

import type { Kernel } from '../../src/core/kernel.ts';
import { simulate } from '../../src/host/virtual.ts';
import { chain, graphOf } from './run-graph.ts';

const mode = vi.hoisted(() => ({ kind: 'sliver' as 'sliver' | 'spin' | 'deaf' | 'throw' }));

vi.mock('../../src/kinds/delay/kernel.ts', () => ({
  createDelayKernel: (): Kernel => {
    /** 'sliver': a gate that opens once per ms and asks to be woken "just after now" while shut. */
    let openAtUs = -Infinity;
    return {
      ready: (now) => (mode.kind === 'sliver' ? now >= openAtUs : mode.kind === 'throw'),
      receive: (msg, _port, now, out) => {
        if (mode.kind === 'throw') throw new Error('kernel bug');
        openAtUs = now + 1000;
        out.emit(0, msg);
      },
      tick: (now, out) => {
        if (mode.kind === 'spin') {
          // A timer that emits and is due again at once: work without end at one instant.
          out.emit(0, {
            seq: 0,
            bornAtUs: now,
            queuedAtUs: now,
            key: 0,
            attempt: 0,
            flags: 0,
            payload: new Uint8Array(0),
          });
          return now;
        }
        if (mode.kind === 'sliver') return now >= openAtUs ? Infinity : now + 1e-6;
        return Infinity;
      },
    };
  },
}));

/** source (2000/s, constant) → the replaced stage → sink. */
const graph = (durationMs = 2000) =>
  graphOf({
    ...chain([
      { id: 'src', kind: 'source', params: { rate: 2000, arrival: 'constant' } },
      { id: 'gate', kind: 'delay' },
      { id: 'out', kind: 'sink' },
    ]),
    run: { durationMs, warmupMs: 100 },
  });

describe('the virtual clock with misbehaving kernels', () => {
  it('moves forward by at least a whole microsecond when a wake-up is a float sliver after now', () => {
    // now + 1e-6 µs rounds to now near the clock's origin (10¹² µs): taken as
    // given, time would stand still for ever. The gate passes one message per ms.
    mode.kind = 'sliver';
    const r = simulate(graph(600), { maxTurns: 5_000_000 });
    expect(r.run.ended).toBe('duration');
    expect(r.totals.throughput).toBeCloseTo(1000, -1);
  });

  it('ends as stalled, naming the node, when a timer emits and is due again at every turn of one instant', () => {
    mode.kind = 'spin';
    const r = simulate(graph(), { maxTurnsPerInstant: 1000 });
    expect(r.run.ended).toBe('stalled');
    expect(r.run.error).toMatch(
      /^virtual time stood still at 0\.000 s: "gate" kept working for 1,000 turns without time moving; /,
    );
  });

  it('ends as stalled when nothing is due and nothing can move while messages wait', () => {
    mode.kind = 'deaf';
    const r = simulate(graph());
    expect(r.run.ended).toBe('stalled');
    expect(r.run.error).toMatch(
      /^virtual time stopped at 0\.\d{3} s: nothing is due and nothing can move, yet 1025 message\(s\) wait \(queued for or held by "src", "gate"\)$/,
    );
  });

  it('ends as error, with the kernel’s message, when a kernel throws', () => {
    mode.kind = 'throw';
    const r = simulate(graph());
    expect(r.run.ended).toBe('error');
    expect(r.run.error).toBe('the prediction failed at 0.000 s of virtual time: kernel bug');
  });
});
