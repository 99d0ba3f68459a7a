import { describe, expect, it } from 'vitest';

import { Rng } from './random.ts';
import { TypedRing } from './typed-ring.ts';

const ring = (capacity: number) =>
  new TypedRing(capacity, {
    t: { type: Float64Array },
    pair: { type: Float32Array, width: 2 },
    hist: { type: Uint32Array, width: 3 },
  });

describe('TypedRing', () => {
  it('allocates capacity × width elements per column, of the column type', () => {
    const r = ring(5);
    expect(r.capacity).toBe(5);
    expect(r.columns.t).toBeInstanceOf(Float64Array);
    expect(r.columns.t.length).toBe(5);
    expect(r.columns.pair).toBeInstanceOf(Float32Array);
    expect(r.columns.pair.length).toBe(10);
    expect(r.columns.hist.length).toBe(15);
    expect(r.widths).toEqual({ t: 1, pair: 2, hist: 3 });
    expect(r.length).toBe(0);
    expect(r.copyOut('t')).toEqual(new Float64Array(0));
  });

  it('holds at most capacity rows and drops the oldest when full', () => {
    const r = ring(3);
    const slots: number[] = [];
    for (let i = 0; i < 7; i++) {
      const s = r.push();
      slots.push(s);
      r.columns.t[s] = i;
      expect(r.length).toBe(Math.min(i + 1, 3));
    }
    // Slots cycle through the storage.
    expect(slots).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(Array.from(r.copyOut('t'))).toEqual([4, 5, 6]);
  });

  it('reads rows by position from the oldest and by age from the newest', () => {
    const r = ring(4);
    for (let i = 0; i < 6; i++) r.columns.t[r.push()] = i * 10;
    // Held: 20, 30, 40, 50 (oldest first).
    expect([0, 1, 2, 3].map((k) => r.columns.t[r.slotAt(k)])).toEqual([20, 30, 40, 50]);
    expect([0, 1, 2, 3].map((a) => r.columns.t[r.slotOfAge(a)])).toEqual([50, 40, 30, 20]);
  });

  it('copies one element of each row out, oldest first, at most the last `max` rows', () => {
    const r = ring(4);
    for (let i = 0; i < 5; i++) {
      const s = r.push();
      r.columns.pair.set([i, -i], s * 2);
    }
    const second = r.copyOut('pair', 1);
    expect(second).toBeInstanceOf(Float32Array);
    expect(Array.from(second)).toEqual([-1, -2, -3, -4]);
    expect(Array.from(r.copyOut('pair', 0, 2))).toEqual([3, 4]);
    expect(Array.from(r.copyOut('pair', 0, 99))).toEqual([1, 2, 3, 4]);
    expect(r.copyOut('pair', 0, 0).length).toBe(0);
  });

  it('gives row views over the storage, the same view for a slot every time', () => {
    const r = ring(2);
    const s = r.push();
    const view = r.row('hist', s);
    expect(view.length).toBe(3);
    view.set([7, 8, 9]);
    expect(Array.from(r.columns.hist.subarray(s * 3, s * 3 + 3))).toEqual([7, 8, 9]);
    expect(r.row('hist', s)).toBe(view);
    expect(r.row('hist', 1 - s)).not.toBe(view);
    // Made up front on request, so that reading rows never allocates.
    const eager = new TypedRing(2, { h: { type: Uint32Array, width: 4, rowViews: true } });
    eager.columns.h[5] = 3;
    expect(eager.row('h', 1)[1]).toBe(3);
  });

  it('agrees with an array model over many wrap-arounds (seeded)', () => {
    const rng = new Rng(7);
    const rand = () => rng.next();
    for (const capacity of [1, 2, 3, 8, 33]) {
      const r = ring(capacity);
      const model: number[] = [];
      for (let step = 0; step < 500; step++) {
        if (rand() < 0.02) {
          r.clear();
          model.length = 0;
        }
        const v = Math.floor(rand() * 1e6);
        r.columns.t[r.push()] = v;
        model.push(v);
        if (model.length > capacity) model.shift();
        expect(r.length).toBe(model.length);
        const max = Math.floor(rand() * (capacity + 2));
        expect(Array.from(r.copyOut('t', 0, max))).toEqual(model.slice(-max || model.length));
        const age = Math.floor(rand() * model.length);
        expect(r.columns.t[r.slotOfAge(age)]).toBe(model[model.length - 1 - age]);
      }
    }
  });
});
