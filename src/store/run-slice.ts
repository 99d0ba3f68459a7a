/**
 * Run slice: whether the open graph may run (approved code, validation, Web Workers),
 * the coarse status of the live run (state, elapsed, error, last report) and
 * the prediction. The RunController and the sampler live in the run host
 * (run-host.ts), outside React state; this slice receives only coarse status
 * at ≤ 4 Hz, never raw samples.
 */
import type { StateCreator } from 'zustand';

import type { Graph, GraphIssue } from '../graph/index.ts';
import { describeCodeNodes, unapprovedCode } from '../io/consent.ts';
import { type RunReport, runFailure } from '../metrics/report.ts';
import { canRun, createBrowserEnv, predictionLanes, workerPredictor } from '../host/browser-env.ts';
import { type PointSummary, type Repetitions, runSweep } from '../host/sweep.ts';
import { planLimitProblems } from '../runtime/limits.ts';
import {
  RunHost,
  type RunStatus,
  type RunStatusPatch,
  type StartOptions,
} from '../host/run-host.ts';
import { applyLiveOverlay, clearLiveOverlay } from './live-store.ts';
import type { AppState } from './types.ts';

export type { RunStatus, StartOptions } from '../host/run-host.ts';

/** The graph a result (a run, its report, a prediction) was made from, and its revision. */
export interface ResultOrigin {
  revision: number;
  graph: Graph;
}

export interface Prediction {
  status: 'idle' | 'running' | 'done' | 'error';
  report: RunReport | null;
  /** The graph the prediction simulated (set with `report`). */
  origin: ResultOrigin | null;
  error: string | null;
  /** Wall time the simulation took (ms). */
  tookMs: number;
  /**
   * With more than one seed: every seed's report (in seed order; `report` is
   * the first, of the graph's own seed) and their mean ± 95 % interval.
   */
  repetitions: { reports: RunReport[]; summary: PointSummary } | null;
  /** Seeds predicted and planned so far, while running with more than one. */
  progress: { done: number; total: number } | null;
}

/** How many seeds a prediction runs: a number, or until the 95 % interval is narrow enough. */
export interface PredictRepetitions {
  /** Seeds (at least 1). */
  repeat: number;
  /** Keep adding seeds until the half-width of throughput and p95 is under this % of the mean. */
  untilHalfWidthPct: number | null;
}

/** The outcome of one real run made for a sweep point. */
export type SweepRunOutcome = { ok: true; report: RunReport } | { ok: false; error: string };

const IDLE_PREDICTION: Prediction = {
  status: 'idle',
  report: null,
  origin: null,
  error: null,
  tookMs: 0,
  repetitions: null,
  progress: null,
};

/** Most seeds a prediction repeated to a half-width may take. */
export const MAX_PREDICT_SEEDS = 30;

export interface RunSlice {
  /**
   * SHA-256 digests of the exact user code the person approved (or wrote, or
   * that came with the app). Code whose digest is missing never runs.
   */
  approvedCode: ReadonlySet<string>;
  /** Result of the last full validation of the open graph. */
  validation: { errors: GraphIssue[]; warnings: GraphIssue[] };
  runStatus: RunStatus;
  /** Active run time so far (ms, pauses excluded), updated a few times a second. */
  runElapsedMs: number;
  runDurationMs: number;
  /** Why the last run failed (watchdog, deadlock, worker error), or null. */
  runError: string | null;
  lastReport: RunReport | null;
  /** The graph the last report was measured on. */
  lastReportOrigin: ResultOrigin | null;
  /** The graph the current or last run was started from. */
  runOrigin: ResultOrigin | null;
  /** Coarse live headline values (≤ 4 Hz), null when no run is live. */
  runLive: RunStatusPatch['runLive'];
  prediction: Prediction;
  /** Seeds per prediction (the Predict button). */
  predictReps: PredictRepetitions;
  setPredictReps: (reps: PredictRepetitions) => void;
  /** Records approval of exact code texts (their digests). */
  approveCode: (digests: readonly string[]) => void;
  setValidation: (v: { errors: GraphIssue[]; warnings: GraphIssue[] }) => void;
  /** Starts the open graph. @returns why not, when it cannot start. */
  startRun: (options?: StartOptions) => { ok: true } | { ok: false; reason: string };
  pauseRun: () => void;
  resumeRun: () => void;
  /** Stops the run; the status reads "stopping" at once. */
  stopRun: () => void;
  /** Forwards params to the live run (no-op without one). @returns an error sentence. */
  setLiveParams: (nodeId: string, params: unknown) => string | undefined;
  /**
   * Simulates the open graph in virtual time (a worker); resolves with the
   * report, or null when it could not (not runnable: the reason is shown).
   */
  predict: () => Promise<RunReport | null>;
  /**
   * Runs `graph` for real as one point of a sweep: the run host shows it live,
   * but its report is the sweep's, not the document's last report. A run the
   * person stops, or `signal` aborting, ends it as "cancelled".
   */
  runForSweep: (graph: Graph, signal: AbortSignal) => Promise<SweepRunOutcome>;
}

