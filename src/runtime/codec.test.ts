import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { decode, decodeEnd, encode, encodedLength, wireViews } from './codec.ts';
import { type Msg, MsgFlags } from '../core/kernel.ts';

const msgArb: fc.Arbitrary<Msg> = fc.record({
  seq: fc.nat(),
  bornAtUs: fc.double({ min: 0, max: 1e15, noNaN: true }),
  queuedAtUs: fc.double({ min: 0, max: 1e15, noNaN: true }),
  key: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  attempt: fc.nat({ max: 100 }),
  flags: fc.constantFrom(0, MsgFlags.error),
  payload: fc.uint8Array({ maxLength: 300 }),
});

const batchArb = fc.array(msgArb, { minLength: 1, maxLength: 20 }).map((items): Msg => ({
  seq: 1,
  bornAtUs: items[0]!.bornAtUs,
  queuedAtUs: items[0]!.queuedAtUs,
  key: 0,
  attempt: 0,
  flags: MsgFlags.batch,
  payload: new Uint8Array(0),
  items,
}));

describe('wire codec', () => {
  it('round-trips any message or batch byte for byte, including NaN-like payload bit patterns', () => {
    const region = new Uint8Array(new SharedArrayBuffer(1 << 16));
    const v = wireViews(region);
    fc.assert(
      fc.property(fc.oneof(msgArb, batchArb), fc.nat({ max: 1000 }), (msg, slot) => {
        const off = slot * 8;
        const end = encode(v, off, msg);
        expect(end - off).toBe(encodedLength(msg));
        const back = decode(v, off);
        expect(decodeEnd).toBe(end);
        expect(back).toEqual(msg);
      }),
      { seed: 7, numRuns: 500 },
    );
    // A payload that is a signalling NaN when read as a double must survive.
    const nan = new Uint8Array([0x01, 0, 0, 0, 0, 0, 0xf0, 0x7f]);
    const m: Msg = {
      seq: 1,
      bornAtUs: 2,
      queuedAtUs: 2,
      key: 3,
      attempt: 0,
      flags: 0,
      payload: nan,
    };
    encode(v, 0, m);
    expect([...decode(v, 0).payload]).toEqual([...nan]);
  });

  it('gives each decoded message its own payload bytes (later writes to the ring do not change it)', () => {
    const v = wireViews(new Uint8Array(new SharedArrayBuffer(4096)));
    encode(v, 0, {
      seq: 1,
      bornAtUs: 0,
      queuedAtUs: 0,
      key: 0,
      attempt: 0,
      flags: 0,
      payload: new Uint8Array([1, 2, 3]),
    });
    const first = decode(v, 0);
    encode(v, 0, {
      seq: 2,
      bornAtUs: 0,
      queuedAtUs: 0,
      key: 0,
      attempt: 0,
      flags: 0,
      payload: new Uint8Array([9, 9, 9]),
    });
    expect([...first.payload]).toEqual([1, 2, 3]);
  });
});
