/**
 * Document actions: open (from a file, link, example, autosave or the test
 * API), import, export, share, autosave and restore. The I/O itself (parsing,
 * validation, formats, hashes) lives in src/io; this module applies results
 * to the store and talks to the browser (downloads, clipboard, location).
 */
import { type Graph, type GraphIssue, parseGraph } from '../graph/index.ts';
import { createAutosave } from '../io/autosave.ts';
import { functionCode, loadApprovals, saveApprovals, unapprovedCode } from '../io/consent.ts';
import { downloadText } from '../io/download.ts';
import { exportGraphJson, graphFileName } from '../io/export.ts';
import { graphToFbp } from '../io/fbp/index.ts';
import { type ImportResult, importGraphText } from '../io/import.ts';
import { decodeShareHash, shareUrl } from '../io/share.ts';
import { emptyGraph, placeMissingPositions } from '../graph/ops.ts';
import { historyStore, parseBaselines, serializeBaselines, useAppStore } from '../store/index.ts';

/**
 * Where a graph came from. Code in graphs the app ships or the test API loads
 * is approved on open; code from a file or a link runs only once the person
 * approves it; an autosaved graph keeps the approvals saved with it.
 */
export type DocumentSource = 'file' | 'link' | 'example' | 'autosave' | 'new' | 'api';

const TRUSTED_SOURCES: ReadonlySet<DocumentSource> = new Set(['example', 'new', 'api']);

/** The example opened on first visit (no autosave, no share link). */
export const FIRST_EXAMPLE = 'linear-pipeline.json';

/** localStorage keys besides the autosaved graph itself (which src/io owns). */
const UNSAVED_KEY = 'flowbench.unsavedChanges';
/** Baselines by graph name (see store/baseline-slice.ts). */
const BASELINES_KEY = 'flowbench.baselines';
const AUTOSAVE_DELAY_MS = 300;

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled (privacy mode, sandboxed frame)
  }
}

/** Whether the open graph differs from the one last opened, created or exported. */
export function hasUnsavedChanges(): boolean {
  const s = useAppStore.getState();
  return s.savedGraph !== s.graph && s.graph.nodes.length > 0;
}

/**
 * Opens a valid graph: one undo step (undo returns to the previous graph),
 * positions filled in for nodes without one, approval asked for code from a
 * file or a link that was not approved before, view fitted.
 */
export function openGraph(
  graph: Graph,
  source: DocumentSource,
  info: { warnings?: GraphIssue[]; notes?: string[] } = {},
): void {
  const g = placeMissingPositions(graph);
  const s = useAppStore.getState();
  s.replaceGraph(g);
  s.markSaved(g);
  if (TRUSTED_SOURCES.has(source)) {
    s.approveCode(functionCode(g).map((f) => f.digest));
  } else if (source !== 'autosave') {
    const unapproved = unapprovedCode(g, s.approvedCode);
    if (unapproved.length > 0) s.openDialog({ type: 'consent', functions: unapproved });
  }
  s.requestFitView();
  const extras = [
    ...(info.notes ?? []),
    ...(info.warnings !== undefined && info.warnings.length > 0
      ? [`${info.warnings.length} warning${info.warnings.length === 1 ? '' : 's'} (see Inspector)`]
      : []),
  ];
  if (source !== 'autosave') {
    s.showHint(`Opened “${g.name}”${extras.length > 0 ? `: ${extras.join('; ')}` : ''}`);
  }
}

/** Starts an empty graph (undoable). */
export function newGraph(): void {
  openGraph(emptyGraph(), 'new');
}

/** New graph, asking first when the open graph has unsaved changes. */
export function newGraphAsking(): void {
  if (hasUnsavedChanges())
    useAppStore.getState().openDialog({ type: 'confirm-discard', next: { type: 'new' } });
  else newGraph();
}

