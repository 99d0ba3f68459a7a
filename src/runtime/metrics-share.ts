/**
 * A worker's share of the metrics block, sent as messages: on a page without
 * SharedArrayBuffer every worker writes its own (unshared) copy of the block
 * and sends the host what changed in the fields it owns; the host applies it
 * to its copy, which the monitor, the sampler and the report read as they
 * read the shared block. Because every field has exactly one writer
 * (metrics-block.ts), the host's copy is exact up to the last message.
 *
 * A worker owns: the counters and histograms of its instances; of each
 * channel it produces, `pushed`, `dropRequests` and every F64 field but
 * `capacity` (the host's); of each channel it consumes, `popped` and
 * `dropsServed` and the F64 `items` and `batches`; its own heartbeat, state and quiescence words and its
 * scheduling-lag histogram.
 *
 * Deltas carry absolute values (never increments), so a lost or repeated
 * message cannot skew a counter. A histogram row is compared bucket by
 * bucket only when its sample count moved since the last message.
 *
 * Pure: no DOM, no Node imports. `encode` allocates its result (and grows its
 * scratch arrays when a delta is larger than any before).
 */
import { HISTOGRAM_BUCKETS } from '../core/histogram.ts';
import {
  C,
  CF,
  CHANNEL_FIELDS,
  CHANNEL_I32_STRIDE,
  histogramOffset,
  I,
  INSTANCE_FIELDS,
  type MetricsBlock,
  WI,
  WORKER_I32_STRIDE,
} from './metrics-block.ts';
import type { Plan } from './plan.ts';

/** The block's regions a delta writes, in the order of `MetricsDelta.counts`. */
/** Every region but the instance histograms, which are encoded row by row. */
const SCALAR_REGIONS = ['instances', 'channels', 'channelF64', 'workerI32', 'lag'] as const;
const REGIONS = [...SCALAR_REGIONS, 'histograms'] as const;

/** What changed in one worker's share: `counts[r]` entries of region r (REGIONS order), then the next. */
export interface MetricsDelta {
  counts: number[];
  /** Element index in the region's typed array. */
  index: Int32Array;
  value: Float64Array;
}

/** The fields worker `worker` owns, by region (histograms excepted: see `ownedInstances`). */
function ownedScalars(
  plan: Plan,
  worker: number,
): Record<(typeof SCALAR_REGIONS)[number], number[]> {
  const instances: number[] = [];
  const channels: number[] = [];
  const channelF64: number[] = [];
  const instanceFields = Object.values(I);
  for (const i of plan.byWorker[worker] ?? [])
    for (const f of instanceFields) instances.push(i * INSTANCE_FIELDS + f);
  // The consumer writes items and batches; the host writes capacity; the producer the rest.
  const consumerF64: number[] = [CF.items, CF.batches];
  const producerF64 = Object.values(CF).filter(
    (f) => f !== CF.capacity && !consumerF64.includes(f),
  );
  for (const ch of plan.channels) {
    const ci = ch.index * CHANNEL_I32_STRIDE;
    if (plan.instances[ch.from]!.worker === worker) {
      channels.push(ci + C.pushed, ci + C.dropRequests);
      for (const f of producerF64) channelF64.push(ch.index * CHANNEL_FIELDS + f);
    }
    if (plan.instances[ch.to]!.worker === worker) {
      channels.push(ci + C.popped, ci + C.dropsServed);
      for (const f of consumerF64) channelF64.push(ch.index * CHANNEL_FIELDS + f);
    }
  }
  const wi = worker * WORKER_I32_STRIDE;
  const lag = Array.from({ length: HISTOGRAM_BUCKETS }, (_, b) => worker * HISTOGRAM_BUCKETS + b);
  return {
    instances,
    channels,
    channelF64,
    workerI32: [wi + WI.heartbeat, wi + WI.state, wi + WI.quiet],
    lag,
  };
}

/** Applies a delta to the host's copy of the block. Allocates nothing. */
export function applyMetricsDelta(block: MetricsBlock, delta: MetricsDelta): void {
  let k = 0;
  for (let r = 0; r < REGIONS.length; r++) {
    const target = block[REGIONS[r]!];
    const end = k + (delta.counts[r] ?? 0);
    for (; k < end; k++) target[delta.index[k]!] = delta.value[k]!;
  }
}

/** One worker's side: remembers what it last sent and encodes what changed since. */
export class MetricsShare {
  private readonly scalars: {
    region: (typeof SCALAR_REGIONS)[number];
    owned: Int32Array;
    sent: Float64Array;
  }[];
  private readonly instances: Int32Array;
  /** Per owned instance and histogram kind: the sample count last sent. */
  private readonly sentCounts: Float64Array;
  /** Per owned instance and kind: the row last sent. */
  private readonly sentRows: Uint32Array;
  private index = new Int32Array(256);
  private value = new Float64Array(256);
  private n = 0;

  constructor(plan: Plan, worker: number) {
    const owned = ownedScalars(plan, worker);
    this.scalars = SCALAR_REGIONS.map((region) => ({
      region,
      owned: Int32Array.from(owned[region]),
      sent: new Float64Array(owned[region].length),
    }));
    this.instances = Int32Array.from(plan.byWorker[worker] ?? []);
    this.sentCounts = new Float64Array(this.instances.length * 2);
    this.sentRows = new Uint32Array(this.instances.length * 2 * HISTOGRAM_BUCKETS);
  }

  /**
   * What changed in `block` (this worker's copy) since the last call; with
   * `full`, every owned field (histogram buckets: every non-zero one), so the
   * result alone brings the host up to date.
   */
  encode(block: MetricsBlock, full = false): MetricsDelta {
    this.n = 0;
    const counts: number[] = [];
    for (const { region, owned, sent } of this.scalars) {
      const source = block[region];
      const before = this.n;
      for (let k = 0; k < owned.length; k++) {
        const at = owned[k]!;
        const v = source[at]!;
        if (full || v !== sent[k]) {
          sent[k] = v;
          this.push(at, v);
        }
      }
      counts.push(this.n - before);
    }
    const beforeHist = this.n;
    const h = block.histograms;
    for (let j = 0; j < this.instances.length; j++) {
      const inst = this.instances[j]!;
      for (let kind = 0 as 0 | 1; kind <= 1; kind = (kind + 1) as 0 | 1) {
        const count =
          block.instances[inst * INSTANCE_FIELDS + (kind === 0 ? I.serviceCount : I.latencyCount)]!;
        const slot = j * 2 + kind;
        if (!full && count === this.sentCounts[slot]) continue;
        this.sentCounts[slot] = count;
        const off = histogramOffset(inst, kind);
        const row = slot * HISTOGRAM_BUCKETS;
        for (let b = 0; b < HISTOGRAM_BUCKETS; b++) {
          const v = h[off + b]!;
          if (v !== this.sentRows[row + b] || (full && v !== 0)) {
            this.sentRows[row + b] = v;
            this.push(off + b, v);
          }
        }
      }
    }
    counts.push(this.n - beforeHist);
    return { counts, index: this.index.slice(0, this.n), value: this.value.slice(0, this.n) };
  }

  private push(at: number, v: number): void {
    if (this.n === this.index.length) {
      const index = new Int32Array(this.n * 2);
      const value = new Float64Array(this.n * 2);
      index.set(this.index);
      value.set(this.value);
      this.index = index;
      this.value = value;
    }
    this.index[this.n] = at;
    this.value[this.n++] = v;
  }
}
