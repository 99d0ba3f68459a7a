/**
 * The app store: graph, run and ui slices combined into one bound zustand
 * store. Undo/redo (zundo) tracks the graph document only: selection, dialogs
 * and panel sizes never become undo steps.
 */
import { temporal } from 'zundo';
import { create, useStore } from 'zustand';

import type { Graph } from '../graph/index.ts';
import { createBaselineSlice } from './baseline-slice.ts';
import { createGraphSlice } from './graph-slice.ts';
import { createRunSlice } from './run-slice.ts';
import type { AppState } from './types.ts';
import { createSweepSlice } from './sweep-slice.ts';
import { createUiSlice } from './ui-slice.ts';

export type { AppState } from './types.ts';
export {
  getRunHost,
  MAX_PREDICT_SEEDS,
  type Prediction,
  type PredictRepetitions,
  type ResultOrigin,
  type RunReadiness,
  type RunStatus,
  selectReadiness,
  selectRunAvailability,
  type StartOptions,
} from './run-slice.ts';
export type { Dialog, Hint, PanelSizes, ResultsTab } from './ui-slice.ts';
export { EARLIER_VERSION, type ResultsView, selectResults, type ShownResult } from './results.ts';
export type { EditOptions } from './graph-slice.ts';
export { type Sweep, type SweepSetup, type SweepStatus, sweepResultOf } from './sweep-slice.ts';
export {
  type Baseline,
  MAX_BASELINES,
  parseBaselines,
  selectBaseline,
  serializeBaselines,
} from './baseline-slice.ts';

/** Undo steps kept. */
export const HISTORY_LIMIT = 200;

export const useAppStore = create<AppState>()(
  temporal(
    (set, get, store) => ({
      ...createGraphSlice(set, get, store),
      ...createRunSlice(set, get, store),
      ...createUiSlice(set, get, store),
      ...createSweepSlice(set, get, store),
      ...createBaselineSlice(set, get, store),
    }),
    {
      partialize: (s): { graph: Graph } => ({ graph: s.graph }),
      equality: (a, b) => a.graph === b.graph,
      limit: HISTORY_LIMIT,
    },
  ),
);

// Undo and redo replace the graph without going through a slice verb: they
// are new revisions too (a result made before an undo is of another version).
useAppStore.subscribe((s, prev) => {
  if (s.graph !== prev.graph && s.graphRevision === prev.graphRevision)
    useAppStore.setState({ graphRevision: prev.graphRevision + 1 });
});

/** Undo history state (pastStates, futureStates, undo, redo, clear). */
export const historyStore = useAppStore.temporal;

/** Subscribes a component to a slice of the undo history. */
export function useHistory<T>(selector: (s: ReturnType<typeof historyStore.getState>) => T): T {
  return useStore(historyStore, selector);
}

export function undo(): void {
  historyStore.getState().undo();
}

export function redo(): void {
  historyStore.getState().redo();
}
