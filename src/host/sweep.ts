/**
 * Parameter sweeps: the same graph run (or predicted) once per value of one
 * or more parameters, N seeds per point, each point summarised as mean ± 95 %
 * confidence interval. The CLI (`flowbench sweep`) and the UI both use it;
 * they supply how one point runs (a prediction worker, a real run).
 *
 * Every point is built and validated before anything runs, so a bad path or
 * value is refused at once, naming it.
 *
 * No DOM and no Node imports.
 */
import type { Graph } from '../graph/model.ts';
import { type ParamPath, withParam } from '../graph/param-path.ts';
import type { RunReport } from '../metrics/report.ts';
import { type Interval, interval, relativeHalfWidth } from '../metrics/stats.ts';

export interface SweepParam {
  path: ParamPath;
  values: readonly unknown[];
}

/** One point of the grid: a value per parameter, and the graph with them. */
export interface SweepPointPlan {
  values: Record<string, unknown>;
  graph: Graph;
}

/**
 * Every point of the grid, in the order given (the first parameter varies
 * slowest), each graph validated.
 * @returns the points, or the sentence that refuses a path or value.
 */
export function planSweep(
  graph: Graph,
  params: readonly SweepParam[],
): { ok: true; points: SweepPointPlan[] } | { ok: false; error: string } {
  let points: SweepPointPlan[] = [{ values: {}, graph }];
  for (const p of params) {
    if (p.values.length === 0) return { ok: false, error: `${p.path.text} has no values` };
    const next: SweepPointPlan[] = [];
    for (const point of points) {
      for (const value of p.values) {
        const r = withParam(point.graph, p.path, value);
        if (!r.ok) return { ok: false, error: r.error };
        next.push({ values: { ...point.values, [p.path.text]: value }, graph: r.graph });
      }
    }
    points = next;
  }
  return { ok: true, points };
}

/** How many seeds per point. */
export interface Repetitions {
  /** Seeds per point (at least 1). */
  repeat: number;
  /**
   * Keep adding seeds (after `repeat`, at least 2) until the 95 % half-width
   * of throughput and p95 latency is under this share of the mean (percent).
   */
  untilHalfWidthPct?: number;
  /** Most seeds per point when repeating until a half-width (default 30). */
  maxRepeat?: number;
}

export interface PointSummary {
  throughput: Interval;
  meanLatencyMs: Interval;
  p50LatencyMs: Interval;
  p95LatencyMs: Interval;
  p99LatencyMs: Interval;
  /** Messages dropped on channels in the measured interval. */
  dropped: Interval;
  failed: Interval;
  /** The node with the highest mean utilization, and it. */
  busiest: { nodeId: string; utilization: Interval } | null;
  /** Every target met in every repetition; null when a target had no data or none is set. */
  targetsMet: boolean | null;
}

export interface SweepPointResult {
  values: Record<string, unknown>;
  reports: RunReport[];
  summary: PointSummary;
}

export interface SweepResult {
  params: string[];
  points: SweepPointResult[];
}

/** The summary of one point's repetitions. */
export function summarize(reports: readonly RunReport[]): PointSummary {
  const of = (f: (r: RunReport) => number) => interval(reports.map(f));
  const delivered = reports.filter((r) => r.totals.latencyMs.count > 0);
  const lat = (f: (r: RunReport) => number) => interval(delivered.map(f));
  let busiest: PointSummary['busiest'] = null;
  for (const id of Object.keys(reports[0]?.nodes ?? {})) {
    const u = interval(reports.map((r) => r.nodes[id]?.utilization ?? NaN));
    if (u.n > 0 && (busiest === null || u.mean > busiest.utilization.mean))
      busiest = { nodeId: id, utilization: u };
  }
  let targetsMet: boolean | null = null;
  let noData = false;
  for (const r of reports) {
    for (const t of Object.values(r.targets ?? {})) {
      if (t === undefined) continue;
      if (t.met === null) noData = true;
      else targetsMet = (targetsMet ?? true) && t.met;
    }
  }
  return {
    throughput: of((r) => r.totals.throughput),
    meanLatencyMs: lat((r) => r.totals.latencyMs.mean),
    p50LatencyMs: lat((r) => r.totals.latencyMs.p50),
    p95LatencyMs: lat((r) => r.totals.latencyMs.p95),
    p99LatencyMs: lat((r) => r.totals.latencyMs.p99),
    dropped: of((r) => r.totals.dropped),
    failed: of((r) => r.totals.failed),
    busiest,
    targetsMet: noData ? null : targetsMet,
  };
}

