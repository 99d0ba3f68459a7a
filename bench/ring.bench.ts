/**
 * `npm run bench:ring [-- --json out.json] [--n 1000000] [--reps 5] [--latency-n 100000]`
 *
 * Producer and consumer run on two Node worker threads (started once, reused for every run).
 * Each (case, transport) gets one warm-up run, then `reps` measured runs interleaved across the
 * transports of the case (so load spikes hit all of them); the table shows medians and the
 * ratios flowbench ÷ baseline, all from this one process run.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Worker } from 'node:worker_threads';

import { RingBuffer } from 'ringbuf.js';

import { spawnTsWorker } from '../src/host/node/ts-worker.ts';
import { FrameRing } from '../src/runtime/ringbuf/frame-ring.ts';
import { SlotRing } from '../src/runtime/ringbuf/slot-ring.ts';
import { createChannel, transferablesOf } from './transport/transport.ts';
import type { BenchJob, JobMsg, JobResult } from './ring.worker.ts';

interface Row {
  case: string;
  transport: string;
  msgPerSec: number;
  nsPerMsg: number;
  bytesPerSec?: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const N = Number(arg('--n') ?? 1_000_000);
const REPS = Number(arg('--reps') ?? 5);
/** Round trips per latency run for the sleeping transports (wait/notify, postMessage). */
const LATENCY_SLOW_N = Number(arg('--latency-n') ?? 100_000);
const JSON_OUT = arg('--json');
const SLOTS = 4096;
const FRAME_RING_BYTES = 256 * 1024;
const PM_WINDOW = 4096;

const workers = [0, 1].map(() => spawnTsWorker(new URL('./ring.worker.ts', import.meta.url), {}));
let nextId = 1;
/** cpu/run-queue shares of the jobs since the last reset, to explain slow runs. */
let lastShares: JobResult[] = [];

function call(w: Worker, job: BenchJob, n: number, barrier: Int32Array): Promise<JobResult> {
  const id = nextId++;
  const transfer = 'ep' in job ? transferablesOf(job.ep) : [];
  if (job.kind === 'pm-latency')
    transfer.push(...transferablesOf(job.out), ...transferablesOf(job.in));
  return new Promise((resolve, reject) => {
    const onMsg = (r: JobResult): void => {
      if (r.id !== id) return;
      w.off('message', onMsg);
      w.off('error', reject);
      lastShares.push(r);
      resolve(r);
    };
    w.on('message', onMsg);
    w.on('error', reject);
    const msg: JobMsg = { id, job, n, barrier };
    w.postMessage(msg, transfer as never);
  });
}

/** Runs two jobs, one per worker, released together by a shared barrier. */
async function pair(a: BenchJob, b: BenchJob, n: number): Promise<[JobResult, JobResult]> {
  const barrier = new Int32Array(new SharedArrayBuffer(4));
  const [w0, w1] = workers as [Worker, Worker];
  return Promise.all([call(w0, a, n, barrier), call(w1, b, n, barrier)]);
}

/** One measured run: msg/s (or, for latency, p50 one-way ns). */
type Runner = (n: number) => Promise<Sample>;
interface Sample {
  msgPerSec: number;
  nsPerMsg: number;
  bytes?: number;
  /** Lowest on-CPU share of the threads in the run (1 = each ran the whole time). */
  cpuShare?: number;
  /** Highest run-queue share of the threads in the run (time wanting a CPU and not getting one). */
  runqShare?: number;
}

const sumTo = (n: number): number => (n * (n - 1)) / 2;

function throughput(r: JobResult, n: number, bytes?: number) {
  const msgPerSec = n / (r.ms / 1000);
  return { msgPerSec, nsPerMsg: 1e9 / msgPerSec, bytes };
}

function expectCheck(r: JobResult, expected: number, what: string): void {
  if (r.check !== expected) throw new Error(`${what}: checksum ${r.check} != ${expected}`);
}

