/**
 * Comparing two reports (a baseline and a new run): total, per-node and
 * per-edge deltas of the measures a designer watches, and which of them
 * regressed beyond a threshold (throughput down; latency, drops, errors up;
 * utilization and queue depth are shown, never judged). Made for CI (`flowbench compare`) and the UI's baseline diff.
 *
 * Pure: no DOM, no React, no store.
 */
import type { RunReport } from './report.ts';

/** Whether a bigger value is better (throughput) or worse (latency, drops, errors). */
export type Better = 'higher' | 'lower';

export interface Delta {
  /** What is measured, as a person reads it ("p95 latency (ms)"). */
  measure: string;
  /** Where: "total", "node <id>" or "edge <id>". */
  scope: string;
  base: number;
  next: number;
  /** (next − base) ÷ base in percent; ±Infinity when base is 0 and next is not; 0 when both are. */
  changePct: number;
  better: Better;
  /** Whether the change is judged better or worse (utilization and queue depth are only shown). */
  judged: boolean;
  /** Worse by more than the threshold (only throughput, latency, drops and errors can regress). */
  regressed: boolean;
}

export interface Comparison {
  deltas: Delta[];
  regressions: Delta[];
  thresholdPct: number;
}

function changePct(base: number, next: number): number {
  if (base === next) return 0;
  if (base === 0) return next > 0 ? Infinity : -Infinity;
  return ((next - base) / Math.abs(base)) * 100;
}

/**
 * Deltas between `base` and `next`, in a stable order (totals, then nodes
 * and edges present in both, in the base's order).
 * @param thresholdPct a measure regresses when it gets worse by more than this.
 */
export function compareReports(base: RunReport, next: RunReport, thresholdPct = 5): Comparison {
  const deltas: Delta[] = [];
  const add = (
    scope: string,
    measure: string,
    b: number,
    n: number,
    better: Better,
    canRegress = true,
  ) => {
    if (!Number.isFinite(b) || !Number.isFinite(n)) return;
    const pct = changePct(b, n);
    const worse = better === 'higher' ? -pct : pct;
    deltas.push({
      measure,
      scope,
      base: b,
      next: n,
      changePct: pct,
      better,
      judged: canRegress,
      regressed: canRegress && worse > thresholdPct,
    });
  };
  const bt = base.totals;
  const nt = next.totals;
  add('total', 'throughput (items/s)', bt.throughput, nt.throughput, 'higher');
  if (bt.latencyMs.count > 0 && nt.latencyMs.count > 0) {
    add('total', 'p50 latency (ms)', bt.latencyMs.p50, nt.latencyMs.p50, 'lower');
    add('total', 'p95 latency (ms)', bt.latencyMs.p95, nt.latencyMs.p95, 'lower');
    add('total', 'p99 latency (ms)', bt.latencyMs.p99, nt.latencyMs.p99, 'lower');
  }
  add('total', 'failed (items)', bt.failed ?? 0, nt.failed ?? 0, 'lower');
  add('total', 'dropped (messages)', bt.dropped ?? 0, nt.dropped ?? 0, 'lower');
  for (const [id, b] of Object.entries(base.nodes)) {
    const n = next.nodes[id];
    if (n === undefined) continue;
    const scope = `node ${id}`;
    add(scope, 'throughput (msg/s)', b.throughput, n.throughput, 'higher');
    const bl = b.latencyMs.count > 0 ? b.latencyMs : b.serviceMs;
    const nl = n.latencyMs.count > 0 ? n.latencyMs : n.serviceMs;
    if (bl.count > 0 && nl.count > 0) {
      const what = b.latencyMs.count > 0 ? 'latency' : 'service time';
      add(scope, `p50 ${what} (ms)`, bl.p50, nl.p50, 'lower');
      add(scope, `p95 ${what} (ms)`, bl.p95, nl.p95, 'lower');
      add(scope, `p99 ${what} (ms)`, bl.p99, nl.p99, 'lower');
    }
    add(scope, 'errors', b.errors, n.errors, 'lower');
    add(scope, 'drops', b.drops, n.drops, 'lower');
    if (b.utilization !== null && n.utilization !== null)
      add(scope, 'utilization (%)', b.utilization * 100, n.utilization * 100, 'lower', false);
  }
  for (const [id, b] of Object.entries(base.edges)) {
    const n = next.edges[id];
    if (n === undefined) continue;
    const scope = `edge ${id}`;
    add(scope, 'throughput (items/s)', b.throughput, n.throughput, 'higher');
    if (b.batchesPerSec !== undefined && n.batchesPerSec !== undefined)
      add(scope, 'batches/s', b.batchesPerSec, n.batchesPerSec, 'higher');
    add(scope, 'drops', b.drops, n.drops, 'lower');
    add(scope, 'mean depth (msg)', b.depthMean, n.depthMean, 'lower', false);
  }
  return { deltas, regressions: deltas.filter((d) => d.regressed), thresholdPct };
}
