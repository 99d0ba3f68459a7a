/**
 * The sampler's bounded history: one row per sample of the global values
 * (sink rate, latency percentiles, memory) for `size` samples, and of every
 * node's and edge's values for `elementSize` samples (fewer: they are wide),
 * in two `TypedRing`s. The series names are the column names.
 *
 * Allocation: the rings in the constructor; `record` allocates nothing;
 * `series` and `elementSeries` allocate their results.
 *
 * Pure: no DOM, no React, no store.
 */
import { TypedRing } from '../core/typed-ring.ts';

/** One series of the history, oldest first. */
export interface SeriesView {
  tMs: Float64Array;
  values: Float64Array | Float32Array;
}

/** The global series (per sample). */
export type GlobalSeriesName =
  'sinkRate' | 'latencyP50Ms' | 'latencyP95Ms' | 'latencyP99Ms' | 'heapBytes' | 'sabBytes';

/** The per-node (`node…`) and per-edge (`edge…`) series. */
export type ElementSeriesName =
  'nodeRate' | 'nodeUtil' | 'nodeErrorsDrops' | 'edgeDepth' | 'edgeFill';

/** The values of one sample the history records (the sampler's current values). */
export interface SampleValues {
  readonly sinkRate: number;
  readonly latencyP50Ms: number;
  readonly latencyP95Ms: number;
  readonly latencyP99Ms: number;
  readonly heapBytes: number;
  readonly sabBytes: number;
  readonly nodeRate: Float64Array;
  readonly nodeUtil: Float64Array;
  readonly nodeErrorsPerSec: Float64Array;
  readonly nodeDropsPerSec: Float64Array;
  readonly edgeDepth: Float64Array;
  readonly edgeFill: Float64Array;
}

type GlobalColumns = { tMs: Float64Array } & Record<GlobalSeriesName, Float64Array>;
type ElementColumns = { tMs: Float64Array } & Record<ElementSeriesName, Float32Array>;

export class SamplerHistory {
  private readonly global: TypedRing<GlobalColumns>;
  private readonly elements: TypedRing<ElementColumns>;
  private readonly nodes: number;
  private readonly edges: number;

  /**
   * @param size samples of the global series kept (≥ 2).
   * @param elementSize samples of each node's and edge's series kept (≥ 2).
   */
  constructor(size: number, elementSize: number, nodes: number, edges: number) {
    this.nodes = nodes;
    this.edges = edges;
    const f64 = { type: Float64Array };
    this.global = new TypedRing<GlobalColumns>(size, {
      tMs: f64,
      sinkRate: f64,
      latencyP50Ms: f64,
      latencyP95Ms: f64,
      latencyP99Ms: f64,
      heapBytes: f64,
      sabBytes: f64,
    });
    const perNode = { type: Float32Array, width: nodes };
    const perEdge = { type: Float32Array, width: edges };
    this.elements = new TypedRing<ElementColumns>(elementSize, {
      tMs: f64,
      nodeRate: perNode,
      nodeUtil: perNode,
      nodeErrorsDrops: perNode,
      edgeDepth: perEdge,
      edgeFill: perEdge,
    });
  }

  /** Samples in the global history. */
  get length(): number {
    return this.global.length;
  }

  /** Appends sample `v` taken at `tMs`, over the oldest when full. Allocates nothing. */
  record(tMs: number, v: SampleValues): void {
    const g = this.global.columns;
    const h = this.global.push();
    g.tMs[h] = tMs;
    g.sinkRate[h] = v.sinkRate;
    g.latencyP50Ms[h] = v.latencyP50Ms;
    g.latencyP95Ms[h] = v.latencyP95Ms;
    g.latencyP99Ms[h] = v.latencyP99Ms;
    g.heapBytes[h] = v.heapBytes;
    g.sabBytes[h] = v.sabBytes;
    const e = this.elements.columns;
    const slot = this.elements.push();
    const nn = this.nodes;
    const ne = this.edges;
    e.tMs[slot] = tMs;
    e.nodeRate.set(v.nodeRate, slot * nn);
    e.nodeUtil.set(v.nodeUtil, slot * nn);
    for (let n = 0; n < nn; n++)
      e.nodeErrorsDrops[slot * nn + n] = v.nodeErrorsPerSec[n]! + v.nodeDropsPerSec[n]!;
    e.edgeDepth.set(v.edgeDepth, slot * ne);
    e.edgeFill.set(v.edgeFill, slot * ne);
  }

  /** A global series, oldest first (at most the last `max` samples). Allocates. */
  series(name: GlobalSeriesName, max = this.global.length): SeriesView {
    return { tMs: this.global.copyOut('tMs', 0, max), values: this.global.copyOut(name, 0, max) };
  }

  /** Node or edge `index`'s series, oldest first (at most the last `max` samples). Allocates. */
  elementSeries(name: ElementSeriesName, index: number, max = this.elements.length): SeriesView {
    return {
      tMs: this.elements.copyOut('tMs', 0, max),
      values: this.elements.copyOut(name, index, max),
    };
  }
}
