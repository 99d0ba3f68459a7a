/**
 * The end-of-run results: for the measured report and the prediction, totals,
 * the graph's targets as pass/fail chips, and sortable node and edge tables
 * that name nodes by label and edges by their ends, with every counter. The
 * prediction sits beside the measurement (extra columns) only when both were
 * made from the same graph revision; otherwise each has its own section, and
 * a result made before the latest edit says so.
 */
import { formatMs, formatRate } from '../core/format.ts';
import { downloadText } from '../io/download.ts';
import { graphFileName } from '../io/export.ts';
import { type NodeReport, type RunReport, saturationNote } from '../metrics/report.ts';
import { formatTargetGoal, formatTargetValue, TARGETS, targetVerdict } from '../metrics/targets.ts';
import {
  EARLIER_VERSION,
  type Prediction,
  type ResultsView,
  selectBaseline,
  type ShownResult,
  useAppStore,
} from '../store/index.ts';
import { BaselineDiff } from './BaselineDiff.tsx';
import { IntervalTable } from './IntervalTable.tsx';
import { type EdgeRow, edgeRows, type NodeRow, nodeRows } from './report-rows.ts';
import { type Column, SortableTable } from './SortableTable.tsx';

const fmtPct = (u: number | null | undefined) =>
  u === null || u === undefined ? '–' : `${Math.round(u * 100)}%`;
const fmtNum = (x: number | undefined, digits = 1) =>
  x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
