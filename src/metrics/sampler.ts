/**
 * The live metrics sampler: reads a run's metrics block (no locks, no
 * messages) whenever `sample(nowMs)` is called (the host calls it at ~10 Hz)
 * and turns cumulative counters into sliding-window values:
 *
 * - total sink throughput (msg/s) and end-to-end latency p50/p95/p99 (ms) of
 *   the messages sunk during the window (histogram deltas: `subtractInto`);
 * - per node: msg/s (out, or in for sinks), utilization (0..1), errors/s,
 *   drops/s, and a p95 (sinks: end-to-end latency, others: service time);
 * - per edge: queue depth (messages), fill (depth / live capacity), drops/s;
 * - memory: SAB bytes and the JS heap bytes the caller passes in.
 *
 * It keeps a bounded history in ring-buffered typed arrays: the global series
 * for `historySize` samples (default 1200 = 120 s at 10 Hz), the per-node and
 * per-edge series for `elementHistorySize` samples (default 300). Subscribers
 * (`subscribe`) are called after each sample.
 *
 * Window rule: a value "over the window" compares the newest snapshot with
 * the newest one taken at or before `now − windowMs` (the oldest kept when the
 * run is younger than the window), exactly like `RateWindow`.
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
import type { Plan } from '../runtime/plan.ts';
import { utilization, utilizationRule } from './utilization.ts';
import { HISTOGRAM_BUCKETS, percentile, subtractInto, totalCount } from '../core/histogram.ts';
import {
  C,
  CF,
  CHANNEL_FIELDS,
  CHANNEL_I32_STRIDE,
  histogramOffset,
  I,
  INSTANCE_FIELDS,
  type MetricsBlock,
} from '../runtime/metrics-block.ts';

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
  /** msg/s into all sinks over the window. */
  sinkRate: number;
  /** End-to-end latency (ms) over the window; null when no message was sunk in it. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; count: number };
  /** Cumulative totals since the run started. */
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

/** One series of the history, oldest first. */
export interface SeriesView {
  tMs: Float64Array;
  values: Float64Array | Float32Array;
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

/** Percentile value in ms, or NaN when empty. */
const pctMs = (counts: Uint32Array, p: number) => percentile(counts, p) / 1000;

export class MetricsSampler {
  readonly nodeIds: readonly string[];
  readonly edgeIds: readonly string[];
  /** "from → to" node ids per edge, for legends. */
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
  private readonly sinkInstances: Int32Array;
  private readonly nodeInstances: Int32Array[];
  private readonly nodeIsSink: Uint8Array;
  /** Utilization denominator per node: slots (wait) or instances (cpu); 0 = not meaningful. */
  private readonly nodeSlots: Float64Array;
  /** Uses serviceSumUs (wait-mode process) rather than busyUs for utilization. */
  private readonly nodeUsesService: Uint8Array;
  private readonly edgeChannels: Int32Array[];
  private readonly edgeTo: Int32Array;

  // Window ring: times, scalars per slot, merged sink latency histogram per slot.
  private readonly wSlots: number;
  private readonly wTimes: Float64Array;
  private readonly wSunk: Float64Array;
  private readonly wNodes: Float64Array;
  private readonly wEdges: Float64Array;
  private readonly wLatency: Uint32Array;
  private wHead = 0;
  private wLen = 0;
  private readonly scratch = new Uint32Array(HISTOGRAM_BUCKETS);

  // Per-node detail: two staggered base histograms (window between W and 2W).
  private readonly detailNodes: Int32Array;
  private readonly detailBase: Uint32Array;
  private readonly detailBaseT = new Float64Array(2);
  private detailLastMs = -Infinity;

