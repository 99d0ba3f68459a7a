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
  /** When a point has all its repetitions, with its index in the grid. */
  onPoint?(index: number, point: SweepPointResult): void;
  signal?: AbortSignal;
  /**
   * Runs at the same time (virtual time: cores; real runs: 1); the seeds of
   * one point run side by side too. Default 1.
   */
  concurrency?: number;
}

/** A sweep's outcome; a failed or cancelled one keeps the points it finished (grid order). */
export type SweepOutcome =
  { ok: true; result: SweepResult } | { ok: false; error: string; partial: SweepResult };

/** The seed of repetition `k` of a graph: its own seed, then the next ones. */
const seedOf = (graph: Graph, k: number) => (graph.run.seed + k) % 2 ** 32;

/**
 * Runs every point, `repeat` seeds each (or more, up to a half-width), at
 * most `concurrency` runs at a time, earlier points first. Seed k of a point
 * is always the graph's seed + k, and its reports are kept in seed order, so
 * the result does not depend on the concurrency; a point that repeats to a
 * half-width adds one seed at a time (it stops at the same seed either way).
 * @returns the results in grid order, or the first error (naming the point)
 * with the points finished before it.
 */
export function runSweep(
  points: readonly SweepPointPlan[],
  params: readonly string[],
  reps: Repetitions,
  run: PointRunner,
  hooks: SweepHooks = {},
): Promise<SweepOutcome> {
  const repeat = Math.max(1, Math.floor(reps.repeat));
  const maxRepeat = Math.max(repeat, reps.maxRepeat ?? 30);
  const lanes = Math.max(1, Math.floor(hooks.concurrency ?? 1));
  const state = points.map(() => ({ reports: [] as RunReport[], started: 0, finished: 0 }));
  const results: (SweepPointResult | undefined)[] = points.map(() => undefined);
  let total = points.length * repeat;
  let done = 0;
  let running = 0;
  let failure: string | undefined;

  const enough = (reports: readonly RunReport[]) => {
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

  /** The next run to start: [point, seed index], earlier points first. */
  const nextTask = (): [number, number] | undefined => {
    for (let i = 0; i < points.length; i++) {
      const s = state[i]!;
      if (results[i] !== undefined) continue;
      if (s.started < repeat) return [i, s.started++];
      if (s.finished === s.started && !enough(s.reports)) {
        total++;
        return [i, s.started++];
      }
    }
    return undefined;
  };

  return new Promise((resolve) => {
    const partial = (): SweepResult => ({
      params: [...params],
      points: results.filter((p): p is SweepPointResult => p !== undefined),
    });
    const finish = () => {
      if (hooks.signal?.aborted === true)
        resolve({ ok: false, error: 'cancelled', partial: partial() });
      else if (failure !== undefined) resolve({ ok: false, error: failure, partial: partial() });
      else
        resolve({
          ok: true,
          result: { params: [...params], points: results as SweepPointResult[] },
        });
    };
    const settle = (i: number, k: number, r: Awaited<ReturnType<PointRunner>>) => {
      running--;
      const point = points[i]!;
      const s = state[i]!;
      if (!r.ok) {
        const where = describeValues(point.values);
        failure ??= where === '' ? r.error : `${where}: ${r.error}`;
      } else if (failure === undefined && hooks.signal?.aborted !== true) {
        s.reports[k] = r.report;
        s.finished++;
        done++;
        hooks.onProgress?.(done, total, point.values);
        if (s.finished === s.started && enough(s.reports)) {
          const result = {
            values: point.values,
            reports: s.reports,
            summary: summarize(s.reports),
          };
          results[i] = result;
          hooks.onPoint?.(i, result);
        }
      }
      pump();
    };
    const pump = () => {
      while (running < lanes && failure === undefined && hooks.signal?.aborted !== true) {
        const task = nextTask();
        if (task === undefined) break;
        const [i, k] = task;
        const graph = points[i]!.graph;
        running++;
        run(graph, seedOf(graph, k)).then(
          (r) => settle(i, k, r),
          (err: unknown) =>
            settle(i, k, { ok: false, error: err instanceof Error ? err.message : String(err) }),
        );
      }
      if (running === 0) finish();
    };
    pump();
  });
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

/** Most values one sweep parameter may take (a range with a tiny step is a mistake, not a sweep). */
export const MAX_SWEEP_VALUES = 1000;

/**
 * The values of a numeric range: `from`, then adding `step` (linear) or
 * multiplying by it (geometric), up to `to` included. Values are rounded to
 * 12 significant digits, so 0.1 steps give 0.3, not 0.30000000000000004.
 * @returns the values, or what is wrong with the range (a phrase: "has 2000
 * values; at most 1000"), for the caller to put after what it calls the range.
 * @example sweepRange(16, 128, 2, 'geometric') // [16, 32, 64, 128]
 */
export function sweepRange(
  from: number,
  to: number,
  step: number,
  scale: 'linear' | 'geometric' = 'linear',
): number[] | { error: string } {
  if (![from, to, step].every(Number.isFinite) || to < from)
    return { error: 'must go from a value to a larger or equal one' };
  let n: number;
  if (scale === 'linear') {
    if (step <= 0) return { error: 'needs a step > 0' };
    n = Math.floor((to - from) / step + 1e-9) + 1;
  } else {
    if (from <= 0) return { error: 'needs a start > 0 to multiply' };
    if (step <= 1) return { error: 'needs a factor > 1' };
    n = Math.floor(Math.log(to / from) / Math.log(step) + 1e-9) + 1;
  }
  if (n > MAX_SWEEP_VALUES) return { error: `has ${n} values; at most ${MAX_SWEEP_VALUES}` };
  return Array.from({ length: n }, (_, i) =>
    Number((scale === 'linear' ? from + i * step : from * step ** i).toPrecision(12)),
  );
}

/** A CSV cell: numbers as they are (6 significant digits), text quoted when it must be. */
function csvCell(x: unknown): string {
  if (x === null || x === undefined || (typeof x === 'number' && !Number.isFinite(x))) return '';
  if (typeof x === 'number') return String(Number(x.toPrecision(6)));
  const s = typeof x === 'string' ? x : JSON.stringify(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The sweep as CSV: one row per point, the parameters first, then each
 * measure's mean and the half-width of its 95 % interval (empty with one
 * seed). Rows end with \n.
 */
export function sweepCsv(result: SweepResult): string {
  const measures = [
    ['throughput', (s: PointSummary) => s.throughput],
    ['mean_latency_ms', (s: PointSummary) => s.meanLatencyMs],
    ['p50_latency_ms', (s: PointSummary) => s.p50LatencyMs],
    ['p95_latency_ms', (s: PointSummary) => s.p95LatencyMs],
    ['p99_latency_ms', (s: PointSummary) => s.p99LatencyMs],
    ['dropped', (s: PointSummary) => s.dropped],
    ['failed', (s: PointSummary) => s.failed],
  ] as const;
  const head = [
    ...result.params,
    'seeds',
    ...measures.flatMap(([name]) => [name, `${name}_ci95`]),
    'busiest_node',
    'busiest_utilization',
    'targets_met',
  ];
  const rows = result.points.map((p) => {
    const s = p.summary;
    return [
      ...result.params.map((k) => p.values[k]),
      p.reports.length,
      ...measures.flatMap(([, of]) => [of(s).mean, of(s).halfWidth]),
      s.busiest?.nodeId,
      s.busiest?.utilization.mean,
      s.targetsMet === null ? '' : String(s.targetsMet),
    ];
  });
  return [head, ...rows].map((r) => `${r.map(csvCell).join(',')}\n`).join('');
}
