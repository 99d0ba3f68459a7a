/** One contract, run against both implementations of the bench's `Transport`. */
import { afterEach, describe, expect, it } from 'vitest';

import type { PeerJob, PeerResult } from '../ring-peer/ring-peer-shared.ts';
import { xorshift32 } from '../ring-peer/ring-peer-shared.ts';
import { firstMessage, spawnTsWorker } from '../../src/host/node/ts-worker.ts';
import {
  createChannel,
  openReceiver,
  openSender,
  transferablesOf,
  type TransportKind,
  type TransportReceiver,
  type TransportSender,
} from './transport.ts';

const PEER = new URL('../ring-peer/ring-peer.worker.ts', import.meta.url);

function randomFrames(n: number, maxLen: number, seed: number): Uint8Array[] {
  const rnd = xorshift32(seed);
  return Array.from({ length: n }, () => {
    const f = new Uint8Array(rnd() % (maxLen + 1));
    for (let j = 0; j < f.length; j++) f[j] = rnd() & 255;
    return f;
  });
}

async function popOne(rx: TransportReceiver): Promise<Uint8Array> {
  for (;;) {
    const f = rx.tryPop();
    if (f !== undefined) return f.slice();
    if (!(await rx.waitReadable(2000))) throw new Error('no frame within 2 s');
  }
}

async function pushOne(tx: TransportSender, f: Uint8Array): Promise<void> {
  while (!tx.tryPush(f)) {
    if (!(await tx.waitWritable(f.length, 2000))) throw new Error('no room within 2 s');
  }
}

describe.each<TransportKind>(['sab-ring', 'post-message'])('Transport contract: %s', (kind) => {
  let open: Array<TransportSender | TransportReceiver> = [];
  afterEach(() => {
    for (const t of open) t.close();
    open = [];
  });
  function channel() {
    const { sender, receiver } = createChannel(kind, { capacityBytes: 1024, capacityFrames: 16 });
    const tx = openSender(sender);
    const rx = openReceiver(receiver);
    open.push(tx, rx);
    return { tx, rx };
  }

  it('delivers frames in push order with identical bytes', async () => {
    const { tx, rx } = channel();
    const frames = randomFrames(500, 200, 1);
    const got: Uint8Array[] = [];
    const consumer = (async () => {
      for (let i = 0; i < frames.length; i++) got.push(await popOne(rx));
    })();
    for (const f of frames) await pushOne(tx, f);
    await consumer;
    expect(got).toEqual(frames);
  });

  it('returns undefined from tryPop when nothing was pushed', () => {
    const { rx } = channel();
    expect(rx.tryPop()).toBeUndefined();
  });

  it('copies on push, so the sender may reuse its buffer at once', async () => {
    const { tx, rx } = channel();
    const buf = new Uint8Array([1, 2, 3]);
    expect(tx.tryPush(buf)).toBe(true);
    buf.fill(9);
    expect(await popOne(rx)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('pushes back when the receiver does not pop, and accepts again once it drains', async () => {
    const { tx, rx } = channel();
    const f = new Uint8Array(40);
    let accepted = 0;
    while (tx.tryPush(f)) if (++accepted > 10_000) throw new Error('never full');
    expect(accepted).toBeGreaterThan(0);
    for (let i = 0; i < accepted; i++) await popOne(rx);
    expect(await tx.waitWritable(f.length, 2000)).toBe(true);
    expect(tx.tryPush(f)).toBe(true);
  });

  it('resolves waitReadable with false on timeout and with true when a frame arrives', async () => {
    const { tx, rx } = channel();
    expect(await rx.waitReadable(20)).toBe(false);
    const later = rx.waitReadable(2000);
    setTimeout(() => tx.tryPush(new Uint8Array([5])), 5);
    expect(await later).toBe(true);
    expect(rx.tryPop()).toEqual(new Uint8Array([5]));
  });

  it('carries frames to another thread and back through endpoints sent to a worker', async () => {
    const there = createChannel(kind, { capacityBytes: 1024, capacityFrames: 16 });
    const back = createChannel(kind, { capacityBytes: 1024, capacityFrames: 16 });
    const job: PeerJob = {
      role: 'transport-echo',
      inbound: there.receiver,
      outbound: back.sender,
      n: 2000,
    };
    const worker = spawnTsWorker(PEER, job, [
      ...transferablesOf(there.receiver),
      ...transferablesOf(back.sender),
    ]);
    const result = firstMessage<PeerResult>(worker);
    const tx = openSender(there.sender);
    const rx = openReceiver(back.receiver);
    open.push(tx, rx);
    const frames = randomFrames(2000, 300, 2);
    const got: Uint8Array[] = [];
    const consumer = (async () => {
      for (let i = 0; i < frames.length; i++) got.push(await popOne(rx));
    })();
    for (const f of frames) await pushOne(tx, f);
    await consumer;
    expect(await result).toEqual({ ok: true, count: 2000 });
    expect(got).toEqual(frames);
  }, 60_000);
});
