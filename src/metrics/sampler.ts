/**
 * The live metrics sampler: reads a run's metrics block (no locks, no
 * messages) whenever `sample(nowMs)` is called (the host calls it at ~10 Hz)
 * and turns cumulative counters into sliding-window values:
 *
 * - delivered throughput (items/s: a batch's members count one each) and
 *   end-to-end latency p50/p95/p99 (ms) of the items sunk during the window
 *   by the sinks that collect delivered work (as the report's totals; a live
 *   role change moves a sink in or out) (histogram deltas: `subtractInto`);
 * - per node: msg/s (out, or in for sinks), utilization (0..1), errors/s,
 *   drops/s, and a p95 (sinks: end-to-end latency, others: service time;
 *   `NodePercentiles`);
 * - per edge: queue depth (messages), fill (depth / live capacity), drops/s;
 * - memory: SAB bytes and the JS heap bytes the caller passes in.
 *
 * It keeps a bounded history (`SamplerHistory`): the global series for
 * `historySize` samples (default 1200 = 120 s at 10 Hz), the per-node and
 * per-edge series for `elementHistorySize` samples (default 300). Subscribers
 * (`subscribe`) are called after each sample.
 *
 * Window rule: a value "over the window" compares the newest snapshot with
 * the base `windowBaseIndex` (window.ts) picks among the last `windowSlots`
 * snapshots: the newest taken at or before `now − windowMs`, else the oldest.
 *
 * Allocation: everything is allocated in the constructor; `sample` allocates
 * nothing (per-node percentiles are refreshed at most every
 * `detailEveryMs`). `latest()` and `series()` allocate their results.
 *
 * Concurrency: values may be a few messages stale while workers write; a
 * torn histogram read under-reports by the samples recorded during the read.
 *
 * Pure: no DOM, no React, no store.
 */
import { type GraphNode, kindDef } from '../graph/model.ts';
import { elementNames } from '../graph/ops.ts';
import type { Plan } from '../runtime/plan.ts';
import { utilization, utilizationRule } from './utilization.ts';
import { HISTOGRAM_BUCKETS, subtractInto, totalCount } from '../core/histogram.ts';
import { TypedRing } from '../core/typed-ring.ts';
import {
  C,
  CF,
  CHANNEL_FIELDS,
  CHANNEL_I32_STRIDE,
  I,
  INSTANCE_FIELDS,
  type MetricsBlock,
  sumHistograms,
} from '../runtime/metrics-block.ts';
import { findBottleneck } from './bottleneck.ts';
import { NodePercentiles, percentileMs } from './node-percentiles.ts';
import {
  type ElementSeriesName,
  type GlobalSeriesName,
  SamplerHistory,
  type SeriesView,
} from './sampler-history.ts';
import { windowBaseIndex } from './window.ts';

export { BOTTLENECK_FILL, BOTTLENECK_UTILIZATION, findBottleneck } from './bottleneck.ts';
export type { SeriesView } from './sampler-history.ts';

export interface SamplerOptions {
  /** Samples kept for the global series (default 1200: 120 s at 10 Hz). */
  historySize?: number;
  /** Samples kept for each node's and edge's series (default 300: 30 s at 10 Hz). */
  elementHistorySize?: number;
  /** Sliding window for rates and percentiles, ms (default 1000). */
  windowMs?: number;
  /** Snapshots kept for the window (default 32: enough for windowMs at up to ~30 Hz). */
  windowSlots?: number;
  /** Per-node percentiles are recomputed at most this often, ms (default 250). */
  detailEveryMs?: number;
  /** Bytes of shared memory the run uses (metrics, control, rings); default the block's size. */
  sabBytes?: number;
}

