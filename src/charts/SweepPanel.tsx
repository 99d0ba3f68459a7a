/**
 * The Sweep tab: a sweep's progress and Cancel, what it found (the knee, the
 * best value under the graph's targets), three charts against the parameter
 * (throughput, p95 latency, drops), a table with every point (mean ± 95 %
 * interval with several seeds) and Apply, and export as JSON and CSV.
 * Finished points stay when a sweep is cancelled or fails.
 *
 * Reads the sweep from the store, which hears of it at most 4 times a second.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { getParam, parseParamPath } from '../graph/param-path.ts';
import { sweepCsv, sweepJson } from '../host/sweep.ts';
import { downloadText } from '../io/download.ts';
import { graphFileName } from '../io/export.ts';
import { KNEE_GAIN_PCT, KNEE_RISE_PCT } from '../metrics/sweep-analysis.ts';
import { EARLIER_VERSION, type Sweep, sweepResultOf, useAppStore } from '../store/index.ts';
import { SweepChart } from './SweepChart.tsx';
import {
  showCount,
  showMs,
  showRate,
  type SweepFindings,
  type SweepRow,
  sweepChartRows,
  sweepFindings,
  sweepRows,
  wantsLogAxis,
  withInterval,
} from './sweep-rows.ts';

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function apply(sweep: Sweep, value: number) {
  const s = useAppStore.getState();
  const r = s.applySweepValue(value);
  if (r.ok) s.showHint(`${sweep.setup.label} set to ${value} (Undo reverts it).`);
  else s.showHint(`Not applied: ${r.error}`, 'error');
}

function exportSweep(sweep: Sweep, as: 'json' | 'csv') {
  const result = sweepResultOf(sweep);
  const name = { name: sweep.origin.graph.name };
  if (as === 'json')
    downloadText(
      `${JSON.stringify(sweepJson(result), null, 2)}\n`,
      graphFileName(name, '.sweep.json'),
    );
  else downloadText(sweepCsv(result), graphFileName(name, '.sweep.csv'), 'text/csv');
}

function Status({ sweep }: { sweep: Sweep }) {
  const finished = sweep.points.filter((p) => p !== undefined).length;
  const what = sweep.setup.mode === 'virtual' ? 'prediction' : 'run';
  if (sweep.status === 'running') {
    const pct = sweep.runsTotal > 0 ? (sweep.runsDone / sweep.runsTotal) * 100 : 0;
    return (
      <div className="sweep-status">
        <div
          className="sweep-progress"
          role="progressbar"
          aria-label="Sweep progress"
          aria-valuemin={0}
          aria-valuemax={sweep.runsTotal}
          aria-valuenow={sweep.runsDone}
          aria-valuetext={`${sweep.runsDone} of ${plural(sweep.runsTotal, what)}`}
          data-testid="sweep.progress"
        >
          <div className="sweep-progress-bar" style={{ width: `${pct}%` }} />
        </div>
        <span role="status" data-testid="sweep.state">
          Running: {sweep.runsDone} of {plural(sweep.runsTotal, what)}, {finished} of{' '}
          {plural(sweep.points.length, 'point')} finished
        </span>
        <button
          type="button"
          className="danger"
          onClick={() => useAppStore.getState().cancelSweep()}
        >
          Cancel sweep
        </button>
      </div>
    );
  }
  const took = `${(sweep.tookMs / 1000).toFixed(1)} s`;
  return (
    <div className="sweep-status">
      {sweep.status === 'failed' ? (
        <span className="run-error" role="alert" data-testid="sweep.state">
          <b>The sweep failed.</b> {sweep.error}. {plural(finished, 'point')} finished before it
          {finished === 1 ? ' is' : ' are'} kept.
        </span>
      ) : (
        <span role="status" data-testid="sweep.state">
          {sweep.status === 'done'
            ? `Done: ${plural(finished, 'point')} in ${took}.`
            : `Cancelled after ${finished} of ${plural(sweep.points.length, 'point')} (${took}); the finished points are kept.`}
        </span>
      )}
    </div>
  );
}

function Findings({
  sweep,
  rows,
  findings,
}: {
  sweep: Sweep;
  rows: readonly SweepRow[];
  findings: SweepFindings;
}) {
  const finished = rows.filter((r) => r.point !== undefined).length;
  if (finished < 2 && sweep.status === 'running') return null;
  const knee = findings.knee === null ? null : rows[findings.knee]!.value;
  const best = findings.best.index === null ? null : rows[findings.best.index]!.value;
  return (
    <ul className="sweep-findings" aria-label="Findings">
      <li data-testid="sweep.knee">
        {knee !== null ? (
          <>
            <b className="mark-knee">Knee at {knee}</b>: beyond it throughput rises by less than{' '}
            {KNEE_GAIN_PCT} % per step while p95 latency rises by more than {KNEE_RISE_PCT} %.{' '}
            <button
              type="button"
              className="link"
              aria-label={`Apply ${knee} (the knee)`}
              onClick={() => apply(sweep, knee)}
            >
              Apply {knee}
            </button>
          </>
        ) : (
          <>
            <b>No knee</b>: throughput does not stop rising while p95 latency keeps rising (by{' '}
            {KNEE_GAIN_PCT} % per step) anywhere in this sweep.
          </>
        )}
      </li>
      <li data-testid="sweep.best">
        {best !== null ? (
          <>
            <b className="mark-best">Best under targets: {best}</b>: the highest throughput with
            every target met (within 1 %, the lower p95).{' '}
            <button
              type="button"
              className="link"
              aria-label={`Apply ${best} (the best under targets)`}
              onClick={() => apply(sweep, best)}
            >
              Apply {best}
            </button>
          </>
        ) : (
          <>
            <b>No best value</b>: {findings.best.index === null ? findings.best.reason : ''}.
          </>
        )}
      </li>
    </ul>
  );
}

function Table({
  sweep,
  rows,
  findings,
  current,
}: {
  sweep: Sweep;
  rows: readonly SweepRow[];
  findings: SweepFindings;
  current: unknown;
}) {
  const repeated = sweep.setup.reps.repeat > 1 || sweep.setup.reps.untilHalfWidthPct !== undefined;
  const pending = sweep.status === 'running' ? 'running…' : 'not run';
  return (
    <div className="table-scroll" tabIndex={0} role="group" aria-label="Sweep points">
      <table
        className="report-table sweep-table"
        aria-label="Sweep points"
        data-testid="sweep.table"
      >
        <thead>
          <tr>
            <th scope="col" className="text">
              {sweep.setup.label}
            </th>
            <th scope="col" title="delivered items per second (each member of a batch counts)">
              items/s
            </th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
            <th scope="col" title="messages dropped by full connections">
              dropped
            </th>
            <th scope="col" className="text" title="the node with the highest utilization">
              busiest
            </th>
            <th scope="col" className="text">
              targets
            </th>
            {repeated && <th scope="col">seeds</th>}
            <th scope="col" className="text">
              <span className="sr-only">Apply</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const s = r.point?.summary;
            const isKnee = findings.knee === r.index;
            const isBest = findings.best.index === r.index;
            const isCurrent = current === r.value;
            const busiest =
              s?.busiest == null
                ? '–'
                : `${nodeName(sweep, s.busiest.nodeId)} ${withInterval(s.busiest.utilization, (u) => `${Math.round(u * 100)}%`)}`;
            return (
              <tr key={r.index} className={s === undefined ? 'pending' : undefined}>
                <th scope="row" className="text">
                  {r.value}
                  {isKnee && <span className="tag tag-knee">knee</span>}
                  {isBest && <span className="tag tag-best">best</span>}
                  {isCurrent && <span className="tag">current</span>}
                </th>
                {s === undefined ? (
                  <td colSpan={repeated ? 8 : 7} className="text muted">
                    {pending}
                  </td>
                ) : (
                  <>
                    <td>{withInterval(s.throughput, showRate)}</td>
                    <td>{withInterval(s.p50LatencyMs, showMs)}</td>
                    <td>{withInterval(s.p95LatencyMs, showMs)}</td>
                    <td>{withInterval(s.p99LatencyMs, showMs)}</td>
                    <td className={s.dropped.mean > 0 ? 'bad' : 'zero'}>
                      {withInterval(s.dropped, showCount)}
                    </td>
                    <td className="text">{busiest}</td>
                    <td
                      className={`text ${s.targetsMet === true ? 'good' : s.targetsMet === false ? 'bad' : ''}`}
                    >
                      {s.targetsMet === null ? '–' : s.targetsMet ? '✓ met' : '✗ missed'}
                    </td>
                    {repeated && <td>{r.point!.reports.length}</td>}
                  </>
                )}
                <td className="text">
                  <button
                    type="button"
                    className="small-button"
                    disabled={isCurrent}
                    aria-label={`Apply ${r.value} to ${sweep.setup.label}`}
                    onClick={() => apply(sweep, r.value)}
                  >
                    Apply
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function nodeName(sweep: Sweep, id: string): string {
  const n = sweep.origin.graph.nodes.find((x) => x.id === id);
  return n?.label ?? id;
}

/** The sweep's parameter in the open graph now (to mark the current row). */
function currentValue(s: { graph: Parameters<typeof getParam>[0] }, path: string | undefined) {
  if (path === undefined) return undefined;
  const p = parseParamPath(path, s.graph);
  return 'error' in p ? undefined : getParam(s.graph, p);
}