const runners: Record<string, Record<string, Runner>> = {
  'single-f64': {
    flowbench: async (n) => {
      const { sab } = SlotRing.create(SLOTS);
      const [, c] = await pair(
        { kind: 'fb-single', side: 'producer', sab },
        { kind: 'fb-single', side: 'consumer', sab },
        n,
      );
      expectCheck(c, sumTo(n), 'flowbench single');
      return throughput(c, n);
    },
    'ringbuf.js': async (n) => {
      const sab = RingBuffer.getStorageForCapacity(SLOTS, Float64Array);
      const [, c] = await pair(
        { kind: 'rb-single', side: 'producer', sab },
        { kind: 'rb-single', side: 'consumer', sab },
        n,
      );
      expectCheck(c, sumTo(n), 'ringbuf.js single');
      return throughput(c, n);
    },
    postMessage: (n) => pmFrames(8, n),
  },
  'batch-256': {
    flowbench: async (n) => {
      const { sab } = SlotRing.create(SLOTS);
      const [, c] = await pair(
        { kind: 'fb-batch', side: 'producer', sab },
        { kind: 'fb-batch', side: 'consumer', sab },
        n,
      );
      expectCheck(c, sumTo(n), 'flowbench batch');
      return throughput(c, n);
    },
    'ringbuf.js': async (n) => {
      const sab = RingBuffer.getStorageForCapacity(SLOTS, Float64Array);
      const [, c] = await pair(
        { kind: 'rb-batch', side: 'producer', sab },
        { kind: 'rb-batch', side: 'consumer', sab },
        n,
      );
      expectCheck(c, sumTo(n), 'ringbuf.js batch');
      return throughput(c, n);
    },
  },
  'frame-64B': frameRunners(64),
  'frame-1KiB': frameRunners(1024),
  'latency-spin': {
    flowbench: (n) => fbLatency(true, n),
    postMessage: (n) => pmLatency(Math.min(n, LATENCY_SLOW_N)),
  },
  'latency-wait': {
    flowbench: (n) => fbLatency(false, Math.min(n, LATENCY_SLOW_N)),
    postMessage: (n) => pmLatency(Math.min(n, LATENCY_SLOW_N)),
  },
};

function frameRunners(frameBytes: number): Record<string, Runner> {
  return {
    flowbench: async (n) => {
      const { sab } = FrameRing.create(FRAME_RING_BYTES);
      const [, c] = await pair(
        { kind: 'fb-frame', side: 'producer', sab, frameBytes },
        { kind: 'fb-frame', side: 'consumer', sab, frameBytes },
        n,
      );
      return throughput(c, n, frameBytes);
    },
    postMessage: (n) => pmFrames(frameBytes, n),
    memcpy: async (n) => {
      const barrier = new Int32Array(new SharedArrayBuffer(4));
      barrier[0] = 1; // solo job: no partner
      const job: BenchJob = {
        kind: 'memcpy',
        side: 'solo',
        frameBytes,
        ringBytes: FRAME_RING_BYTES,
      };
      const r = await call(workers[0] as Worker, job, n, barrier);
      return throughput(r, n, frameBytes);
    },
  };
}

async function pmFrames(frameBytes: number, n: number) {
  const { sender, receiver } = createChannel('post-message', { capacityFrames: PM_WINDOW });
  const [, c] = await pair(
    { kind: 'pm-frame', side: 'producer', ep: sender, frameBytes },
    { kind: 'pm-frame', side: 'consumer', ep: receiver, frameBytes },
    n,
  );
  return throughput(c, n, frameBytes);
}

function p50(sorted: Float64Array | undefined): number {
  if (sorted === undefined || sorted.length === 0) throw new Error('no latency samples');
  return sorted[sorted.length >> 1] ?? NaN;
}

async function fbLatency(spin: boolean, n: number) {
  const a = SlotRing.create(64);
  const b = SlotRing.create(64);
  const [ping] = await pair(
    { kind: 'fb-latency', side: 'pinger', sabOut: a.sab, sabIn: b.sab, spin },
    { kind: 'fb-latency', side: 'ponger', sabOut: b.sab, sabIn: a.sab, spin },
    n,
  );
  const ns = p50(ping.hopsNs);
  return { msgPerSec: 1e9 / ns, nsPerMsg: ns };
}