/** Values of one sample, as plain data (what the test API and the UI status read). */
export interface LiveSample {
  /** Time of the sample (caller's clock, ms) and ms since the first sample. */
  tMs: number;
  sinceStartMs: number;
  /** Number of samples taken so far. */
  samples: number;
  /** Items/s into the sinks that collect delivered work (batch members count one each), over the window. */
  sinkRate: number;
  /** End-to-end latency (ms) over the window; null when no message was sunk in it. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; count: number };
  /** Cumulative totals since the run started (sunk: items into delivered-work sinks). */
  totals: { sunk: number; errors: number; drops: number };
  memory: { sabBytes: number; heapBytes: number | null };
  nodes: Record<
    string,
    {
      rate: number;
      utilization: number | null;
      errorsPerSec: number;
      dropsPerSec: number;
      p95Ms: number | null;
    }
  >;
  edges: Record<string, { depth: number; capacity: number; fill: number; dropsPerSec: number }>;
  /** Id of the node detected as the bottleneck (see `findBottleneck`), or null. */
  bottleneck: string | null;
}

// Scalars tracked per window snapshot, per node and per edge.
const NS_OUT = 0;
const NS_ERR = 1;
const NS_DROP = 2;
const NS_BUSY = 3;
const NODE_SCALARS = 4;
const ES_POPPED = 0;
const ES_DROP = 1;
const EDGE_SCALARS = 2;

export class MetricsSampler {
  readonly nodeIds: readonly string[];
  readonly edgeIds: readonly string[];
  /**
   * Each edge as a person reads it ("Parse → Enrich", labels and unusual
   * ports; the edge id added when two read the same), for legends.
   */
  readonly edgeNames: readonly string[];
  readonly windowMs: number;
  readonly historySize: number;
  readonly elementHistorySize: number;

  // Current values (length nodes / edges). NaN = not applicable / no data.
  /** msg/s per node over the window. */
  readonly nodeRate: Float64Array;
  /** Utilization 0..1 per node over the window (NaN where it has no meaning). */
  readonly nodeUtil: Float64Array;
  readonly nodeErrorsPerSec: Float64Array;
  readonly nodeDropsPerSec: Float64Array;
  /** p95 ms per node (sinks: latency, others: service time); NaN without samples. */
  readonly nodeP95Ms: Float64Array;
  readonly edgeDepth: Float64Array;
  readonly edgeCapacity: Float64Array;
  readonly edgeFill: Float64Array;
  readonly edgeDropsPerSec: Float64Array;
  sinkRate = 0;
  latencyP50Ms = NaN;
  latencyP95Ms = NaN;
  latencyP99Ms = NaN;
  latencyCount = 0;
  sunk = 0;
  errors = 0;
  drops = 0;
  heapBytes = NaN;
  readonly sabBytes: number;
  /** Samples taken so far. */
  samples = 0;
  lastTMs = NaN;
  firstTMs = NaN;

  private readonly block: MetricsBlock;
  private readonly detailEveryMs: number;
  /** Instances of the collectors whose items are delivered work (sink rate and latency). */
  private sinkInstances: Int32Array;
  private readonly plan: Plan;
  /** Per node: a collector of delivered work (changes with a live role change). */
  private readonly nodeDelivers: Uint8Array;
  /** Keeps `sunk` continuous across live role changes (see `nodeChanged`). */
  private sunkOffset = 0;
  private readonly nodeInstances: Int32Array[];
  private readonly nodeIsSink: Uint8Array;
  /** Utilization denominator per node: slots (wait) or instances (cpu); 0 = not meaningful. */
  private readonly nodeSlots: Float64Array;
  private readonly edgeChannels: Int32Array[];
  private readonly edgeTo: Int32Array;

  /**
   * The window: per snapshot its time (ms), the messages sunk, the node and
   * edge counters (`NODE_SCALARS` / `EDGE_SCALARS` each) and the merged sink
   * latency histogram.
   */
  private readonly snapshots: TypedRing<{
    tMs: Float64Array;
    sunk: Float64Array;
    nodes: Float64Array;
    edges: Float64Array;
    latency: Uint32Array;
  }>;
  /** Time of the `k`-th oldest window snapshot (made once: `windowBaseIndex` must not allocate). */
  private readonly windowTimeAt = (k: number) =>
    this.snapshots.columns.tMs[this.snapshots.slotAt(k)]!;
  private readonly scratch = new Uint32Array(HISTOGRAM_BUCKETS);

