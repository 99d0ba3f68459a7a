/**
 * Run controls in the toolbar: Run, Pause/Resume, Stop, Predict, and the
 * elapsed/duration progress. Reads only the run slice's coarse status (≤ 4 Hz).
 * Run is disabled, with the reason shown, when the graph or the page cannot run.
 */
import { useShallow } from 'zustand/react/shallow';

import { selectReadiness, selectRunAvailability, useAppStore } from '../../store/index.ts';
import './run-controls.css';

const STATUS_TEXT = {
  idle: 'Ready',
  starting: 'Starting…',
  running: 'Running',
  paused: 'Paused',
  stopping: 'Stopping…',
  ended: 'Ended',
} as const;

const ENDED_TEXT = {
  duration: 'Done',
  drained: 'Drained',
  stopped: 'Stopped',
  error: 'Failed',
  deadlock: 'Deadlocked',
  budget: 'Budget spent',
  stalled: 'Stalled',
} as const;

/** Starts the open graph, or says why not (toolbar button and Ctrl/⌘+Enter). */
export function startRunFromUi(): void {
  const s = useAppStore.getState();
  if (s.runStatus !== 'idle' && s.runStatus !== 'ended') return;
  const r = s.startRun();
  if (!r.ok) s.showHint(`Cannot run: ${r.reason}`, 'error');
  else if (s.panels.chartsHeightPx < 240) s.setPanels({ chartsHeightPx: 280 });
}

export function RunControls() {
  const avail = useAppStore(useShallow((s) => selectRunAvailability(s)));
  const canPredict = useAppStore((s) => selectReadiness(s).runnable);
  const { status, elapsedMs, durationMs, error, ended, predicting, predictProgress, seeds } =
    useAppStore(
      useShallow((s) => ({
        status: s.runStatus,
        elapsedMs: s.runElapsedMs,
        durationMs: s.runDurationMs,
        error: s.runError,
        ended: s.lastReport?.run.ended,
        predicting: s.prediction.status === 'running',
        predictProgress: s.prediction.progress,
        seeds: s.predictReps,
      })),
    );
  const active = status !== 'idle' && status !== 'ended';
  const fraction = durationMs > 0 ? Math.min(1, elapsedMs / durationMs) : 0;
  const statusText =
    status === 'ended' && ended !== undefined ? ENDED_TEXT[ended] : STATUS_TEXT[status];
  return (
    <div className="tb-group run-group" role="group" aria-label="Run">
      <button
        type="button"
        className="primary"
        onClick={startRunFromUi}
        disabled={!avail.runnable || active}
        title={avail.reason ?? 'Run the graph for real in Web Workers (Ctrl/⌘+Enter)'}
      >
        ▶ Run
      </button>
      {status === 'paused' ? (
        <button type="button" onClick={() => useAppStore.getState().resumeRun()}>
          Resume
        </button>
      ) : (
        <button
          type="button"
          onClick={() => useAppStore.getState().pauseRun()}
          disabled={status !== 'running'}
        >
          Pause
        </button>
      )}
      <button
        type="button"
        onClick={() => useAppStore.getState().stopRun()}
        disabled={!active || status === 'stopping'}
        title="Stop the run (Ctrl/⌘+.)"
      >
        ■ Stop
      </button>
      <button
        type="button"
        onClick={() => void useAppStore.getState().predict()}
        disabled={predicting || !canPredict}
        title={`Simulate the graph in virtual time (same kernels, no real clock) and show the predicted report${
          seeds.repeat > 1 || seeds.untilHalfWidthPct !== null
            ? seeds.untilHalfWidthPct !== null
              ? `, adding seeds until the 95 % interval is within ±${seeds.untilHalfWidthPct} %`
              : `, over ${seeds.repeat} seeds`
            : ''
        } (seeds: Inspector, nothing selected)`}
      >
        {predicting
          ? predictProgress !== null
            ? `Predicting… ${predictProgress.done}/${predictProgress.total}`
            : 'Predicting…'
          : 'Predict'}
      </button>
      <div
        className={`run-progress run-${status}${error !== null ? ' run-failed' : ''}`}
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={Math.round(durationMs / 1000)}
        aria-valuenow={Math.round(elapsedMs / 1000)}
        aria-valuetext={`${statusText}: ${(elapsedMs / 1000).toFixed(1)} of ${(durationMs / 1000).toFixed(0)} s`}
        data-testid="run.progress"
        data-status={status}
      >
        <div className="run-progress-bar" style={{ width: `${fraction * 100}%` }} />
        <span className="run-progress-text">
          <span role="status" aria-label="Run state" data-testid="run.state">
            {statusText}
          </span>
          {(active || status === 'ended') && (
            <>
              {' '}
              {(elapsedMs / 1000).toFixed(1)} / {(durationMs / 1000).toFixed(0)} s
            </>
          )}
        </span>
      </div>
      {!avail.runnable && !active && (
        <span className="run-reason" title={avail.reason} data-testid="run.reason">
          {avail.reason}
        </span>
      )}
    </div>
  );
}
