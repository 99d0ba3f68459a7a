/**
 * The end-of-run summary: totals (and targets), a node table and an edge
 * table from a RunReport, with the prediction (virtual time) alongside when
 * there is one, and an "Export report" button (JSON download).
 */
import { nodeTimes, type RunReport } from '../metrics/report.ts';
import { formatTargetGoal, formatTargetValue, TARGETS, targetVerdict } from '../metrics/targets.ts';
import { formatMs, formatRate } from '../core/format.ts';

const fmtPct = (u: number | null | undefined) =>
  u === null || u === undefined ? '–' : `${Math.round(u * 100)}%`;
const fmtNum = (x: number | undefined, digits = 1) =>
  x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
const fmtRateOpt = (x: number | undefined) => (x === undefined ? '–' : formatRate(x));
const fmtMsOpt = (x: number | undefined) => (x === undefined ? '–' : formatMs(x));

const ENDED: Record<RunReport['run']['ended'], string> = {
  duration: 'duration elapsed',
  stopped: 'stopped',
  drained: 'sources drained',
  error: 'failed',
  deadlock: 'deadlocked',
};

/** Downloads a report as `<graph>.report.json`. */
export function downloadReport(report: RunReport): void {
  const name = `${report.graph.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'graph'}.report.json`;
  const url = URL.createObjectURL(
    new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: 'application/json' }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface ReportSummaryProps {
  /** The measured report (a real run), or null. */
  report: RunReport | null;
  /** The predicted report (virtual time), or null. */
  predicted: RunReport | null;
}

export function ReportSummary({ report, predicted }: ReportSummaryProps) {
  const main = report ?? predicted;
  if (main === null) return null;
  const both = report !== null && predicted !== null;
  const title = report !== null ? 'Run report' : 'Predicted report (virtual time)';
  const t = main.totals;
  const p = predicted?.totals;
  const targets = report?.targets ?? predicted?.targets;
  return (
    <section className="report" aria-label={title}>
      <header className="report-head">
        <h2>{title}</h2>
        <span className="muted">
          {report !== null && (
            <>
              {ENDED[report.run.ended]} · measured {(report.run.measuredMs / 1000).toFixed(1)} s
              after {(report.run.warmupMs / 1000).toFixed(1)} s warm-up · {report.run.workers}{' '}
              worker{report.run.workers === 1 ? '' : 's'} · {report.run.transport}
              {report.run.stopMs !== undefined && <> · stop took {report.run.stopMs} ms</>}
            </>
          )}
          {report === null && predicted !== null && (
            <>simulated {(predicted.run.measuredMs / 1000).toFixed(1)} s after warm-up</>
          )}
        </span>
        {report !== null && (
          <button type="button" onClick={() => downloadReport(report)}>
            Export report
          </button>
        )}
      </header>
      <table className="report-table report-totals" aria-label="Totals">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">msg/s</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
            <th scope="col">messages</th>
            {report !== null && <th scope="col">memory</th>}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{report !== null ? 'Measured' : 'Predicted'}</th>
            <td>{formatRate(t.throughput)}</td>
            <td>{formatMs(t.latencyMs.p50)}</td>
            <td>{formatMs(t.latencyMs.p95)}</td>
            <td>{formatMs(t.latencyMs.p99)}</td>
            <td>{t.latencyMs.count}</td>
            {report !== null && <td>{(t.memoryBytes / 1024 / 1024).toFixed(1)} MiB</td>}
          </tr>
          {both && p !== undefined && (
            <tr className="predicted">
              <th scope="row">Predicted</th>
              <td>{formatRate(p.throughput)}</td>
              <td>{formatMs(p.latencyMs.p50)}</td>
              <td>{formatMs(p.latencyMs.p95)}</td>
              <td>{formatMs(p.latencyMs.p99)}</td>
              <td>{p.latencyMs.count}</td>
              <td />
            </tr>
          )}
        </tbody>
      </table>
      {targets !== undefined && Object.keys(targets).length > 0 && (
        <table className="report-table" aria-label="Targets">
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">goal</th>
              <th scope="col">actual</th>
              <th scope="col">met</th>
            </tr>
          </thead>
          <tbody>
            {TARGETS.map((def) => {
              const tg = targets[def.key];
              if (tg === undefined) return null;
              const verdict = targetVerdict(tg);
              return (
                <tr
                  key={def.key}
                  className={
                    verdict === 'met' ? 'met' : verdict === 'missed' ? 'missed' : 'no-data'
                  }
                >
                  <th scope="row">{def.label}</th>
                  <td>{formatTargetGoal(def, tg.target)}</td>
                  <td>{formatTargetValue(def.unit, tg.actual)}</td>
                  <td>
                    {verdict === 'met' ? '✓ met' : verdict === 'missed' ? '✗ missed' : '– no data'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="report-tables">
        <table className="report-table" aria-label="Nodes">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">msg/s</th>
              {both && <th scope="col">pred.</th>}
              <th scope="col">util</th>
              {both && <th scope="col">pred.</th>}
              <th scope="col" title="sinks: end-to-end latency; others: service time">
                p95
              </th>
              {both && <th scope="col">pred.</th>}
              <th scope="col">errors</th>
              <th scope="col">drops</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(main.nodes).map(([id, n]) => {
              const pn = predicted?.nodes[id];
              const times = nodeTimes(n);
              const p95 = times?.p95 ?? 0;
              const pp95 = pn === undefined ? undefined : nodeTimes(pn)?.p95;
              const hasP95 = times !== undefined && times.count > 0;
              return (
                <tr key={id}>
                  <th scope="row" title={n.kind}>
                    {id}
                  </th>
                  <td>{formatRate(n.throughput)}</td>
                  {both && <td className="predicted">{fmtRateOpt(pn?.throughput)}</td>}
                  <td>{fmtPct(n.utilization)}</td>
                  {both && <td className="predicted">{fmtPct(pn?.utilization)}</td>}
                  <td>{hasP95 ? formatMs(p95) : '–'}</td>
                  {both && <td className="predicted">{hasP95 ? fmtMsOpt(pp95) : '–'}</td>}
                  <td className={n.errors > 0 ? 'bad' : undefined}>{n.errors}</td>
                  <td className={n.drops > 0 ? 'bad' : undefined}>{n.drops}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <table className="report-table" aria-label="Edges">
          <thead>
            <tr>
              <th scope="col">Edge</th>
              <th scope="col">msg/s</th>
              <th scope="col">depth mean</th>
              {both && <th scope="col">pred.</th>}
              <th scope="col">depth max</th>
              <th scope="col">capacity</th>
              <th scope="col">drops</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(main.edges).map(([id, e]) => (
              <tr key={id}>
                <th scope="row">{id}</th>
                <td>{formatRate(e.throughput)}</td>
                <td>{fmtNum(e.depthMean)}</td>
                {both && <td className="predicted">{fmtNum(predicted?.edges[id]?.depthMean)}</td>}
                <td>{e.depthMax}</td>
                <td>{e.capacity}</td>
                <td className={e.drops > 0 ? 'bad' : undefined}>{e.drops}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
