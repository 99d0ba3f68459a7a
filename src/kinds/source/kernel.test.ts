import { describe, expect, it } from 'vitest';

import { sourceParamsSchema } from './params.ts';
import { Rng } from '../../core/random.ts';
import { RecordingEmitter } from '../fake-emitter.ts';
import { createSourceKernel, MAX_CATCHUP_PER_TICK, MAX_RATE_PER_TICK } from './kernel.ts';
import type { KernelEnv } from '../../core/kernel.ts';

const params = (p: Record<string, unknown>) => sourceParamsSchema.parse(p);
const env = (seed = 1, instance = 0, instances = 1): KernelEnv => ({
  rng: new Rng(seed),
  instance,
  instances,
});

describe('source kernel', () => {
  it('emits the first arrival at the first tick and then one every 1/rate (constant)', () => {
    const k = createSourceKernel(params({ rate: 1000, arrival: 'constant' }), env());
    const out = new RecordingEmitter();
    expect(k.tick(50_000, out)).toBe(51_000);
    expect(out.emits.map((e) => e.msg.bornAtUs)).toEqual([50_000]);
    out.clear();
    expect(k.tick(55_500, out)).toBe(56_000);
    expect(out.emits.map((e) => e.msg.bornAtUs)).toEqual([51_000, 52_000, 53_000, 54_000, 55_000]);
    // Each is emitted at its scheduled time (in the past for a late tick), on port 0.
    expect(out.emits.every((e) => e.port === 0 && e.atUs === e.msg.bornAtUs)).toBe(true);
    expect(out.emits.map((e) => e.msg.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stamps late messages with their scheduled time, not the emission time', () => {
    const k = createSourceKernel(params({ rate: 100, arrival: 'constant' }), env());
    const out = new RecordingEmitter();
    k.tick(0, out);
    out.clear();
    k.tick(35_000, out); // due at 10, 20, 30 ms
    expect(out.emits.map((e) => e.msg.bornAtUs)).toEqual([10_000, 20_000, 30_000]);
  });

  it('catches up at most MAX_CATCHUP_PER_TICK messages per tick and asks to run again at once', () => {
    const k = createSourceKernel(params({ rate: 1_000_000, arrival: 'constant' }), env());
    const out = new RecordingEmitter();
    k.tick(0, out);
    out.clear();
    const next = k.tick(10_000_000, out);
    expect(out.emits.length).toBe(MAX_CATCHUP_PER_TICK);
    expect(next).toBeLessThanOrEqual(10_000_000);
  });

  it('emits Poisson arrivals at the configured rate (count within 2 % over 10 simulated s)', () => {
    const k = createSourceKernel(params({ rate: 10_000, arrival: 'poisson' }), env(3));
    const out = new RecordingEmitter();
    let n = 0;
    let next = 0;
    for (let now = 0; now <= 10_000_000; now += 1000) {
      if (next <= now) {
        next = k.tick(now, out);
        n += out.emits.length;
        out.clear();
      }
    }
    expect(Math.abs(n - 100_000) / 100_000).toBeLessThan(0.02);
  });

  it('emits bursts of burst.size every burst.everyMs, all stamped with the burst time', () => {
    const k = createSourceKernel(
      params({ arrival: 'burst', burst: { size: 5, everyMs: 100 } }),
      env(),
    );
    const out = new RecordingEmitter();
    expect(k.tick(0, out)).toBe(100_000);
    expect(out.emits.length).toBe(5);
    out.clear();
    expect(k.tick(250_000, out)).toBe(300_000);
    expect(out.emits.map((e) => e.msg.bornAtUs)).toEqual([
      100_000, 100_000, 100_000, 100_000, 100_000, 200_000, 200_000, 200_000, 200_000, 200_000,
    ]);
  });

  it('emits up to MAX_RATE_PER_TICK messages stamped now per tick at rate "max"', () => {
    const k = createSourceKernel(params({ rate: 'max' }), env());
    const out = new RecordingEmitter();
    expect(k.tick(777, out)).toBe(777);
    expect(out.emits.length).toBe(MAX_RATE_PER_TICK);
    expect(out.emits.every((e) => e.msg.bornAtUs === 777)).toBe(true);
  });

  it('stops after `limit` messages and reports done', () => {
    const k = createSourceKernel(params({ rate: 'max', limit: 300 }), env());
    const out = new RecordingEmitter();
    k.tick(0, out);
    expect(k.done?.()).toBe(false);
    expect(k.tick(1, out)).toBe(Infinity);
    expect(out.emits.length).toBe(300);
    expect(k.done?.()).toBe(true);
    expect(k.tick(2, out)).toBe(Infinity);
    expect(out.emits.length).toBe(300);
  });

  it('splits rate and limit over instances, staggering constant arrivals evenly', () => {
    const p = params({ rate: 1000, arrival: 'constant', limit: 5 });
    const a = createSourceKernel(p, env(1, 0, 2));
    const b = createSourceKernel(p, env(2, 1, 2));
    const out = new RecordingEmitter();
    a.tick(0, out);
    b.tick(0, out);
    a.tick(10_000, out);
    b.tick(10_000, out);
    const times = out.emits.map((e) => e.msg.bornAtUs).sort((x, y) => x - y);
    expect(times).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(a.done?.() && b.done?.()).toBe(true);
  });

  it('carries real payload bytes of the configured size', () => {
    const k = createSourceKernel(params({ rate: 'max', payloadBytes: 256 }), env());
    const out = new RecordingEmitter();
    k.tick(0, out);
    expect(out.emits[0]?.msg.payload.byteLength).toBe(256);
    expect(out.emits[0]?.msg.attempt).toBe(0);
    expect(out.emits[0]?.msg.flags).toBe(0);
  });

  it('draws uniform keys in [0, count) and Zipf keys favouring key 0', () => {
    const out = new RecordingEmitter();
    createSourceKernel(params({ rate: 'max', keys: { count: 10 } }), env()).tick(0, out);
    expect(out.emits.every((e) => e.msg.key >= 0 && e.msg.key < 10)).toBe(true);
    out.clear();
    const z = createSourceKernel(
      params({ rate: 'max', keys: { count: 100, dist: 'zipf', skew: 1.5 } }),
      env(),
    );
    for (let i = 0; i < 20; i++) z.tick(i, out);
    const zeros = out.emits.filter((e) => e.msg.key === 0).length;
    const fives = out.emits.filter((e) => e.msg.key === 5).length;
    expect(zeros).toBeGreaterThan(4 * fives);
  });

  it('produces the same messages for the same seed', () => {
    const run = () => {
      const k = createSourceKernel(params({ rate: 5000, arrival: 'poisson' }), env(42));
      const out = new RecordingEmitter();
      for (let t = 0; t < 100_000; t += 1000) k.tick(t, out);
      return out.emits.map((e) => [e.msg.bornAtUs, e.msg.key]);
    };
    expect(run()).toEqual(run());
  });

  it('applies a live rate change from the last arrival without inventing a backlog', () => {
    const k = createSourceKernel(params({ rate: 1, arrival: 'constant' }), env());
    const out = new RecordingEmitter();
    k.tick(0, out);
    k.tick(500_000, out);
    expect(k.setParams?.(params({ rate: 1000, arrival: 'constant' }))).toBe(true);
    out.clear();
    const next = k.tick(500_500, out);
    expect(out.emits.length).toBe(1);
    expect(out.emits[0]?.msg.bornAtUs).toBe(500_000);
    expect(next).toBe(501_000);
  });

  it('never accepts input', () => {
    const k = createSourceKernel(params({}), env());
    expect(k.ready(0)).toBe(false);
  });
});
