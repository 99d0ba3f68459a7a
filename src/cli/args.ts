/**
 * Command-line arguments of `flowbench run | sweep | compare`: parsed and
 * checked before anything runs (bad values exit 2 with a sentence), with the
 * flags' limits matching the graph format's (workers 1…64, duration ≤ 24 h).
 *
 * Pure: no Node imports.
 */
import { LIMITS } from '../graph/index.ts';
import type { RunOptions } from '../host/run-controller.ts';
import { MAX_SWEEP_VALUES, sweepRange } from '../host/sweep.ts';

export const USAGE = `usage: flowbench run <graph.json> [options]
       flowbench sweep <graph.json> --set <path>=<v1>,<v2>,… [--set …] [options]
       flowbench compare <base.report.json> <new.report.json> [--threshold-pct P]

run and sweep options:
  --duration-ms N              run length in ms, at most 86400000 (default: the graph's run.durationMs)
  --warmup-ms N                measured after this warm-up (default: run.warmupMs)
  --workers N                  worker threads, 1 to ${LIMITS.maxWorkers} (default: run.workers, else cores - 1)
  --seed N                     PRNG seed, 0 to 4294967295 (default: run.seed)
  --transport sab|postmessage  data plane (default: sab)
  --virtual                    predict: simulate in virtual time on one thread (no timing
                               noise; cpu service is accounted, not burnt)
  --allow-code                 run the graph's Function code (JavaScript from the graph
                               file, with the access of any Node program you start)
  --json <file>                write the JSON report (run: flowbench/report; sweep: flowbench/sweep)
  --quiet                      no progress lines, only the final table
sweep options:
  --set <path>=<values>        a parameter and its values: a list (10,50,100) or a range
                               (1..5, 0.5..2:0.5); several --set make a grid. Paths:
                               nodes.<id>.params.<name>[.<sub>], edges.<id>.capacity, run.<name>
  --repeat N                   seeds per point (default 1); the table shows mean ± 95 % CI
  --until-ci-pct X             repeat each point until the 95 % CI half-width of throughput and
                               p95 latency is under X % of the mean (up to --max-repeat, default 30)
compare options:
  --threshold-pct P            a measure regresses when it gets worse by more than P % (default 5)
  -h, --help                   this help

exit codes: run/sweep 0 ran, 1 a run failed (watchdog, deadlock, worker error), 2 bad arguments,
an invalid graph or path, Function code without --allow-code, or a graph over the plan limits
(nothing ran); compare 0 no regression,
1 a regression beyond the threshold, 2 unreadable input`;

/** The longest run the format allows (24 h), for --duration-ms too. */
export const MAX_DURATION_MS = 24 * 3600 * 1000;

/** Options `run` and `sweep` share. */
export interface RunLikeArgs {
  file: string;
  options: Pick<RunOptions, 'durationMs' | 'warmupMs' | 'workers' | 'seed' | 'transport'>;
  json?: string;
  quiet: boolean;
  virtual: boolean;
  allowCode: boolean;
  /** Flags that were given but do not apply, as sentences (printed as warnings). */
  warnings: string[];
}

export interface RunArgs extends RunLikeArgs {
  command: 'run';
}

export interface SweepArgs extends RunLikeArgs {
  command: 'sweep';
  /** Each --set: the path as written and its values (numbers, true/false or text). */
  sets: { path: string; values: string[] }[];
  repeat: number;
  untilHalfWidthPct?: number;
  maxRepeat?: number;
}

export interface CompareArgs {
  command: 'compare';
  base: string;
  next: string;
  thresholdPct: number;
}

export type CliArgs = RunArgs | SweepArgs | CompareArgs;

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

function positiveNumber(flag: string, v: string | undefined): number | { error: string } {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(n) || n <= 0)
    return { error: `${flag} needs a number > 0 (got ${v ?? 'nothing'})` };
  return n;
}

const NUMBER_FLAGS: Record<string, { min: number; max: number; key: keyof RunArgs['options'] }> = {
  '--duration-ms': { min: 1, max: MAX_DURATION_MS, key: 'durationMs' },
  '--warmup-ms': { min: 0, max: MAX_DURATION_MS, key: 'warmupMs' },
  '--workers': { min: 1, max: LIMITS.maxWorkers, key: 'workers' },
  '--seed': { min: 0, max: 2 ** 32 - 1, key: 'seed' },
};

/**
 * The values of `--set path=…`: a comma list, or a numeric range
 * `from..to[:step]` (step 1 by default). @returns the values, or a sentence.
 */
