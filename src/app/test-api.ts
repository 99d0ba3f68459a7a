/**
 * `window.__flowbench`: the typed surface end-to-end tests use to arrange and
 * assert (load a graph, read the graph back) while they drive the UI by roles
 * and names for what a person does. Installed in every build; it exposes
 * nothing a person could not do through the UI.
 *
 * @example
 * await page.evaluate((doc) => window.__flowbench!.loadGraph(doc), fixture);
 * const graph = await page.evaluate(() => window.__flowbench!.getGraph());
 */
import type { Graph, GraphIssue } from '../graph/index.ts';
import { documentsReady, loadGraphValue } from '../editor/documents.ts';
import { historyStore, type RunReadiness, selectReadiness, useAppStore } from '../store/index.ts';

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
  /*
   * Run methods (startRun, stopRun, getMetrics…) arrive with the live-run work.
   */
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
  };
}

export function installTestApi(): void {
  window.__flowbench = createTestApi();
}
