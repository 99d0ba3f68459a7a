/**
 * One contract for every channel kind the engine uses: the same-worker
 * `LocalChannel`, the SAB ring pair (`RingOutChannel`/`RingInChannel` over one
 * SAB; both ends in this thread, which the contract allows) and the
 * postMessage pair (`PortOutChannel`/`PortInChannel` over a MessageChannel,
 * which needs event-loop turns to deliver). Every kind passes the same
 * tests: capacity is an exact message count whatever the transport's bytes,
 * and each overflow policy behaves one way (docs/graph-format.md, Overflow).
 */
import { afterEach, describe, expect, it } from 'vitest';

import type { Msg } from '../../core/kernel.ts';
import { testMsg } from '../../kinds/fake-emitter.ts';
import type { InChannel, OutChannel } from '../channel.ts';
import { C, CF, createMetricsBlock, I, type MetricsBlock } from '../metrics-block.ts';
import type { PlanChannel } from '../plan.ts';
import { LocalChannel } from './local-channel.ts';
import { PortInChannel, type PortLike, PortOutChannel } from './port-channel.ts';
import { initRings, RingInChannel, RingOutChannel, ringLayout } from './sab-channel.ts';

type Overflow = PlanChannel['overflow'];

interface Ends {
  out: OutChannel;
  in: InChannel;
  metrics: MetricsBlock;
  /** Resolves once everything flushed so far is readable by the consumer. */
  settle(): Promise<void>;
}

interface ChannelKind {
  name: string;
  /** `ringBytes`: the ring's data bytes (ring kind only), default room for far more than needed. */
  open(overflow: Overflow, capacity: number, ringBytes?: number): Ends;
}

/** Ring data bytes: room for far more small messages than any capacity used here. */
const RING_BYTES = 1 << 16;

function planChannel(
  overflow: Overflow,
  capacity: number,
  crossWorker: boolean,
  ringBytes = RING_BYTES,
): PlanChannel {
  return {
    index: 0,
    edgeIndex: 0,
    edgeId: 'e',
    from: 0,
    fromPort: 0,
    to: 1,
    toPort: 0,
    capacity,
    ringBytes,
    frameBytes: 64,
    overflow,
    crossWorker,
  };
}

/** A metrics block for one channel, with the live capacity the host would write. */
function metricsFor(capacity: number): MetricsBlock {
  const metrics = createMetricsBlock({ instances: 2, channels: 1, workers: 2 });
  metrics.channelF64[CF.capacity] = capacity;
  return metrics;
}

const opened: Array<() => void> = [];
afterEach(() => {
  for (const close of opened.splice(0)) close();
});

const local: ChannelKind = {
  name: 'same-worker LocalChannel',
  open(overflow, capacity) {
    const metrics = metricsFor(capacity);
    const ch = new LocalChannel(planChannel(overflow, capacity, false), metrics);
    return { out: ch, in: ch, metrics, settle: () => Promise.resolve() };
  },
};

const ring: ChannelKind = {
  name: 'SAB ring pair',
  open(overflow, capacity, ringBytes) {
    const metrics = metricsFor(capacity);
    const plan = planChannel(overflow, capacity, true, ringBytes);
    const { bytes, offsets } = ringLayout([plan]);
    const sab = new SharedArrayBuffer(bytes);
    initRings(sab, [plan], offsets);
    return {
      out: new RingOutChannel(sab, offsets[0]!, plan, metrics),
      in: new RingInChannel(sab, offsets[0]!, plan, metrics),
      metrics,
      settle: () => Promise.resolve(),
    };
  },
};

