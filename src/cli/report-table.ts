/**
 * The report as the CLI prints it: a headline, one row per node, one per
 * edge, totals, the report's problems (one "problem:" line each) and targets.
 * Counter columns that are zero for every node (retries, timeouts, rejected,
 * hits, misses) are left out. Edges show items/s, and batches/s too when some
 * edge carried batches.
 *
 * Pure: no Node imports.
 */
import { type NodeReport, type RunReport, saturationNote } from '../metrics/report.ts';
import { formatTargetGoal, formatTargetValue, TARGETS, targetVerdict } from '../metrics/targets.ts';
import { fmt, plain, rate, table } from './terminal.ts';

/** Counters shown only when some node has one. */
const OPTIONAL_COUNTERS = ['retries', 'timeouts', 'rejected', 'hits', 'misses'] as const;

const ms = (x: number) => `${fmt(x, 3)}ms`;

/** The final table: one row per node, one per edge, then totals and targets. */
export function formatReport(r: RunReport): string {
  const lines: string[] = [];
  lines.push(
    plain(
      `${r.graph}: ${r.run.ended}${r.run.error !== undefined ? ` (${r.run.error})` : ''}; ${fmt(r.run.measuredMs / 1000, 1)} s measured after ${r.run.warmupMs} ms warm-up, ${r.run.workers} worker(s), ${r.run.transport}, seed ${r.run.seed}`,
    ),
  );
  const lag = r.run.schedulingLagMs;
  if (lag !== undefined && lag.count > 0)
    lines.push(
      `scheduling lag (how late workers ran their timers): p50 ${fmt(lag.p50, 3)} ms, p95 ${fmt(lag.p95, 3)} ms, p99 ${fmt(lag.p99, 3)} ms`,
    );
  const saturated = saturationNote(r.run);
  if (saturated !== undefined) lines.push(`WARNING: ${saturated}`);
  const nodes = Object.entries(r.nodes);
  const counters = OPTIONAL_COUNTERS.filter((c) => nodes.some(([, n]) => n[c] > 0));
  const nodeRows: string[][] = [
    [
      'node',
      'kind',
      'in',
      'out',
      'msg/s',
      'util',
      'errors',
      'drops',
      ...counters,
      'svc p50',
      'lat p50',
      'lat p95',
      'lat p99',
    ],
  ];
  for (const [id, n] of nodes) {
    const lat = (p: keyof NodeReport['latencyMs']) =>
      n.latencyMs.count > 0 ? ms(n.latencyMs[p]) : '-';
    nodeRows.push([
      id,
      n.kind,
      String(n.in),
      String(n.out),
      rate(n.throughput),
      n.utilization === null ? '-' : `${fmt(n.utilization * 100, 0)}%`,
      String(n.errors),
      String(n.drops),
      ...counters.map((c) => String(n[c])),
      n.serviceMs.count > 0 ? ms(n.serviceMs.p50) : '-',
      lat('p50'),
      lat('p95'),
      lat('p99'),
    ]);
  }
  lines.push('', table(nodeRows));
  // Items/s always; batches/s beside it when some edge carried batches (a batch of 50 is 50 items).
  const edges = Object.entries(r.edges);
  const batched = edges.some(([, e]) => e.batchesPerSec !== undefined);
  const edgeRows = [
    [
      'edge',
      'capacity',
      'depth mean',
      'depth max',
      'items/s',
      ...(batched ? ['batches/s'] : []),
      'drops',
      'blocked',
    ],
  ];
  for (const [id, e] of edges) {
    edgeRows.push([
      id,
      String(e.capacity),
      fmt(e.depthMean, 1),
      String(e.depthMax),
      rate(e.throughput),
      ...(batched ? [e.batchesPerSec === undefined ? '-' : rate(e.batchesPerSec)] : []),
      String(e.drops),
      `${fmt(e.blockedMs, 0)}ms`,
    ]);
  }
  if (edgeRows.length > 1) lines.push('', table(edgeRows));
  const t = r.totals;
  lines.push(
    '',
    `total: ${rate(t.throughput)} items/s delivered; latency mean ${fmt(t.latencyMs.mean, 3)} ms, p50 ${fmt(t.latencyMs.p50, 3)}, p95 ${fmt(t.latencyMs.p95, 3)}, p99 ${fmt(t.latencyMs.p99, 3)} ms (${t.latencyMs.count} items); memory ${fmt(t.memoryBytes / 2 ** 20, 1)} MiB (${fmt(t.sabBytes / 2 ** 20, 1)} MiB shared)`,
  );
  if (t.failed + t.shed + t.dropped > 0)
    lines.push(
      `ended: ${t.delivered} delivered, ${t.failed} failed (error rate ${formatTargetValue('ratio', t.errorRate)}), ${t.shed} shed and ${t.dropped} dropped (shed rate ${formatTargetValue('ratio', t.shedRate)})`,
    );
  // What went wrong inside the run: user-code errors, messages too large for their ring.
  for (const p of r.problems ?? []) lines.push(plain(`problem: ${p}`));
  for (const def of TARGETS) {
    const v = r.targets?.[def.key];
    if (v === undefined) continue;
    const verdict = targetVerdict(v);
    lines.push(
      `target ${def.label}: ${verdict === 'missed' ? 'MISSED' : verdict} (goal ${formatTargetGoal(def, v.target)}, actual ${formatTargetValue(def.unit, v.actual)})`,
    );
  }
  return lines.join('\n');
}