/** Opens an example, asking first when the open graph has unsaved changes. */
export function openExampleAsking(ex: Pick<ExampleEntry, 'file' | 'name'>): void {
  if (hasUnsavedChanges()) {
    useAppStore.getState().openDialog({
      type: 'confirm-discard',
      next: { type: 'example', file: ex.file, name: ex.name },
    });
  } else void openExample(ex.file);
}

/**
 * Imports document text (Flowbench or NoFlo/FBP JSON). When invalid, shows
 * the errors with their paths and leaves the open graph untouched.
 * @returns whether the graph was opened.
 */
export function importText(text: string, name: string): boolean {
  const r = importGraphText(text);
  if (!r.ok) {
    useAppStore.getState().openDialog({
      type: 'import-errors',
      title: `Could not import ${name}`,
      subject: 'The file',
      errors: r.errors,
    });
    return false;
  }
  openGraph(r.graph, 'file', {
    warnings: r.warnings,
    notes: r.format === 'fbp' ? ['imported from NoFlo/FBP JSON', ...r.notes] : r.notes,
  });
  return true;
}

export async function importFile(file: File): Promise<boolean> {
  let text: string;
  try {
    text = await file.text();
  } catch (err) {
    useAppStore.getState().openDialog({
      type: 'import-errors',
      title: `Could not import ${file.name}`,
      errors: [{ path: '', message: `could not be read: ${String(err)}` }],
    });
    return false;
  }
  return importText(text, file.name);
}

/** Loads a graph through the test API: validated like a file, but trusted unless `external`. */
export function loadGraphValue(
  doc: unknown,
  external = false,
): { ok: true; warnings: GraphIssue[] } | { ok: false; errors: GraphIssue[] } {
  const r = typeof doc === 'string' ? importGraphText(doc) : parseGraph(doc);
  if (!r.ok) return { ok: false, errors: r.errors };
  openGraph(r.graph, external ? 'file' : 'api');
  return { ok: true, warnings: r.warnings };
}

/** Downloads the graph as a Flowbench JSON file (pretty, stable key order). */
export function exportJson(): void {
  const s = useAppStore.getState();
  downloadText(exportGraphJson(s.graph), graphFileName(s.graph));
  s.markSaved(s.graph);
}

/** Downloads the graph as NoFlo/FBP JSON. */
export function exportFbp(): void {
  const g = useAppStore.getState().graph;
  downloadText(
    `${JSON.stringify(graphToFbp(g), null, 2)}\n`,
    graphFileName(g).replace(/\.flowbench\.json$/, '.fbp.json'),
  );
}

/** Copies a link whose hash carries the compressed graph, and shows it. */
export async function copyShareLink(): Promise<void> {
  const s = useAppStore.getState();
  const url = shareUrl(location.href, s.graph);
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    // No clipboard permission: the dialog shows the link to copy by hand.
  }
  s.openDialog({ type: 'share', url, copied });
}

