/**
 * Bench worker for `npm run bench:ring`: stays alive and runs one job per message.
 * Each job is one side (producer/consumer/pinger/ponger) of one measured run, or a
 * same-thread memcpy baseline. Timing is taken inside the worker with performance.now().
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

import { RingBuffer } from 'ringbuf.js';

import { FrameRing } from '../src/runtime/ringbuf/frame-ring.ts';
import { SlotRing } from '../src/runtime/ringbuf/slot-ring.ts';
import {
  openReceiver,
  openSender,
  type ReceiverEndpoint,
  type SenderEndpoint,
} from './transport/transport.ts';

export type BenchJob =
  | {
      kind: 'fb-single' | 'rb-single' | 'fb-batch' | 'rb-batch';
      side: Side;
      sab: SharedArrayBuffer;
    }
  | { kind: 'fb-frame'; side: Side; sab: SharedArrayBuffer; frameBytes: number }
  | { kind: 'pm-frame'; side: 'producer'; ep: SenderEndpoint; frameBytes: number }
  | { kind: 'pm-frame'; side: 'consumer'; ep: ReceiverEndpoint; frameBytes: number }
  | { kind: 'memcpy'; side: 'solo'; frameBytes: number; ringBytes: number }
  | {
      kind: 'fb-latency';
      side: 'pinger' | 'ponger';
      sabOut: SharedArrayBuffer;
      sabIn: SharedArrayBuffer;
      spin: boolean;
    }
  | { kind: 'pm-latency'; side: 'pinger' | 'ponger'; out: SenderEndpoint; in: ReceiverEndpoint };

type Side = 'producer' | 'consumer';

export interface JobMsg {
  id: number;
  job: BenchJob;
  n: number;
  barrier: Int32Array;
}

export interface JobResult {
  id: number;
  /** Elapsed ms for the measured loop (consumer side for throughput jobs). */
  ms: number;
  /** Sum of received values / bytes touched: keeps the JIT honest, checked by the main thread. */
  check: number;
  /** Latency jobs: one-way ns per hop (round trip / 2), sorted ascending. */
  hopsNs?: Float64Array;
  /** This thread's on-CPU time ÷ wall time during the job (from /proc/thread-self/schedstat). */
  cpuShare?: number;
  /** This thread's time waiting in the run queue ÷ wall time (CPU wanted but not given). */
  runqShare?: number;
}

