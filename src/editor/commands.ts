/**
 * Editing commands shared by the toolbar and the keyboard map: clipboard,
 * select all, auto layout. They read and write the store; pure graph edits
 * happen in store/graph-ops.ts.
 */
import { computeLayout } from '../graph/auto-layout.ts';
import { copySelection } from '../graph/ops.ts';
import { useAppStore } from '../store/index.ts';

/** Offset of each successive paste, px. */
const PASTE_STEP_PX = 32;

export function copySelected(): boolean {
  const s = useAppStore.getState();
  if (s.selectedNodeIds.length === 0) return false;
  const clip = copySelection(s.graph, s.selectedNodeIds);
  s.setClipboard(structuredClone(clip));
  s.showHint(`Copied ${clip.nodes.length} node${clip.nodes.length === 1 ? '' : 's'}.`);
  return true;
}

export function paste(): boolean {
  const s = useAppStore.getState();
  if (s.clipboard === null || s.clipboard.nodes.length === 0) return false;
  const n = s.bumpPasteCount();
  s.pasteNodes(s.clipboard, { x: PASTE_STEP_PX * n, y: PASTE_STEP_PX * n });
  return true;
}

export function duplicateSelected(): boolean {
  const s = useAppStore.getState();
  if (s.selectedNodeIds.length === 0) return false;
  s.pasteNodes(copySelection(s.graph, s.selectedNodeIds), { x: PASTE_STEP_PX, y: PASTE_STEP_PX });
  return true;
}

export function selectAll(): void {
  const s = useAppStore.getState();
  s.select(
    s.graph.nodes.map((n) => n.id),
    s.graph.edges.map((e) => e.id),
  );
}

export function clearSelection(): void {
  useAppStore.getState().select([], []);
}

let layoutRunning = false;

/** Lays the graph out left to right (elkjs) as one undo step, then fits the view. */
export async function autoLayout(): Promise<void> {
  if (layoutRunning) return;
  layoutRunning = true;
  try {
    const before = useAppStore.getState();
    const positions = await computeLayout(before.graph, before.measured);
    const s = useAppStore.getState();
    // The graph may have changed while elk worked: apply only to nodes still there.
    s.moveNodes(positions);
    s.requestFitView();
  } catch (err) {
    useAppStore.getState().showHint(`Auto layout failed: ${String(err)}`, 'error');
  } finally {
    layoutRunning = false;
  }
}