  // History rings.
  private hHead = 0;
  private hLen = 0;
  private readonly hT: Float64Array;
  private readonly hSinkRate: Float64Array;
  private readonly hP50: Float64Array;
  private readonly hP95: Float64Array;
  private readonly hP99: Float64Array;
  private readonly hHeap: Float64Array;
  private readonly hSab: Float64Array;
  private eHead = 0;
  private eLen = 0;
  private readonly eT: Float64Array;
  private readonly eNodeRate: Float32Array;
  private readonly eNodeUtil: Float32Array;
  private readonly eNodeErrDrop: Float32Array;
  private readonly eEdgeDepth: Float32Array;
  private readonly eEdgeFill: Float32Array;

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
    this.edgeNames = graph.edges.map((e) => `${e.from.node} → ${e.to.node}`);

    this.nodeInstances = plan.byNode.map((list) => Int32Array.from(list));
    const defs = graph.nodes.map((n) => kindDef(n.kind));
    this.nodeIsSink = Uint8Array.from(defs, (d) => (d.role === 'collector' ? 1 : 0));
    this.nodeSlots = new Float64Array(nn);
    this.nodeUsesService = new Uint8Array(nn);
    graph.nodes.forEach((n, i) => {
      const rule = utilizationRule(n, plan.byNode[i]!.length);
      if (rule === undefined) return;
      this.nodeSlots[i] = rule.slots;
      this.nodeUsesService[i] = rule.busyField === I.serviceSumUs ? 1 : 0;
    });
    this.sinkInstances = Int32Array.from(
      plan.instances.filter((x) => kindDef(x.kind).role === 'collector').map((x) => x.index),
    );
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

    this.wSlots = Math.max(2, options.windowSlots ?? 32);
    this.wTimes = new Float64Array(this.wSlots);
    this.wSunk = new Float64Array(this.wSlots);
    this.wNodes = new Float64Array(this.wSlots * nn * NODE_SCALARS);
    this.wEdges = new Float64Array(this.wSlots * ne * EDGE_SCALARS);
    this.wLatency = new Uint32Array(this.wSlots * HISTOGRAM_BUCKETS);

    // Nodes with a histogram worth a percentile: collectors (latency), timed stages (service).
    this.detailNodes = Int32Array.from(
      defs.flatMap((d, i) => (d.metrics.percentiles !== undefined ? [i] : [])),
    );
    this.detailBase = new Uint32Array(2 * this.detailNodes.length * HISTOGRAM_BUCKETS);
    this.detailBaseT.fill(NaN);

    const H = this.historySize;
    this.hT = new Float64Array(H);
    this.hSinkRate = new Float64Array(H);
    this.hP50 = new Float64Array(H);
    this.hP95 = new Float64Array(H);
    this.hP99 = new Float64Array(H);
    this.hHeap = new Float64Array(H);
    this.hSab = new Float64Array(H);
    const E = this.elementHistorySize;
    this.eT = new Float64Array(E);
    this.eNodeRate = new Float32Array(E * nn);
    this.eNodeUtil = new Float32Array(E * nn);
    this.eNodeErrDrop = new Float32Array(E * nn);
    this.eEdgeDepth = new Float32Array(E * ne);
    this.eEdgeFill = new Float32Array(E * ne);
  }

