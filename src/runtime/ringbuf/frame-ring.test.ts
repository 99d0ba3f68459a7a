import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { FrameRing, frameFootprint } from './frame-ring.ts';
import { ringStats } from './stats.ts';

const CANARY_BYTES = 256;
const CANARY = 0x5a;
const SEED = 0x5eed_0104;

function byteOf(id: number, j: number): number {
  return (id * 131 + j * 7 + (j >> 8)) & 255;
}

function fill(view: Uint8Array, id: number): void {
  for (let j = 0; j < view.length; j++) view[j] = byteOf(id, j);
}

function intact(view: Uint8Array, id: number, len: number): boolean {
  if (view.length !== len) return false;
  for (let j = 0; j < len; j++) if (view[j] !== byteOf(id, j)) return false;
  return true;
}

function ringWithCanaries(capacity: number, initialIndex: number) {
  const sab = new SharedArrayBuffer(CANARY_BYTES + FrameRing.bytesFor(capacity) + CANARY_BYTES);
  const all = new Uint8Array(sab);
  all.fill(CANARY);
  FrameRing.init(sab, CANARY_BYTES, capacity, { initialIndex });
  const ring = new FrameRing(sab, CANARY_BYTES);
  const end = CANARY_BYTES + FrameRing.bytesFor(capacity);
  const canariesIntact = (): boolean => {
    for (let i = 0; i < CANARY_BYTES; i++) {
      if (all[i] !== CANARY || all[end + i] !== CANARY) return false;
    }
    return true;
  };
  return { ring, canariesIntact };
}

type Size = { k: 'rand'; r: number } | { k: 'small'; n: number } | { k: 'exactEnd' } | { k: 'max' };
type Op =
  | { t: 'push' | 'write'; size: Size }
  | { t: 'claim'; size: Size; shrink: number }
  | { t: 'publish' | 'read' | 'pop' | 'peek' | 'release' };

const sizeArb: fc.Arbitrary<Size> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map<Size>((r) => ({ k: 'rand', r })),
  },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 24 }).map<Size>((n) => ({ k: 'small', n })) },
  { weight: 2, arbitrary: fc.constant<Size>({ k: 'exactEnd' }) },
  { weight: 1, arbitrary: fc.constant<Size>({ k: 'max' }) },
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: sizeArb.map<Op>((size) => ({ t: 'push', size })) },
  { weight: 3, arbitrary: sizeArb.map<Op>((size) => ({ t: 'write', size })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(sizeArb, fc.double({ min: 0, max: 1, noNaN: true }))
      .map<Op>(([size, shrink]) => ({ t: 'claim', size, shrink })),
  },
  { weight: 1, arbitrary: fc.constant<Op>({ t: 'publish' }) },
  { weight: 4, arbitrary: fc.constant<Op>({ t: 'read' }) },
  { weight: 4, arbitrary: fc.constant<Op>({ t: 'pop' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ t: 'peek' }) },
  { weight: 2, arbitrary: fc.constant<Op>({ t: 'release' }) },
);

interface Entry {
  marker: boolean;
  end: number;
  id: number;
  len: number;
}

/**
 * Model: a log of frames and wrap markers with their end counters. `w`/`wPub` are the
 * producer's staged/published counters, `r`/`rPub` the consumer's read/released counters,
 * all counted from 0 (the ring's own counters start at `initialIndex` and wrap at 2^32).
 */
class Model {
  log: Entry[] = [];
  next = 0; // consumer's next log entry
  w = 0;
  wPub = 0;
  r = 0;
  rPub = 0;
  framesW = 0;
  framesWPub = 0;
  framesR = 0;
  framesRPub = 0;
  constructor(
    readonly cap: number,
    readonly startPos: number,
  ) {}
  pos(c: number): number {
    return (this.startPos + c) % this.cap;
  }
  /** Mirrors the claim rule; returns whether a frame of `len` bytes can be placed. */
  claim(len: number): boolean {
    const need = frameFootprint(len);
    const tail = this.cap - this.pos(this.w);
    if (need > tail) {
      if (this.w - this.rPub + tail + need > this.cap) {
        if (this.w - this.rPub + tail <= this.cap) this.addMarker(tail);
        this.publish();
        return false;
      }
      this.addMarker(tail);
    } else if (this.w - this.rPub + need > this.cap) {
      this.publish();
      return false;
    }
    return true;
  }
  addMarker(tail: number): void {
    this.w += tail;
    this.log.push({ marker: true, end: this.w, id: -1, len: 0 });
  }
  commit(id: number, len: number): void {
    this.w += frameFootprint(len);
    this.framesW++;
    this.log.push({ marker: false, end: this.w, id, len });
  }
  publish(): void {
    this.wPub = this.w;
    this.framesWPub = this.framesW;
  }
  /** Next frame visible to the consumer (skipping markers), optionally consuming it. */
  read(consume: boolean): Entry | undefined {
    for (;;) {
      const e = this.log[this.next];
      if (e === undefined || e.end > this.wPub) return undefined;
      if (e.marker) {
        this.r = e.end;
        this.next++;
        continue;
      }
      if (consume) {
        this.r = e.end;
        this.next++;
        this.framesR++;
      }
      return e;
    }
  }
  release(): void {
    this.rPub = this.r;
    this.framesRPub = this.framesR;
  }
}

