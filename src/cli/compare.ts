/**
 * `flowbench compare <base> <new>`: total, per-node and per-edge deltas
 * between two reports; exit 1 when a measure regresses beyond the threshold
 * (throughput down; latency, drops, errors up), 0 otherwise, 2 when a file
 * cannot be read as a report. Made for CI.
 *
 * Node only (files).
 */
import { readFileSync } from 'node:fs';

import { compareReports, type Delta } from '../metrics/compare.ts';
import { isRunReport, type RunReport } from '../metrics/report.ts';
import type { CompareArgs } from './args.ts';
import { type CliIo, say } from './run.ts';
import { fmt, table } from './terminal.ts';

/** Reads a `flowbench/report` file. @returns the report, or a sentence. */
export function readReport(file: string): RunReport | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { error: `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!isRunReport(value)) return { error: `${file} is not a flowbench/report v1 document` };
  return value;
}

const pct = (d: Delta) =>
  d.changePct === 0
    ? '0%'
    : Number.isFinite(d.changePct)
      ? `${d.changePct > 0 ? '+' : ''}${fmt(d.changePct, 1)}%`
      : d.changePct > 0
        ? '+∞'
        : '-∞';

/** Runs `flowbench compare …`. @returns the exit code. */
export function compareCommand(args: CompareArgs, io: CliIo): number {
  const base = readReport(args.base);
  if ('error' in base) {
    say(io.err, `flowbench: ${base.error}`);
    return 2;
  }
  const next = readReport(args.next);
  if ('error' in next) {
    say(io.err, `flowbench: ${next.error}`);
    return 2;
  }
  const c = compareReports(base, next, args.thresholdPct);
  const rows = [['where', 'measure', 'base', 'new', 'change', '']];
  for (const d of c.deltas) {
    if (d.changePct === 0 && !d.regressed) continue;
    rows.push([
      d.scope,
      d.measure,
      fmt(d.base, 3),
      fmt(d.next, 3),
      pct(d),
      d.regressed ? 'REGRESSED' : '',
    ]);
  }
  say(
    io.out,
    `${base.graph} → ${next.graph}: ${c.deltas.length} measures, threshold ${args.thresholdPct} %`,
  );
  if (rows.length > 1) io.out.write(`${table(rows)}\n`);
  else say(io.out, 'no measure changed');
  say(
    io.out,
    c.regressions.length === 0
      ? 'no regression beyond the threshold'
      : `${c.regressions.length} regression${c.regressions.length === 1 ? '' : 's'} beyond ${args.thresholdPct} %`,
  );
  return c.regressions.length > 0 ? 1 : 0;
}
