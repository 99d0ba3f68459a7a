/**
 * `window.__flowbench`: the typed surface end-to-end tests use to arrange and
 * assert (load a graph, read the graph back, start and stop runs, read live
 * metrics and reports) while they drive the UI by roles
 * and names for what a person does. Installed in every build; it exposes
 * nothing a person could not do through the UI.
 *
 * @example
 * await page.evaluate((doc) => window.__flowbench!.loadGraph(doc), fixture);
 * const graph = await page.evaluate(() => window.__flowbench!.getGraph());
 */
import type { Graph, GraphIssue } from '../graph/index.ts';
import type { RunReport } from '../metrics/report.ts';
import type { LiveSample } from '../metrics/sampler.ts';
import { documentsReady, loadGraphValue } from '../editor/documents.ts';
import { BREAK_PANEL_EVENT } from './ErrorBoundary.tsx';
import {
  getRunHost,
  historyStore,
  type RunReadiness,
  type RunStatus,
  selectReadiness,
  type StartOptions,
  useAppStore,
} from '../store/index.ts';

/** What `getRunState` returns: the coarse run status the UI shows. */
export interface RunStateView {
  status: RunStatus;
  /** Active run time (ms, pauses excluded) as of the last status update (≤ 4 Hz). */
  elapsedMs: number;
  durationMs: number;
  /** Why the last run failed (watchdog, deadlock, worker error), or null. */
  error: string | null;
  /** How the last run ended, once it has. */
  ended: RunReport['run']['ended'] | null;
}

export type LoadResult = { ok: true; warnings: GraphIssue[] } | { ok: false; errors: GraphIssue[] };

export interface FlowbenchTestApi {
  /** Version of this interface; bumped on breaking changes. */
  readonly apiVersion: 1;
  /**
   * True once the first document is open (autosave, share link or the first
   * example). Arrange with `loadGraph` only after this, or the first document
   * may replace yours.
   */
  isReady(): boolean;
  /** A deep copy of the open graph document (defaults filled, as exported). */
  getGraph(): Graph;
  /**
   * Opens a graph document (a value or JSON text; Flowbench or FBP format
   * when text), validated exactly like an imported file. On errors the open
   * graph is left untouched. One undo step.
   * @param options.external treat it as coming from a file/link (Function code then needs consent).
   */
  loadGraph(doc: unknown, options?: { external?: boolean }): LoadResult;
  /** Ids of the selected nodes and edges. */
  getSelection(): { nodeIds: string[]; edgeIds: string[] };
  /** Whether the graph may run, and why not. */
  getReadiness(): RunReadiness;
  /** Number of undo and redo steps available. */
  getHistory(): { undo: number; redo: number };
  /** Whether the open graph has changes not exported since it was opened. */
  hasUnsavedChanges(): boolean;
  /**
   * Starts a run of the open graph, as the Run button does (same readiness
   * and isolation checks). Returns at once; poll `getRunState`.
   * @param options override the graph's run settings for this run only.
   * @example
   * await page.evaluate(() => window.__flowbench!.startRun({ durationMs: 3000, warmupMs: 0 }));
   */
  startRun(options?: StartOptions): { ok: true } | { ok: false; reason: string };
  /** Stops the live run (the state reads "stopping" at once, then "ended"). */
  stopRun(): void;
  getRunState(): RunStateView;
  /** The report of the last run that ended, or null. */
  getLastReport(): RunReport | null;
  /**
   * The latest values of the live (or last) run's sampler: sink msg/s and
   * latency p50/p95/p99 (ms, null when nothing was sunk in the window) over a
   * ~1 s window, per-node and per-edge values, totals and memory. Null before
   * the first sample.
   */
  getLiveSample(): LiveSample | null;
  /**
   * Simulates the open graph in virtual time (the Predict button) and
   * resolves with the predicted report, or null when it failed.
   */
  predict(): Promise<RunReport | null>;
  /** Makes a panel ("Inspector", "Canvas", …) throw while rendering, to prove its error boundary. */
  breakPanel(name: string): void;
}

declare global {
  interface Window {
    __flowbench?: FlowbenchTestApi;
  }
}

export function createTestApi(): FlowbenchTestApi {
  return {
    apiVersion: 1,
    isReady: documentsReady,
    getGraph: () => structuredClone(useAppStore.getState().graph),
    loadGraph: (doc, options) => loadGraphValue(doc, options?.external === true),
    getSelection: () => {
      const s = useAppStore.getState();
      return { nodeIds: [...s.selectedNodeIds], edgeIds: [...s.selectedEdgeIds] };
    },
    getReadiness: () => selectReadiness(useAppStore.getState()),
    getHistory: () => {
      const h = historyStore.getState();
      return { undo: h.pastStates.length, redo: h.futureStates.length };
    },
    hasUnsavedChanges: () => {
      const s = useAppStore.getState();
      return s.savedGraph !== s.graph;
    },
    startRun: (options) => useAppStore.getState().startRun(options),
    stopRun: () => useAppStore.getState().stopRun(),
    getRunState: () => {
      const s = useAppStore.getState();
      return {
        status: s.runStatus,
        elapsedMs: s.runElapsedMs,
        durationMs: s.runDurationMs,
        error: s.runError,
        ended: s.lastReport?.run.ended ?? null,
      };
    },
    getLastReport: () => structuredClone(useAppStore.getState().lastReport),
    getLiveSample: () => getRunHost().liveSample(),
    predict: () => useAppStore.getState().predict(),
    breakPanel: (name) => void dispatchEvent(new CustomEvent(BREAK_PANEL_EVENT, { detail: name })),
  };
}

export function installTestApi(): void {
  window.__flowbench = createTestApi();
}