  private readonly percentiles: NodePercentiles;
  private detailLastMs = -Infinity;
  private readonly history: SamplerHistory;

  private readonly listeners = new Set<(s: MetricsSampler) => void>();

  constructor(plan: Plan, block: MetricsBlock, options: SamplerOptions = {}) {
    this.block = block;
    const graph = plan.graph;
    this.windowMs = options.windowMs ?? 1000;
    this.historySize = Math.max(2, options.historySize ?? 1200);
    this.elementHistorySize = Math.max(2, options.elementHistorySize ?? 300);
    this.detailEveryMs = options.detailEveryMs ?? 250;
    this.sabBytes = options.sabBytes ?? block.buffer.byteLength;
    const nn = graph.nodes.length;
    const ne = graph.edges.length;
    this.nodeIds = graph.nodes.map((n) => n.id);
    this.edgeIds = graph.edges.map((e) => e.id);
    const names = elementNames(graph);
    const ends = graph.edges.map((e) => names.ends(e));
    // Labels need not be unique: a repeated name takes its edge id.
    const seen = new Map<string, number>();
    for (const n of ends) seen.set(n, (seen.get(n) ?? 0) + 1);
    this.edgeNames = ends.map((n, i) => (seen.get(n)! > 1 ? `${n} (${graph.edges[i]!.id})` : n));

    this.nodeInstances = plan.byNode.map((list) => Int32Array.from(list));
    const defs = graph.nodes.map((n) => kindDef(n.kind));
    this.nodeIsSink = Uint8Array.from(defs, (d) => (d.role === 'collector' ? 1 : 0));
    this.nodeSlots = new Float64Array(nn);
    graph.nodes.forEach((n, i) => {
      this.nodeSlots[i] = utilizationRule(n, plan.byNode[i]!.length)?.slots ?? 0;
    });
    this.plan = plan;
    this.nodeDelivers = Uint8Array.from(graph.nodes, (n) => (delivers(n) ? 1 : 0));
    this.sinkInstances = this.deliveringInstances();
    const edgeIndex = new Map(graph.edges.map((e, i) => [e.id, i]));
    const nodeIndex = new Map(graph.nodes.map((n, i) => [n.id, i]));
    const perEdge: number[][] = graph.edges.map(() => []);
    for (const ch of plan.channels)
      perEdge[edgeIndex.get(ch.edgeId) ?? ch.edgeIndex]!.push(ch.index);
    this.edgeChannels = perEdge.map((l) => Int32Array.from(l));
    this.edgeTo = Int32Array.from(graph.edges, (e) => nodeIndex.get(e.to.node) ?? -1);

    this.nodeRate = new Float64Array(nn);
    this.nodeUtil = new Float64Array(nn).fill(NaN);
    this.nodeErrorsPerSec = new Float64Array(nn);
    this.nodeDropsPerSec = new Float64Array(nn);
    this.nodeP95Ms = new Float64Array(nn).fill(NaN);
    this.edgeDepth = new Float64Array(ne);
    this.edgeCapacity = new Float64Array(ne);
    this.edgeFill = new Float64Array(ne);
    this.edgeDropsPerSec = new Float64Array(ne);

    this.snapshots = new TypedRing(Math.max(2, options.windowSlots ?? 32), {
      tMs: { type: Float64Array },
      sunk: { type: Float64Array },
      nodes: { type: Float64Array, width: nn * NODE_SCALARS },
      edges: { type: Float64Array, width: ne * EDGE_SCALARS },
      latency: { type: Uint32Array, width: HISTOGRAM_BUCKETS, rowViews: true },
    });

    // Nodes with a histogram worth a percentile: collectors (latency), timed stages (service).
    this.percentiles = new NodePercentiles(
      defs.flatMap((d, i) =>
        d.metrics.percentiles !== undefined
          ? [{ node: i, instances: this.nodeInstances[i]!, kind: this.nodeIsSink[i] === 1 ? 1 : 0 }]
          : [],
      ),
      this.windowMs,
    );
    this.history = new SamplerHistory(this.historySize, this.elementHistorySize, nn, ne);
  }

