/**
 * `flowbench run`: read and validate a graph, refuse Function code without
 * --allow-code, check the report path, then run it (worker threads) or
 * predict it (virtual time in a worker, under a watchdog), print the table
 * and write the JSON report.
 *
 * Node only (files, worker threads).
 */
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { type Graph, type GraphIssue, MAX_DOCUMENT_CHARS, parseGraph } from '../graph/index.ts';
import {
  createNodeEnv,
  NODE_START_TIMEOUT_MS,
  spawnPredictNodeWorker,
} from '../host/node/node-env.ts';
import { predictInWorker } from '../host/prediction.ts';
import { RunController } from '../host/run-controller.ts';
import { type LimitOptions, planLimitProblems, RunRefusedError } from '../runtime/limits.ts';
import { describeCodeNodes, functionCode } from '../io/consent.ts';
import { type RunReport, runFailure } from '../metrics/report.ts';
import type { RunArgs, RunLikeArgs } from './args.ts';
import { formatReport } from './report-table.ts';
import { fmt, plain, rate } from './terminal.ts';

export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** Writes a line; graph-derived text has its control characters replaced. */
export const say = (stream: NodeJS.WritableStream, text: string): void =>
  void stream.write(`${plain(text)}\n`);

/** Reads and validates a graph file. @returns the graph and its warnings, or an exit code after saying why. */
export function loadGraphFile(
  file: string,
  io: CliIo,
): { graph: Graph; warnings: GraphIssue[] } | number {
  let text: string;
  try {
    // A file far beyond the document limit is refused before it is read into memory.
    const bytes = statSync(file).size;
    if (bytes > MAX_DOCUMENT_CHARS * 4) {
      say(
        io.err,
        `flowbench: ${file} is too large (${bytes} bytes; a graph document is at most ${MAX_DOCUMENT_CHARS} characters)`,
      );
      return 2;
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    say(io.err, `flowbench: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const parsed = parseGraph(text);
  if (!parsed.ok) {
    say(io.err, `flowbench: ${file} is not a valid graph:`);
    for (const e of parsed.errors) {
      say(io.err, `  ${e.path === '' ? '(document)' : e.path}: ${e.message}`);
      for (const line of e.excerpt?.split('\n') ?? []) say(io.err, `    ${line}`);
    }
    return 2;
  }
  return { graph: parsed.graph, warnings: parsed.warnings };
}

/** Why the report cannot be written to `file`, or undefined when it can (checked before a run). */
export function reportPathProblem(file: string): string | undefined {
  const dir = dirname(resolve(file));
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
    accessSync(dir, constants.W_OK);
  } catch {
    return `the folder ${dir} does not exist or cannot be written`;
  }
  try {
    if (statSync(file).isDirectory()) return `${file} is a folder`;
  } catch {
    // Not there yet: it will be created.
  }
  return undefined;
}

/** The sentence that refuses graph code without --allow-code, or undefined. */
export function codeRefusal(graph: Graph, allowCode: boolean): string | undefined {
  const code = functionCode(graph);
  if (allowCode || code.length === 0) return undefined;
  return (
    `this graph runs JavaScript from its Function node${code.length === 1 ? '' : 's'} ` +
    `${describeCodeNodes(code, 5)}; nothing ran. If you trust it, run again with --allow-code ` +
    '(the code then has the access of any Node program you start).'
  );
}

/** How the flags say a graph will run, for the plan limits. */
export function limitOptions(graph: Graph, args: RunLikeArgs): LimitOptions {
  return {
    mode: args.virtual ? 'virtual' : (args.options.transport ?? graph.run.transport),
    ...(args.options.workers !== undefined && !args.virtual
      ? { workers: args.options.workers }
      : {}),
    ...(args.options.durationMs !== undefined ? { durationMs: args.options.durationMs } : {}),
  };
}

/** Says why a graph is over the plan limits. @returns 2 when it is, else undefined. */
export function refuseOverLimits(
  graph: Graph,
  args: RunLikeArgs,
  io: CliIo,
  what = 'this graph',
): number | undefined {
  const problems = planLimitProblems(graph, limitOptions(graph, args));
  if (problems.length === 0) return undefined;
  say(io.err, `flowbench: ${what} is over the plan limits; nothing ran:`);
  for (const p of problems) say(io.err, `  ${p}`);
  return 2;
}

/**
 * What `run` and `sweep` check before anything runs: the graph, its code
 * (--allow-code), the plan limits, the report path, the warm-up.
 * @returns the graph, or an exit code.
 */
export function prepareRun(args: RunLikeArgs, io: CliIo): Graph | number {
  const loaded = loadGraphFile(args.file, io);
  if (typeof loaded === 'number') return loaded;
  const { graph, warnings } = loaded;
  if (!args.quiet) for (const w of warnings) say(io.err, `warning: ${w.path}: ${w.message}`);
  for (const w of args.warnings) say(io.err, `warning: ${w}`);
  const refusal = codeRefusal(graph, args.allowCode);
  if (refusal !== undefined) {
    say(io.err, `flowbench: ${refusal}`);
    return 2;
  }
  const over = refuseOverLimits(graph, args, io);
  if (over !== undefined) return over;
  if (args.json !== undefined) {
    const problem = reportPathProblem(args.json);
    if (problem !== undefined) {
      say(io.err, `flowbench: cannot write the report to ${args.json}: ${problem}; nothing ran`);
      return 2;
    }
  }
  const durationMs = args.options.durationMs ?? graph.run.durationMs;
  const warmupMs = args.options.warmupMs ?? graph.run.warmupMs;
  if (warmupMs >= durationMs) {
    say(
      io.err,
      `warning: the warm-up (${warmupMs} ms) is not shorter than the run (${durationMs} ms); warming up for ${Math.floor(durationMs / 10)} ms instead`,
    );
  }
  return graph;
}

/** What one run or prediction came to; `refused` when nothing ran (plan limits, memory). */
export type RunOutcome =
  { ok: true; report: RunReport } | { ok: false; error: string; refused?: true };

/**
 * Runs or predicts `graph` once with the flags' options (and `seed` when
 * given), printing progress unless quiet. Never rejects.
 */
export async function runOnce(
  graph: Graph,
  args: RunLikeArgs,
  io: CliIo,
  seed?: number,
): Promise<RunOutcome> {
  const { durationMs, warmupMs } = args.options;
  const s = seed ?? args.options.seed;
  if (args.virtual) {
    return predictInWorker(
      graph,
      {
        ...(durationMs !== undefined ? { durationMs } : {}),
        ...(warmupMs !== undefined ? { warmupMs } : {}),
        ...(s !== undefined ? { seed: s } : {}),
      },
      spawnPredictNodeWorker,
      { startMs: NODE_START_TIMEOUT_MS },
    );
  }
  let controller: RunController;
  try {
    controller = new RunController(graph, createNodeEnv(), {
      ...args.options,
      ...(s !== undefined ? { seed: s } : {}),
      ...(args.quiet
        ? {}
        : {
            onProgress: (p) =>
              say(
                io.err,
                `  ${fmt(p.elapsedMs / 1000, 1)}/${fmt(p.durationMs / 1000, 1)} s ${p.phase}: ${rate(p.sinkRate)} msg/s at sinks, ${p.sunk} sunk`,
              ),
          }),
    });
  } catch (err) {
    // Refused before anything started: a plan limit, a message too large for
    // its ring, or shared memory the machine would not give.
    if (err instanceof RunRefusedError)
      return { ok: false, error: err.problems.join('\n'), refused: true };
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const onSignal = () => controller.stop();
  process.once('SIGINT', onSignal);
  const report = await controller.run();
  process.off('SIGINT', onSignal);
  return { ok: true, report };
}

/** Writes a JSON document for --json. @returns false (after saying why) when it could not. */
export function writeJson(file: string, value: unknown, io: CliIo, quiet: boolean): boolean {
  try {
    writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
    if (!quiet) say(io.err, `written to ${file}`);
    return true;
  } catch (e) {
    say(
      io.err,
      `flowbench: could not write ${file}: ${e instanceof Error ? e.message : String(e)}`,
    );
    return false;
  }
}

/** Runs `flowbench run …`. @returns the exit code. */
export async function runCommand(args: RunArgs, io: CliIo): Promise<number> {
  const graph = prepareRun(args, io);
  if (typeof graph === 'number') return graph;
  const outcome = await runOnce(graph, args, io);
  if (!outcome.ok) {
    if (outcome.refused === true) {
      say(io.err, 'flowbench: this run was refused before it started; nothing ran:');
      for (const line of outcome.error.split('\n')) say(io.err, `  ${line}`);
      return 2;
    }
    say(io.err, `flowbench: ${outcome.error}`);
    return 1;
  }
  return finish(outcome.report, args, io);
}

/**
 * Prints the table and writes the JSON. A run that failed (see `runFailure`:
 * an error, a deadlock, a prediction's budget spent or its time standing
 * still) also says why on stderr and exits 1.
 */
function finish(report: RunReport, args: RunArgs, io: CliIo): number {
  io.out.write(`${formatReport(report)}\n`);
  const failure = runFailure(report.run);
  if (failure !== undefined)
    say(
      io.err,
      `flowbench: ${report.run.transport === 'virtual' ? 'the prediction' : 'the run'} failed (${report.run.ended}): ${failure}`,
    );
  if (args.json !== undefined && !writeJson(args.json, report, io, args.quiet)) return 1;
  return failure !== undefined ? 1 : 0;
}
