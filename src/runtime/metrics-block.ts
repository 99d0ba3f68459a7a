/**
 * The metrics block: one SharedArrayBuffer written by the workers without
 * locks and read by any thread (the sampler, the CLI). Every field has exactly
 * one writer; readers may see a value a few nanoseconds stale, never a torn
 * one (aligned 8-byte writes), so reads are approximate while a run is live.
 *
 * Layout (all offsets in bytes, each region 128-byte aligned):
 *   instances  F64[instances × INSTANCE_FIELDS]       counters, sums
 *   histograms U32[instances × 2 × HISTOGRAM_BUCKETS] service, latency
 *   channels   I32[channels × CHANNEL_I32_STRIDE]      pushed | popped | … (128 B apart)
 *   channelF64 F64[channels × CHANNEL_FIELDS]           drops, blocked time, high water, capacity
 *   workerI32  I32[workers × WORKER_I32_STRIDE]         heartbeat, doorbell, state, quiet
 *   lag        U32[workers × HISTOGRAM_BUCKETS]         scheduling lag (µs) per worker
 *
 * Pure: no DOM, no React, no store. Allocation only in `createMetricsBlock`.
 */
import { HISTOGRAM_BUCKETS } from '../core/histogram.ts';

/** Per-instance F64 fields (single writer: the instance's worker). */
export const I = {
  in: 0,
  out: 1,
  errors: 2,
  retries: 3,
  drops: 4,
  hits: 5,
  misses: 6,
  timeouts: 7,
  rejected: 8,
  /**
   * Occupied slot time (µs), the numerator of utilization: what kernels
   * report with `Emitter.occupy` (a process message's attempt chain, a
   * function's time in user code).
   */
  busyUs: 9,
  serviceSumUs: 10,
  serviceCount: 11,
  latencySumUs: 12,
  latencyCount: 13,
  /** Gauge: messages held by the scheduler for this instance (in service, delayed, blocked). */
  held: 14,
  /** Gauge: 0 closed, 1 open, 2 half-open. */
  breaker: 15,
  /** Gauge: 1 while this instance is blocked on a full output. */
  blocked: 16,
  /** Gauge: 1 once a finite source has emitted its limit. */
  done: 17,
} as const;
export const INSTANCE_FIELDS = 24;

/** Per-channel Int32 fields, updated with Atomics (pushed by the producer, popped by the consumer). */
export const C = {
  pushed: 0,
  /** 32 ints = 128 bytes after `pushed`, so the two writers never share a cache line. */
  popped: 32,
  /**
   * dropOldest across threads: drop requests by the producer (at 64, stored
   * at flush), served by the consumer (at 96, stored at release). Each
   * request is already counted in `CF.drops` and no longer in `pushed`.
   */
  dropRequests: 64,
  dropsServed: 96,
} as const;
export const CHANNEL_I32_STRIDE = 128;

/**
 * Per-channel F64 fields: the producer's worker writes the first line (all but
 * `capacity`, which the host writes); the consumer's writes `items` and `batches`.
 */
export const CF = {
  /**
   * Messages the channel discarded by its overflow policy, counted by the
   * producer when it decides (dropNewest: the new one; dropOldest: the oldest
   * waiting). The edge's drops. (A message too large for the ring counts in
   * `tooLarge`, not here.)
   */
  drops: 0,
  /** Time the producer spent blocked on this full channel (µs). */
  blockedUs: 1,
  /** Deepest the queue was right after a write (messages). */
  highWater: 2,
  /** Live capacity in messages (host writes at setup / set-parameter). */
  capacity: 3,
  /** Encoded bytes written into the ring (cross-worker SAB channels only). */
  bytesPushed: 4,
  /**
   * Messages larger than the ring's largest frame (cross-worker SAB channels
   * only): refused, and counted as errors of the producing instance too.
   */
  tooLarge: 5,
  /** The largest of those (encoded bytes). */
  tooLargeMaxBytes: 6,
  /**
   * Items the consumer took out (a batch counts its members, any other
   * message one); written by the consumer's scheduler, on the channel's
   * second 64-byte line so the producer's fields do not share its line.
   */
  items: 8,
  /** Batches the consumer took out (messages that carry members); written by the consumer's scheduler. */
  batches: 9,
} as const;
export const CHANNEL_FIELDS = 16;

/** Per-worker Int32 fields (each on its own 128-byte line). */
export const WI = {
  /** Incremented by the worker's loop (and during CPU burns); the host watches it change. */
  heartbeat: 0,
  /** Incremented by producers to wake the worker; the worker waits on it. */
  doorbell: 32,
  /** 0 starting, 1 running, 2 finished, 3 failed. */
  state: 64,
  /**
   * Quiescence epoch: 0 while the worker holds, stages or times anything;
   * a new non-zero number each time a turn ends with nothing held, nothing
   * staged and no timer pending (see `Scheduler.turn`). A run is drained only
   * when every worker shows the same non-zero epoch before and after the
   * host reads the channels (see `runtime/monitor.ts`).
   */
  quiet: 65,
} as const;
export const WORKER_I32_STRIDE = 96;

