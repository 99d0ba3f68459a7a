import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { HEADER_BYTES } from './ring-core.ts';
import { SlotRing } from './slot-ring.ts';
import { ringStats } from './stats.ts';

const CANARY_BYTES = 256;
const CANARY = 0xa5;
const SEED = 0x5eed_0004;

/** A ring placed between two canary regions inside one SAB. */
function ringWithCanaries(capacity: number, initialIndex: number) {
  const sab = new SharedArrayBuffer(CANARY_BYTES + SlotRing.bytesFor(capacity) + CANARY_BYTES);
  const all = new Uint8Array(sab);
  all.fill(CANARY);
  SlotRing.init(sab, CANARY_BYTES, capacity, { initialIndex });
  // The data region starts with leftover canary bytes; that is fine (slots are written first).
  const ring = new SlotRing(sab, CANARY_BYTES);
  const canariesIntact = (): boolean => {
    const end = CANARY_BYTES + SlotRing.bytesFor(capacity);
    for (let i = 0; i < CANARY_BYTES; i++) {
      if (all[i] !== CANARY || all[end + i] !== CANARY) return false;
    }
    return true;
  };
  return { ring, canariesIntact };
}

type Op =
  | { t: 'push' }
  | { t: 'write' }
  | { t: 'publish' }
  | { t: 'pop' }
  | { t: 'read' }
  | { t: 'release' }
  | { t: 'pushBatch'; n: number }
  | { t: 'popBatch'; n: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Op>({ t: 'push' }) },
  { weight: 3, arbitrary: fc.constant<Op>({ t: 'write' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ t: 'publish' }) },
  { weight: 4, arbitrary: fc.constant<Op>({ t: 'pop' }) },
  { weight: 3, arbitrary: fc.constant<Op>({ t: 'read' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ t: 'release' }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 80 }).map<Op>((n) => ({ t: 'pushBatch', n })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 80 }).map<Op>((n) => ({ t: 'popBatch', n })) },
);

/**
 * Model: an unbounded log of values. `written` counts values staged or published,
 * `published` those visible to the consumer, `read` those consumed, `released` those freed.
 */
class Model {
  log: number[] = [];
  published = 0;
  read = 0;
  released = 0;
  constructor(readonly capacity: number) {}
  get written(): number {
    return this.log.length;
  }
  free(): number {
    return this.capacity - (this.written - this.released);
  }
}

describe('SlotRing', () => {
  it('behaves like a bounded FIFO queue over random push/pop/batch sequences, across counter wrap', () => {
    let wraps = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(4, 8, 16, 32),
        fc.constantFrom(0, 0x7fff_ffc0 | 0, -40, 0x7fff_ffff),
        fc.array(opArb, { minLength: 50, maxLength: 600 }),
        (capacity, initialIndex, ops) => {
          const { ring, canariesIntact } = ringWithCanaries(capacity, initialIndex);
          const m = new Model(capacity);
          let next = 1;
          const scratch = new Float64Array(80);
          for (const op of ops) {
            switch (op.t) {
              case 'push':
              case 'write': {
                const fits = m.free() > 0;
                const ok = op.t === 'push' ? ring.tryPush(next) : ring.tryWrite(next);
                expect(ok).toBe(fits);
                if (ok) m.log.push(next++);
                if (op.t === 'push' || !ok) m.published = m.written; // full publishes staged
                break;
              }
              case 'publish':
                ring.publish();
                m.published = m.written;
                break;
              case 'pop':
              case 'read': {
                const x = op.t === 'pop' ? ring.tryPop() : ring.tryRead();
                if (m.read < m.published) {
                  expect(x).toBe(m.log[m.read]);
                  m.read++;
                } else {
                  expect(x).toBeUndefined();
                }
                if (op.t === 'pop') m.released = m.read;
                break;
              }
              case 'release':
                ring.release();
                m.released = m.read;
                break;
              case 'pushBatch': {
                for (let i = 0; i < op.n; i++) scratch[i] = next + i;
                const n = ring.pushBatch(scratch, 0, op.n);
                expect(n).toBe(Math.min(op.n, m.free()));
                for (let i = 0; i < n; i++) m.log.push(next++);
                if (n > 0) m.published = m.written;
                break;
              }
              case 'popBatch': {
                const n = ring.popBatch(scratch, 0, op.n);
                expect(n).toBe(Math.min(op.n, m.published - m.read));
                for (let i = 0; i < n; i++) expect(scratch[i]).toBe(m.log[m.read + i]);
                m.read += n;
                if (n > 0) m.released = m.read;
                break;
              }
            }
            // Occupancy seen by metrics equals published minus released.
            const stats = ringStats(ring);
            expect(stats.used).toBe(m.published - m.released);
            expect(stats.capacity).toBe(capacity);
          }
          wraps += Math.floor(m.read / capacity);
          expect(canariesIntact()).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    // Many wrap-arounds of the data region, not just of the first lap.
    expect(wraps).toBeGreaterThan(1000);
  }, 60_000);

  it('reports full exactly at capacity and empty after draining', () => {
    const ring = SlotRing.create(8);
    for (let i = 0; i < 8; i++) expect(ring.tryPush(i)).toBe(true);
    expect(ring.tryPush(8)).toBe(false);
    for (let i = 0; i < 8; i++) expect(ring.tryPop()).toBe(i);
    expect(ring.tryPop()).toBeUndefined();
  });

  it('keeps staged values invisible to the consumer until publish', () => {
    const ring = SlotRing.create(8);
    ring.tryWrite(1);
    ring.tryWrite(2);
    expect(ring.tryPop()).toBeUndefined();
    ring.publish();
    expect(ring.tryPop()).toBe(1);
    expect(ring.tryPop()).toBe(2);
  });

  it('attaches a second object to the same SAB and sees the same contents', () => {
    const sab = new SharedArrayBuffer(SlotRing.bytesFor(16) + 128);
    SlotRing.init(sab, 128, 16);
    const producer = new SlotRing(sab, 128);
    const consumer = new SlotRing(sab, 128);
    producer.tryPush(42);
    expect(consumer.tryPop()).toBe(42);
    expect(consumer.slots.byteOffset).toBe(128 + HEADER_BYTES);
  });

  it('rejects capacities that are not powers of two and SABs without a ring', () => {
    expect(() => SlotRing.create(12)).toThrow(RangeError);
    expect(() => new SlotRing(new SharedArrayBuffer(4096))).toThrow(/no initialised ring/);
  });
});