  /**
   * Reads the block at time `nowMs` (any monotonic ms clock), updates the
   * current values and the history, then calls the subscribers.
   * @param heapBytes JS heap in use (e.g. `performance.memory.usedJSHeapSize`), when known.
   * Allocates nothing. Times must not go backwards (a sample at an equal time replaces nothing
   * and only refreshes gauges).
   */
  sample(nowMs: number, heapBytes?: number): void {
    const slot = this.snapshot(nowMs);
    if (heapBytes !== undefined) this.heapBytes = heapBytes;
    if (this.samples === 0) this.firstTMs = nowMs;
    this.samples++;
    this.lastTMs = nowMs;
    this.windowValues(nowMs, slot);
    // Per-node percentiles, at most every detailEveryMs.
    if (nowMs - this.detailLastMs >= this.detailEveryMs) {
      this.detailLastMs = nowMs;
      this.percentiles.refresh(nowMs, this.block.histograms, this.nodeP95Ms);
    }
    this.history.record(nowMs, this);
    for (const fn of this.listeners) fn(this);
  }

  /**
   * Writes the newest window snapshot (cumulative counters, merged sink
   * latency histogram) and the gauges (edge depth, capacity, fill; totals).
   * @returns its slot. Allocates nothing.
   */
  private snapshot(nowMs: number): number {
    const { block, snapshots } = this;
    const inst = block.instances;
    const nn = this.nodeIds.length;
    const ne = this.edgeIds.length;
    const slot = snapshots.push();
    const w = snapshots.columns;
    w.tMs[slot] = nowMs;
    const lat = snapshots.row('latency', slot);
    sumHistograms(lat, block.histograms, this.sinkInstances, 1);
    const sunk = this.sunkBy(this.sinkInstances) + this.sunkOffset;
    w.sunk[slot] = sunk;
    let errors = 0;
    let drops = 0;
    const nb = slot * nn * NODE_SCALARS;
    for (let n = 0; n < nn; n++) {
      const list = this.nodeInstances[n]!;
      let out = 0;
      let err = 0;
      let drop = 0;
      let busy = 0;
      const field = this.nodeIsSink[n] === 1 ? I.in : I.out;
      for (let k = 0; k < list.length; k++) {
        const b = list[k]! * INSTANCE_FIELDS;
        out += inst[b + field]!;
        err += inst[b + I.errors]!;
        drop += inst[b + I.drops]!;
        busy += inst[b + I.busyUs]!;
      }
      errors += err;
      drops += drop;
      const o = nb + n * NODE_SCALARS;
      w.nodes[o + NS_OUT] = out;
      w.nodes[o + NS_ERR] = err;
      w.nodes[o + NS_DROP] = drop;
      w.nodes[o + NS_BUSY] = busy;
    }
    const c = block.channels;
    const cf = block.channelF64;
    const eb = slot * ne * EDGE_SCALARS;
    for (let e = 0; e < ne; e++) {
      const list = this.edgeChannels[e]!;
      let depth = 0;
      let capacity = 0;
      let popped = 0;
      let drop = 0;
      for (let k = 0; k < list.length; k++) {
        const ch = list[k]!;
        const ci = ch * CHANNEL_I32_STRIDE;
        const p = Atomics.load(c, ci + C.popped);
        const d = (Atomics.load(c, ci + C.pushed) - p) | 0;
        depth += d > 0 ? d : 0;
        popped += p;
        capacity += cf[ch * CHANNEL_FIELDS + CF.capacity]!;
        drop += cf[ch * CHANNEL_FIELDS + CF.drops]!;
      }
      drops += drop;
      this.edgeDepth[e] = depth;
      this.edgeCapacity[e] = capacity;
      this.edgeFill[e] = capacity > 0 ? Math.min(1, depth / capacity) : 0;
      w.edges[eb + e * EDGE_SCALARS + ES_POPPED] = popped;
      w.edges[eb + e * EDGE_SCALARS + ES_DROP] = drop;
    }
    this.sunk = sunk;
    this.errors = errors;
    this.drops = drops;
    return slot;
  }