export function SweepPanel() {
  const { sweep, earlier, current } = useAppStore(
    useShallow((s) => ({
      sweep: s.sweep,
      earlier: s.sweep !== null && s.sweep.origin.revision !== s.graphRevision,
      current: currentValue(s, s.sweep?.setup.path),
    })),
  );
  const rows = useMemo(
    () => (sweep === null ? [] : sweepRows(sweep.setup.values, sweep.points)),
    [sweep],
  );
  const findings = useMemo(
    () => sweepFindings(rows, sweep?.hasTargets ?? false),
    [rows, sweep?.hasTargets],
  );
  const chartRows = useMemo(() => sweepChartRows(rows), [rows]);
  if (sweep === null) {
    return (
      <div className="charts-placeholder">
        <b>Sweep</b> — press <b>Sweep…</b> beside a number field in the inspector (a node’s
        parameter, a connection’s capacity, a run setting) to predict or run the graph for several
        values of it, and see throughput, latency and drops against it, with the knee and the best
        value under the graph’s targets marked.
      </div>
    );
  }
  const finished = chartRows.length;
  const log = wantsLogAxis(sweep.setup.values);
  const knee = findings.knee === null ? null : rows[findings.knee]!.value;
  const best = findings.best.index === null ? null : rows[findings.best.index]!.value;
  const xLabel = sweep.setup.label.split(' (')[0] ?? sweep.setup.label;
  const charts = { rows: chartRows, xLabel, log, knee, best };
  return (
    <section className="report sweep" aria-label="Sweep">
      <header className="report-head">
        <h2>Sweep of {sweep.setup.label}</h2>
        <code className="muted">{sweep.setup.path}</code>
        {earlier && (
          <span className="stale-chip" data-testid="sweep.earlier">
            {EARLIER_VERSION}
          </span>
        )}
        <span className="muted">
          {sweep.setup.mode === 'virtual' ? 'predicted in virtual time' : 'real runs'} ·{' '}
          {sweep.setup.reps.untilHalfWidthPct !== undefined
            ? `seeds until ±${sweep.setup.reps.untilHalfWidthPct} %`
            : plural(sweep.setup.reps.repeat, 'seed')}{' '}
          per point
        </span>
        <span className="report-actions">
          <button
            type="button"
            disabled={finished === 0}
            onClick={() => exportSweep(sweep, 'json')}
          >
            Export sweep (JSON)
          </button>
          <button type="button" disabled={finished === 0} onClick={() => exportSweep(sweep, 'csv')}>
            Export sweep (CSV)
          </button>
        </span>
      </header>
      <Status sweep={sweep} />
      <Findings sweep={sweep} rows={rows} findings={findings} />
      <div className="sweep-charts">
        <SweepChart
          {...charts}
          title="Throughput"
          unit="items/s"
          dataKey="throughput"
          errKey="throughputErr"
          color="var(--accent)"
          format={showRate}
          testId="throughput"
        />
        <SweepChart
          {...charts}
          title="p95 latency"
          unit="ms"
          dataKey="p95"
          errKey="p95Err"
          color="#bc4c00"
          format={showMs}
          testId="p95"
        />
        <SweepChart
          {...charts}
          title="Dropped"
          unit="messages"
          dataKey="dropped"
          errKey="droppedErr"
          color="#cf222e"
          format={showCount}
          testId="dropped"
        />
      </div>
      <Table sweep={sweep} rows={rows} findings={findings} current={current} />
    </section>
  );
}