/** A prediction that takes longer than this is abandoned (the worker is terminated). */
export const PREDICT_TIMEOUT_MS = 60_000;

let host: RunHost | null = null;

/** The run host (live controller, sampler subscriptions). Created with the store. */
export function getRunHost(): RunHost {
  if (host === null) throw new Error('the run host is created with the store');
  return host;
}

interface MemoryInfo {
  usedJSHeapSize?: number;
}

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set, get, store) => {
  const runHost = new RunHost({
    createEnv: createBrowserEnv,
    canRun,
    onStatus: (patch) => {
      if (patch.lastReport === undefined) return set(patch);
      // A sweep's run reports to the sweep; the document's last report stays.
      if (sweepRunning) {
        const { lastReport: _sweepReport, ...rest } = patch;
        return set(rest);
      }
      const origin = patch.lastReport === null ? null : get().runOrigin;
      // Open the Report tab only for a report of the open document: a run of
      // the previous one, stopped by the switch, ends after it and must not
      // flip the tab away from what the person is looking at.
      const ofThisDocument = origin !== null && origin.revision >= get().documentRevision;
      set({
        ...patch,
        lastReportOrigin: origin,
        ...(ofThisDocument ? { resultsTab: 'report' as const } : {}),
      });
    },
    hint: (message, tone) => get().showHint(message, tone),
    now: () => performance.now(),
    heapBytes: () =>
      (globalThis.performance as (Performance & { memory?: MemoryInfo }) | undefined)?.memory
        ?.usedJSHeapSize,
    overlay: applyLiveOverlay,
  });
  host = runHost;
  let unsubscribeGraph: (() => void) | null = null;
  let predictSeq = 0;
  let predictAbort: AbortController | null = null;
  /** The live run is a sweep point (see runForSweep). */
  let sweepRunning = false;

  // Results belong to a graph: opening another one stops its run and clears
  // the canvas overlay; reports and predictions of the previous document are
  // no longer shown (see selectResults).
  store.subscribe((next, prev) => {
    if (next.documentRevision === prev.documentRevision) return;
    if (runHost.isActive()) runHost.stop();
    clearLiveOverlay();
    predictAbort?.abort();
    predictSeq++;
    if (next.prediction.status !== 'idle') set({ prediction: IDLE_PREDICTION });
  });

  return {
    approvedCode: new Set<string>(),
    validation: { errors: [], warnings: [] },
    runStatus: 'idle',
    runElapsedMs: 0,
    runDurationMs: 0,
    runError: null,
    lastReport: null,
    lastReportOrigin: null,
    runOrigin: null,
    runLive: null,
    prediction: IDLE_PREDICTION,
    predictReps: { repeat: 1, untilHalfWidthPct: null },
    setPredictReps: (predictReps) => set({ predictReps }),
    approveCode: (digests) => {
      const current = get().approvedCode;
      if (digests.every((d) => current.has(d))) return;
      set({ approvedCode: new Set([...current, ...digests]) });
    },
    setValidation: (validation) => set({ validation }),

    startRun: (options) => {
      const s = get();
      const ready = selectReadiness(s);
      if (!ready.runnable) return { ok: false, reason: ready.reason ?? 'not runnable' };
      const r = runHost.start(s.graph, options);
      if (!r.ok) {
        set({ runError: r.reason });
        return r;
      }
      set({ runOrigin: { revision: s.graphRevision, graph: s.graph }, resultsTab: 'charts' });
      unsubscribeGraph?.();
      unsubscribeGraph = store.subscribe((next, prev) => {
        if (next.graph !== prev.graph) runHost.graphEdited(next.graph);
      });
      void r.done.then(() => {
        unsubscribeGraph?.();
        unsubscribeGraph = null;
      });
      return { ok: true };
    },
    pauseRun: () => runHost.pause(),
    resumeRun: () => runHost.resume(),
    stopRun: () => runHost.stop(),
    setLiveParams: (nodeId, params) => runHost.setParams(nodeId, params),

    predict: () => {
      // Checked at the moment of running: the graph may hold code nobody approved.
      const ready = selectReadiness(get());
      if (!ready.runnable) {
        const reason = ready.reason ?? 'not runnable';
        set({ prediction: { ...IDLE_PREDICTION, status: 'error', error: reason } });
        get().showHint(`Cannot predict: ${reason}`, 'error');
        return Promise.resolve(null);
      }
      const graph = get().graph;
      const origin: ResultOrigin = { revision: get().graphRevision, graph };
      const started = performance.now();
      const seq = ++predictSeq;
      predictAbort?.abort();
      const abort = new AbortController();
      predictAbort = abort;
      const { repeat, untilHalfWidthPct } = get().predictReps;
      const reps: Repetitions = {
        repeat,
        maxRepeat: MAX_PREDICT_SEEDS,
        ...(untilHalfWidthPct !== null ? { untilHalfWidthPct } : {}),
      };
      const several = repeat > 1 || untilHalfWidthPct !== null;
      set({
        prediction: {
          ...IDLE_PREDICTION,
          status: 'running',
          progress: several ? { done: 0, total: Math.max(repeat, 2) } : null,
        },
      });
      let shownAtMs = 0;
      return runSweep(
        [{ values: {}, graph }],
        [],
        reps,
        workerPredictor({ timeoutMs: PREDICT_TIMEOUT_MS, signal: abort.signal }),
        {
          signal: abort.signal,
          concurrency: predictionLanes(),
          // Progress at most 4 times a second.
          onProgress: (done, total) => {
            const now = performance.now();
            if (!several || seq !== predictSeq || now - shownAtMs < 250) return;
            shownAtMs = now;
            set((s) => ({ prediction: { ...s.prediction, progress: { done, total } } }));
          },
        },
      ).then((outcome) => {
        const point = outcome.ok ? outcome.result.points[0] : undefined;
        const report = point?.reports[0] ?? null;
        // A newer prediction replaced this one: its result is not shown.
        if (seq !== predictSeq) return report;
        const tookMs = Math.round(performance.now() - started);
        // A prediction that failed (deadlock, budget, stalled time, error) has no numbers to show.
        const failure =
          report !== null ? runFailure(report.run) : outcome.ok ? 'no report' : outcome.error;
        if (failure === undefined && point !== undefined && report !== null) {
          set({
            prediction: {
              ...IDLE_PREDICTION,
              status: 'done',
              report,
              origin,
              tookMs,
              repetitions: several ? { reports: point.reports, summary: point.summary } : null,
            },
            resultsTab: 'report',
          });
          return report;
        }
        const error = failure ?? 'the prediction failed';
        set({ prediction: { ...IDLE_PREDICTION, status: 'error', error, tookMs } });
        get().showHint(`Prediction failed: ${error}`, 'error');
        return null;
      });
    },

    runForSweep: (graph, signal) => {
      if (signal.aborted) return Promise.resolve({ ok: false, error: 'cancelled' });
      const r = runHost.start(graph);
      if (!r.ok) return Promise.resolve({ ok: false, error: r.reason });
      sweepRunning = true;
      set({ runOrigin: { revision: get().graphRevision, graph } });
      const stop = () => runHost.stop();
      signal.addEventListener('abort', stop);
      return r.done.then((report): SweepRunOutcome => {
        sweepRunning = false;
        signal.removeEventListener('abort', stop);
        const ended = report.run.ended;
        if (ended === 'stopped' || signal.aborted) return { ok: false, error: 'cancelled' };
        if (ended === 'error' || ended === 'deadlock')
          return { ok: false, error: report.run.error ?? `the run ended with ${ended}` };
        return { ok: true, report };
      });
    },
  };
};