async function pmLatency(n: number) {
  const ab = createChannel('post-message', { capacityFrames: 16 });
  const ba = createChannel('post-message', { capacityFrames: 16 });
  const [ping] = await pair(
    { kind: 'pm-latency', side: 'pinger', out: ab.sender, in: ba.receiver },
    { kind: 'pm-latency', side: 'ponger', out: ba.sender, in: ab.receiver },
    n,
  );
  const ns = p50(ping.hopsNs);
  return { msgPerSec: 1e9 / ns, nsPerMsg: ns };
}

/**
 * Same-thread cost of the ring code itself (no second thread, so no scheduling or cache-line
 * transfer): fill 1024 then drain 1024, repeated. Printed and stored under `meta`, not in
 * `results`, because it is not a cross-thread figure.
 */
function sameThread(n: number): Array<{ case: string; transport: string; nsPerMsg: number }> {
  const out: Array<{ case: string; transport: string; nsPerMsg: number }> = [];
  const time = (f: () => void): number => {
    f(); // warm-up
    const ts: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const t0 = performance.now();
      f();
      ts.push(((performance.now() - t0) * 1e6) / n);
    }
    return median(ts);
  };
  const LAP = 1024;
  const fb = SlotRing.create(SLOTS);
  const rb = new RingBuffer(RingBuffer.getStorageForCapacity(SLOTS, Float64Array), Float64Array);
  const one = new Float64Array(1);
  const batch = new Float64Array(256);
  let sink = 0;
  out.push({
    case: 'single-f64',
    transport: 'flowbench',
    nsPerMsg: time(() => {
      for (let i = 0; i < n; i += LAP) {
        for (let j = 0; j < LAP; j++) fb.tryPush(j);
        for (let j = 0; j < LAP; j++) sink += fb.tryPop() ?? 0;
      }
    }),
  });
  out.push({
    case: 'single-f64',
    transport: 'ringbuf.js',
    nsPerMsg: time(() => {
      for (let i = 0; i < n; i += LAP) {
        for (let j = 0; j < LAP; j++) {
          one[0] = j;
          rb.push(one, 1);
        }
        for (let j = 0; j < LAP; j++) {
          rb.pop(one, 1);
          sink += one[0] ?? 0;
        }
      }
    }),
  });
  out.push({
    case: 'batch-256',
    transport: 'flowbench',
    nsPerMsg: time(() => {
      for (let i = 0; i < n; i += 1024) {
        for (let j = 0; j < 4; j++) fb.pushBatch(batch);
        for (let j = 0; j < 4; j++) sink += fb.popBatch(batch);
      }
    }),
  });
  out.push({
    case: 'batch-256',
    transport: 'ringbuf.js',
    nsPerMsg: time(() => {
      for (let i = 0; i < n; i += 1024) {
        for (let j = 0; j < 4; j++) rb.push(batch, 256);
        for (let j = 0; j < 4; j++) sink += rb.pop(batch, 256);
      }
    }),
  });
  for (const frameBytes of [64, 1024]) {
    const ring = FrameRing.create(FRAME_RING_BYTES);
    const src = new Uint8Array(frameBytes).fill(1);
    const lap = Math.floor(FRAME_RING_BYTES / (frameBytes + 8) / 2);
    out.push({
      case: `frame-${frameBytes === 64 ? '64B' : '1KiB'}`,
      transport: 'flowbench',
      nsPerMsg: time(() => {
        for (let i = 0; i < n; i += lap) {
          for (let j = 0; j < lap; j++) ring.tryPush(src);
          for (let j = 0; j < lap; j++) sink += ring.readOffset();
          ring.release();
        }
      }),
    });
  }
  if (sink === 42) console.log('');
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[s.length >> 1] ?? NaN;
}