/** Loads one of public/examples by file name. */
export async function openExample(file: string): Promise<boolean> {
  try {
    const res = await fetch(`examples/${encodeURIComponent(file)}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const r = importGraphText(await res.text());
    if (!r.ok) {
      useAppStore.getState().openDialog({
        type: 'import-errors',
        title: `Example ${file} is invalid`,
        errors: r.errors,
      });
      return false;
    }
    openGraph(r.graph, 'example', { notes: r.notes });
    return true;
  } catch (err) {
    useAppStore.getState().showHint(`Could not load example ${file}: ${String(err)}`, 'error');
    return false;
  }
}

export interface ExampleEntry {
  file: string;
  name: string;
  description: string;
}

export async function listExamples(): Promise<ExampleEntry[]> {
  const res = await fetch('examples/index.json');
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json()) as { examples?: ExampleEntry[] };
  return body.examples ?? [];
}

function clearHash(): void {
  history.replaceState(null, '', `${location.pathname}${location.search}`);
}

/** A link as a person can recognise it in a sentence: its start and its length. */
export function describeLink(href: string): string {
  const shown = href.length > 60 ? `${href.slice(0, 60)}…` : href;
  return `${shown} (${href.length.toLocaleString('en')} characters)`;
}

/**
 * Opens the graph a share link carried (decoded once, by the caller), asking
 * first when the open graph has unsaved changes. A damaged or too large link
 * opens nothing and says so in a dialog that names it; the open graph stays.
 */
function openShared(r: ImportResult, href: string): void {
  clearHash();
  const s = useAppStore.getState();
  if (!r.ok) {
    s.openDialog({
      type: 'import-errors',
      title: 'Could not open the shared link',
      subject: `The link ${describeLink(href)}`,
      errors: r.errors,
    });
    return;
  }
  if (hasUnsavedChanges() && exportGraphJson(s.graph) !== exportGraphJson(r.graph)) {
    s.openDialog({ type: 'confirm-share', graph: r.graph, warnings: r.warnings });
  } else openGraph(r.graph, 'link', { warnings: r.warnings, notes: r.notes });
}

/** Opens the graph carried by a share-link hash; hashes that carry no graph are ignored. */
export function openShareHash(hash: string, href: string = location.href): void {
  const r = decodeShareHash(hash);
  if (r !== undefined) openShared(r, href);
}

let started = false;
let ready = false;

/** Whether the first document has been opened (see startDocuments). */
export function documentsReady(): boolean {
  return ready;
}

/**
 * Restores the document on startup (autosave, else the first example), then
 * opens a share link if the URL carries one, and keeps autosaving.
 * Idempotent (React StrictMode runs effects twice in development).
 */
export async function startDocuments(): Promise<void> {
  if (started) return;
  started = true;
  const store = storage();
  const autosave = store === undefined ? undefined : createAutosave(store);
  const s = useAppStore.getState();
  if (store !== undefined) {
    s.approveCode([...loadApprovals(store)]);
    s.setBaselines(parseBaselines(store.getItem(BASELINES_KEY)));
  }
  const restored = autosave?.load()?.graph;
  // Decoded once: a hostile link must not cost its (bounded) decoding twice.
  const shared = decodeShareHash(location.hash);
  const sharedHref = location.href;
  if (restored !== undefined) {
    openGraph(restored, 'autosave');
    const unsaved = store?.getItem(UNSAVED_KEY) === '1';
    s.markSaved(unsaved ? null : useAppStore.getState().graph);
  } else if (shared === undefined) {
    await openExample(FIRST_EXAMPLE);
  }
  if (shared !== undefined) openShared(shared, sharedHref);
  // Opening the first document is not an undo step.
  historyStore.getState().clear();
  s.clearHint();
  ready = true;

  if (autosave === undefined || store === undefined) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const st = useAppStore.getState();
    const r = autosave.save(st.graph);
    if (!r.ok) st.showHint(`Autosave failed: ${r.message}`, 'error');
    try {
      store.setItem(UNSAVED_KEY, hasUnsavedChanges() ? '1' : '0');
      saveApprovals(store, st.approvedCode);
    } catch {
      // Quota: the graph save above already reported it.
    }
  };
  useAppStore.subscribe((st, prev) => {
    if (st.baselines !== prev.baselines) {
      try {
        store.setItem(BASELINES_KEY, serializeBaselines(st.baselines));
      } catch {
        st.showHint(
          'The baseline could not be kept for the next visit (browser storage is full); it stays until the page is closed.',
          'error',
        );
      }
    }
    if (
      st.graph !== prev.graph ||
      st.savedGraph !== prev.savedGraph ||
      st.approvedCode !== prev.approvedCode
    ) {
      clearTimeout(timer);
      timer = setTimeout(flush, AUTOSAVE_DELAY_MS);
    }
  });
  addEventListener('pagehide', () => timer !== undefined && flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && timer !== undefined) flush();
  });
  addEventListener('hashchange', () => openShareHash(location.hash));
  flush();
}