/** [on-CPU ns, run-queue wait ns] of the calling thread; zeros where /proc is unavailable. */
function schedstat(): [number, number] {
  try {
    const [cpu, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return [Number(cpu), Number(wait)];
  } catch {
    return [0, 0];
  }
}

const BATCH = 256;

/** Both sides arrive, then both start: keeps thread start-up out of the measurement. */
function barrier(b: Int32Array): void {
  Atomics.add(b, 0, 1);
  while (Atomics.load(b, 0) < 2);
}

function fbSingle(side: Side, sab: SharedArrayBuffer, n: number, b: Int32Array): JobResult {
  const ring = new SlotRing(sab);
  barrier(b);
  const t0 = performance.now();
  let check = 0;
  if (side === 'producer') {
    for (let i = 0; i < n; i++) while (!ring.tryPush(i));
  } else {
    for (let i = 0; i < n;) {
      const x = ring.tryPop();
      if (x !== undefined) {
        check += x;
        i++;
      }
    }
  }
  return { id: 0, ms: performance.now() - t0, check };
}

function rbSingle(side: Side, sab: SharedArrayBuffer, n: number, b: Int32Array): JobResult {
  const ring = new RingBuffer(sab, Float64Array);
  const one = new Float64Array(1);
  barrier(b);
  const t0 = performance.now();
  let check = 0;
  if (side === 'producer') {
    for (let i = 0; i < n; i++) {
      one[0] = i;
      while (ring.push(one, 1) === 0);
    }
  } else {
    for (let i = 0; i < n;) {
      if (ring.pop(one, 1) === 1) {
        check += one[0] ?? 0;
        i++;
      }
    }
  }
  return { id: 0, ms: performance.now() - t0, check };
}

function fbBatch(side: Side, sab: SharedArrayBuffer, n: number, b: Int32Array): JobResult {
  const ring = new SlotRing(sab);
  const buf = new Float64Array(BATCH);
  barrier(b);
  const t0 = performance.now();
  let check = 0;
  if (side === 'producer') {
    for (let i = 0; i < n;) {
      const k = Math.min(BATCH, n - i);
      for (let j = 0; j < k; j++) buf[j] = i + j;
      for (let done = 0; done < k;) done += ring.pushBatch(buf, done, k);
      i += k;
    }
  } else {
    for (let i = 0; i < n;) {
      const k = ring.popBatch(buf, 0, Math.min(BATCH, n - i));
      for (let j = 0; j < k; j++) check += buf[j] ?? 0;
      i += k;
    }
  }
  return { id: 0, ms: performance.now() - t0, check };
}

function rbBatch(side: Side, sab: SharedArrayBuffer, n: number, b: Int32Array): JobResult {
  const ring = new RingBuffer(sab, Float64Array);
  const buf = new Float64Array(BATCH);
  barrier(b);
  const t0 = performance.now();
  let check = 0;
  if (side === 'producer') {
    for (let i = 0; i < n;) {
      const k = Math.min(BATCH, n - i);
      for (let j = 0; j < k; j++) buf[j] = i + j;
      for (let done = 0; done < k;) done += ring.push(buf, k - done, done);
      i += k;
    }
  } else {
    for (let i = 0; i < n;) {
      const k = ring.pop(buf, Math.min(BATCH, n - i));
      for (let j = 0; j < k; j++) check += buf[j] ?? 0;
      i += k;
    }
  }
  return { id: 0, ms: performance.now() - t0, check };
}

function payload(frameBytes: number): Uint8Array {
  const src = new Uint8Array(frameBytes);
  for (let j = 0; j < frameBytes; j++) src[j] = (j * 7 + 1) & 255;
  return src;
}

function fbFrame(
  side: Side,
  sab: SharedArrayBuffer,
  frameBytes: number,
  n: number,
  b: Int32Array,
): JobResult {
  const ring = new FrameRing(sab);
  const src = payload(frameBytes);
  barrier(b);
  const t0 = performance.now();
  let check = 0;
  if (side === 'producer') {
    // One copy in per frame; publish (one Atomics.store) per batch of up to 32,
    // as the engine does per turn. A full ring publishes what is staged itself.
    for (let i = 0; i < n; i++) {
      while (!ring.write(src));
      if ((i & 31) === 31) ring.publish();
    }
    ring.publish();
  } else {
    // Zero-copy reads, released in batches of up to 64 frames (one store per batch).
    const bytes = ring.bytes;
    let held = 0;
    for (let i = 0; i < n;) {
      const off = ring.readOffset();
      if (off < 0) {
        ring.release();
        held = 0;
        continue;
      }
      check += (bytes[off] ?? 0) + (bytes[off + ring.frameLength - 1] ?? 0);
      i++;
      if (++held === 64) {
        ring.release();
        held = 0;
      }
    }
    ring.release();
  }
  return { id: 0, ms: performance.now() - t0, check };
}

async function pmFrame(
  job: Extract<BenchJob, { kind: 'pm-frame' }>,
  n: number,
  b: Int32Array,
): Promise<JobResult> {
  let check = 0;
  if (job.side === 'producer') {
    const tx = openSender(job.ep);
    const src = payload(job.frameBytes);
    barrier(b);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      while (!tx.tryPush(src)) await tx.waitWritable(src.length);
    }
    const ms = performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, 20)); // let credits drain before close
    tx.close();
    return { id: 0, ms, check };
  }
  const rx = openReceiver(job.ep);
  barrier(b);
  const t0 = performance.now();
  for (let i = 0; i < n;) {
    const f = rx.tryPop();
    if (f === undefined) {
      await rx.waitReadable();
      continue;
    }
    check += (f[0] ?? 0) + (f[f.length - 1] ?? 0);
    i++;
  }
  const ms = performance.now() - t0;
  rx.close();
  return { id: 0, ms, check };
}