function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '-';
  if (x >= 1e9) return `${(x / 1e9).toPrecision(digits)} G`;
  if (x >= 1e6) return `${(x / 1e6).toPrecision(digits)} M`;
  if (x >= 1e3) return `${(x / 1e3).toPrecision(digits)} k`;
  return x.toPrecision(digits);
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const scheduling: Array<{
    case: string;
    transport: string;
    cpuShare: number;
    runqShare: number;
  }> = [];
  const started = new Date();
  console.log(
    `bench:ring  n=${N} reps=${REPS} latency-n(slow)=${LATENCY_SLOW_N}  node ${process.version}  ` +
      `${cpus().length} cpus  ${cpus()[0]?.model ?? '?'}  loadavg ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    'cpu = lowest on-CPU share of the two threads, runq = highest share spent waiting for a CPU',
  );
  const same = sameThread(N);
  console.log('same thread (code cost, no second thread):');
  for (const r of same) {
    console.log(
      `  ${r.case.padEnd(13)} | ${r.transport.padEnd(11)} | ${r.nsPerMsg.toFixed(2)} ns/msg`,
    );
  }
  for (const [caseName, byTransport] of Object.entries(runners)) {
    const names = Object.keys(byTransport);
    const samples = new Map<string, Sample[]>();
    for (const t of names) {
      await byTransport[t]?.(Math.max(Math.floor(N / 5), 10_000)); // warm-up (JIT, page faults)
      samples.set(t, []);
    }
    for (let rep = 0; rep < REPS; rep++) {
      for (const t of names) {
        lastShares = [];
        const r = await byTransport[t]?.(N);
        const cpu = lastShares.map((x) => x.cpuShare ?? NaN);
        const runq = lastShares.map((x) => x.runqShare ?? NaN);
        if (r !== undefined) {
          samples.get(t)?.push({ ...r, cpuShare: Math.min(...cpu), runqShare: Math.max(...runq) });
        }
      }
    }
    const isLatency = caseName.startsWith('latency');
    for (const t of names) {
      const s = samples.get(t) ?? [];
      const nsPerMsg = median(s.map((x) => x.nsPerMsg));
      const msgPerSec = 1e9 / nsPerMsg;
      const bytes = s[0]?.bytes;
      scheduling.push({
        case: caseName,
        transport: t,
        cpuShare: median(s.map((x) => x.cpuShare ?? NaN)),
        runqShare: median(s.map((x) => x.runqShare ?? NaN)),
      });
      rows.push({
        case: caseName,
        transport: t,
        msgPerSec,
        nsPerMsg,
        ...(bytes !== undefined ? { bytesPerSec: msgPerSec * bytes } : {}),
      });
    }
    printCase(
      caseName,
      rows.filter((r) => r.case === caseName),
      scheduling.filter((r) => r.case === caseName),
      isLatency,
    );
  }
  if (JSON_OUT !== undefined) {
    writeFileSync(
      JSON_OUT,
      JSON.stringify(
        {
          results: rows,
          meta: {
            date: started.toISOString(),
            node: process.version,
            cpus: cpus().length,
            cpuModel: cpus()[0]?.model,
            n: N,
            reps: REPS,
            latencySlowN: LATENCY_SLOW_N,
            loadavg: loadavg(),
            scheduling,
            sameThread: same,
          },
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`wrote ${JSON_OUT}`);
  }
  await Promise.all(workers.map((w) => w.terminate()));
}

function printCase(
  caseName: string,
  rows: Row[],
  sched: Array<{ transport: string; cpuShare: number; runqShare: number }>,
  isLatency: boolean,
): void {
  const fb = rows.find((r) => r.transport === 'flowbench');
  for (const r of rows) {
    const sc = sched.find((x) => x.transport === r.transport);
    const cpu =
      sc === undefined
        ? ''
        : `cpu ${(sc.cpuShare * 100).toFixed(0)}% runq ${(sc.runqShare * 100).toFixed(0)}%`;
    const ratio = fb === undefined || r === fb ? '' : `${(r.nsPerMsg / fb.nsPerMsg).toFixed(2)}×`;
    const bytes = r.bytesPerSec === undefined ? '' : `${fmt(r.bytesPerSec)}B/s`;
    const rate = isLatency ? `p50 ${fmt(r.nsPerMsg)}ns` : `${fmt(r.msgPerSec)}msg/s`;
    console.log(
      [
        caseName.padEnd(13),
        r.transport.padEnd(11),
        rate.padStart(15),
        `${r.nsPerMsg.toFixed(1)} ns`.padStart(12),
        bytes.padStart(12),
        cpu.padEnd(20),
        ratio === '' ? '' : `flowbench ÷ ${r.transport} = ${ratio}`,
      ].join(' | '),
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
  void Promise.all(workers.map((w) => w.terminate()));
});
