/** The application shell: toolbar, palette, canvas, inspector and charts regions. */
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { RESULTS_BAR_PX, ResultsPanel } from '../charts/ResultsPanel.tsx';
import { Canvas } from '../editor/Canvas/Canvas.tsx';
import { Dialogs } from '../editor/dialogs/Dialogs.tsx';
import { startDocuments } from '../editor/documents.ts';
import { HintToast } from '../editor/HintToast.tsx';
import { Inspector } from '../editor/Inspector/Inspector.tsx';
import { Palette } from '../editor/Palette/Palette.tsx';
import { Splitter } from '../editor/Splitter.tsx';
import { Toolbar } from '../editor/Toolbar/Toolbar.tsx';
import { useShortcuts } from '../editor/useShortcuts.ts';
import { startValidation } from '../editor/validation.ts';
import { sharedMemoryAvailable } from '../host/browser-env.ts';
import { useAppStore } from '../store/index.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { SiteNotices } from './SiteNotices.tsx';
import { installTestApi } from './test-api.ts';

function IsolationBadge() {
  const ok = sharedMemoryAvailable();
  return (
    <span
      className={`badge ${ok ? 'badge-ok' : 'badge-warn'}`}
      role="status"
      aria-label="Cross-origin isolation"
      data-testid="isolation"
      data-isolated={ok ? 'true' : 'false'}
      title={
        ok
          ? 'Cross-origin isolated: runs use SharedArrayBuffer ring buffers'
          : 'Not cross-origin isolated: SharedArrayBuffer is unavailable, so runs use postMessage (slower). Serve the page with the COOP/COEP headers (README, Publish) for shared memory.'
      }
    >
      {ok ? 'SAB' : 'postMessage'}
    </span>
  );
}

/** Widths of a collapsed palette (icons only) and inspector (a show button), px. */
const PALETTE_RAIL_PX = 52;
const INSPECTOR_RAIL_PX = 32;

function Shell() {
  const rf = useReactFlow();
  const panels = useAppStore(useShallow((s) => s.panels));
  const setPanels = useAppStore((s) => s.setPanels);
  const fitView = useCallback(
    () => void rf.fitView({ padding: 0.2, maxZoom: 1.25, duration: 200 }),
    [rf],
  );
  useShortcuts(fitView);
  useEffect(() => {
    installTestApi();
    const stop = startValidation();
    void startDocuments();
    return stop;
  }, []);
  const paletteCol = panels.paletteCollapsed ? PALETTE_RAIL_PX : panels.paletteWidthPx;
  const inspectorCol = panels.inspectorCollapsed ? INSPECTOR_RAIL_PX : panels.inspectorWidthPx;
  return (
    <div
      className={`app${panels.resultsMaximised ? ' results-maximised' : ''}`}
      style={{
        gridTemplateColumns: `${paletteCol}px minmax(0, 1fr) ${inspectorCol}px`,
        gridTemplateRows: `auto minmax(0, 1fr) ${panels.chartsHeightPx}px`,
      }}
    >
      <Toolbar badge={<IsolationBadge />} />
      <nav
        className={`palette panel${panels.paletteCollapsed ? ' is-collapsed' : ''}`}
        aria-label="Node palette"
      >
        <ErrorBoundary name="Palette">
          <Palette collapsed={panels.paletteCollapsed} />
        </ErrorBoundary>
        {!panels.paletteCollapsed && (
          <Splitter
            label="Resize palette"
            orientation="vertical"
            className="splitter-right"
            value={panels.paletteWidthPx}
            min={160}
            max={400}
            sign={1}
            onChange={(px) => setPanels({ paletteWidthPx: px })}
          />
        )}
      </nav>
      <main className="canvas" aria-label="Canvas">
        <ErrorBoundary name="Canvas">
          <Canvas />
        </ErrorBoundary>
        <HintToast />
      </main>
      <aside
        className={`inspector panel${panels.inspectorCollapsed ? ' is-collapsed' : ''}`}
        aria-label="Inspector"
      >
        {panels.inspectorCollapsed ? (
          <button
            type="button"
            className="rail-toggle"
            aria-label="Show inspector"
            title="Show inspector"
            aria-expanded={false}
            onClick={() => setPanels({ inspectorCollapsed: false })}
          >
            ‹
          </button>
        ) : (
          <>
            <Splitter
              label="Resize inspector"
              orientation="vertical"
              className="splitter-left"
              value={panels.inspectorWidthPx}
              min={240}
              max={520}
              sign={-1}
              onChange={(px) => setPanels({ inspectorWidthPx: px })}
            />
            <ErrorBoundary name="Inspector">
              <Inspector />
            </ErrorBoundary>
          </>
        )}
      </aside>
      <section className="charts" aria-label="Results">
        {!panels.resultsMaximised && (
          <Splitter
            label="Resize results"
            orientation="horizontal"
            className="splitter-top"
            value={panels.chartsHeightPx}
            min={RESULTS_BAR_PX}
            max={720}
            sign={-1}
            onChange={(px) => setPanels({ chartsHeightPx: px })}
          />
        )}
        <ErrorBoundary name="Results">
          <ResultsPanel />
        </ErrorBoundary>
      </section>
      <Dialogs />
      <SiteNotices />
    </div>
  );
}

export function App() {
  return (
    <ErrorBoundary name="Flowbench">
      <ReactFlowProvider>
        <Shell />
      </ReactFlowProvider>
    </ErrorBoundary>
  );
}
