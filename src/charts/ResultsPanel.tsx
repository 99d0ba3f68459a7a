/**
 * The results panel under the canvas: a bar with two tabs (live Charts, the
 * Report), Maximise (Shift+M; Escape restores) and Hide/Show, then the tab's
 * content. Results of another graph are never shown; results of an earlier
 * version of the open graph say so (see store/results.ts).
 *
 * Reads coarse store fields only (≤ 4 Hz during a run); the charts take their
 * samples from the run host themselves.
 */
import { type KeyboardEvent, useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { EARLIER_VERSION, selectResults, type ResultsTab, useAppStore } from '../store/index.ts';
import { LatencyChart, MemoryChart, QueueDepthChart, ThroughputChart } from './LiveCharts.tsx';
import { ReportSummary } from './ReportSummary.tsx';
import { SweepPanel } from './SweepPanel.tsx';
import './charts.css';

/** Height of the results bar alone (the panel when hidden), px. */
export const RESULTS_BAR_PX = 36;
/** Height the panel opens to for live charts and for a report, px (at most half the window). */
const CHARTS_OPEN_PX = 280;
const REPORT_OPEN_PX = 420;

const TABS: { id: ResultsTab; label: string }[] = [
  { id: 'charts', label: 'Charts' },
  { id: 'report', label: 'Report' },
  { id: 'sweep', label: 'Sweep' },
];

/** Grows the results panel to at least `px` (capped at half the window), un-hiding it. */
export function openResults(px: number): void {
  const s = useAppStore.getState();
  const cap = typeof window === 'undefined' ? px : Math.round(window.innerHeight * 0.5);
  const want = Math.min(px, Math.max(cap, 160));
  if (s.panels.chartsHeightPx < want) s.setPanels({ chartsHeightPx: want });
}

export function ResultsPanel() {
  const st = useAppStore(
    useShallow((s) => ({
      status: s.runStatus,
      error: s.runError,
      predictionError: s.prediction.status === 'error' ? s.prediction.error : null,
      graphRevision: s.graphRevision,
      documentRevision: s.documentRevision,
      lastReport: s.lastReport,
      lastReportOrigin: s.lastReportOrigin,
      runOrigin: s.runOrigin,
      predReport: s.prediction.report,
      predOrigin: s.prediction.origin,
      tab: s.resultsTab,
      sweepId: s.sweep?.id ?? null,
      sweepRunning: s.sweep?.status === 'running',
      maximised: s.panels.resultsMaximised,
      hidden: s.panels.chartsHeightPx <= RESULTS_BAR_PX && !s.panels.resultsMaximised,
    })),
  );
  const results = useMemo(
    () =>
      selectResults({
        graphRevision: st.graphRevision,
        documentRevision: st.documentRevision,
        lastReport: st.lastReport,
        lastReportOrigin: st.lastReportOrigin,
        runOrigin: st.runOrigin,
        prediction: { report: st.predReport, origin: st.predOrigin },
      }),
    [
      st.graphRevision,
      st.documentRevision,
      st.lastReport,
      st.lastReportOrigin,
      st.runOrigin,
      st.predReport,
      st.predOrigin,
    ],
  );
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  const hasReport = results.measured !== null || results.predicted !== null;

  // A new run opens the panel tall enough for the charts.
  useEffect(() => {
    if (st.runOrigin !== null) openResults(CHARTS_OPEN_PX);
  }, [st.runOrigin]);

  // A new report or prediction opens the panel wide enough to read it.
  const newest = results.measured?.report ?? results.predicted?.report ?? null;
  useEffect(() => {
    if (newest !== null) openResults(REPORT_OPEN_PX);
  }, [newest]);

  // A new sweep opens the panel wide enough for its charts and table.
  useEffect(() => {
    if (st.sweepId !== null) openResults(REPORT_OPEN_PX);
  }, [st.sweepId]);

  const setTab = (tab: ResultsTab) => useAppStore.getState().setResultsTab(tab);
  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const i = TABS.findIndex((t) => t.id === st.tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next.id);
    tabRefs.current[next.id]?.focus();
    e.preventDefault();
  };
  const showCharts = results.runOfThisDocument && st.status !== 'idle';
  const live = st.status !== 'idle' && st.status !== 'ended';

  return (
    <div className="results-panel">
      <div className="results-bar">
        <div role="tablist" aria-label="Results" className="tabs" onKeyDown={onTabKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[t.id] = el;
              }}
              type="button"
              role="tab"
              id={`results-tab-${t.id}`}
              aria-selected={st.tab === t.id}
              aria-controls={`results-panel-${t.id}`}
              tabIndex={st.tab === t.id ? 0 : -1}
              className="tab"
              onClick={() => {
                setTab(t.id);
                if (st.hidden) openResults(t.id === 'charts' ? CHARTS_OPEN_PX : REPORT_OPEN_PX);
              }}
            >
              {t.label}
              {t.id === 'report' && hasReport && <span className="tab-dot" aria-hidden="true" />}
              {t.id === 'sweep' && st.sweepId !== null && (
                <span
                  className={`tab-dot${st.sweepRunning ? ' tab-dot-busy' : ''}`}
                  aria-hidden="true"
                />
              )}
            </button>
          ))}
        </div>
        {live && results.runEarlier && (
          <span className="stale-chip">running {EARLIER_VERSION}</span>
        )}
        <span className="results-spacer" />
        <button
          type="button"
          aria-pressed={st.maximised}
          aria-keyshortcuts="Shift+M"
          title={st.maximised ? 'Restore (Shift+M or Escape)' : 'Maximise results (Shift+M)'}
          onClick={() => useAppStore.getState().toggleResultsMaximised()}
        >
          {st.maximised ? 'Restore results' : 'Maximise results'}
        </button>
        {!st.maximised && (
          <button
            type="button"
            aria-expanded={!st.hidden}
            onClick={() =>
              st.hidden
                ? openResults(st.tab === 'charts' ? CHARTS_OPEN_PX : REPORT_OPEN_PX)
                : useAppStore.getState().setPanels({ chartsHeightPx: RESULTS_BAR_PX })
            }
          >
            {st.hidden ? 'Show results' : 'Hide results'}
          </button>
        )}
      </div>
      {!st.hidden && (
        <div
          className="results-body"
          role="tabpanel"
          id={`results-panel-${st.tab}`}
          aria-labelledby={`results-tab-${st.tab}`}
        >
          {st.error !== null && results.runOfThisDocument && (
            <div className="run-error" role="alert" data-testid="run.error">
              <b>Run failed.</b> {st.error}
            </div>
          )}
          {st.predictionError !== null && (
            <div className="run-error" role="alert">
              <b>Prediction failed.</b> {st.predictionError}
            </div>
          )}
          {st.tab === 'charts' &&
            (showCharts ? (
              <div className="charts-grid">
                <ThroughputChart />
                <LatencyChart />
                <QueueDepthChart />
                <MemoryChart />
              </div>
            ) : (
              <div className="charts-placeholder">
                <b>Charts</b> — press <b>Run</b> (Ctrl/⌘+Enter) to run the graph for real and watch
                throughput, latency (p50/p95/p99), queue depth and memory live; <b>Predict</b>{' '}
                simulates it in virtual time.
              </div>
            ))}
          {st.tab === 'sweep' && <SweepPanel />}
          {st.tab === 'report' &&
            (hasReport ? (
              <ReportSummary results={results} />
            ) : (
              <div className="charts-placeholder">
                <b>Report</b> — when a run ends (or <b>Predict</b> finishes) its report appears
                here: totals, targets, and every node and connection.
              </div>
            ))}
        </div>
      )}
    </div>
  );
}
