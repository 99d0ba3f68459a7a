/**
 * Command-line arguments of `flowbench`: parsed and checked before anything
 * runs (bad values exit 2 with a sentence), with the flags' limits matching
 * the graph format's (workers 1…64, duration ≤ 24 h).
 *
 * Pure: no Node imports.
 */
import { LIMITS } from '../graph/index.ts';
import type { RunOptions } from '../host/run-controller.ts';

export const USAGE = `usage: flowbench run <graph.json> [options]

options:
  --duration-ms N              run length in ms, at most 86400000 (default: the graph's run.durationMs)
  --warmup-ms N                measured after this warm-up (default: run.warmupMs)
  --workers N                  worker threads, 1 to ${LIMITS.maxWorkers} (default: run.workers, else cores - 1)
  --seed N                     PRNG seed, 0 to 4294967295 (default: run.seed)
  --transport sab|postmessage  data plane (default: sab)
  --virtual                    predict: simulate in virtual time on one thread (no timing
                               noise; cpu service is accounted, not burnt)
  --allow-code                 run the graph's Function code (JavaScript from the graph
                               file, with the access of any Node program you start)
  --json <file>                write the JSON report (flowbench/report v1) to a file
  --quiet                      no progress lines, only the final table
  -h, --help                   this help

exit codes: 0 ran, 1 the run failed (watchdog, deadlock, worker error), 2 bad arguments,
an invalid graph, or Function code without --allow-code`;

/** The longest run the format allows (24 h), for --duration-ms too. */
export const MAX_DURATION_MS = 24 * 3600 * 1000;

export interface RunArgs {
  command: 'run';
  file: string;
  options: Pick<RunOptions, 'durationMs' | 'warmupMs' | 'workers' | 'seed' | 'transport'>;
  json?: string;
  quiet: boolean;
  virtual: boolean;
  allowCode: boolean;
  /** Flags that were given but do not apply, as sentences (printed as warnings). */
  warnings: string[];
}

export type CliArgs = RunArgs;

/** A whole number flag value in [min, max], or a sentence. */
function wholeNumber(
  flag: string,
  v: string | undefined,
  min: number,
  max: number,
): number | { error: string } {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    return { error: `${flag} needs a whole number from ${min} to ${max} (got ${v ?? 'nothing'})` };
  return n;
}

const NUMBER_FLAGS: Record<string, { min: number; max: number; key: keyof RunArgs['options'] }> = {
  '--duration-ms': { min: 1, max: MAX_DURATION_MS, key: 'durationMs' },
  '--warmup-ms': { min: 0, max: MAX_DURATION_MS, key: 'warmupMs' },
  '--workers': { min: 1, max: LIMITS.maxWorkers, key: 'workers' },
  '--seed': { min: 0, max: 2 ** 32 - 1, key: 'seed' },
};

/** Parses argv (without node and script). @returns args, or an error sentence. */
export function parseArgs(argv: readonly string[]): CliArgs | { error: string } | { help: true } {
  if (argv.includes('-h') || argv.includes('--help') || argv.length === 0) return { help: true };
  const [command, ...rest] = argv;
  if (command !== 'run') return { error: `unknown command "${command}" (expected "run")` };
  const options: RunArgs['options'] = {};
  let file: string | undefined;
  let json: string | undefined;
  let quiet = false;
  let virtual = false;
  let allowCode = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const v = rest[i + 1];
    const numeric = NUMBER_FLAGS[a];
    if (numeric !== undefined) {
      const n = wholeNumber(a, v, numeric.min, numeric.max);
      if (typeof n !== 'number') return n;
      (options as Record<string, number>)[numeric.key] = n;
      i++;
      continue;
    }
    switch (a) {
      case '--transport':
        if (v !== 'sab' && v !== 'postmessage')
          return { error: `--transport must be sab or postmessage (got ${v ?? 'nothing'})` };
        options.transport = v;
        i++;
        break;
      case '--json':
        if (v === undefined || v.startsWith('-')) return { error: '--json needs a file name' };
        json = v;
        i++;
        break;
      case '--quiet':
        quiet = true;
        break;
      case '--virtual':
        virtual = true;
        break;
      case '--allow-code':
        allowCode = true;
        break;
      default:
        if (a.startsWith('-')) return { error: `unknown option ${a}` };
        if (file !== undefined) return { error: `one graph file at a time (got ${file} and ${a})` };
        file = a;
    }
  }
  if (file === undefined) return { error: 'missing <graph.json>' };
  if (
    options.durationMs !== undefined &&
    options.warmupMs !== undefined &&
    options.warmupMs >= options.durationMs
  )
    return {
      error: `--warmup-ms (${options.warmupMs}) must be less than --duration-ms (${options.durationMs})`,
    };
  const warnings: string[] = [];
  if (virtual) {
    if (options.workers !== undefined)
      warnings.push('--workers does not apply to --virtual (a prediction runs on one thread)');
    if (options.transport !== undefined)
      warnings.push(
        '--transport does not apply to --virtual (a prediction moves no messages between threads)',
      );
  }
  return {
    command: 'run',
    file,
    options,
    ...(json !== undefined ? { json } : {}),
    quiet,
    virtual,
    allowCode,
    warnings,
  };
}
