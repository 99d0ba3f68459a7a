#!/usr/bin/env node
/**
 * flowbench: run, predict and sweep graphs headless in Node worker threads,
 * and compare reports.
 *
 *   npm run cli -- run <graph.json> [options]     (see `--help`)
 *   npm run cli -- sweep <graph.json> --set <path>=<values> [options]
 *   npm run cli -- compare <base.report.json> <new.report.json> [--threshold-pct P]
 *
 * Exit codes: 0 ran, 1 the run failed (watchdog, deadlock, worker error),
 * 2 bad arguments, an invalid graph, Function code without --allow-code, or a
 * graph over the plan limits (runtime/limits.ts; nothing ran).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseArgs, USAGE } from './args.ts';
import { compareCommand } from './compare.ts';
import { runCommand } from './run.ts';
import { sweepCommand } from './sweep.ts';
import { plain } from './terminal.ts';

export { parseArgs } from './args.ts';
export { formatReport } from './report-table.ts';

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
    err.write(`flowbench: ${plain(args.error)}\n\n${USAGE}\n`);
    return 2;
  }
  const io = { out, err };
  switch (args.command) {
    case 'run':
      return runCommand(args, io);
    case 'sweep':
      return sweepCommand(args, io);
    case 'compare':
      return compareCommand(args, io);
  }
}

const isEntry =
  process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(
        `flowbench: an unexpected failure: ${e instanceof Error ? e.message : String(e)}\n`,
      );
      process.exit(1);
    },
  );
}
