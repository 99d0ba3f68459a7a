/**
 * bench:truth — do real runs match their predictions? For each shipped
 * example (public/examples, bench fixtures excluded) it predicts the graph in
 * virtual time and runs it for real (Node worker threads, the graph's own
 * workers and transport), with the same seed, duration and warm-up, and
 * prints side by side: delivered items/s and mean end-to-end latency,
 * predicted and real, their ratios (real ÷ predicted), and the real run's
 * scheduling lag p95 and p99 (how late the workers ran their timers;
 * "saturated" when the report flags the host). On a quiet machine both ratios should be
 * within 10 % of 1 (issue 11); a saturated host makes real numbers
 * pessimistic, and the lag column says so.
 *
 *   npm run bench:truth [-- --duration-ms 10000 --warmup-ms 1000 --workers N --only mm1 --json out.json]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

import { fmt, table } from '../src/cli/terminal.ts';
import { parseGraph } from '../src/graph/validate.ts';
import { createNodeEnv } from '../src/host/node/node-env.ts';
import { RunController } from '../src/host/run-controller.ts';
import { simulate } from '../src/host/virtual.ts';
import type { RunReport } from '../src/metrics/report.ts';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const num = (name: string): number | undefined => {
  const v = opt(name);
  return v === undefined ? undefined : Number(v);
};
const durationMs = num('--duration-ms');
const warmupMs = num('--warmup-ms');
const workers = num('--workers');
const only = opt('--only');
const jsonFile = opt('--json');

const dir = fileURLToPath(new URL('../public/examples/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && f !== 'index.json')
  .filter((f) => only === undefined || f.includes(only))
  .sort();

interface Row {
  example: string;
  predicted: RunReport;
  real: RunReport;
}

const rows: Row[] = [];
console.log(
  `bench:truth: ${files.length} examples; load average ${loadavg()
    .map((x) => fmt(x, 2))
    .join(' ')}`,
);
for (const file of files) {
  const parsed = parseGraph(readFileSync(dir + file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
  const graph = parsed.graph;
  const run = {
    durationMs: durationMs ?? graph.run.durationMs,
    warmupMs: warmupMs ?? graph.run.warmupMs,
  };
  const predicted = simulate(graph, run);
  const real = await new RunController(graph, createNodeEnv(), {
    ...run,
    ...(workers !== undefined ? { workers } : {}),
  }).run();
  const example = file.replace(/\.json$/, '');
  rows.push({ example, predicted, real });
  console.log(
    `  ${example}: predicted ${fmt(predicted.totals.throughput, 1)}/s, real ${fmt(real.totals.throughput, 1)}/s (${real.run.ended}${real.run.error !== undefined ? `: ${real.run.error}` : ''})`,
  );
}

const ratio = (real: number, predicted: number) =>
  predicted > 0 && Number.isFinite(real) ? real / predicted : NaN;
const within = (r: number) => Number.isFinite(r) && Math.abs(r - 1) <= 0.1;
const header = [
  'example',
  'pred items/s',
  'real items/s',
  'ratio',
  'pred mean ms',
  'real mean ms',
  'ratio',
  'lag p95 ms',
  'lag p99 ms',
  'host',
  '±10 %',
];
const lines: string[][] = [header];
for (const { example, predicted, real } of rows) {
  const rThr = ratio(real.totals.throughput, predicted.totals.throughput);
  const rLat = ratio(real.totals.latencyMs.mean, predicted.totals.latencyMs.mean);
  const lag = real.run.schedulingLagMs;
  lines.push([
    example,
    fmt(predicted.totals.throughput, 1),
    fmt(real.totals.throughput, 1),
    fmt(rThr, 3),
    fmt(predicted.totals.latencyMs.mean, 3),
    fmt(real.totals.latencyMs.mean, 3),
    fmt(rLat, 3),
    lag === undefined ? '-' : fmt(lag.p95, 3),
    lag === undefined ? '-' : fmt(lag.p99, 3),
    real.run.ended !== 'duration'
      ? real.run.ended
      : real.run.saturated === true
        ? 'saturated'
        : 'ok',
    within(rThr) && within(rLat) ? 'yes' : 'no',
  ]);
}
console.log('');
console.log(table(lines));
console.log(
  '\nratio = real ÷ predicted (same seed, duration and warm-up); lag = how late the real run’s workers ran their timers; host "saturated" when the lag p95 reached 2 ms or its p99 5 ms (real numbers pessimistic).',
);

if (jsonFile !== undefined) {
  writeFileSync(
    jsonFile,
    JSON.stringify(
      {
        format: 'flowbench/bench-truth',
        version: 1,
        loadAverage: loadavg(),
        examples: rows.map(({ example, predicted, real }) => ({
          example,
          predicted: {
            throughput: predicted.totals.throughput,
            meanLatencyMs: predicted.totals.latencyMs.mean,
          },
          real: {
            throughput: real.totals.throughput,
            meanLatencyMs: real.totals.latencyMs.mean,
            ended: real.run.ended,
            schedulingLagMs: real.run.schedulingLagMs,
            saturated: real.run.saturated,
          },
        })),
      },
      null,
      2,
    ),
  );
}
