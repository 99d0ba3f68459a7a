#!/usr/bin/env node
/**
 * flowbench: run a graph headless in Node worker_threads.
 *
 *   npm run cli -- run <graph.json> [--duration-ms N] [--warmup-ms N]
 *     [--workers N] [--seed N] [--transport sab|postmessage] [--json <file>] [--quiet]
 *
 * Exit codes: 0 ran, 1 the run failed (watchdog, deadlock, worker error),
 * 2 bad arguments or an invalid graph (errors printed with JSON paths).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseGraph } from '../graph/validate.ts';
import type { RunReport } from '../metrics/report.ts';
import { createNodeEnv } from '../host/node/node-env.ts';
import { RunController, type RunOptions } from '../host/run-controller.ts';
import { simulate } from '../host/virtual.ts';

const USAGE = `usage: flowbench run <graph.json> [options]

options:
  --duration-ms N              run length in ms (default: the graph's run.durationMs)
  --warmup-ms N                measured after this warm-up (default: run.warmupMs)
  --workers N                  worker threads (default: run.workers, else cores - 1)
  --seed N                     PRNG seed (default: run.seed)
  --transport sab|postmessage  data plane (default: sab)
  --virtual                    predict: simulate in virtual time on one thread (no workers,
                               no timing noise; cpu service is accounted, not burnt)
  --json <file>                write the JSON report (flowbench/report v1) to a file
  --quiet                      no progress lines, only the final table
  -h, --help                   this help`;

export interface CliArgs {
  command: 'run';
  file: string;
  options: RunOptions;
  json?: string;
  quiet: boolean;
  virtual: boolean;
}

/** Parses argv (without node and script). @returns args, or an error sentence. */
export function parseArgs(argv: readonly string[]): CliArgs | { error: string } | { help: true } {
  if (argv.includes('-h') || argv.includes('--help') || argv.length === 0) return { help: true };
  const [command, ...rest] = argv;
  if (command !== 'run') return { error: `unknown command "${command}" (expected "run")` };
  const options: RunOptions = {};
  let file: string | undefined;
  let json: string | undefined;
  let quiet = false;
  let virtual = false;
  const num = (flag: string, v: string | undefined, min: number): number | { error: string } => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min)
      return { error: `${flag} needs a whole number ≥ ${min} (got ${v ?? 'nothing'})` };
    return n;
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const v = rest[i + 1];
    switch (a) {
      case '--duration-ms':
      case '--warmup-ms':
      case '--workers':
      case '--seed': {
        const n = num(a, v, a === '--duration-ms' || a === '--workers' ? 1 : 0);
        if (typeof n !== 'number') return n;
        if (a === '--duration-ms') options.durationMs = n;
        else if (a === '--warmup-ms') options.warmupMs = n;
        else if (a === '--workers') options.workers = n;
        else options.seed = n;
        i++;
        break;
      }
      case '--transport':
        if (v !== 'sab' && v !== 'postmessage')
          return { error: `--transport must be sab or postmessage (got ${v ?? 'nothing'})` };
        options.transport = v;
        i++;
        break;
      case '--json':
        if (v === undefined) return { error: '--json needs a file name' };
        json = v;
        i++;
        break;
      case '--quiet':
        quiet = true;
        break;
      case '--virtual':
        virtual = true;
        break;
      default:
        if (a.startsWith('-')) return { error: `unknown option ${a}` };
        if (file !== undefined) return { error: `one graph file at a time (got ${file} and ${a})` };
        file = a;
    }
  }
  if (file === undefined) return { error: 'missing <graph.json>' };
  return { command: 'run', file, options, ...(json !== undefined ? { json } : {}), quiet, virtual };
}

const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const rate = (x: number) =>
  x >= 1e6 ? `${fmt(x / 1e6)}M` : x >= 1e4 ? `${fmt(x / 1e3, 1)}k` : fmt(x, 1);

function pad(cells: string[][]): string {
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  return cells
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  '),
    )
    .join('\n');
}

