import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { StableHeap } from './stable-heap.ts';

const SEED = 20_261_126;

/** Reference model: entries sorted by (time, insertion order). */
interface Entry {
  t: number;
  seq: number;
  tag: number;
  value: string;
}

function takeFirst(model: Entry[]): Entry | undefined {
  let best = -1;
  for (let i = 0; i < model.length; i++) {
    const e = model[i]!;
    const b = model[best];
    if (b === undefined || e.t < b.t || (e.t === b.t && e.seq < b.seq)) best = i;
  }
  return best < 0 ? undefined : model.splice(best, 1)[0];
}

type Op = { push: true; t: number; tag: number } | { push: false };

describe('StableHeap', () => {
  it('pops 10 entries pushed with equal times in insertion order', () => {
    const heap = new StableHeap<number>();
    for (let i = 0; i < 10; i++) heap.push(5, i, i * 100);
    const tags: number[] = [];
    const values: number[] = [];
    while (heap.size > 0) {
      tags.push(heap.peekTag());
      values.push(heap.peekValue());
      heap.pop();
    }
    expect(tags).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(values).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('pops by time first, then by insertion order among equal times', () => {
    const heap = new StableHeap();
    [3, 1, 2, 1, 3, 2, 1].forEach((t, i) => heap.push(t, i));
    const order: [number, number][] = [];
    while (heap.size > 0) {
      const tag = heap.peekTag();
      order.push([heap.pop(), tag]);
    }
    expect(order).toEqual([
      [1, 1],
      [1, 3],
      [1, 6],
      [2, 2],
      [2, 5],
      [3, 0],
      [3, 4],
    ]);
  });

  it('reports Infinity for the time of an empty heap, and pop on empty returns Infinity', () => {
    const heap = new StableHeap();
    expect(heap.size).toBe(0);
    expect(heap.peekTime()).toBe(Infinity);
    expect(heap.pop()).toBe(Infinity);
    heap.push(7);
    expect(heap.pop()).toBe(7);
    expect(heap.peekTime()).toBe(Infinity);
  });

  it('is empty after clear and keeps FIFO order for entries pushed afterwards', () => {
    const heap = new StableHeap<string>(2);
    for (let i = 0; i < 5; i++) heap.push(i, i, `a${i}`);
    heap.clear();
    expect(heap.size).toBe(0);
    heap.push(1, 0, 'x');
    heap.push(1, 0, 'y');
    expect(heap.peekValue()).toBe('x');
    heap.pop();
    expect(heap.peekValue()).toBe('y');
  });

  it('keeps values right when the first value arrives after entries without one', () => {
    const heap = new StableHeap<string>(2);
    heap.push(2);
    heap.push(1);
    heap.push(1, 0, 'x');
    heap.push(0);
    const seen: (string | undefined)[] = [];
    while (heap.size > 0) {
      seen.push(heap.peekValue());
      heap.pop();
    }
    expect(seen).toEqual([undefined, undefined, 'x', undefined]);
  });

  it('matches a reference sorted by (time, insertion order) over random pushes and pops', () => {
    // Few distinct times, so ties are common; capacity 2, so the heap grows many times.
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          push: fc.constant(true as const),
          t: fc.oneof(
            fc.integer({ min: 0, max: 6 }),
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          ),
          tag: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        }),
      },
      { weight: 2, arbitrary: fc.constant({ push: false as const }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const heap = new StableHeap<string>(2);
        const model: Entry[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.push) {
            const value = `v${seq}`;
            heap.push(o.t, o.tag, value);
            model.push({ t: o.t, seq: seq++, tag: o.tag, value });
          } else {
            const want = takeFirst(model);
            if (want === undefined) {
              expect(heap.pop()).toBe(Infinity);
            } else {
              expect(heap.peekTime()).toBe(want.t);
              expect(heap.peekTag()).toBe(want.tag);
              expect(heap.peekValue()).toBe(want.value);
              expect(heap.pop()).toBe(want.t);
            }
          }
          expect(heap.size).toBe(model.length);
        }
        // Drain: the rest comes out in reference order too.
        for (let want = takeFirst(model); want !== undefined; want = takeFirst(model)) {
          expect(heap.peekValue()).toBe(want.value);
          expect(heap.pop()).toBe(want.t);
        }
        expect(heap.size).toBe(0);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
