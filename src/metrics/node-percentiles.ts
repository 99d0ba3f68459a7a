/**
 * Windowed p95 per node, for the nodes with a histogram worth one
 * (collectors: end-to-end latency; timed stages: service time).
 *
 * A full window ring of histograms per node would cost `slots × buckets`
 * per node; instead each node keeps two base snapshots at least `windowMs`
 * apart, and the p95 is that of the histogram now minus the older base: a
 * window between `windowMs` and 2 × `windowMs` long. The older base is the
 * newest snapshot at or before now − `windowMs` among those kept (the window
 * rule of `window.ts`), because a new base is only taken once the newest is
 * `windowMs` old. Until the first base exists the window is the whole run.
 *
 * Allocation: everything in the constructor; `refresh` allocates nothing.
 * Concurrency: as the block's histograms (a torn read under-reports).
 *
 * Pure: no DOM, no React, no store.
 */
import { HISTOGRAM_BUCKETS, percentile, subtractInto } from '../core/histogram.ts';
import { TypedRing } from '../core/typed-ring.ts';
import { sumHistograms } from '../runtime/metrics-block.ts';

/** One node followed: its index, instances and histogram kind (0 service, 1 latency). */
export interface PercentileNode {
  node: number;
  instances: Int32Array;
  kind: 0 | 1;
}

/** Percentile of `counts` in ms (histograms count µs), or NaN when empty. */
export const percentileMs = (counts: Uint32Array, p: number): number =>
  percentile(counts, p) / 1000;

export class NodePercentiles {
  private readonly nodes: readonly PercentileNode[];
  /** Per node, its two bases (oldest first) and their times (ms). */
  private readonly bases: TypedRing<{ tMs: Float64Array; counts: Uint32Array }>[];
  private readonly scratch = new Uint32Array(HISTOGRAM_BUCKETS);

  constructor(
    nodes: readonly PercentileNode[],
    private readonly windowMs: number,
  ) {
    this.nodes = nodes;
    this.bases = nodes.map(
      () =>
        new TypedRing(2, {
          tMs: { type: Float64Array },
          counts: { type: Uint32Array, width: HISTOGRAM_BUCKETS, rowViews: true },
        }),
    );
  }

  /**
   * Writes each followed node's p95 (ms, NaN without samples) over the window
   * ending at `nowMs` into `p95Ms[node]`, reading the block's `histograms`.
   */
  refresh(nowMs: number, histograms: Uint32Array, p95Ms: Float64Array): void {
    const cur = this.scratch;
    for (let k = 0; k < this.nodes.length; k++) {
      const { node, instances, kind } = this.nodes[k]!;
      const ring = this.bases[k]!;
      sumHistograms(cur, histograms, instances, kind);
      const empty = ring.length === 0;
      if (empty || nowMs - ring.columns.tMs[ring.slotOfAge(0)]! >= this.windowMs) {
        const slot = ring.push();
        ring.columns.tMs[slot] = nowMs;
        ring.row('counts', slot).set(cur);
      }
      // The first time, the whole run so far is the window.
      if (!empty) subtractInto(cur, cur, ring.row('counts', ring.slotAt(0)));
      p95Ms[node] = percentileMs(cur, 95);
    }
  }
}