export interface RunReadiness {
  runnable: boolean;
  /** Why not, in a sentence; undefined when runnable. */
  reason: string | undefined;
}

/** Whether the open graph may run. Pure selector over the store state. */
export function selectReadiness(
  s: Pick<AppState, 'approvedCode' | 'validation' | 'graph'>,
): RunReadiness {
  const unapproved = unapprovedCode(s.graph, s.approvedCode);
  if (unapproved.length > 0) {
    return {
      runnable: false,
      reason: `Function code not yet approved: ${describeCodeNodes(unapproved)}. Review it before running.`,
    };
  }
  const first = s.validation.errors[0];
  if (first !== undefined) {
    return { runnable: false, reason: `Invalid graph: ${first.path} ${first.message}`.trim() };
  }
  if (s.graph.nodes.length === 0) return { runnable: false, reason: 'The graph is empty.' };
  const over = limitProblems(s.graph);
  if (over.length > 0)
    return { runnable: false, reason: `Over the plan limits, nothing can run: ${over.join(' ')}` };
  return { runnable: true, reason: undefined };
}

const limitCache = new WeakMap<Graph, string[]>();

/**
 * The plan limits a graph exceeds whatever runs it (instances, channels,
 * workers, duration), counted once per graph document. The ring memory and
 * message sizes depend on the transport and the placement: the run checks
 * them when it starts (RunController) and its refusal is shown as an error.
 */
function limitProblems(graph: Graph): string[] {
  let problems = limitCache.get(graph);
  if (problems === undefined) {
    problems = planLimitProblems(graph, { mode: 'virtual' });
    limitCache.set(graph, problems);
  }
  return problems;
}

/**
 * Whether Run may be pressed now, and why not: the graph's readiness, then
 * whether this page can run at all (Web Workers; without cross-origin
 * isolation runs use messages, see host/browser-env.ts).
 */
export function selectRunAvailability(
  s: Pick<AppState, 'approvedCode' | 'validation' | 'graph'>,
  page: { ok: true } | { ok: false; reason: string } = canRun(),
): RunReadiness {
  const r = selectReadiness(s);
  if (!r.runnable) return r;
  return page.ok ? r : { runnable: false, reason: page.reason };
}
