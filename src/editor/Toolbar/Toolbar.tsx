/**
 * The top toolbar, one row from 1024 px up: the document (New graph,
 * Examples, and the rest in "More": import, export, share, auto layout, snap
 * to grid), run controls, undo/redo, view commands, help and status badges.
 */
import { useReactFlow } from '@xyflow/react';
import { type ReactNode, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { redo, selectReadiness, undo, useAppStore, useHistory } from '../../store/index.ts';
import { autoLayout } from '../commands.ts';
import { copyShareLink, exportFbp, exportJson, importFile, newGraphAsking } from '../documents.ts';
import { ExamplesMenu } from './ExamplesMenu.tsx';
import { MenuButton } from './MenuButton.tsx';
import { RunControls } from './RunControls.tsx';

function Group({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="tb-group" role="group" aria-label={label}>
      {children}
    </div>
  );
}

function MoreMenu({ onImport }: { onImport: () => void }) {
  const snap = useAppStore((s) => s.snapToGrid);
  return (
    <MenuButton label="More ▾" menuLabel="More commands" testId="toolbar.more">
      {(choose) => (
        <>
          <button type="button" role="menuitem" className="menu-item" onClick={choose(onImport)}>
            Import…
          </button>
          <button type="button" role="menuitem" className="menu-item" onClick={choose(exportJson)}>
            Export JSON
          </button>
          <button type="button" role="menuitem" className="menu-item" onClick={choose(exportFbp)}>
            Export FBP
            <span className="menu-item-desc">NoFlo / FBP JSON</span>
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={choose(() => void copyShareLink())}
          >
            Share link
          </button>
          <div role="separator" className="menu-sep" />
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            aria-keyshortcuts="Shift+L"
            onClick={choose(() => void autoLayout())}
          >
            Auto layout <kbd>Shift+L</kbd>
          </button>
          <button
            type="button"
            role="menuitemcheckbox"
            aria-checked={snap}
            className="menu-item"
            onClick={choose(() => useAppStore.getState().toggleSnapToGrid())}
          >
            Snap to grid {snap ? '✓' : ''}
          </button>
        </>
      )}
    </MenuButton>
  );
}

export function Toolbar({ badge }: { badge: ReactNode }) {
  const rf = useReactFlow();
  const fileInput = useRef<HTMLInputElement>(null);
  const canUndo = useHistory((h) => h.pastStates.length > 0);
  const canRedo = useHistory((h) => h.futureStates.length > 0);
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
          <button type="button" onClick={newGraphAsking}>
            New graph
          </button>
          <ExamplesMenu />
          <MoreMenu onImport={() => fileInput.current?.click()} />
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
          <button
            type="button"
            onClick={() => void rf.fitView({ padding: 0.2, maxZoom: 1.25, duration: 200 })}
            title="Shift+F"
          >
            Fit view
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
          className={`badge badge-readiness ${readiness.runnable ? 'badge-ok' : 'badge-warn'}`}
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