/** The final table: one row per node, one per edge, then totals. */
export function formatReport(r: RunReport): string {
  const lines: string[] = [];
  lines.push(
    `${r.graph}: ${r.run.ended}${r.run.error !== undefined ? ` (${r.run.error})` : ''}; ${fmt(r.run.measuredMs / 1000, 1)} s measured after ${r.run.warmupMs} ms warm-up, ${r.run.workers} worker(s), ${r.run.transport}, seed ${r.run.seed}`,
  );
  const nodeRows = [
    [
      'node',
      'kind',
      'in',
      'out',
      'msg/s',
      'util',
      'errors',
      'drops',
      'svc p50',
      'lat p50',
      'lat p95',
      'lat p99',
    ],
  ];
  for (const [id, n] of Object.entries(r.nodes)) {
    nodeRows.push([
      id,
      n.kind,
      String(n.in),
      String(n.out),
      rate(n.throughput),
      n.utilization === null ? '-' : `${fmt(n.utilization * 100, 0)}%`,
      String(n.errors),
      String(n.drops),
      n.serviceMs.count > 0 ? `${fmt(n.serviceMs.p50, 3)}ms` : '-',
      n.latencyMs.count > 0 ? `${fmt(n.latencyMs.p50, 3)}ms` : '-',
      n.latencyMs.count > 0 ? `${fmt(n.latencyMs.p95, 3)}ms` : '-',
      n.latencyMs.count > 0 ? `${fmt(n.latencyMs.p99, 3)}ms` : '-',
    ]);
  }
  lines.push('', pad(nodeRows));
  const edgeRows = [['edge', 'capacity', 'depth mean', 'depth max', 'msg/s', 'drops', 'blocked']];
  for (const [id, e] of Object.entries(r.edges)) {
    edgeRows.push([
      id,
      String(e.capacity),
      fmt(e.depthMean, 1),
      String(e.depthMax),
      rate(e.throughput),
      String(e.drops),
      `${fmt(e.blockedMs, 0)}ms`,
    ]);
  }
  if (edgeRows.length > 1) lines.push('', pad(edgeRows));
  const t = r.totals;
  lines.push(
    '',
    `total: ${rate(t.throughput)} msg/s at sinks; latency mean ${fmt(t.latencyMs.mean, 3)} ms, p50 ${fmt(t.latencyMs.p50, 3)}, p95 ${fmt(t.latencyMs.p95, 3)}, p99 ${fmt(t.latencyMs.p99, 3)} ms (${t.latencyMs.count} msgs); memory ${fmt(t.memoryBytes / 2 ** 20, 1)} MiB (${fmt(t.sabBytes / 2 ** 20, 1)} MiB shared)`,
  );
  if (r.targets !== undefined) {
    for (const [name, v] of Object.entries(r.targets)) {
      if (v !== undefined)
        lines.push(
          `target ${name}: ${v.met ? 'met' : 'MISSED'} (target ${v.target}, actual ${fmt(v.actual, 3)})`,
        );
    }
  }
  return lines.join('\n');
}

/** Runs the CLI. @returns the exit code. */
export async function main(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const args = parseArgs(argv);
  if ('help' in args) {
    out.write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  if ('error' in args) {
    err.write(`flowbench: ${args.error}\n\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (e) {
    err.write(
      `flowbench: cannot read ${args.file}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
  const parsed = parseGraph(text);
  if (!parsed.ok) {
    err.write(`flowbench: ${args.file} is not a valid graph:\n`);
    for (const e of parsed.errors)
      err.write(`  ${e.path === '' ? '(document)' : e.path}: ${e.message}\n`);
    return 2;
  }
  for (const w of parsed.warnings) if (!args.quiet) err.write(`warning: ${w.path}: ${w.message}\n`);
  if (args.virtual) {
    const { durationMs, warmupMs, seed } = args.options;
    const report = simulate(parsed.graph, {
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(warmupMs !== undefined ? { warmupMs } : {}),
      ...(seed !== undefined ? { seed } : {}),
    });
    return finishReport(report, args, out, err);
  }
  const controller = new RunController(parsed.graph, createNodeEnv(), {
    ...args.options,
    ...(args.quiet
      ? {}
      : {
          onProgress: (p) =>
            err.write(
              `  ${fmt(p.elapsedMs / 1000, 1)}/${fmt(p.durationMs / 1000, 1)} s ${p.phase}: ${rate(p.sinkRate)} msg/s at sinks, ${p.sunk} sunk\n`,
            ),
        }),
  });
  const onSignal = () => controller.stop();
  process.once('SIGINT', onSignal);
  const report = await controller.run();
  process.off('SIGINT', onSignal);
  return finishReport(report, args, out, err);
}

function finishReport(
  report: RunReport,
  args: CliArgs,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): number {
  out.write(`${formatReport(report)}\n`);
  if (args.json !== undefined) {
    writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
    if (!args.quiet) err.write(`report written to ${args.json}\n`);
  }
  return report.run.ended === 'error' || report.run.ended === 'deadlock' ? 1 : 0;
}

const isEntry =
  process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(
        `flowbench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exit(1);
    },
  );
}
