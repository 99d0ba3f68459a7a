/**
 * UI slice: selection, canvas transient state (measured
 * sizes), clipboard, panels, dialogs and hints. None of it is undoable and
 * none of it is part of the graph document.
 */
import type { StateCreator } from 'zustand';

import type { Graph, GraphIssue } from '../graph/index.ts';
import type { Clipboard } from '../graph/ops.ts';
import type { FunctionCode } from '../io/consent.ts';
import type { AppState } from './types.ts';

export interface PanelSizes {
  /** Widths and height in CSS pixels. */
  paletteWidthPx: number;
  inspectorWidthPx: number;
  chartsHeightPx: number;
  /** The palette shows icons only (a narrow rail). */
  paletteCollapsed: boolean;
  /** The inspector is hidden. */
  inspectorCollapsed: boolean;
  /** The results panel covers the canvas and the side panels. */
  resultsMaximised: boolean;
}

/** The tabs of the results panel. */
export type ResultsTab = 'charts' | 'report' | 'sweep';

/** Below this window width the palette starts as a rail and the inspector narrower. */
export const NARROW_WINDOW_PX = 1200;

function initialPanels(): PanelSizes {
  const narrow = typeof window !== 'undefined' && window.innerWidth < NARROW_WINDOW_PX;
  return {
    paletteWidthPx: narrow ? 180 : 220,
    inspectorWidthPx: narrow ? 264 : 300,
    chartsHeightPx: 120,
    paletteCollapsed: narrow,
    inspectorCollapsed: false,
    resultsMaximised: false,
  };
}

export type Dialog =
  | { type: 'shortcuts' }
  | {
      type: 'import-errors';
      title: string;
      errors: GraphIssue[];
      /** What was not opened, as the person knows it ("The file", "The link …#g=N4Ig… (380,112 characters)"). */
      subject?: string;
    }
  | { type: 'consent'; functions: FunctionCode[] }
  | { type: 'confirm-share'; graph: Graph; warnings: GraphIssue[] }
  | { type: 'share'; url: string; copied: boolean }
  | {
      type: 'sweep';
      /** The parameter path (`nodes.<id>.params.<name>`, `edges.<id>.capacity`, `run.<name>`). */
      path: string;
      /** The field as the person knows it: "Batch size (msg) of Batcher". */
      label: string;
      /** Its value now. */
      current: unknown;
    }
  | {
      type: 'confirm-discard';
      /** What would replace the open graph: a new empty graph or an example. */
      next: { type: 'new' } | { type: 'example'; file: string; name: string };
    };

export interface Hint {
  message: string;
  tone: 'info' | 'error';
  /** Increases with every hint, so the same message shown twice restarts its timer. */
  seq: number;
}

export interface UiSlice {
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  /** Sizes React Flow measured, per node id (px). */
  measured: Readonly<Record<string, { width: number; height: number }>>;
  clipboard: Clipboard | null;
  pasteCount: number;
  snapToGrid: boolean;
  panels: PanelSizes;
  resultsTab: ResultsTab;
  dialog: Dialog | null;
  hint: Hint | null;
  /** The graph as last loaded, exported or created: differs from `graph` when there are unsaved changes. */
  savedGraph: Graph | null;
  /** Incremented to ask the canvas to fit the view (after a load). */
  fitViewSeq: number;

  select: (nodeIds: string[], edgeIds: string[]) => void;
  setMeasured: (m: Readonly<Record<string, { width: number; height: number }>>) => void;
  setClipboard: (c: Clipboard) => void;
  bumpPasteCount: () => number;
  toggleSnapToGrid: () => void;
  setPanels: (p: Partial<PanelSizes>) => void;
  setResultsTab: (tab: ResultsTab) => void;
  /** Maximises the results panel over the canvas and side panels, or restores it. */
  toggleResultsMaximised: () => void;
  openDialog: (d: Dialog) => void;
  closeDialog: () => void;
  showHint: (message: string, tone?: Hint['tone']) => void;
  clearHint: () => void;
  markSaved: (graph: Graph | null) => void;
  requestFitView: () => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  selectedNodeIds: [],
  selectedEdgeIds: [],
  measured: {},
  clipboard: null,
  pasteCount: 0,
  snapToGrid: true,
  panels: initialPanels(),
  resultsTab: 'charts',
  dialog: null,
  hint: null,
  savedGraph: null,
  fitViewSeq: 0,

  select: (selectedNodeIds, selectedEdgeIds) => set({ selectedNodeIds, selectedEdgeIds }),
  setMeasured: (measured) => set({ measured }),
  setClipboard: (clipboard) => set({ clipboard, pasteCount: 0 }),
  bumpPasteCount: () => {
    const n = get().pasteCount + 1;
    set({ pasteCount: n });
    return n;
  },
  toggleSnapToGrid: () => set((s) => ({ snapToGrid: !s.snapToGrid })),
  setPanels: (p) => set((s) => ({ panels: { ...s.panels, ...p } })),
  setResultsTab: (resultsTab) => set({ resultsTab }),
  toggleResultsMaximised: () =>
    set((s) => ({ panels: { ...s.panels, resultsMaximised: !s.panels.resultsMaximised } })),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  showHint: (message, tone = 'info') =>
    set((s) => ({ hint: { message, tone, seq: (s.hint?.seq ?? 0) + 1 } })),
  clearHint: () => set({ hint: null }),
  markSaved: (savedGraph) => set({ savedGraph }),
  requestFitView: () => set((s) => ({ fitViewSeq: s.fitViewSeq + 1 })),
});