const port: ChannelKind = {
  name: 'postMessage pair',
  open(overflow, capacity) {
    const metrics = metricsFor(capacity);
    const plan = planChannel(overflow, capacity, true);
    const { port1, port2 } = new MessageChannel();
    opened.push(() => {
      port1.close();
      port2.close();
    });
    let posted = 0;
    let arrived = 0;
    const counting: PortLike = {
      postMessage(data: unknown) {
        posted++;
        port1.postMessage(data);
      },
      onmessage: null,
    };
    const out = new PortOutChannel(counting, plan, metrics);
    const inp = new PortInChannel(port2 as unknown as PortLike, plan, metrics, () => arrived++);
    const settle = async () => {
      for (let turns = 0; arrived < posted; turns++) {
        if (turns > 1000) throw new Error(`${posted - arrived} posted batches never arrived`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };
    return { out, in: inp, metrics, settle };
  },
};

const msg = (seq: number): Msg => testMsg({ seq, payload: new Uint8Array([seq & 255, 7]) });

/** Writes messages `from`…`to − 1` at time `nowUs`; @returns what each write returned. */
function writeRange(out: OutChannel, from: number, to: number, nowUs = 0): boolean[] {
  const took: boolean[] = [];
  for (let s = from; s < to; s++) took.push(out.write(msg(s), nowUs));
  return took;
}

/** Reads up to `max` messages (all there are by default) and releases; @returns their seqs. */
function readSeqs(inp: InChannel, max = Infinity): number[] {
  const seqs: number[] = [];
  while (seqs.length < max) {
    const m = inp.read();
    if (m === undefined) break;
    seqs.push(m.seq);
  }
  inp.release();
  return seqs;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

function counters(metrics: MetricsBlock) {
  const c = metrics.channels;
  const cf = metrics.channelF64;
  return {
    pushed: Atomics.load(c, C.pushed),
    popped: Atomics.load(c, C.popped),
    drops: cf[CF.drops]!,
    blockedUs: cf[CF.blockedUs]!,
    highWater: cf[CF.highWater]!,
  };
}

/** The contract; `kind.open` makes a fresh channel (both ends) per test. */
function channelContract(kind: ChannelKind): void {
  describe(`channel contract: ${kind.name}`, () => {
    it('delivers flushed messages in write order with their fields and payload intact', async () => {
      const ch = kind.open('block', 16);
      const sent = msg(3);
      sent.bornAtUs = 1234.5;
      sent.queuedAtUs = 2000.25;
      sent.key = 42;
      sent.attempt = 2;
      expect(ch.out.write(sent, 0)).toBe(true);
      writeRange(ch.out, 4, 10);
      ch.out.flush();
      await ch.settle();
      const first = ch.in.read()!;
      expect(first).toMatchObject({
        seq: 3,
        bornAtUs: 1234.5,
        queuedAtUs: 2000.25,
        key: 42,
        attempt: 2,
        flags: 0,
      });
      expect(Array.from(first.payload)).toEqual([3, 7]);
      expect(readSeqs(ch.in)).toEqual(range(4, 10));
      expect(ch.in.read()).toBeUndefined();
    });

    it('stores pushed at flush and popped at release, and depth is their difference', async () => {
      const ch = kind.open('block', 16);
      writeRange(ch.out, 0, 5);
      expect(counters(ch.metrics).pushed).toBe(0);
      ch.out.flush();
      expect(counters(ch.metrics)).toMatchObject({ pushed: 5, popped: 0, highWater: 5 });
      expect(ch.out.depth()).toBe(5);
      await ch.settle();
      expect(ch.in.read()?.seq).toBe(0);
      expect(ch.in.read()?.seq).toBe(1);
      expect(counters(ch.metrics).popped).toBe(0);
      ch.in.release();
      expect(counters(ch.metrics).popped).toBe(2);
      expect(ch.out.depth()).toBe(3);
    });

    it('arms with true when a message is readable and false when drained', async () => {
      const ch = kind.open('block', 16);
      writeRange(ch.out, 0, 1);
      ch.out.flush();
      await ch.settle();
      expect(ch.in.armSleep()).toBe(true);
      ch.in.disarmSleep();
      expect(readSeqs(ch.in)).toEqual([0]);
      expect(ch.in.armSleep()).toBe(false);
      ch.in.disarmSleep();
    });

    describe('block', () => {
      it('takes exactly capacity messages, then refuses; depth never exceeds capacity', async () => {
        const ch = kind.open('block', 16);
        const took = writeRange(ch.out, 0, 21);
        expect(took.filter(Boolean).length).toBe(16);
        expect(took.slice(16)).toEqual([false, false, false, false, false]);
        expect(ch.out.depth()).toBe(16);
        ch.out.flush();
        expect(ch.out.depth()).toBe(16);
        expect(counters(ch.metrics)).toMatchObject({ pushed: 16, drops: 0, highWater: 16 });
        await ch.settle();
        expect(readSeqs(ch.in)).toEqual(range(0, 16));
      });

      it('takes the refused message once the consumer released room, keeping order', async () => {
        const ch = kind.open('block', 16);
        writeRange(ch.out, 0, 16);
        expect(ch.out.write(msg(16), 0)).toBe(false);
        await ch.settle(); // a refused write publishes what was staged
        expect(readSeqs(ch.in, 1)).toEqual([0]);
        expect(ch.out.write(msg(16), 0)).toBe(true);
        expect(ch.out.write(msg(17), 0)).toBe(false);
        expect(ch.out.depth()).toBe(16);
        ch.out.flush();
        await ch.settle();
        expect(readSeqs(ch.in)).toEqual(range(1, 17));
      });

      it('counts the time from the first refusal to the next accepted write as blocked', async () => {
        const ch = kind.open('block', 16);
        writeRange(ch.out, 0, 16, 50);
        expect(ch.out.write(msg(16), 100)).toBe(false);
        expect(ch.out.write(msg(16), 200)).toBe(false);
        expect(counters(ch.metrics).blockedUs).toBe(0);
        await ch.settle();
        readSeqs(ch.in, 1);
        expect(ch.out.write(msg(16), 350)).toBe(true);
        expect(counters(ch.metrics).blockedUs).toBe(250);
      });
    });

    describe('dropNewest', () => {
      it('keeps the first capacity messages and counts every discarded one', async () => {
        const ch = kind.open('dropNewest', 16);
        const took = writeRange(ch.out, 0, 21);
        // Accepted means "the producer is done with it": dropped messages count as taken.
        expect(took.every(Boolean)).toBe(true);
        expect(ch.out.depth()).toBe(16);
        ch.out.flush();
        expect(counters(ch.metrics)).toMatchObject({
          pushed: 16,
          drops: 5,
          blockedUs: 0,
          highWater: 16,
        });
        await ch.settle();
        expect(readSeqs(ch.in)).toEqual(range(0, 16));
      });

      it('drops only when the queue is really full: room the consumer released is used at once', async () => {
        const ch = kind.open('dropNewest', 16);
        writeRange(ch.out, 0, 16);
        ch.out.flush();
        await ch.settle();
        expect(readSeqs(ch.in, 10)).toEqual(range(0, 10));
        // The producer's cached view still says 16; it re-reads before dropping anything.
        expect(writeRange(ch.out, 16, 26).every(Boolean)).toBe(true);
        expect(counters(ch.metrics).drops).toBe(0);
        expect(ch.out.write(msg(26), 0)).toBe(true);
        expect(counters(ch.metrics).drops).toBe(1);
        ch.out.flush();
        await ch.settle();
        expect(readSeqs(ch.in)).toEqual(range(10, 26));
      });
    });

    describe('dropOldest', () => {
      it('discards the oldest waiting messages at once, never holds the producer, keeps the newest capacity', async () => {
        const ch = kind.open('dropOldest', 16);
        const took = writeRange(ch.out, 0, 21);
        expect(took.every(Boolean)).toBe(true);
        expect(ch.out.depth()).toBe(16);
        ch.out.flush();
        // Counted when decided, not when the consumer gets round to it.
        expect(counters(ch.metrics)).toMatchObject({ pushed: 16, drops: 5, blockedUs: 0 });
        // Across threads the newest may wait in the producer until the consumer has
        // discarded the oldest: the next flush moves them (flush says so).
        const got: number[] = [];
        for (let i = 0; i < 3; i++) {
          await ch.settle();
          got.push(...readSeqs(ch.in));
          ch.out.flush();
        }
        expect(got).toEqual(range(5, 21));
        expect(counters(ch.metrics)).toMatchObject({ popped: 16, drops: 5 });
        expect(ch.out.depth()).toBe(0);
      });

      it('keeps the newest capacity messages through many overwrites, whatever is in flight', async () => {
        const ch = kind.open('dropOldest', 4);
        writeRange(ch.out, 0, 3);
        ch.out.flush();
        await ch.settle();
        expect(readSeqs(ch.in, 1)).toEqual([0]);
        // 1 and 2 wait (already in the transport), then 47 more arrive: the 4 newest stay.
        expect(writeRange(ch.out, 3, 50).every(Boolean)).toBe(true);
        expect(ch.out.depth()).toBe(4);
        const got: number[] = [];
        for (let i = 0; i < 5; i++) {
          ch.out.flush();
          await ch.settle();
          got.push(...readSeqs(ch.in));
        }
        expect(got).toEqual([46, 47, 48, 49]);
        expect(counters(ch.metrics)).toMatchObject({ drops: 45, popped: 5, highWater: 4 });
        expect(ch.out.flush()).toBe(false);
      });

      it('drops nothing while there is room', async () => {
        const ch = kind.open('dropOldest', 16);
        for (let round = 0; round < 5; round++) {
          writeRange(ch.out, round * 10, round * 10 + 10);
          ch.out.flush();
          await ch.settle();
          expect(readSeqs(ch.in)).toEqual(range(round * 10, round * 10 + 10));
        }
        expect(counters(ch.metrics).drops).toBe(0);
      });
    });

    describe('capacity is a message count, whatever the bytes', () => {
      it('holds exactly 1 message at capacity 1', async () => {
        const ch = kind.open('block', 1);
        expect(writeRange(ch.out, 0, 3)).toEqual([true, false, false]);
        expect(ch.out.depth()).toBe(1);
        await ch.settle();
        expect(readSeqs(ch.in)).toEqual([0]);
        expect(ch.out.write(msg(1), 0)).toBe(true);
      });

      for (const overflow of ['block', 'dropNewest', 'dropOldest'] as const) {
        it(`${overflow}: takes exactly capacity messages even when the ring's bytes hold fewer`, async () => {
          // 4 KiB of ring: about 50 of these messages; the capacity says 200.
          const ch = kind.open(overflow, 200, 4096);
          const took = writeRange(ch.out, 0, 200);
          expect(took.every(Boolean)).toBe(true);
          expect(ch.out.depth()).toBe(200);
          expect(counters(ch.metrics).drops).toBe(0);
          const got: number[] = [];
          for (let i = 0; i < 50 && got.length < 200; i++) {
            ch.out.flush();
            await ch.settle();
            got.push(...readSeqs(ch.in));
          }
          expect(got).toEqual(range(0, 200));
          expect(ch.out.flush()).toBe(false);
        });
      }
    });

    describe('capacity changes through CF.capacity', () => {
      it('takes more messages at once when the capacity is raised', async () => {
        const ch = kind.open('block', 16);
        writeRange(ch.out, 0, 16);
        expect(ch.out.write(msg(16), 0)).toBe(false);
        ch.metrics.channelF64[CF.capacity] = 32;
        const took = writeRange(ch.out, 16, 40);
        expect(took.filter(Boolean).length).toBe(16);
        expect(ch.out.depth()).toBe(32);
        ch.out.flush();
        await ch.settle();
        expect(readSeqs(ch.in)).toEqual(range(0, 32));
      });

      it('refuses writes after a cut until depth falls below the new capacity', async () => {
        const ch = kind.open('block', 16);
        writeRange(ch.out, 0, 16);
        ch.out.flush();
        ch.metrics.channelF64[CF.capacity] = 4;
        await ch.settle();
        expect(readSeqs(ch.in, 12)).toEqual(range(0, 12));
        expect(ch.out.depth()).toBe(4);
        expect(ch.out.write(msg(16), 0)).toBe(false);
        expect(readSeqs(ch.in, 1)).toEqual([12]);
        expect(ch.out.write(msg(16), 0)).toBe(true);
        expect(ch.out.write(msg(17), 0)).toBe(false);
        expect(ch.out.depth()).toBe(4);
      });
    });
  });
}

for (const kind of [local, ring, port]) channelContract(kind);

describe('SAB ring pair: a message larger than the ring', () => {
  for (const overflow of ['block', 'dropNewest', 'dropOldest'] as const)
    it(`takes it and counts it as too large and as an error of the producer, never as a silent drop (${overflow})`, () => {
      const ends = ring.open(overflow, 16);
      const big = testMsg({ seq: 1, payload: new Uint8Array(RING_BYTES) });
      expect(ends.out.write(big, 0)).toBe(true);
      expect(ends.out.write(testMsg({ seq: 2 }), 0)).toBe(true);
      ends.out.flush();
      const m = ends.metrics;
      expect(m.channelF64[CF.tooLarge]).toBe(1);
      expect(m.channelF64[CF.tooLargeMaxBytes]).toBe(RING_BYTES + 40);
      expect(m.channelF64[CF.drops]).toBe(0);
      // Instance 0 produces on this channel (plan.from = 0).
      expect(m.instances[I.errors]).toBe(1);
      // The small message after it still arrives.
      expect(ends.in.read()?.seq).toBe(2);
      expect(ends.in.read()).toBeUndefined();
    });
});
