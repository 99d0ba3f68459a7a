/**
 * `flowbench sweep`: one run (or prediction) per value of one or more
 * parameters, N seeds per point; progress per point, then a table (value →
 * throughput, p50/p95/p99, drops, the busiest node's utilization, targets),
 * and `--json` as `flowbench/sweep` v1. A bad path or value exits 2, naming
 * it, before anything runs.
 *
 * Node only (through run.ts).
 */
import { cpus } from 'node:os';

import { parseParamPath, parseParamValue } from '../graph/param-path.ts';
import {
  describeValues,
  planSweep,
  runSweep,
  type SweepParam,
  type SweepResult,
  sweepJson,
} from '../host/sweep.ts';
import { runFailure } from '../metrics/report.ts';
import type { Interval } from '../metrics/stats.ts';
import type { SweepArgs } from './args.ts';
import { type CliIo, prepareRun, refuseOverLimits, runOnce, say, writeJson } from './run.ts';
import { fmt, rate, table } from './terminal.ts';

/** "1.53k" or "1.53k ± 2.1 %" (a half-width when there are repetitions). */
function withCi(i: Interval, show: (x: number) => string): string {
  if (i.n === 0) return '-';
  if (i.halfWidth === null || i.halfWidth === 0) return show(i.mean);
  const pct = i.mean !== 0 ? (i.halfWidth / Math.abs(i.mean)) * 100 : 0;
  return `${show(i.mean)} ±${fmt(pct, 1)}%`;
}

const ms = (x: number) => `${fmt(x, 2)}ms`;

/** The sweep table: one row per point. */
export function formatSweep(result: SweepResult): string {
  const repeated = result.points.some((p) => p.reports.length > 1);
  const head = [
    ...result.params,
    'items/s',
    'p50',
    'p95',
    'p99',
    'dropped',
    'busiest',
    'targets',
    ...(repeated ? ['seeds'] : []),
  ];
  const rows = result.points.map((p) => {
    const s = p.summary;
    return [
      ...result.params.map((k) => JSON.stringify(p.values[k])),
      withCi(s.throughput, rate),
      withCi(s.p50LatencyMs, ms),
      withCi(s.p95LatencyMs, ms),
      withCi(s.p99LatencyMs, ms),
      withCi(s.dropped, (x) => fmt(x, 0)),
      s.busiest === null
        ? '-'
        : `${s.busiest.nodeId} ${withCi(s.busiest.utilization, (x) => `${fmt(x * 100, 0)}%`)}`,
      s.targetsMet === null ? '-' : s.targetsMet ? 'met' : 'MISSED',
      ...(repeated ? [String(p.reports.length)] : []),
    ];
  });
  return table([head, ...rows]);
}

/** Runs `flowbench sweep …`. @returns the exit code. */
export async function sweepCommand(args: SweepArgs, io: CliIo): Promise<number> {
  const graph = prepareRun(args, io);
  if (typeof graph === 'number') return graph;
  const params: SweepParam[] = [];
  for (const set of args.sets) {
    const path = parseParamPath(set.path, graph);
    if ('error' in path) {
      say(io.err, `flowbench: --set ${path.error}; nothing ran`);
      return 2;
    }
    params.push({ path, values: set.values.map(parseParamValue) });
  }
  const plan = planSweep(graph, params);
  if (!plan.ok) {
    say(io.err, `flowbench: ${plan.error}; nothing ran`);
    return 2;
  }
  for (const point of plan.points) {
    const over = refuseOverLimits(
      point.graph,
      args,
      io,
      `the point ${describeValues(point.values)}`,
    );
    if (over !== undefined) return over;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  const outcome = await runSweep(
    plan.points,
    params.map((p) => p.path.text),
    {
      repeat: args.repeat,
      ...(args.untilHalfWidthPct !== undefined
        ? { untilHalfWidthPct: args.untilHalfWidthPct }
        : {}),
      ...(args.maxRepeat !== undefined ? { maxRepeat: args.maxRepeat } : {}),
    },
    (g, seed) => runOnce(g, { ...args, quiet: true }, io, seed),
    {
      signal: controller.signal,
      // Predictions are single-threaded: one per core; real runs use every worker.
      concurrency: args.virtual ? Math.max(1, cpus().length) : 1,
      ...(args.quiet
        ? {}
        : {
            onProgress: (done, total, values) =>
              say(io.err, `  ${done}/${total} ${describeValues(values)}`),
          }),
    },
  );
  process.off('SIGINT', onSignal);
  if (!outcome.ok) {
    // The points finished before it are kept: a long sweep stopped late is not lost.
    if (outcome.partial.points.length > 0) io.out.write(`${formatSweep(outcome.partial)}\n`);
    say(
      io.err,
      outcome.error === 'cancelled'
        ? `flowbench: the sweep was cancelled after ${outcome.partial.points.length} of ${plan.points.length} points`
        : `flowbench: the sweep stopped at ${outcome.error}`,
    );
    return 1;
  }
  io.out.write(`${formatSweep(outcome.result)}\n`);
  if (args.json !== undefined && !writeJson(args.json, sweepJson(outcome.result), io, args.quiet))
    return 1;
  const failed = outcome.result.points.some((p) =>
    p.reports.some((r) => runFailure(r.run) !== undefined),
  );
  return failed ? 1 : 0;
}
