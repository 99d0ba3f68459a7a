import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { cacheParamsSchema } from './cache/params.ts';
import { delayParamsSchema } from './delay/params.ts';
import { filterParamsSchema } from './filter/params.ts';
import { ratelimitParamsSchema } from './ratelimit/params.ts';
import { Rng } from '../core/random.ts';
import { createCacheKernel, LruKeys } from './cache/kernel.ts';
import { createDelayKernel } from './delay/kernel.ts';
import { RecordingEmitter, testMsg } from './fake-emitter.ts';
import { createFilterKernel } from './filter/kernel.ts';
import { createRatelimitKernel } from './ratelimit/kernel.ts';
import type { KernelEnv } from '../core/kernel.ts';

const env = (seed = 1): KernelEnv => ({ rng: new Rng(seed), instance: 0, instances: 1 });

describe('LruKeys', () => {
  it('evicts the least recently used key when full', () => {
    const lru = new LruKeys(3);
    lru.insert(1, 0);
    lru.insert(2, 0);
    lru.insert(3, 0);
    lru.touch(lru.find(1));
    lru.insert(4, 0);
    expect(lru.find(2)).toBe(-1);
    expect(lru.keysByRecency()).toEqual([4, 1, 3]);
    expect(lru.size).toBe(3);
  });

  it('grows its arrays past the initial block up to capacity', () => {
    const lru = new LruKeys(5000);
    for (let k = 0; k < 6000; k++) lru.insert(k, k);
    expect(lru.size).toBe(5000);
    expect(lru.find(999)).toBe(-1);
    expect(lru.find(1000)).not.toBe(-1);
    expect(lru.keysByRecency()[0]).toBe(5999);
  });
});

describe('cache kernel', () => {
  it('sends a first sight to miss (and caches it) and a repeat to hit', () => {
    const k = createCacheKernel(cacheParamsSchema.parse({ capacity: 2 }));
    const out = new RecordingEmitter();
    for (const key of [1, 1, 2, 3, 1, 3]) k.receive(testMsg({ key }), 0, 0, out);
    // 1 miss, 1 hit, 2 miss, 3 miss (evicts 1), 1 miss (evicts 2), 3 hit
    expect(out.emits.map((e) => e.port)).toEqual([1, 0, 1, 1, 1, 0]);
    expect(out.counter('hits')).toBe(2);
    expect(out.counter('misses')).toBe(4);
  });

  it('treats an entry older than ttlMs as a miss and refreshes it', () => {
    const k = createCacheKernel(cacheParamsSchema.parse({ capacity: 10, ttlMs: 5 }));
    const out = new RecordingEmitter();
    k.receive(testMsg({ key: 7 }), 0, 0, out);
    k.receive(testMsg({ key: 7 }), 0, 4999, out);
    k.receive(testMsg({ key: 7 }), 0, 5000, out);
    k.receive(testMsg({ key: 7 }), 0, 6000, out);
    expect(out.emits.map((e) => e.port)).toEqual([1, 0, 1, 0]);
  });

  it('reaches the hit ratio of a uniform working set that fits (> 99 % after warm-up)', () => {
    const k = createCacheKernel(cacheParamsSchema.parse({ capacity: 1000 }));
    const out = new RecordingEmitter();
    const rng = new Rng(3);
    for (let i = 0; i < 50_000; i++) k.receive(testMsg({ key: rng.int(500) }), 0, i, out);
    expect(out.counter('misses')).toBe(500);
  });

  it('takes a live change of ttlMs, and its removal (the full params are given)', () => {
    const k = createCacheKernel(cacheParamsSchema.parse({ capacity: 10 }));
    const out = new RecordingEmitter();
    k.receive(testMsg({ key: 7 }), 0, 0, out);
    expect(k.setParams?.(cacheParamsSchema.parse({ capacity: 10, ttlMs: 1 }))).toBe(true);
    k.receive(testMsg({ key: 7 }), 0, 5000, out); // expired: miss
    expect(k.setParams?.(cacheParamsSchema.parse({ capacity: 10 }))).toBe(true);
    k.receive(testMsg({ key: 7 }), 0, 900_000, out); // no ttl any more: hit
    expect(out.emits.map((e) => e.port)).toEqual([1, 1, 0]);
    expect(k.setParams?.(cacheParamsSchema.parse({ capacity: 20 }))).toBe(false);
  });
});