describe('FrameRing', () => {
  it('behaves like a bounded FIFO of byte frames over random push/claim/read/release sequences', () => {
    let wraps = 0;
    let exactEnds = 0;
    let maxFrames = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(64, 128, 256, 512),
        fc.constantFrom(0, 0x7fff_ffc0 | 0, -48, 0x7fff_fff8, 24),
        fc.array(opArb, { minLength: 100, maxLength: 800 }),
        (cap, initialIndex, ops) => {
          const { ring, canariesIntact } = ringWithCanaries(cap, initialIndex);
          const m = new Model(cap, (initialIndex >>> 0) % cap);
          let nextId = 1;
          let held: Array<{ view: Uint8Array; e: Entry }> = [];
          const sizeOf = (s: Size): number => {
            switch (s.k) {
              case 'rand':
                return Math.floor(s.r * (cap / 2));
              case 'small':
                return s.n;
              case 'exactEnd':
                return cap - m.pos(m.w) - 8; // ends exactly at the end of the data region
              case 'max':
                return ring.maxFrameBytes;
            }
          };
          const checkHeld = (): void => {
            for (const h of held) expect(intact(h.view, h.e.id, h.e.len)).toBe(true);
            held = [];
          };
          for (const op of ops) {
            switch (op.t) {
              case 'push':
              case 'write':
              case 'claim': {
                const len = sizeOf(op.size);
                if (op.size.k === 'exactEnd' && m.pos(m.w) !== 0) exactEnds++;
                if (op.size.k === 'max') maxFrames++;
                const fits = m.claim(len);
                const id = nextId;
                let ok: boolean;
                if (op.t === 'claim') {
                  const off = ring.claimOffset(len);
                  ok = off >= 0;
                  if (ok) {
                    const committed = Math.floor(len * op.shrink);
                    fill(ring.bytes.subarray(off, off + committed), id);
                    ring.commit(committed);
                    m.commit(id, committed);
                  }
                } else {
                  const frame = new Uint8Array(len);
                  fill(frame, id);
                  ok = op.t === 'push' ? ring.tryPush(frame) : ring.write(frame);
                  if (ok) m.commit(id, len);
                  if (ok && op.t === 'push') m.publish();
                }
                expect(ok).toBe(fits);
                if (ok) nextId++;
                break;
              }
              case 'publish':
                ring.publish();
                m.publish();
                break;
              case 'peek': {
                const e = m.read(false);
                const view = ring.peekFrame();
                if (e === undefined) expect(view).toBeUndefined();
                else expect(intact(view ?? new Uint8Array(0), e.id, e.len)).toBe(true);
                break;
              }
              case 'read':
              case 'pop': {
                if (op.t === 'pop') {
                  checkHeld();
                  m.release();
                }
                const e = m.read(true);
                const view = op.t === 'pop' ? ring.tryPop() : ring.readFrame();
                if (e === undefined) {
                  expect(view).toBeUndefined();
                } else {
                  expect(view).toBeDefined();
                  if (view !== undefined) held.push({ view, e });
                }
                break;
              }
              case 'release':
                // Frames read but not released must not have been overwritten by the producer.
                checkHeld();
                ring.release();
                m.release();
                break;
            }
            const stats = ringStats(ring);
            expect(stats.used).toBe(m.wPub - m.rPub);
            expect(stats.frames).toBe(m.framesWPub - m.framesRPub);
          }
          checkHeld();
          wraps += Math.floor(m.r / cap);
          expect(canariesIntact()).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    expect(wraps).toBeGreaterThan(1000);
    expect(exactEnds).toBeGreaterThan(100);
    expect(maxFrames).toBeGreaterThan(100);
  }, 60_000);

  it('fits a frame that ends exactly at the end of the data region without a wrap marker', () => {
    const ring = FrameRing.create(64);
    expect(ring.tryPush(new Uint8Array(24))).toBe(true); // occupies [0, 32)
    expect(ring.tryPop()?.length).toBe(24);
    ring.release();
    const last = new Uint8Array(24).fill(7); // [32, 64): ends exactly at 64
    expect(ring.tryPush(last)).toBe(true);
    expect(ring.tryPush(new Uint8Array(24).fill(8))).toBe(true); // starts at 0, no marker
    expect(ring.tryPop()).toEqual(last);
    expect(ring.tryPop()).toEqual(new Uint8Array(24).fill(8));
    expect(ringStats(ring).used).toBe(32);
  });

  it('accepts the largest frame once the ring drains, even when the write position is mid-ring', () => {
    const ring = FrameRing.create(128);
    expect(ring.tryPush(new Uint8Array(8))).toBe(true);
    const big = new Uint8Array(ring.maxFrameBytes).fill(9);
    expect(ring.tryPush(big)).toBe(false); // back pressure: the small frame is still there
    expect(ring.tryPop()?.length).toBe(8);
    expect(ring.tryPush(big)).toBe(false); // places the wrap marker; the consumer must skip it
    expect(ring.tryPop()).toBeUndefined(); // skips the marker
    ring.release();
    expect(ring.tryPush(big)).toBe(true);
    expect(ring.tryPop()).toEqual(big);
  });

  it('rejects a frame larger than the ring can ever hold', () => {
    const ring = FrameRing.create(64);
    expect(() => ring.tryPush(new Uint8Array(57))).toThrow(RangeError);
  });

  it('lets a producer commit fewer bytes than it claimed', () => {
    const ring = FrameRing.create(256);
    const view = ring.claim(100);
    expect(view?.length).toBe(100);
    view?.set([1, 2, 3]);
    ring.commit(3);
    ring.publish();
    expect(ring.tryPop()).toEqual(new Uint8Array([1, 2, 3]));
  });
});
