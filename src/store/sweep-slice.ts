/**
 * Sweep slice: one parameter of the open graph run (or predicted) once per
 * value, N seeds per point, with progress, Cancel and the points finished so
 * far. Predictions run in prediction workers, a few at a time (one per core
 * but one); real runs go one at a time through the run host. The store hears
 * of finished points at most 4 times a second, so a fast sweep does not
 * re-render the charts per point.
 *
 * A sweep belongs to the graph revision it was made from (like a report);
 * opening another document cancels it and clears it.
 */
import type { StateCreator } from 'zustand';

import { parseParamPath } from '../graph/param-path.ts';
import { predictionLanes, workerPredictor } from '../host/browser-env.ts';
import {
  planSweep,
  type Repetitions,
  runSweep,
  type SweepPointResult,
  type SweepResult,
} from '../host/sweep.ts';
import { PREDICT_TIMEOUT_MS, type ResultOrigin, selectReadiness } from './run-slice.ts';
import type { AppState } from './types.ts';

/** What a person asked for in the Sweep dialog. */
export interface SweepSetup {
  /** The parameter path (`nodes.<id>.params.<name>`, `edges.<id>.capacity`, `run.<name>`). */
  path: string;
  /** The field as the person knows it: "Batch size (msg) of Batcher". */
  label: string;
  values: number[];
  /** Predictions in virtual time (fast) or real runs, one at a time. */
  mode: 'virtual' | 'real';
  reps: Repetitions;
}

export type SweepStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface Sweep {
  /** Increases with every sweep started. */
  id: number;
  setup: SweepSetup;
  status: SweepStatus;
  /** Finished points by grid index (undefined: not finished). */
  points: readonly (SweepPointResult | undefined)[];
  /** Runs done and planned (the plan grows while repeating to a half-width). */
  runsDone: number;
  runsTotal: number;
  /** Why it failed, naming the value. */
  error: string | null;
  /** The graph swept and its revision. */
  origin: ResultOrigin;
  /** Whether the graph sets any target (for "best under targets"). */
  hasTargets: boolean;
  /** Wall time so far, or in all once ended (ms). */
  tookMs: number;
}

export interface SweepSlice {
  sweep: Sweep | null;
  /**
   * Plans the sweep (every value checked against the schema first) and starts
   * it. @returns the sentence that refuses it, naming the path and value.
   */
  startSweep: (setup: SweepSetup) => { ok: true } | { ok: false; error: string };
  /** Stops the sweep; the points finished so far stay. */
  cancelSweep: () => void;
  /** Applies a value of the sweep's parameter to the open graph (one undo step). */
  applySweepValue: (value: number) => { ok: true } | { ok: false; error: string };
}

/** The finished points of a sweep as a SweepResult (grid order), for export. */
export function sweepResultOf(sweep: Sweep): SweepResult {
  return {
    params: [sweep.setup.path],
    points: sweep.points.filter((p): p is SweepPointResult => p !== undefined),
  };
}

/** Store updates from a running sweep: at most this often (ms). */
const FLUSH_MS = 250;

export const createSweepSlice: StateCreator<AppState, [], [], SweepSlice> = (set, get, store) => {
  let seq = 0;
  let abort: AbortController | null = null;

  // Results belong to a graph: opening another document ends its sweep.
  store.subscribe((next, prev) => {
    if (next.documentRevision === prev.documentRevision || next.sweep === null) return;
    abort?.abort();
    seq++;
    set({ sweep: null });
  });

  return {
    sweep: null,

    startSweep: (setup) => {
      const s = get();
      if (s.sweep?.status === 'running')
        return { ok: false, error: 'A sweep is running: cancel it first.' };
      const ready = selectReadiness(s);
      if (!ready.runnable) return { ok: false, error: ready.reason ?? 'The graph cannot run.' };
      if (setup.mode === 'real' && s.runStatus !== 'idle' && s.runStatus !== 'ended')
        return { ok: false, error: 'A run is in progress: stop it before a sweep of real runs.' };
      const graph = s.graph;
      const path = parseParamPath(setup.path, graph);
      if ('error' in path) return { ok: false, error: path.error };
      const plan = planSweep(graph, [{ path, values: setup.values }]);
      if (!plan.ok) return plan;

      abort?.abort();
      const controller = new AbortController();
      abort = controller;
      const id = ++seq;
      const started = performance.now();
      const repeat = Math.max(1, setup.reps.repeat);
      set({
        sweep: {
          id,
          setup,
          status: 'running',
          points: plan.points.map(() => undefined),
          runsDone: 0,
          runsTotal: plan.points.length * repeat,
          error: null,
          origin: { revision: s.graphRevision, graph },
          hasTargets: Object.keys(graph.targets ?? {}).length > 0,
          tookMs: 0,
        },
        resultsTab: 'sweep',
      });

      // Finished points and progress wait here until the next flush.
      const finished = new Map<number, SweepPointResult>();
      let progress = { done: 0, total: plan.points.length * repeat };
      let timer: ReturnType<typeof setTimeout> | null = null;
      const flush = (patch: Partial<Sweep> = {}) => {
        if (timer !== null) clearTimeout(timer);
        timer = null;
        const cur = get().sweep;
        if (cur === null || cur.id !== id) return;
        const points = finished.size === 0 ? cur.points : [...cur.points];
        for (const [i, p] of finished) (points as (SweepPointResult | undefined)[])[i] = p;
        finished.clear();
        set({
          sweep: {
            ...cur,
            points,
            runsDone: progress.done,
            runsTotal: progress.total,
            tookMs: Math.round(performance.now() - started),
            ...patch,
          },
        });
      };
      const later = () => {
        timer ??= setTimeout(() => flush(), FLUSH_MS);
      };

      const runner =
        setup.mode === 'virtual'
          ? workerPredictor({ timeoutMs: PREDICT_TIMEOUT_MS, signal: controller.signal })
          : (g: typeof graph) => get().runForSweep(g, controller.signal);
      void runSweep(
        plan.points,
        [setup.path],
        setup.reps,
        (g, seed) => runner({ ...g, run: { ...g.run, seed } }, seed),
        {
          signal: controller.signal,
          concurrency: setup.mode === 'virtual' ? predictionLanes() : 1,
          onProgress: (done, total) => {
            progress = { done, total };
            later();
          },
          onPoint: (i, p) => {
            finished.set(i, p);
            later();
          },
        },
      ).then((outcome) => {
        if (id !== seq) return;
        if (abort === controller) abort = null;
        if (outcome.ok) flush({ status: 'done' });
        else if (outcome.error === 'cancelled') flush({ status: 'cancelled' });
        else {
          flush({ status: 'failed', error: outcome.error });
          get().showHint(`The sweep stopped: ${outcome.error}`, 'error');
        }
      });
      return { ok: true };
    },

    cancelSweep: () => {
      if (get().sweep?.status === 'running') abort?.abort();
    },

    applySweepValue: (value) => {
      const s = get();
      const sweep = s.sweep;
      if (sweep === null) return { ok: false, error: 'There is no sweep.' };
      const path = parseParamPath(sweep.setup.path, s.graph);
      if ('error' in path) return { ok: false, error: path.error };
      return s.setParam(path, value);
    },
  };
};