const fmtRateOpt = (x: number | undefined) => (x === undefined ? '–' : formatRate(x));
const fmtMsOpt = (x: number | undefined) => (x === undefined ? '–' : formatMs(x));
const fmtShare = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${Number((x * 100).toPrecision(3))} %`;
const count = (x: number) => Math.round(x).toLocaleString('en');

const ENDED: Record<RunReport['run']['ended'], string> = {
  duration: 'duration elapsed',
  stopped: 'stopped',
  drained: 'sources drained',
  error: 'failed',
  deadlock: 'deadlocked',
  budget: 'budget spent',
  stalled: 'time stood still',
};

/** Downloads a report as `<graph>.report.json`. */
export function downloadReport(report: RunReport): void {
  downloadText(
    `${JSON.stringify(report, null, 2)}\n`,
    graphFileName({ name: report.graph }, '.report.json'),
  );
}

/** A counter column of the node table (every counter the report has). */
function counter(key: keyof NodeReport & string, label: string, title: string): Column<NodeRow> {
  return {
    key,
    label,
    title,
    value: (r) => r.report[key] as number,
    cell: (r) => count(r.report[key] as number),
    tone: (r) =>
      (r.report[key] as number) === 0
        ? 'zero'
        : key === 'errors' || key === 'drops' || key === 'timeouts' || key === 'rejected'
          ? 'bad'
          : undefined,
  };
}

/**
 * A measured column and, when there is a prediction of the same version, the
 * predicted one beside it ("pred.", named "pred. <label>").
 */
function paired<R>(
  withPrediction: boolean,
  col: Column<R>,
  predicted: Pick<Column<R>, 'value' | 'cell'>,
): Column<R>[] {
  if (!withPrediction) return [col];
  return [
    col,
    {
      ...predicted,
      key: `${col.key}-p`,
      label: 'pred.',
      name: `pred. ${col.label}`,
      title: `predicted ${col.label} (virtual time)`,
      predicted: true,
    },
  ];
}

function nodeColumns(withPrediction: boolean): Column<NodeRow>[] {
  return [
    { key: 'name', label: 'Node', value: (r) => r.name, cell: (r) => r.name, text: true },
    { key: 'kind', label: 'Kind', value: (r) => r.kind, cell: (r) => r.kind, text: true },
    ...paired<NodeRow>(
      withPrediction,
      {
        key: 'rate',
        label: 'msg/s',
        title: 'messages per second leaving the node (arriving, at sinks)',
        value: (r) => r.report.throughput,
        cell: (r) => formatRate(r.report.throughput),
      },
      { value: (r) => r.predicted?.throughput, cell: (r) => fmtRateOpt(r.predicted?.throughput) },
    ),
    ...paired<NodeRow>(
      withPrediction,
      {
        key: 'util',
        label: 'util',
        title: 'share of its slots or threads the node kept busy',
        value: (r) => r.report.utilization,
        cell: (r) => fmtPct(r.report.utilization),
      },
      { value: (r) => r.predicted?.utilization, cell: (r) => fmtPct(r.predicted?.utilization) },
    ),
    ...paired<NodeRow>(
      withPrediction,
      {
        key: 'p95',
        label: 'p95',
        title: 'sinks: end-to-end latency; other timed stages: service time',
        value: (r) => r.p95Ms,
        cell: (r) => fmtMsOpt(r.p95Ms),
      },
      { value: (r) => r.predictedP95Ms, cell: (r) => fmtMsOpt(r.predictedP95Ms) },
    ),
    counter('in', 'in', 'messages taken in'),
    counter('out', 'out', 'messages sent on'),
    counter('errors', 'errors', 'attempts that failed for good (sent to the error port)'),
    counter('retries', 'retries', 'failed attempts tried again'),
    counter('timeouts', 'timeouts', 'attempts longer than the timeout'),
    counter('rejected', 'rejected', 'messages refused (open circuit breaker, rate limit)'),
    counter('hits', 'hits', 'cache hits'),
    counter('misses', 'misses', 'cache misses'),
    counter('drops', 'drops', 'messages the node discarded'),
    {
      key: 'state',
      label: 'breaker / sink',
      title: 'circuit breaker at the end; what a sink collects and how many items',
      text: true,
      value: (r) => r.report.breaker ?? r.report.role ?? null,
      cell: (r) =>
        r.report.breaker !== undefined
          ? `breaker ${r.report.breaker}`
          : r.report.role !== undefined
            ? `${r.report.role} · ${count(r.report.items ?? 0)} items`
            : '',
      tone: (r) => (r.report.breaker === 'open' ? 'bad' : undefined),
    },
  ];
}

/**
 * Edge columns: items/s always, batches/s beside it when `batched` (some edge
 * of the report carried batches; a batch of 50 is 50 items and 1 batch).
 */
function edgeColumns(withPrediction: boolean, batched: boolean): Column<EdgeRow>[] {
  return [
    { key: 'name', label: 'Connection', value: (r) => r.name, cell: (r) => r.name, text: true },
    ...paired<EdgeRow>(
      withPrediction,
      {
        key: 'rate',
        label: 'items/s',
        title: 'items per second through the connection (a batch counts its members)',
        value: (r) => r.report.throughput,
        cell: (r) => formatRate(r.report.throughput),
      },
      { value: (r) => r.predicted?.throughput, cell: (r) => fmtRateOpt(r.predicted?.throughput) },
    ),
    ...(batched
      ? paired<EdgeRow>(
          withPrediction,
          {
            key: 'batches',
            label: 'batches/s',
            title: 'batches per second through the connection (– where it carries no batches)',
            value: (r) => r.report.batchesPerSec,
            cell: (r) => fmtRateOpt(r.report.batchesPerSec),
          },
          {
            value: (r) => r.predicted?.batchesPerSec,
            cell: (r) => fmtRateOpt(r.predicted?.batchesPerSec),
          },
        )
      : []),
    ...paired<EdgeRow>(
      withPrediction,
      {
        key: 'mean',
        label: 'queued (mean)',
        title: 'messages waiting, on average',
        value: (r) => r.report.depthMean,
        cell: (r) => fmtNum(r.report.depthMean),
      },
      { value: (r) => r.predicted?.depthMean, cell: (r) => fmtNum(r.predicted?.depthMean) },
    ),
    {
      key: 'max',
      label: 'queued (max)',
      title: 'most messages waiting at once / capacity',
      value: (r) => r.report.depthMax,
      cell: (r) => `${count(r.report.depthMax)} / ${count(r.report.capacity)}`,
      tone: (r) => (r.report.depthMax >= r.report.capacity ? 'bad' : undefined),
    },
    {
      key: 'drops',
      label: 'drops',
      title: 'messages dropped because the connection was full',
      value: (r) => r.report.drops,
      cell: (r) => count(r.report.drops),
      tone: (r) => (r.report.drops > 0 ? 'bad' : 'zero'),
    },
    {
      key: 'blocked',
      label: 'blocked',
      title: 'time the producer waited for room (back pressure)',
      value: (r) => r.report.blockedMs,
      cell: (r) => formatMs(r.report.blockedMs),
      tone: (r) => (r.report.blockedMs === 0 ? 'zero' : undefined),
    },
  ];
}

function Totals({ measured, predicted }: { measured?: RunReport; predicted?: RunReport }) {
  const rows = [
    ...(measured !== undefined ? [['Measured', measured] as const] : []),
    ...(predicted !== undefined ? [['Predicted', predicted] as const] : []),
  ];
  return (
    <div className="table-scroll" tabIndex={0} role="group" aria-label="Totals">
      <table className="report-table report-totals" aria-label="Totals">
        <thead>
          <tr>
            <td />
            <th scope="col" title="delivered items per second (each member of a batch counts)">
              items/s
            </th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
            <th scope="col">delivered</th>
            <th scope="col">failed</th>
            <th scope="col">shed</th>
            <th scope="col" title="dropped by full connections">
              dropped
            </th>
            <th scope="col">error rate</th>
            <th scope="col">shed rate</th>
            {measured !== undefined && <th scope="col">memory</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, r]) => (
            <tr key={name} className={name === 'Predicted' ? 'predicted' : undefined}>
              <th scope="row">{name}</th>
              <td>{formatRate(r.totals.throughput)}</td>
              <td>{formatMs(r.totals.latencyMs.p50)}</td>
              <td>{formatMs(r.totals.latencyMs.p95)}</td>
              <td>{formatMs(r.totals.latencyMs.p99)}</td>
              <td>{count(r.totals.delivered)}</td>
              <td className={r.totals.failed > 0 ? 'bad' : undefined}>{count(r.totals.failed)}</td>
              <td>{count(r.totals.shed)}</td>
              <td className={r.totals.dropped > 0 ? 'bad' : undefined}>
                {count(r.totals.dropped)}
              </td>
              <td>{fmtShare(r.totals.errorRate)}</td>
              <td>{fmtShare(r.totals.shedRate)}</td>
              {measured !== undefined && (
                <td>
                  {r.run.transport === 'virtual'
                    ? '–'
                    : `${(r.totals.memoryBytes / 1024 / 1024).toFixed(1)} MiB`}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const VERDICT_MARK = { met: '✓', missed: '✗', 'no data': '–' } as const;

/** The graph's targets as chips: goal, value, met or missed (and the prediction's verdict). */
function TargetChips({ main, predicted }: { main: RunReport; predicted?: RunReport }) {
  const targets = main.targets;
  if (targets === undefined || Object.keys(targets).length === 0) return null;
  return (
    <ul className="chips" aria-label="Targets">
      {TARGETS.map((def) => {
        const tg = targets[def.key];
        if (tg === undefined) return null;
        const verdict = targetVerdict(tg);
        const p = predicted?.targets?.[def.key];
        return (
          <li key={def.key} className={`chip chip-${verdict.replace(' ', '-')}`}>
            <b>
              {VERDICT_MARK[verdict]} {def.label} {formatTargetGoal(def, tg.target)}
            </b>
            : {formatTargetValue(def.unit, tg.actual)} ({verdict})
            {p !== undefined && (
              <span className="chip-pred">
                {' '}
                · predicted {formatTargetValue(def.unit, p.actual)} ({targetVerdict(p)})
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** What went wrong inside the run (user-code errors, messages too large), one sentence each. */
function Problems({ report }: { report: RunReport }) {
  if (report.problems === undefined || report.problems.length === 0) return null;
  return (
    <ul className="report-problems" aria-label="Problems">
      {report.problems.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

/** The repetitions behind a predicted report, when it is the first of several seeds. */
function repetitionsOf(report: RunReport | undefined, reps: Prediction['repetitions']) {
  return reps !== null && report !== undefined && reps.reports[0] === report ? reps : null;
}

function Section({
  main,
  beside,
  repetitions,
}: {
  main: ShownResult;
  beside: ShownResult | null;
  repetitions: Prediction['repetitions'];
}) {
  const report = main.report;
  const measured = report.run.transport !== 'virtual';
  const title = measured ? 'Run report' : 'Predicted report (virtual time)';
  const predicted = beside?.report;
  const graph = main.origin.graph;
  const saturated = saturationNote(report.run);
  const reps = repetitionsOf(measured ? predicted : report, repetitions);
  const baseline = useAppStore(selectBaseline);
  const isBaseline = baseline?.report === report;
  return (
    <section className="report" aria-label={title}>
      <header className="report-head">
        <h2>{title}</h2>
        {main.earlier && (
          <span className="stale-chip" data-testid="report.earlier">
            {EARLIER_VERSION}
          </span>
        )}
        <span className="muted">
          {measured ? (
            <>
              {ENDED[report.run.ended]} · measured {(report.run.measuredMs / 1000).toFixed(1)} s
              after {(report.run.warmupMs / 1000).toFixed(1)} s warm-up · {report.run.workers}{' '}
              worker{report.run.workers === 1 ? '' : 's'} · {report.run.transport}
              {report.run.stopMs !== undefined && <> · stop took {report.run.stopMs} ms</>}
              {report.run.schedulingLagMs !== undefined && report.run.schedulingLagMs.count > 0 && (
                <> · scheduling lag p95 {report.run.schedulingLagMs.p95} ms</>
              )}
              {predicted !== undefined && <> · predicted beside it (same graph version)</>}
            </>
          ) : (
            <>simulated {(report.run.measuredMs / 1000).toFixed(1)} s after warm-up</>
          )}
        </span>
        <span className="report-actions">
          <button
            type="button"
            disabled={isBaseline}
            title="Keep this report to compare later runs and predictions of this graph against it"
            onClick={() =>
              useAppStore
                .getState()
                .saveBaseline(
                  report,
                  measured ? undefined : repetitionsOf(report, repetitions)?.reports.length,
                )
            }
          >
            {isBaseline ? 'Saved as baseline' : 'Save as baseline'}
          </button>
          {measured && (
            <button type="button" onClick={() => downloadReport(report)}>
              Export report
            </button>
          )}
        </span>
      </header>
      {measured && saturated !== undefined && (
        <p className="stale-note" role="note" data-testid="report.saturated">
          {saturated.charAt(0).toUpperCase() + saturated.slice(1)}.
        </p>
      )}
      {main.earlier && (
        <p className="stale-note">
          The graph was edited after this {measured ? 'run' : 'prediction'}: these numbers are{' '}
          {EARLIER_VERSION}. {measured ? 'Run' : 'Predict'} again to see the current one.
        </p>
      )}
      <Totals measured={measured ? report : undefined} predicted={measured ? predicted : report} />
      {reps !== null && (
        <IntervalTable
          summary={reps.summary}
          seeds={reps.reports.length}
          firstSeed={reps.reports[0]!.run.seed}
        />
      )}
      <TargetChips main={report} predicted={predicted} />
      <Problems report={report} />
      {baseline !== null && !isBaseline && (
        <BaselineDiff baseline={baseline} report={report} graph={graph} />
      )}
      <h3 className="report-sub">Nodes</h3>
      <SortableTable
        label="Nodes"
        rows={nodeRows(graph, report, predicted)}
        columns={nodeColumns(predicted !== undefined)}
        rowKey={(r) => r.id}
      />
      <h3 className="report-sub">Connections</h3>
      <SortableTable
        label="Edges"
        rows={edgeRows(graph, report, predicted)}
        columns={edgeColumns(
          predicted !== undefined,
          [report, predicted].some(
            (r) =>
              r !== undefined && Object.values(r.edges).some((e) => e.batchesPerSec !== undefined),
          ),
        )}
        rowKey={(r) => r.id}
      />
    </section>
  );
}

/** The report view: one section, or two when measured and predicted are of different versions. */
export function ReportSummary({ results }: { results: ResultsView }) {
  const { measured, predicted, comparable } = results;
  const repetitions = useAppStore((s) => s.prediction.repetitions);
  if (measured === null && predicted === null) return null;
  if (comparable && measured !== null)
    return <Section main={measured} beside={predicted} repetitions={repetitions} />;
  const sections = [measured, predicted]
    .filter((r): r is ShownResult => r !== null)
    .sort((a, b) => b.origin.revision - a.origin.revision);
  return (
    <>
      {sections.length === 2 && (
        <p className="stale-note" data-testid="report.not-compared">
          The run and the prediction were made from different versions of this graph, so they are
          not compared. {sections[0]!.report.run.transport === 'virtual' ? 'Run' : 'Predict'} again
          to compare them.
        </p>
      )}
      {sections.map((r) => (
        <Section
          key={r.report.run.transport === 'virtual' ? 'p' : 'm'}
          main={r}
          beside={null}
          repetitions={repetitions}
        />
      ))}
    </>
  );
}