  /** The windowed values: the snapshot in `slot` (the newest) minus the window's base. */
  private windowValues(nowMs: number, slot: number): void {
    const { snapshots } = this;
    const w = snapshots.columns;
    const nn = this.nodeIds.length;
    const ne = this.edgeIds.length;
    const nb = slot * nn * NODE_SCALARS;
    const eb = slot * ne * EDGE_SCALARS;
    const base = snapshots.slotAt(
      windowBaseIndex(snapshots.length, this.windowMs, this.windowTimeAt),
    );
    const dtS = (nowMs - w.tMs[base]!) / 1000;
    const inv = dtS > 0 ? 1 / dtS : 0;
    this.sinkRate = (w.sunk[slot]! - w.sunk[base]!) * inv;
    const bb = base * nn * NODE_SCALARS;
    for (let n = 0; n < nn; n++) {
      const o = nb + n * NODE_SCALARS;
      const ob = bb + n * NODE_SCALARS;
      this.nodeRate[n] = Math.max(0, w.nodes[o + NS_OUT]! - w.nodes[ob + NS_OUT]!) * inv;
      this.nodeErrorsPerSec[n] = Math.max(0, w.nodes[o + NS_ERR]! - w.nodes[ob + NS_ERR]!) * inv;
      this.nodeDropsPerSec[n] = Math.max(0, w.nodes[o + NS_DROP]! - w.nodes[ob + NS_DROP]!) * inv;
      const slots = this.nodeSlots[n]!;
      this.nodeUtil[n] =
        slots > 0 ? utilization(w.nodes[o + NS_BUSY]! - w.nodes[ob + NS_BUSY]!, slots, dtS) : NaN;
    }
    const ebb = base * ne * EDGE_SCALARS;
    for (let e = 0; e < ne; e++) {
      const drop = w.edges[eb + e * EDGE_SCALARS + ES_DROP]!;
      this.edgeDropsPerSec[e] =
        Math.max(0, drop - w.edges[ebb + e * EDGE_SCALARS + ES_DROP]!) * inv;
    }
    if (base !== slot)
      subtractInto(this.scratch, snapshots.row('latency', slot), snapshots.row('latency', base));
    else this.scratch.set(snapshots.row('latency', slot));
    this.latencyCount = totalCount(this.scratch);
    this.latencyP50Ms = percentileMs(this.scratch, 50);
    this.latencyP95Ms = percentileMs(this.scratch, 95);
    this.latencyP99Ms = percentileMs(this.scratch, 99);
  }