/** Runs (or predicts) one graph with one seed. */
export type PointRunner = (
  graph: Graph,
  seed: number,
) => Promise<{ ok: true; report: RunReport } | { ok: false; error: string }>;

export interface SweepHooks {
  /** After each run: runs done so far and the planned total (grows while repeating to a half-width). */
  onProgress?(done: number, total: number, values: Record<string, unknown>): void;
  signal?: AbortSignal;
  /** Points run at the same time (virtual time: cores; real runs: 1). Default 1. */
  concurrency?: number;
}

/** The seed of repetition `k` of a graph: its own seed, then the next ones. */
const seedOf = (graph: Graph, k: number) => (graph.run.seed + k) % 2 ** 32;

/**
 * Runs every point, `repeat` seeds each (or more, up to a half-width).
 * @returns the results in grid order, or the first error (naming the point).
 */
export async function runSweep(
  points: readonly SweepPointPlan[],
  params: readonly string[],
  reps: Repetitions,
  run: PointRunner,
  hooks: SweepHooks = {},
): Promise<{ ok: true; result: SweepResult } | { ok: false; error: string }> {
  const repeat = Math.max(1, Math.floor(reps.repeat));
  const maxRepeat = Math.max(repeat, reps.maxRepeat ?? 30);
  let total = points.length * repeat;
  let done = 0;
  const results: (SweepPointResult | undefined)[] = points.map(() => undefined);
  let failure: string | undefined;

  const runPoint = async (i: number) => {
    const point = points[i]!;
    const reports: RunReport[] = [];
    const enough = () => {
      if (reports.length < repeat) return false;
      if (reps.untilHalfWidthPct === undefined || reports.length >= maxRepeat) return true;
      if (reports.length < 2) return false;
      const s = summarize(reports);
      const limit = reps.untilHalfWidthPct / 100;
      return (
        relativeHalfWidth(s.throughput) <= limit &&
        (s.p95LatencyMs.n === 0 || relativeHalfWidth(s.p95LatencyMs) <= limit)
      );
    };
    while (!enough()) {
      if (failure !== undefined || hooks.signal?.aborted === true) return;
      if (reports.length >= repeat) total++;
      const r = await run(point.graph, seedOf(point.graph, reports.length));
      if (!r.ok) {
        failure ??= `${describeValues(point.values)}: ${r.error}`;
        return;
      }
      reports.push(r.report);
      done++;
      hooks.onProgress?.(done, total, point.values);
    }
    results[i] = { values: point.values, reports, summary: summarize(reports) };
  };

  let next = 0;
  const lanes = Array.from({ length: Math.max(1, hooks.concurrency ?? 1) }, async () => {
    while (next < points.length && failure === undefined && hooks.signal?.aborted !== true)
      await runPoint(next++);
  });
  await Promise.all(lanes);
  if (hooks.signal?.aborted === true) return { ok: false, error: 'cancelled' };
  if (failure !== undefined) return { ok: false, error: failure };
  return { ok: true, result: { params: [...params], points: results as SweepPointResult[] } };
}

/** "nodes.db.params.batch=50, run.seed=3". */
export function describeValues(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
}

/** The sweep as JSON (`flowbench/sweep` v1). */
export function sweepJson(result: SweepResult): unknown {
  const one = result.params.length === 1 ? result.params[0]! : undefined;
  return {
    format: 'flowbench/sweep',
    version: 1,
    params: result.params,
    points: result.points.map((p) => ({
      ...(one !== undefined ? { value: p.values[one] } : { values: p.values }),
      report: p.reports[0],
      ...(p.reports.length > 1 ? { repetitions: p.reports, summary: p.summary } : {}),
    })),
  };
}