describe('filter kernel', () => {
  it('passes iff key < keyBelow when set', () => {
    const k = createFilterKernel(filterParamsSchema.parse({ keyBelow: 3, passRatio: 0 }), env());
    const out = new RecordingEmitter();
    for (let key = 0; key < 5; key++) k.receive(testMsg({ key }), 0, 0, out);
    expect(out.emits.map((e) => e.port)).toEqual([0, 0, 0, 1, 1]);
  });

  it('takes a live removal of keyBelow (then passRatio decides)', () => {
    const k = createFilterKernel(filterParamsSchema.parse({ keyBelow: 3, passRatio: 1 }), env());
    const out = new RecordingEmitter();
    k.receive(testMsg({ key: 4 }), 0, 0, out);
    expect(k.setParams?.(filterParamsSchema.parse({ passRatio: 1 }))).toBe(true);
    k.receive(testMsg({ key: 4 }), 0, 0, out);
    expect(out.emits.map((e) => e.port)).toEqual([1, 0]);
  });

  it('passes about passRatio of messages (within 1 point over 100k)', () => {
    const k = createFilterKernel(filterParamsSchema.parse({ passRatio: 0.25 }), env(4));
    const out = new RecordingEmitter();
    for (let i = 0; i < 100_000; i++) k.receive(testMsg(), 0, 0, out);
    expect(Math.abs(out.on(0).length / 100_000 - 0.25)).toBeLessThan(0.01);
  });
});

describe('ratelimit kernel', () => {
  it('lets a burst through, then is not ready until the next token (delay)', () => {
    const k = createRatelimitKernel(
      ratelimitParamsSchema.parse({ ratePerSec: 1000, burst: 3, onLimit: 'delay' }),
    );
    const out = new RecordingEmitter();
    expect(k.tick(0, out)).toBe(Infinity);
    let n = 0;
    while (k.ready(0) && n < 10) {
      k.receive(testMsg(), 0, 0, out);
      n++;
    }
    expect(n).toBe(3);
    expect(k.tick(0, out)).toBe(1000);
    expect(k.ready(999)).toBe(false);
    expect(k.ready(1000)).toBe(true);
    expect(out.emits.every((e) => e.port === 0)).toBe(true);
  });

  it('holds throughput to ratePerSec over time (delay, within 1 %)', () => {
    const k = createRatelimitKernel(
      ratelimitParamsSchema.parse({ ratePerSec: 500, burst: 1, onLimit: 'delay' }),
    );
    const out = new RecordingEmitter();
    for (let now = 0; now <= 10_000_000; now += 100) {
      while (k.ready(now)) k.receive(testMsg(), 0, now, out);
    }
    expect(Math.abs(out.emits.length - 5001)).toBeLessThanOrEqual(50);
  });

  it('drops and counts messages over the rate (drop)', () => {
    const k = createRatelimitKernel(
      ratelimitParamsSchema.parse({ ratePerSec: 1000, burst: 2, onLimit: 'drop' }),
    );
    const out = new RecordingEmitter();
    for (let i = 0; i < 5; i++) {
      expect(k.ready(0)).toBe(true);
      k.receive(testMsg({ seq: i }), 0, 0, out);
    }
    expect(out.emits.map((e) => e.port)).toEqual([0, 0, 1, 1, 1]);
    expect(out.counter('drops')).toBe(3);
    k.receive(testMsg(), 0, 1000, out);
    expect(out.emits.at(-1)?.port).toBe(0);
  });

  it('always names a wake-up strictly after now, at which a token is there (seeded)', () => {
    // At a large clock (virtual time starts at 10¹² µs) float refills can leave
    // 0.9999999 tokens; a wake-up "now + a sliver" then equals now and time stands still.
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (ratePerSec, burst, gaps) => {
          const k = createRatelimitKernel(
            ratelimitParamsSchema.parse({ ratePerSec, burst, onLimit: 'delay' }),
          );
          const out = new RecordingEmitter();
          let now = 1e12 + 0.37;
          for (const gap of gaps) {
            now += gap;
            while (k.ready(now)) k.receive(testMsg(), 0, now, out);
            const wake = k.tick(now, out);
            expect(wake).toBeGreaterThan(now);
            expect(k.ready(wake)).toBe(true);
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('applies a live rate change', () => {
    const k = createRatelimitKernel(
      ratelimitParamsSchema.parse({ ratePerSec: 1, burst: 1, onLimit: 'delay' }),
    );
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    expect(k.ready(1000)).toBe(false);
    expect(k.setParams?.({ ratePerSec: 1000 })).toBe(true);
    expect(k.ready(2000)).toBe(true);
  });
});

describe('delay kernel', () => {
  it('emits at now + a constant delay', () => {
    const k = createDelayKernel(delayParamsSchema.parse({}), env());
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 500, out);
    expect(out.emits.map((e) => [e.port, e.atUs])).toEqual([[0, 10_500]]);
  });

  it('draws delays with the configured mean (exponential, within 2 % over 100k)', () => {
    const k = createDelayKernel(
      delayParamsSchema.parse({ delay: { dist: 'exponential', meanMs: 4 } }),
      env(6),
    );
    const out = new RecordingEmitter();
    for (let i = 0; i < 100_000; i++) k.receive(testMsg(), 0, 0, out);
    const mean = out.emits.reduce((a, e) => a + (e.atUs ?? 0), 0) / out.emits.length;
    expect(Math.abs(mean - 4000) / 4000).toBeLessThan(0.02);
  });
});
