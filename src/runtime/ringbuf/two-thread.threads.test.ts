/**
 * Real two-thread tests: a producer in a Node worker thread, the consumer in the test thread
 * (or two workers talking to each other). No timing assertions; only order, checksums and
 * completion.
 */
import { describe, expect, it } from 'vitest';

import {
  FNV_START,
  frameByte,
  mix,
  type PeerJob,
  type PeerResult,
  type WaitMode,
  waitOpts,
  xorshift32,
} from '../../../bench/ring-peer/ring-peer-shared.ts';
import { firstMessage, spawnTsWorker } from '../../host/node/ts-worker.ts';
import { createDoorbell, sleepOnDoorbell } from './doorbell.ts';
import { FrameRing } from './frame-ring.ts';
import { SlotRing } from './slot-ring.ts';

const PEER = new URL('../../../bench/ring-peer/ring-peer.worker.ts', import.meta.url);

function startPeer(job: PeerJob): Promise<PeerResult> {
  return firstMessage<PeerResult>(spawnTsWorker(PEER, job));
}

const MESSAGES = 1_000_000;
const FRAMES = 100_000;

describe.each<WaitMode>(['spin', 'wait'])('two threads, %s mode', (mode) => {
  it(`delivers ${MESSAGES} numbers in order through a slot ring, mixing single, staged and batch ops`, async () => {
    const ring = SlotRing.create(1024);
    const peer = startPeer({ role: 'slot-producer', sab: ring.sab, n: MESSAGES, mode, seed: 7 });
    const rnd = xorshift32(11);
    const opts = waitOpts(mode);
    const batch = new Float64Array(64);
    let expected = 0;
    let misordered = 0;
    while (expected < MESSAGES) {
      const how = rnd() % 3;
      if (how === 0) {
        const x = ring.popBlocking(opts);
        if (x === undefined) throw new Error(`consumer timed out at ${expected}`);
        if (x !== expected) misordered++;
        expected++;
      } else if (how === 1) {
        if (!ring.waitReadable(opts)) throw new Error(`consumer timed out at ${expected}`);
        for (let x = ring.tryRead(); x !== undefined; x = ring.tryRead()) {
          if (x !== expected) misordered++;
          expected++;
        }
        ring.release();
      } else {
        if (!ring.waitReadable(opts)) throw new Error(`consumer timed out at ${expected}`);
        const n = ring.popBatch(batch);
        for (let j = 0; j < n; j++) if (batch[j] !== expected++) misordered++;
      }
    }
    const result = await peer;
    expect(result).toEqual({ ok: true, count: MESSAGES });
    expect(misordered).toBe(0);
    expect(expected).toBe(MESSAGES);
    expect(ring.usedApprox()).toBe(0);
  }, 60_000);

  it(`delivers ${FRAMES} random-size frames in order with matching checksums through a frame ring`, async () => {
    const ring = FrameRing.create(1 << 14);
    const maxLen = 600;
    const peer = startPeer({
      role: 'frame-producer',
      sab: ring.sab,
      n: FRAMES,
      maxLen,
      mode,
      seed: 3,
    });
    const rnd = xorshift32(5);
    const opts = waitOpts(mode);
    let h = FNV_START;
    let bad = 0;
    let untilRelease = 1;
    for (let seq = 0; seq < FRAMES; seq++) {
      const f = ring.readFrameBlocking(opts);
      if (f === undefined) throw new Error(`consumer timed out at frame ${seq}`);
      for (let j = 0; j < f.length; j++) {
        const b = f[j] ?? -1;
        if (b !== frameByte(seq, j)) bad++;
        h = mix(h, b);
      }
      if (--untilRelease === 0) {
        ring.release();
        untilRelease = 1 + (rnd() % 16);
      }
    }
    ring.release();
    const result = await peer;
    expect(result.ok).toBe(true);
    expect(bad).toBe(0);
    expect(h).toBe(result.checksum);
    expect(ring.readable()).toBe(false);
  }, 60_000);
});

describe('two threads waiting on each other', () => {
  function pingPong(publishBeforeWait: boolean, rounds: number, timeoutMs: number) {
    const a = FrameRing.create(4096);
    const b = FrameRing.create(4096);
    const common = { rounds, batch: 8, publishBeforeWait, timeoutMs };
    return Promise.all([
      startPeer({ role: 'ping-pong', sabOut: a.sab, sabIn: b.sab, ...common }),
      startPeer({ role: 'ping-pong', sabOut: b.sab, sabIn: a.sab, ...common }),
    ]);
  }

  it('do not deadlock when each publishes its batch before waiting (Atomics.wait, no spinning)', async () => {
    const results = await pingPong(true, 20_000, 10_000);
    expect(results).toEqual([
      { ok: true, count: 20_000 },
      { ok: true, count: 20_000 },
    ]);
  }, 60_000);

  it('deadlock when they wait while holding unpublished frames (shows the rule matters)', async () => {
    const results = await pingPong(false, 1, 200);
    for (const r of results) expect(r.error).toMatch(/deadlock/);
  }, 60_000);
});

describe('doorbell', () => {
  it('wakes a consumer sleeping on one doorbell word for two input rings, losing nothing', async () => {
    const rings = [FrameRing.create(1024), FrameRing.create(1024)];
    const doorbell = createDoorbell();
    const n = 20_000;
    const peer = startPeer({
      role: 'doorbell-producer',
      sabs: rings.map((r) => r.sab),
      doorbell: doorbell.word,
      n,
      seed: 9,
    });
    const seqs = [0, 0];
    let received = 0;
    let sleeps = 0;
    while (received < n) {
      let got = false;
      rings.forEach((ring, i) => {
        for (let off = ring.readOffset(); off >= 0; off = ring.readOffset()) {
          const seq = new DataView(ring.bytes.buffer, ring.bytes.byteOffset + off, 4).getUint32(
            0,
            true,
          );
          expect(seq).toBe(seqs[i]);
          seqs[i] = (seqs[i] ?? 0) + 1;
          received++;
          got = true;
        }
        ring.release();
      });
      if (!got) {
        sleeps++;
        if (!sleepOnDoorbell(doorbell, rings, 10_000)) throw new Error('doorbell wait timed out');
      }
    }
    expect(await peer).toEqual({ ok: true, count: n });
    expect(sleeps).toBeGreaterThan(10);
  }, 60_000);
});