/** Same-thread copy ceiling: `Uint8Array.set` of the same bytes into a ring-sized buffer. */
function memcpy(frameBytes: number, ringBytes: number, n: number): JobResult {
  const src = payload(frameBytes);
  const dst = new Uint8Array(ringBytes);
  const step = (frameBytes + 15) & ~7; // same footprint as a frame with its header
  let off = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if (off + step > ringBytes) off = 0;
    dst.set(src, off);
    off += step;
  }
  const ms = performance.now() - t0;
  return { id: 0, ms, check: dst[0] ?? 0 };
}

function fbLatency(
  job: Extract<BenchJob, { kind: 'fb-latency' }>,
  n: number,
  b: Int32Array,
): JobResult {
  const out = new SlotRing(job.sabOut);
  const inp = new SlotRing(job.sabIn);
  const opts = { spinIterations: job.spin ? Infinity : 0 };
  barrier(b);
  const t0 = performance.now();
  if (job.side === 'ponger') {
    for (let i = 0; i < n; i++) {
      const x = inp.popBlocking(opts) ?? -1;
      out.pushBlocking(x, opts);
    }
    return { id: 0, ms: performance.now() - t0, check: 0 };
  }
  const hops = new Float64Array(n);
  let check = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    out.pushBlocking(i, opts);
    check += inp.popBlocking(opts) ?? 0;
    hops[i] = ((performance.now() - t) * 1e6) / 2;
  }
  return { id: 0, ms: performance.now() - t0, check, hopsNs: hops.sort() };
}

async function pmLatency(
  job: Extract<BenchJob, { kind: 'pm-latency' }>,
  n: number,
  b: Int32Array,
): Promise<JobResult> {
  const tx = openSender(job.out);
  const rx = openReceiver(job.in);
  const msg = new Uint8Array(8);
  const pop = async (): Promise<Uint8Array> => {
    for (;;) {
      const f = rx.tryPop();
      if (f !== undefined) return f;
      await rx.waitReadable();
    }
  };
  barrier(b);
  const t0 = performance.now();
  const hops = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (job.side === 'ponger') {
      const f = await pop();
      while (!tx.tryPush(f)) await tx.waitWritable(8);
    } else {
      const t = performance.now();
      while (!tx.tryPush(msg)) await tx.waitWritable(8);
      await pop();
      hops[i] = ((performance.now() - t) * 1e6) / 2;
    }
  }
  const ms = performance.now() - t0;
  await new Promise((resolve) => setTimeout(resolve, 20));
  tx.close();
  rx.close();
  return job.side === 'pinger'
    ? { id: 0, ms, check: 0, hopsNs: hops.sort() }
    : { id: 0, ms, check: 0 };
}

async function run({ job, n, barrier: b }: JobMsg): Promise<Omit<JobResult, 'id'>> {
  switch (job.kind) {
    case 'fb-single':
      return fbSingle(job.side, job.sab, n, b);
    case 'rb-single':
      return rbSingle(job.side, job.sab, n, b);
    case 'fb-batch':
      return fbBatch(job.side, job.sab, n, b);
    case 'rb-batch':
      return rbBatch(job.side, job.sab, n, b);
    case 'fb-frame':
      return fbFrame(job.side, job.sab, job.frameBytes, n, b);
    case 'pm-frame':
      return pmFrame(job, n, b);
    case 'memcpy':
      return memcpy(job.frameBytes, job.ringBytes, n);
    case 'fb-latency':
      return fbLatency(job, n, b);
    case 'pm-latency':
      return pmLatency(job, n, b);
  }
}

parentPort?.on('message', (msg: JobMsg) => {
  const [cpu0, wait0] = schedstat();
  const t0 = performance.now();
  void run(msg).then((r) => {
    const [cpu1, wait1] = schedstat();
    const wallNs = (performance.now() - t0) * 1e6;
    const cpuShare = cpu1 > 0 ? (cpu1 - cpu0) / wallNs : undefined;
    const runqShare = cpu1 > 0 ? (wait1 - wait0) / wallNs : undefined;
    parentPort?.postMessage({ ...r, id: msg.id, cpuShare, runqShare });
  });
});
