/**
 * The Charts region: the four live charts while (and after) a run, the run's
 * error if it failed, and the report summary (with the prediction alongside)
 * once it ended. Before any run or prediction, a short explanation.
 */
import { useShallow } from 'zustand/react/shallow';

import { useAppStore } from '../store/index.ts';
import { LatencyChart, MemoryChart, QueueDepthChart, ThroughputChart } from './LiveCharts.tsx';
import { ReportSummary } from './ReportSummary.tsx';
import './charts.css';

export function ChartsPanel() {
  const { status, error, report, prediction, predictionError } = useAppStore(
    useShallow((s) => ({
      status: s.runStatus,
      error: s.runError,
      report: s.lastReport,
      prediction: s.prediction.report,
      predictionError: s.prediction.status === 'error' ? s.prediction.error : null,
    })),
  );
  const hasRun = status !== 'idle';
  const live = status !== 'idle' && status !== 'ended';
  const showReport = !live && (report !== null || prediction !== null);
  return (
    <div className="charts-panel">
      {error !== null && (
        <div className="run-error" role="alert" data-testid="run.error">
          <b>Run failed.</b> {error}
        </div>
      )}
      {predictionError !== null && (
        <div className="run-error" role="alert">
          <b>Prediction failed.</b> {predictionError}
        </div>
      )}
      {hasRun ? (
        <div className="charts-grid">
          <ThroughputChart />
          <LatencyChart />
          <QueueDepthChart />
          <MemoryChart />
        </div>
      ) : (
        !showReport && (
          <div className="charts-placeholder">
            <b>Charts</b> — press <b>Run</b> (Ctrl/⌘+Enter) to run the graph for real and watch
            throughput, latency (p50/p95/p99), queue depth and memory live; <b>Predict</b> simulates
            it in virtual time.
          </div>
        )
      )}
      {showReport && <ReportSummary report={report} predicted={prediction} />}
    </div>
  );
}
