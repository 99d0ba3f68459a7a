import { describe, expect, it } from 'vitest';

import { formatReport } from '../cli/report-table.ts';
import { HISTOGRAM_BUCKETS, recordN } from '../core/histogram.ts';
import { parseGraph } from '../graph/validate.ts';
import { createMetricsBlock, snapshotBlock } from '../runtime/metrics-block.ts';
import { buildPlan } from '../runtime/plan.ts';
import { buildReport, SATURATED_LAG_MS, SATURATED_LAG_P99_MS, saturationNote } from './report.ts';

/** source → sink on two workers, and a report over its block after `lag(block)` wrote lag samples. */
function reportWith(transport: 'sab' | 'virtual', lagUs: number[][]) {
  const parsed = parseGraph({
    format: 'flowbench/graph',
    version: 1,
    nodes: [
      { id: 'src', kind: 'source', worker: 0 },
      { id: 'out', kind: 'sink', worker: 1 },
    ],
    edges: [{ id: 'e', from: { node: 'src', port: 'out' }, to: { node: 'out', port: 'in' } }],
    run: { workers: 2 },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const plan = buildPlan(parsed.graph, { workers: 2 });
  const block = createMetricsBlock(
    { instances: plan.instances.length, channels: plan.channels.length, workers: 2 },
    false,
  );
  // Before the measured interval: not counted.
  recordN(block.lag.subarray(0, HISTOGRAM_BUCKETS), 50_000, 1000);
  const then = snapshotBlock(block);
  lagUs.forEach((samples, w) => {
    const hist = block.lag.subarray(w * HISTOGRAM_BUCKETS, (w + 1) * HISTOGRAM_BUCKETS);
    for (const us of samples) recordN(hist, us, 1);
  });
  return buildReport({
    graph: parsed.graph,
    plan,
    now: block,
    then,
    measuredMs: 1000,
    durationMs: 1000,
    warmupMs: 0,
    transport,
    ended: 'duration',
    depth: { sum: new Float64Array(plan.channels.length), count: 0 },
    memoryBytes: 0,
    sabBytes: 0,
  });
}

describe('scheduling lag and the saturated-host flag', () => {
  it('merges every worker’s lag over the measured interval and flags a p95 at or above the threshold', () => {
    // Worker 0 on time (20 µs), worker 1 late by 5 ms on 10 % of its timers: p95 of the
    // merged 200 samples falls in the late ones.
    const late = reportWith('sab', [
      Array(100).fill(20),
      [...Array(80).fill(20), ...Array(20).fill(5000)],
    ]);
    expect(late.run.schedulingLagMs!.count).toBe(200);
    expect(late.run.schedulingLagMs!.p50).toBeCloseTo(0.02, 2);
    expect(late.run.schedulingLagMs!.p95).toBeGreaterThanOrEqual(SATURATED_LAG_MS);
    expect(late.run.saturated).toBe(true);
    expect(saturationNote(late.run)).toMatch(
      /^the host was saturated: .*scheduling lag p95 5\.\d+ ms, p99 5\.\d+ ms/,
    );
    expect(formatReport(late)).toContain('WARNING: the host was saturated');
    expect(formatReport(late)).toMatch(
      /scheduling lag \(how late workers ran their timers\): p50 0\.02/,
    );
  });

  it('flags rare long stalls by the p99 even when the p95 is low', () => {
    const stalls = reportWith('sab', [
      Array(100).fill(20),
      [...Array(97).fill(20), 8000, 8000, 8000],
    ]);
    expect(stalls.run.schedulingLagMs!.p95).toBeLessThan(SATURATED_LAG_MS);
    expect(stalls.run.schedulingLagMs!.p99).toBeGreaterThanOrEqual(SATURATED_LAG_P99_MS);
    expect(stalls.run.saturated).toBe(true);
  });

  it('does not flag a run whose timers ran on time, and says nothing of lag in a prediction', () => {
    const quiet = reportWith('sab', [Array(100).fill(20), [...Array(99).fill(40), 1500]]);
    expect(quiet.run.saturated).toBe(false);
    expect(saturationNote(quiet.run)).toBeUndefined();
    expect(formatReport(quiet)).not.toContain('saturated');
    const predicted = reportWith('virtual', [Array(100).fill(5000), []]);
    expect(predicted.run.schedulingLagMs).toBeUndefined();
    expect(predicted.run.saturated).toBeUndefined();
  });
});
