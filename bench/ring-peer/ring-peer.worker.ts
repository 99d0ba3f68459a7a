/**
 * Node worker-thread peer for the two-thread ring tests (started with `spawnTsWorker`).
 * Each job runs synchronously to completion and posts one `PeerResult`.
 */
import { parentPort } from 'node:worker_threads';

import { FrameRing } from '../../src/runtime/ringbuf/frame-ring.ts';
import { SlotRing } from '../../src/runtime/ringbuf/slot-ring.ts';
import { openReceiver, openSender } from '../transport/transport.ts';
import {
  FNV_START,
  frameByte,
  mix,
  type PeerJob,
  type PeerResult,
  waitOpts,
  xorshift32,
} from './ring-peer-shared.ts';
import { tsWorkerData } from '../../src/host/node/ts-worker.ts';

function slotProducer(job: Extract<PeerJob, { role: 'slot-producer' }>): PeerResult {
  const ring = new SlotRing(job.sab);
  const rnd = xorshift32(job.seed);
  const opts = waitOpts(job.mode);
  const batch = new Float64Array(64);
  let i = 0;
  while (i < job.n) {
    const k = Math.min(1 + (rnd() % 64), job.n - i);
    const how = rnd() % 3;
    if (how === 0) {
      for (let j = 0; j < k; j++) if (!ring.pushBlocking(i++, opts)) return timeout(i);
    } else if (how === 1) {
      // Staged writes, one publish; fall back to a blocking push when full.
      for (let j = 0; j < k; j++, i++) {
        if (!ring.tryWrite(i) && !ring.pushBlocking(i, opts)) return timeout(i);
      }
      ring.publish();
    } else {
      for (let j = 0; j < k; j++) batch[j] = i + j;
      let done = 0;
      while (done < k) {
        const n = ring.pushBatch(batch, done, k);
        if (n === 0) {
          if (!ring.pushBlocking(batch[done] ?? 0, opts)) return timeout(i + done);
          done++;
        }
        done += n;
      }
      i += k;
    }
  }
  return { ok: true, count: i };
}

function frameProducer(job: Extract<PeerJob, { role: 'frame-producer' }>): PeerResult {
  const ring = new FrameRing(job.sab);
  const rnd = xorshift32(job.seed);
  const opts = waitOpts(job.mode);
  let h = FNV_START;
  let untilPublish = 1;
  for (let seq = 0; seq < job.n; seq++) {
    const len = rnd() % (job.maxLen + 1);
    const off = ring.claimBlocking(len, opts);
    if (off < 0) return timeout(seq);
    const bytes = ring.bytes;
    for (let j = 0; j < len; j++) {
      const b = frameByte(seq, j);
      bytes[off + j] = b;
      h = mix(h, b);
    }
    ring.commit();
    if (--untilPublish === 0) {
      ring.publish();
      untilPublish = 1 + (rnd() % 16);
    }
  }
  ring.publish();
  return { ok: true, checksum: h, count: job.n };
}

function pingPong(job: Extract<PeerJob, { role: 'ping-pong' }>): PeerResult {
  const out = new FrameRing(job.sabOut);
  const inp = new FrameRing(job.sabIn);
  const opts = { spinIterations: 0, timeoutMs: job.timeoutMs };
  const frame = new Uint8Array(16);
  for (let round = 0; round < job.rounds; round++) {
    for (let j = 0; j < job.batch; j++) {
      frame[0] = j;
      if (!out.write(frame)) return { ok: false, error: 'ring full' };
    }
    if (job.publishBeforeWait) out.publish();
    for (let j = 0; j < job.batch; j++) {
      const f = inp.readFrameBlocking(opts);
      if (f === undefined) return { ok: false, error: `deadlock: timed out in round ${round}` };
      if (f[0] !== j) return { ok: false, error: `out of order in round ${round}` };
    }
    inp.release();
  }
  out.publish();
  return { ok: true, count: job.rounds };
}

function doorbellProducer(job: Extract<PeerJob, { role: 'doorbell-producer' }>): PeerResult {
  const doorbell = { word: job.doorbell, index: 0 };
  const rings = job.sabs.map((sab) => new FrameRing(sab, 0, { doorbell }));
  const rnd = xorshift32(job.seed);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const frame = new Uint8Array(8);
  const view = new DataView(frame.buffer);
  const seqs = rings.map(() => 0);
  for (let i = 0; i < job.n; i++) {
    const which = rnd() % rings.length;
    const ring = rings[which];
    if (ring === undefined) continue;
    view.setUint32(0, seqs[which]!, true);
    seqs[which]!++;
    if (!ring.pushBlocking(frame, { timeoutMs: 20_000 })) return timeout(i);
    // Pause now and then so the consumer runs dry and sleeps on the doorbell.
    if (i % 200 === 199) Atomics.wait(pause, 0, 0, 1);
  }
  return { ok: true, count: job.n };
}

/** Pops each frame from `inbound` and pushes it to `outbound`, awaiting (event loop runs). */
async function transportEcho(
  job: Extract<PeerJob, { role: 'transport-echo' }>,
): Promise<PeerResult> {
  const rx = openReceiver(job.inbound);
  const tx = openSender(job.outbound);
  for (let i = 0; i < job.n; i++) {
    let f = rx.tryPop();
    while (f === undefined) {
      if (!(await rx.waitReadable(5000))) return timeout(i);
      f = rx.tryPop();
    }
    while (!tx.tryPush(f)) if (!(await tx.waitWritable(f.length, 5000))) return timeout(i);
  }
  // Let the last credits/frames leave before closing the ports.
  await new Promise((resolve) => setTimeout(resolve, 50));
  rx.close();
  tx.close();
  return { ok: true, count: job.n };
}

function timeout(at: number): PeerResult {
  return { ok: false, error: `timed out at item ${at}` };
}

async function run(job: PeerJob): Promise<PeerResult> {
  try {
    switch (job.role) {
      case 'slot-producer':
        return slotProducer(job);
      case 'frame-producer':
        return frameProducer(job);
      case 'ping-pong':
        return pingPong(job);
      case 'doorbell-producer':
        return doorbellProducer(job);
      case 'transport-echo':
        return await transportEcho(job);
    }
  } catch (e) {
    return { ok: false, error: String(e) };
  }
}

parentPort?.postMessage(await run(tsWorkerData<PeerJob>()));