  /**
   * Reads the block at time `nowMs` (any monotonic ms clock), updates the
   * current values and the history, then calls the subscribers.
   * @param heapBytes JS heap in use (e.g. `performance.memory.usedJSHeapSize`), when known.
   * Allocates nothing. Times must not go backwards (a sample at an equal time replaces nothing
   * and only refreshes gauges).
   */
  sample(nowMs: number, heapBytes?: number): void {
    const { block } = this;
    const inst = block.instances;
    const nn = this.nodeIds.length;
    const ne = this.edgeIds.length;

    // 1. Write the newest window snapshot.
    const cap = this.wSlots;
    if (this.wLen === cap) {
      this.wHead = (this.wHead + 1) % cap;
      this.wLen--;
    }
    const slot = (this.wHead + this.wLen) % cap;
    this.wLen++;
    this.wTimes[slot] = nowMs;
    let sunk = 0;
    const lat = this.wLatency.subarray(slot * HISTOGRAM_BUCKETS, (slot + 1) * HISTOGRAM_BUCKETS);
    lat.fill(0);
    for (let k = 0; k < this.sinkInstances.length; k++) {
      const x = this.sinkInstances[k]!;
      sunk += inst[x * INSTANCE_FIELDS + I.in]!;
      const off = histogramOffset(x, 1);
      const h = block.histograms;
      for (let b = 0; b < HISTOGRAM_BUCKETS; b++) lat[b]! += h[off + b]!;
    }
    this.wSunk[slot] = sunk;
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
      const busyField = this.nodeUsesService[n] === 1 ? I.serviceSumUs : I.busyUs;
      for (let k = 0; k < list.length; k++) {
        const b = list[k]! * INSTANCE_FIELDS;
        out += inst[b + field]!;
        err += inst[b + I.errors]!;
        drop += inst[b + I.drops]!;
        busy += inst[b + busyField]!;
      }
      errors += err;
      drops += drop;
      const o = nb + n * NODE_SCALARS;
      this.wNodes[o + NS_OUT] = out;
      this.wNodes[o + NS_ERR] = err;
      this.wNodes[o + NS_DROP] = drop;
      this.wNodes[o + NS_BUSY] = busy;
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
        drop += cf[ch * CHANNEL_FIELDS + CF.drops]! + Atomics.load(c, ci + C.dropsServed);
      }
      drops += drop;
      this.edgeDepth[e] = depth;
      this.edgeCapacity[e] = capacity;
      this.edgeFill[e] = capacity > 0 ? Math.min(1, depth / capacity) : 0;
      this.wEdges[eb + e * EDGE_SCALARS + ES_POPPED] = popped;
      this.wEdges[eb + e * EDGE_SCALARS + ES_DROP] = drop;
    }
    this.sunk = sunk;
    this.errors = errors;
    this.drops = drops;
    if (heapBytes !== undefined) this.heapBytes = heapBytes;
    if (this.samples === 0) this.firstTMs = nowMs;
    this.samples++;
    this.lastTMs = nowMs;

    // 2. Rates over the window: newest vs base snapshot.
    const base = this.baseSlot(nowMs);
    const dtS = (nowMs - this.wTimes[base]!) / 1000;
    const inv = dtS > 0 ? 1 / dtS : 0;
    this.sinkRate = (sunk - this.wSunk[base]!) * inv;
    const bb = base * nn * NODE_SCALARS;
    for (let n = 0; n < nn; n++) {
      const o = nb + n * NODE_SCALARS;
      const ob = bb + n * NODE_SCALARS;
      this.nodeRate[n] = Math.max(0, this.wNodes[o + NS_OUT]! - this.wNodes[ob + NS_OUT]!) * inv;
      this.nodeErrorsPerSec[n] =
        Math.max(0, this.wNodes[o + NS_ERR]! - this.wNodes[ob + NS_ERR]!) * inv;
      this.nodeDropsPerSec[n] =
        Math.max(0, this.wNodes[o + NS_DROP]! - this.wNodes[ob + NS_DROP]!) * inv;
      const slots = this.nodeSlots[n]!;
      this.nodeUtil[n] =
        slots > 0
          ? utilization(this.wNodes[o + NS_BUSY]! - this.wNodes[ob + NS_BUSY]!, slots, dtS)
          : NaN;
    }
    const ebb = base * ne * EDGE_SCALARS;
    for (let e = 0; e < ne; e++) {
      this.edgeDropsPerSec[e] =
        Math.max(
          0,
          this.wEdges[eb + e * EDGE_SCALARS + ES_DROP]! -
            this.wEdges[ebb + e * EDGE_SCALARS + ES_DROP]!,
        ) * inv;
    }
    if (base !== slot) {
      const then = this.wLatency.subarray(base * HISTOGRAM_BUCKETS, (base + 1) * HISTOGRAM_BUCKETS);
      subtractInto(this.scratch, lat, then);
    } else this.scratch.set(lat);
    this.latencyCount = totalCount(this.scratch);
    this.latencyP50Ms = pctMs(this.scratch, 50);
    this.latencyP95Ms = pctMs(this.scratch, 95);
    this.latencyP99Ms = pctMs(this.scratch, 99);

    // 3. Per-node percentiles, at most every detailEveryMs.
    if (nowMs - this.detailLastMs >= this.detailEveryMs) {
      this.detailLastMs = nowMs;
      this.refreshDetail(nowMs);
    }

    // 4. History.
    const H = this.historySize;
    if (this.hLen === H) {
      this.hHead = (this.hHead + 1) % H;
      this.hLen--;
    }
    const h = (this.hHead + this.hLen) % H;
    this.hLen++;
    this.hT[h] = nowMs;
    this.hSinkRate[h] = this.sinkRate;
    this.hP50[h] = this.latencyP50Ms;
    this.hP95[h] = this.latencyP95Ms;
    this.hP99[h] = this.latencyP99Ms;
    this.hHeap[h] = this.heapBytes;
    this.hSab[h] = this.sabBytes;
    const E = this.elementHistorySize;
    if (this.eLen === E) {
      this.eHead = (this.eHead + 1) % E;
      this.eLen--;
    }
    const ei = (this.eHead + this.eLen) % E;
    this.eLen++;
    this.eT[ei] = nowMs;
    this.eNodeRate.set(this.nodeRate, ei * nn);
    this.eNodeUtil.set(this.nodeUtil, ei * nn);
    for (let n = 0; n < nn; n++)
      this.eNodeErrDrop[ei * nn + n] = this.nodeErrorsPerSec[n]! + this.nodeDropsPerSec[n]!;
    this.eEdgeDepth.set(this.edgeDepth, ei * ne);
    this.eEdgeFill.set(this.edgeFill, ei * ne);

    for (const fn of this.listeners) fn(this);
  }

  /** The slot holding the newest snapshot at or before `nowMs − windowMs` (else the oldest). */
  private baseSlot(nowMs: number): number {
    const cap = this.wSlots;
    const from = nowMs - this.windowMs;
    for (let k = this.wLen - 2; k >= 0; k--) {
      const i = (this.wHead + k) % cap;
      if (this.wTimes[i]! <= from) return i;
    }
    return this.wHead;
  }

  private refreshDetail(nowMs: number): void {
    const B = HISTOGRAM_BUCKETS;
    const nd = this.detailNodes.length;
    const h = this.block.histograms;
    const cur = this.scratch;
    // Rotate bases: base0 is the older (the window is now − base0, between W and 2W long).
    const t0 = this.detailBaseT[0]!;
    const t1 = this.detailBaseT[1]!;
    const rotate = t0 !== t0 || (t1 === t1 && nowMs - t1 >= this.windowMs);
    const take1 = t1 !== t1 && t0 === t0 && nowMs - t0 >= this.windowMs;
    for (let k = 0; k < nd; k++) {
      const n = this.detailNodes[k]!;
      const kind = this.nodeIsSink[n] === 1 ? 1 : 0;
      cur.fill(0);
      const list = this.nodeInstances[n]!;
      for (let j = 0; j < list.length; j++) {
        const off = histogramOffset(list[j]!, kind);
        for (let b = 0; b < B; b++) cur[b]! += h[off + b]!;
      }
      const b0 = this.detailBase.subarray(2 * k * B, (2 * k + 1) * B);
      const b1 = this.detailBase.subarray((2 * k + 1) * B, (2 * k + 2) * B);
      if (t0 !== t0) {
        // First call: the whole run so far is the window.
        this.nodeP95Ms[n] = pctMs(cur, 95);
        b0.set(cur);
        continue;
      }
      if (rotate) {
        b0.set(b1);
        b1.set(cur);
      } else if (take1) b1.set(cur);
      subtractInto(cur, cur, b0);
      this.nodeP95Ms[n] = pctMs(cur, 95);
    }
    if (t0 !== t0) this.detailBaseT[0] = nowMs;
    else if (rotate) {
      this.detailBaseT[0] = t1;
      this.detailBaseT[1] = nowMs;
    } else if (take1) this.detailBaseT[1] = nowMs;
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
    const rule = utilizationRule(node, this.nodeInstances[i]!.length);
    this.nodeSlots[i] = rule?.slots ?? 0;
    this.nodeUsesService[i] = rule?.busyField === I.serviceSumUs ? 1 : 0;
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
    return this.hLen;
  }

  /**
   * Copies a global series out of the history, oldest first (at most the last `max` samples).
   * Allocates the result.
   */
  series(
    name: 'sinkRate' | 'latencyP50Ms' | 'latencyP95Ms' | 'latencyP99Ms' | 'heapBytes' | 'sabBytes',
    max = this.hLen,
  ): SeriesView {
    const src = {
      sinkRate: this.hSinkRate,
      latencyP50Ms: this.hP50,
      latencyP95Ms: this.hP95,
      latencyP99Ms: this.hP99,
      heapBytes: this.hHeap,
      sabBytes: this.hSab,
    }[name];
    const n = Math.min(max, this.hLen);
    const tMs = new Float64Array(n);
    const values = new Float64Array(n);
    const H = this.historySize;
    for (let k = 0; k < n; k++) {
      const i = (this.hHead + this.hLen - n + k) % H;
      tMs[k] = this.hT[i]!;
      values[k] = src[i]!;
    }
    return { tMs, values };
  }

  /** Copies one node's or edge's series, oldest first (at most `max` samples). Allocates. */
  elementSeries(
    name: 'nodeRate' | 'nodeUtil' | 'nodeErrorsDrops' | 'edgeDepth' | 'edgeFill',
    index: number,
    max = this.eLen,
  ): SeriesView {
    const perNode = name.startsWith('node');
    const stride = perNode ? this.nodeIds.length : this.edgeIds.length;
    const src = {
      nodeRate: this.eNodeRate,
      nodeUtil: this.eNodeUtil,
      nodeErrorsDrops: this.eNodeErrDrop,
      edgeDepth: this.eEdgeDepth,
      edgeFill: this.eEdgeFill,
    }[name];
    const n = Math.min(max, this.eLen);
    const tMs = new Float64Array(n);
    const values = new Float32Array(n);
    const E = this.elementHistorySize;
    for (let k = 0; k < n; k++) {
      const i = (this.eHead + this.eLen - n + k) % E;
      tMs[k] = this.eT[i]!;
      values[k] = src[i * stride + index]!;
    }
    return { tMs, values };
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

/** Utilization above which a process counts as the bottleneck. */
export const BOTTLENECK_UTILIZATION = 0.8;
/** Fill above which a queue marks its consumer as the bottleneck. */
export const BOTTLENECK_FILL = 0.5;

/**
 * The bottleneck node index: the node with the highest utilization, when it
 * is at least `BOTTLENECK_UTILIZATION`; else the node the fullest queue sits
 * in front of (the consumer of the fullest edge, which cannot keep up), when
 * that edge is at least `BOTTLENECK_FILL` full.
 * @param edgeTo consumer node index per edge.
 * @returns -1 when nothing stands out.
 */
export function findBottleneck(
  nodeUtil: Float64Array,
  edgeFill: Float64Array,
  edgeTo: Int32Array,
): number {
  let best = -1;
  let bestU = BOTTLENECK_UTILIZATION;
  for (let i = 0; i < nodeUtil.length; i++) {
    const u = nodeUtil[i]!;
    if (u === u && u >= bestU) {
      best = i;
      bestU = u;
    }
  }
  if (best >= 0) return best;
  let bestE = -1;
  let bestF = BOTTLENECK_FILL;
  for (let e = 0; e < edgeFill.length; e++) {
    if (edgeFill[e]! >= bestF) {
      bestE = e;
      bestF = edgeFill[e]!;
    }
  }
  return bestE >= 0 ? (edgeTo[bestE] ?? -1) : -1;
}