export interface MetricsShape {
  instances: number;
  channels: number;
  workers: number;
}

export interface MetricsBlock {
  shape: MetricsShape;
  buffer: SharedArrayBuffer | ArrayBuffer;
  instances: Float64Array;
  histograms: Uint32Array;
  channels: Int32Array;
  channelF64: Float64Array;
  workerI32: Int32Array;
  /**
   * Per worker, a histogram (µs) of scheduling lag: how late a turn ran after
   * the earliest timer the worker was waiting for (a tick, an emission due).
   * Written by that worker's scheduler.
   */
  lag: Uint32Array;
}

const align = (n: number) => (n + 127) & ~127;

/** Byte offsets of each region for a shape. */
export function metricsLayout(shape: MetricsShape) {
  const instancesAt = 0;
  const histogramsAt = align(instancesAt + shape.instances * INSTANCE_FIELDS * 8);
  const channelsAt = align(histogramsAt + shape.instances * 2 * HISTOGRAM_BUCKETS * 4);
  const channelF64At = align(channelsAt + shape.channels * CHANNEL_I32_STRIDE * 4);
  const workerI32At = align(channelF64At + shape.channels * CHANNEL_FIELDS * 8);
  const lagAt = align(workerI32At + shape.workers * WORKER_I32_STRIDE * 4);
  const bytes = align(lagAt + shape.workers * HISTOGRAM_BUCKETS * 4);
  return { instancesAt, histogramsAt, channelsAt, channelF64At, workerI32At, lagAt, bytes };
}

/** Allocates a zeroed block (shared when SharedArrayBuffer exists and `shared` is not false). */
export function createMetricsBlock(
  shape: MetricsShape,
  shared = typeof SharedArrayBuffer === 'function',
): MetricsBlock {
  const { bytes } = metricsLayout(shape);
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return attachMetricsBlock(buffer, shape);
}

/** Views over an existing block (e.g. one received by a worker). Allocates views only. */
export function attachMetricsBlock(
  buffer: SharedArrayBuffer | ArrayBuffer,
  shape: MetricsShape,
): MetricsBlock {
  const l = metricsLayout(shape);
  if (buffer.byteLength < l.bytes) {
    throw new Error(`metrics block too small: ${buffer.byteLength} < ${l.bytes} bytes`);
  }
  return {
    shape,
    buffer,
    instances: new Float64Array(buffer, l.instancesAt, shape.instances * INSTANCE_FIELDS),
    histograms: new Uint32Array(buffer, l.histogramsAt, shape.instances * 2 * HISTOGRAM_BUCKETS),
    channels: new Int32Array(buffer, l.channelsAt, shape.channels * CHANNEL_I32_STRIDE),
    channelF64: new Float64Array(buffer, l.channelF64At, shape.channels * CHANNEL_FIELDS),
    workerI32: new Int32Array(buffer, l.workerI32At, shape.workers * WORKER_I32_STRIDE),
    lag: new Uint32Array(buffer, l.lagAt, shape.workers * HISTOGRAM_BUCKETS),
  };
}

/** Offset of instance i's service (kind 0) or latency (kind 1) histogram in `histograms`. */
export function histogramOffset(instance: number, kind: 0 | 1): number {
  return (instance * 2 + kind) * HISTOGRAM_BUCKETS;
}

/** A copy of the block's contents at one moment (for warm-up baselines and sliding windows). */
export function snapshotBlock(block: MetricsBlock): MetricsBlock {
  const copy = new ArrayBuffer(block.buffer.byteLength);
  new Uint8Array(copy).set(new Uint8Array(block.buffer));
  return attachMetricsBlock(copy, block.shape);
}

/**
 * `target` = the sum of the service (kind 0) or latency (kind 1) histograms
 * of `instances` in `histograms` (a block's). Allocates nothing.
 * Concurrency: a histogram a worker writes meanwhile may be read torn
 * (under-reporting by the samples recorded during the read).
 */
export function sumHistograms(
  target: Uint32Array,
  histograms: Uint32Array,
  instances: ArrayLike<number>,
  kind: 0 | 1,
): void {
  target.fill(0);
  for (let k = 0; k < instances.length; k++) {
    const off = histogramOffset(instances[k]!, kind);
    for (let b = 0; b < HISTOGRAM_BUCKETS; b++) target[b]! += histograms[off + b]!;
  }
}