export function sweepValues(spec: string): string[] | { error: string } {
  const range = /^(-?[\d.]+(?:e-?\d+)?)\.\.(-?[\d.]+(?:e-?\d+)?)(?::([\d.]+(?:e-?\d+)?))?$/i.exec(
    spec,
  );
  if (range !== null) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    const step = range[3] === undefined ? 1 : Number(range[3]);
    if (![from, to, step].every(Number.isFinite) || step <= 0 || to < from)
      return { error: `the range ${spec} must be from..to[:step] with from ≤ to and a step > 0` };
    const values = sweepRange(from, to, step);
    return Array.isArray(values)
      ? values.map(String)
      : { error: `the range ${spec} ${values.error}` };
  }
  const values = spec.split(',').map((v) => v.trim());
  if (values.some((v) => v === ''))
    return { error: `--set values must not be empty (got "${spec}")` };
  if (values.length > MAX_SWEEP_VALUES)
    return { error: `--set has ${values.length} values; at most ${MAX_SWEEP_VALUES}` };
  return values;
}

/** Parses argv (without node and script). @returns args, or an error sentence. */
export function parseArgs(argv: readonly string[]): CliArgs | { error: string } | { help: true } {
  if (argv.includes('-h') || argv.includes('--help') || argv.length === 0) return { help: true };
  const [command, ...rest] = argv;
  if (command === 'compare') return parseCompare(rest);
  if (command !== 'run' && command !== 'sweep')
    return { error: `unknown command "${command}" (expected run, sweep or compare)` };
  const options: RunArgs['options'] = {};
  const files: string[] = [];
  const sets: SweepArgs['sets'] = [];
  let json: string | undefined;
  let quiet = false;
  let virtual = false;
  let allowCode = false;
  let repeat = 1;
  let untilHalfWidthPct: number | undefined;
  let maxRepeat: number | undefined;
  const sweepOnly = (flag: string) =>
    command === 'sweep' ? undefined : { error: `${flag} belongs to flowbench sweep` };
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
      case '--set': {
        const not = sweepOnly(a);
        if (not !== undefined) return not;
        const eq = v?.indexOf('=') ?? -1;
        if (v === undefined || eq <= 0)
          return { error: `--set needs <path>=<values> (got ${v ?? 'nothing'})` };
        const values = sweepValues(v.slice(eq + 1));
        if (!Array.isArray(values)) return values;
        sets.push({ path: v.slice(0, eq), values });
        i++;
        break;
      }
      case '--repeat':
      case '--max-repeat': {
        const not = sweepOnly(a);
        if (not !== undefined) return not;
        const n = wholeNumber(a, v, 1, 1000);
        if (typeof n !== 'number') return n;
        if (a === '--repeat') repeat = n;
        else maxRepeat = n;
        i++;
        break;
      }
      case '--until-ci-pct': {
        const not = sweepOnly(a);
        if (not !== undefined) return not;
        const n = positiveNumber(a, v);
        if (typeof n !== 'number') return n;
        untilHalfWidthPct = n;
        i++;
        break;
      }
      default:
        if (a.startsWith('-')) return { error: `unknown option ${a}` };
        files.push(a);
    }
  }
  if (files.length === 0) return { error: 'missing <graph.json>' };
  if (files.length > 1) return { error: `one graph file at a time (got ${files.join(' and ')})` };
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
  const common: RunLikeArgs = {
    file: files[0]!,
    options,
    ...(json !== undefined ? { json } : {}),
    quiet,
    virtual,
    allowCode,
    warnings,
  };
  if (command === 'run') return { command, ...common };
  if (sets.length === 0)
    return { error: 'flowbench sweep needs at least one --set <path>=<values>' };
  if (maxRepeat !== undefined && untilHalfWidthPct === undefined)
    warnings.push('--max-repeat applies only with --until-ci-pct');
  return {
    command,
    ...common,
    sets,
    repeat,
    ...(untilHalfWidthPct !== undefined ? { untilHalfWidthPct } : {}),
    ...(maxRepeat !== undefined ? { maxRepeat } : {}),
  };
}

function parseCompare(rest: readonly string[]): CompareArgs | { error: string } {
  const files: string[] = [];
  let thresholdPct = 5;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--threshold-pct') {
      const n = Number(rest[i + 1]);
      if (rest[i + 1] === undefined || !Number.isFinite(n) || n < 0)
        return { error: `--threshold-pct needs a number ≥ 0 (got ${rest[i + 1] ?? 'nothing'})` };
      thresholdPct = n;
      i++;
    } else if (a.startsWith('-')) return { error: `unknown option ${a} for compare` };
    else files.push(a);
  }
  if (files.length !== 2)
    return {
      error: `compare needs two report files, a baseline and a new one (got ${files.length})`,
    };
  return { command: 'compare', base: files[0]!, next: files[1]!, thresholdPct };
}