  /** Calls `fn` after every sample. @returns a function that unsubscribes. */
  subscribe(fn: (s: MetricsSampler) => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  /** Node id of the bottleneck now (see `findBottleneck`). */
  bottleneck(): string | null {
    const i = findBottleneck(this.nodeUtil, this.edgeFill, this.edgeTo);
    return i < 0 ? null : (this.nodeIds[i] ?? null);
  }

  /**
   * A node's params changed during the run (a live edit): its utilization
   * rule is read again (a wait-mode concurrency change moves the denominator).
   */
  nodeChanged(node: GraphNode): void {
    const i = this.nodeIds.indexOf(node.id);
    if (i < 0) return;
    const d = delivers(node) ? 1 : 0;
    if (this.nodeDelivers[i] !== d) {
      // The cumulative count stays continuous: the window's rate then counts
      // only what the new set of sinks takes from now on.
      const before = this.sunkBy(this.sinkInstances);
      this.nodeDelivers[i] = d;
      this.sinkInstances = this.deliveringInstances();
      this.sunkOffset += before - this.sunkBy(this.sinkInstances);
    }
    this.nodeSlots[i] = utilizationRule(node, this.nodeInstances[i]!.length)?.slots ?? 0;
  }

  /**
   * Items sunk by `instances`: a sink records one latency per item (each
   * member of a batch), so its latency count is its items, as the report's
   * `totals.delivered` counts them (`I.in` counts a batch once).
   */
  private sunkBy(instances: Int32Array): number {
    const inst = this.block.instances;
    let sunk = 0;
    for (let k = 0; k < instances.length; k++)
      sunk += inst[instances[k]! * INSTANCE_FIELDS + I.latencyCount]!;
    return sunk;
  }

  private deliveringInstances(): Int32Array {
    const list: number[] = [];
    this.plan.byNode.forEach((instances, n) => {
      if (this.nodeDelivers[n] === 1) list.push(...instances);
    });
    return Int32Array.from(list);
  }

  /** The current values as plain data. Allocates. */
  latest(): LiveSample {
    const num = (x: number) => (Number.isFinite(x) ? x : null);
    const nodes: LiveSample['nodes'] = {};
    this.nodeIds.forEach((id, i) => {
      nodes[id] = {
        rate: this.nodeRate[i]!,
        utilization: num(this.nodeUtil[i]!),
        errorsPerSec: this.nodeErrorsPerSec[i]!,
        dropsPerSec: this.nodeDropsPerSec[i]!,
        p95Ms: num(this.nodeP95Ms[i]!),
      };
    });
    const edges: LiveSample['edges'] = {};
    this.edgeIds.forEach((id, i) => {
      edges[id] = {
        depth: this.edgeDepth[i]!,
        capacity: this.edgeCapacity[i]!,
        fill: this.edgeFill[i]!,
        dropsPerSec: this.edgeDropsPerSec[i]!,
      };
    });
    return {
      tMs: this.lastTMs,
      sinceStartMs: this.samples > 0 ? this.lastTMs - this.firstTMs : 0,
      samples: this.samples,
      sinkRate: this.sinkRate,
      latencyMs: {
        p50: num(this.latencyP50Ms),
        p95: num(this.latencyP95Ms),
        p99: num(this.latencyP99Ms),
        count: this.latencyCount,
      },
      totals: { sunk: this.sunk, errors: this.errors, drops: this.drops },
      memory: { sabBytes: this.sabBytes, heapBytes: num(this.heapBytes) },
      nodes,
      edges,
      bottleneck: this.bottleneck(),
    };
  }

  /** Number of samples in the global history. */
  get historyLength(): number {
    return this.history.length;
  }

  /**
   * Copies a global series out of the history, oldest first (at most the last `max` samples).
   * Allocates the result.
   */
  series(name: GlobalSeriesName, max?: number): SeriesView {
    return this.history.series(name, max);
  }

  /** Copies one node's or edge's series, oldest first (at most `max` samples). Allocates. */
  elementSeries(name: ElementSeriesName, index: number, max?: number): SeriesView {
    return this.history.elementSeries(name, index, max);
  }

  /** Indices of up to `n` edges with the highest current fill (ties: deeper first). Allocates. */
  topEdgesByFill(n: number): number[] {
    const idx = Array.from(this.edgeIds, (_, i) => i);
    idx.sort(
      (a, b) =>
        this.edgeFill[b]! - this.edgeFill[a]! || this.edgeDepth[b]! - this.edgeDepth[a]! || a - b,
    );
    return idx.slice(0, Math.max(0, n));
  }
}

/** A collector whose items are delivered work (what the sink rate and latency count). */
function delivers(node: GraphNode): boolean {
  const def = kindDef(node.kind);
  return (
    def.role === 'collector' && (def.metrics.collects?.(node.params) ?? 'delivered') === 'delivered'
  );
}
