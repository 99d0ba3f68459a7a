/** The top toolbar: documents, undo/redo, view commands, help and status badges. */
import { useReactFlow } from '@xyflow/react';
import { type ReactNode, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { redo, selectReadiness, undo, useAppStore, useHistory } from '../../store/index.ts';
import { autoLayout } from '../commands.ts';
import { copyShareLink, exportFbp, exportJson, importFile, newGraph } from '../documents.ts';
import { ExamplesMenu } from './ExamplesMenu.tsx';
import { RunControls } from './RunControls.tsx';

function Group({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="tb-group" role="group" aria-label={label}>
      {children}
    </div>
  );
}

export function Toolbar({ badge }: { badge: ReactNode }) {
  const rf = useReactFlow();
  const fileInput = useRef<HTMLInputElement>(null);
  const canUndo = useHistory((h) => h.pastStates.length > 0);
  const canRedo = useHistory((h) => h.futureStates.length > 0);
  const snap = useAppStore((s) => s.snapToGrid);
  const name = useAppStore((s) => s.graph.name);
  const unsaved = useAppStore((s) => s.savedGraph !== s.graph);
  const readiness = useAppStore(useShallow(selectReadiness));
  return (
    <header className="toolbar" role="banner">
      <h1 className="brand">Flowbench</h1>
      <span className="doc-name" title={name} data-testid="toolbar.name">
        {name}
        {unsaved && (
          <span className="unsaved" title="Unsaved changes (autosaved in this browser)">
            {' '}
            •
          </span>
        )}
      </span>
      <div role="toolbar" aria-label="Editor" className="tb">
        <Group label="Document">
          <button type="button" onClick={newGraph}>
            New graph
          </button>
          <ExamplesMenu />
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            aria-label="Import file"
            data-testid="toolbar.import-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f !== undefined) void importFile(f);
            }}
          />
          <button type="button" onClick={exportJson}>
            Export JSON
          </button>
          <button type="button" onClick={exportFbp} title="NoFlo / FBP JSON">
            Export FBP
          </button>
          <button type="button" onClick={() => void copyShareLink()}>
            Share link
          </button>
        </Group>
        <RunControls />
        <Group label="History">
          <button type="button" onClick={undo} disabled={!canUndo} title="Ctrl/⌘+Z">
            Undo
          </button>
          <button type="button" onClick={redo} disabled={!canRedo} title="Ctrl/⌘+Shift+Z">
            Redo
          </button>
        </Group>
        <Group label="View">
          <button type="button" onClick={() => void autoLayout()} title="Shift+L">
            Auto layout
          </button>
          <button
            type="button"
            onClick={() => void rf.fitView({ padding: 0.2, maxZoom: 1.25, duration: 200 })}
            title="Shift+F"
          >
            Fit view
          </button>
          <button
            type="button"
            aria-pressed={snap}
            onClick={() => useAppStore.getState().toggleSnapToGrid()}
          >
            Snap to grid
          </button>
          <button
            type="button"
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            onClick={() => useAppStore.getState().openDialog({ type: 'shortcuts' })}
          >
            ?
          </button>
        </Group>
      </div>
      <div className="tb-status">
        <span
          className={`badge ${readiness.runnable ? 'badge-ok' : 'badge-warn'}`}
          role="status"
          aria-label="Run readiness"
          title={readiness.reason ?? 'The graph is valid and can run.'}
          data-testid="toolbar.readiness"
          data-runnable={readiness.runnable ? 'true' : 'false'}
        >
          {readiness.runnable ? 'Runnable' : 'Not runnable'}
        </span>
        {badge}
      </div>
    </header>
  );
}
