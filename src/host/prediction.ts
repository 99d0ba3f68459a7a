/**
 * Predictions (virtual-time runs, `simulate`) in a worker thread, under a
 * watchdog: the worker beats while it simulates; a kernel that never returns
 * (an endless user function) stops the beats, and the host ends the
 * prediction with a sentence naming the nodes that can stall, instead of
 * hanging. The same protocol serves the browser (a Web Worker) and the CLI
 * (a Node worker thread).
 *
 * Protocol: in `{ type: 'predict', graph, options }`; out any number of
 * `{ type: 'beat' }`, then `{ type: 'report', report }` | `{ type: 'error', error }`.
 *
 * No DOM and no Node imports: the worker is injected.
 */
import { type Graph, kindDef } from '../graph/model.ts';
import type { RunReport } from '../metrics/report.ts';
import { type SimulateOptions, simulate } from './virtual.ts';

export type PredictOptions = Omit<SimulateOptions, 'beat'>;
export type PredictRequest = { type: 'predict'; graph: Graph; options: PredictOptions };
export type PredictReply =
  { type: 'beat' } | { type: 'report'; report: RunReport } | { type: 'error'; error: string };

/** A worker beats at most this often (ms of wall time). */
const BEAT_EVERY_MS = 100;

/** Worker side: runs one prediction, beating while it goes, and posts the outcome. */
export function servePrediction(req: PredictRequest, post: (m: PredictReply) => void): void {
  let last = performance.now();
  const beat = () => {
    const now = performance.now();
    if (now - last < BEAT_EVERY_MS) return;
    last = now;
    post({ type: 'beat' });
  };
  post({ type: 'beat' }); // started
  try {
    post({ type: 'report', report: simulate(req.graph, { ...req.options, beat }) });
  } catch (err) {
    post({ type: 'error', error: err instanceof Error ? err.message : String(err) });
  }
}

/** How often the host checks on a prediction worker (ms). */
const TICK_MS = 100;
/** A check this much later than due means this thread was blocked (ms): that time is not silence. */
const BLOCKED_MS = 400;

/** One prediction worker, as an environment starts it. */
export interface PredictWorker {
  post(req: PredictRequest): void;
  /** Messages from the worker. */
  onMessage(fn: (m: PredictReply) => void): void;
  /** The worker failed to load, crashed or exited: a sentence saying how. */
  onFailure(fn: (message: string) => void): void;
  terminate(): void;
}

export interface PredictLimits {
  /**
   * No beat for this long ends the prediction (ms). Default 2000. Time in
   * which the calling thread was itself blocked (a check ran over 400 ms
   * late) does not count, for this and for `startMs`.
   */
  watchdogMs?: number;
  /** The worker must start (its first beat) within this (ms). Default 5000. */
  startMs?: number;
  /** A prediction that takes longer than this is stopped (ms). Default 60000. */
  timeoutMs?: number;
  /** Aborting stops the worker at once; the outcome is an error "cancelled". */
  signal?: AbortSignal;
}

export type PredictOutcome = { ok: true; report: RunReport } | { ok: false; error: string };

/** Nodes a watchdog names when a worker stops: the kinds that can stall a loop. */
export function stallSuspects(graph: Graph): string {
  const names = graph.nodes
    .filter((n) => kindDef(n.kind).mayStall === true)
    .map((n) => `"${n.label ?? n.id}" (${n.kind})`);
  return names.length > 0
    ? `a node may loop forever: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`
    : 'a node may loop forever';
}

/**
 * Runs `simulate(graph, options)` in a worker from `spawn`, under the
 * watchdog and the time limit. Never rejects; the worker is always terminated.
 */
export function predictInWorker(
  graph: Graph,
  options: PredictOptions,
  spawn: () => PredictWorker,
  limits: PredictLimits = {},
): Promise<PredictOutcome> {
  const watchdogMs = limits.watchdogMs ?? 2000;
  const timeoutMs = limits.timeoutMs ?? 60_000;
  const startMs = limits.startMs ?? 5000;
  return new Promise<PredictOutcome>((resolve) => {
    let worker: PredictWorker | undefined;
    let done = false;
    let beaten = false;
    let lastBeat = Date.now();
    const started = lastBeat;
    // The start and watchdog clocks count only time this thread could hear the
    // worker: a long task here (an axe scan, a big render) queues the beats
    // behind it, and the first tick after it must not read them as silence.
    let heardFrom = lastBeat;
    let lastTick = lastBeat;
    const end = (outcome: PredictOutcome) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      limits.signal?.removeEventListener('abort', cancel);
      worker?.terminate();
      resolve(outcome);
    };
    const cancel = () => end({ ok: false, error: 'cancelled' });
    const timer = setInterval(() => {
      const now = Date.now();
      const late = now - lastTick - TICK_MS;
      lastTick = now;
      if (late > BLOCKED_MS) {
        heardFrom += late;
        lastBeat += late;
        return; // let the messages queued meanwhile arrive before judging
      }
      if (!beaten) {
        if (now - heardFrom > startMs)
          end({
            ok: false,
            error: `the prediction worker did not start within ${startMs / 1000} s: its script did not load or run; on a web site, check that it serves its worker scripts (assets/*.js) and that the browser allows module workers`,
          });
      } else if (now - lastBeat > watchdogMs) {
        end({
          ok: false,
          error: `the prediction stopped responding (no progress for ${((now - lastBeat) / 1000).toFixed(1)} s) and was stopped; ${stallSuspects(graph)}`,
        });
      } else if (now - started > timeoutMs) {
        end({
          ok: false,
          error: `the prediction took longer than ${timeoutMs / 1000} s and was stopped (a very large graph or a long duration)`,
        });
      }
    }, TICK_MS);
    if (limits.signal?.aborted === true) return cancel();
    limits.signal?.addEventListener('abort', cancel);
    try {
      worker = spawn();
      worker.onMessage((m) => {
        lastBeat = Date.now();
        beaten = true;
        if (m.type === 'report') end({ ok: true, report: m.report });
        else if (m.type === 'error') end({ ok: false, error: m.error });
      });
      worker.onFailure((message) => end({ ok: false, error: message }));
      worker.post({ type: 'predict', graph, options });
    } catch (err) {
      end({ ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
