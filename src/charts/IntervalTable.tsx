/**
 * A repeated prediction's totals over its seeds: each measure's mean and the
 * half-width of its 95 % confidence interval (Student's t), as JMT reports
 * its measures.
 */
import type { PointSummary } from '../host/sweep.ts';
import type { Interval } from '../metrics/stats.ts';
import { showCount, showMs, showRate } from './sweep-rows.ts';

const ROWS: [string, (s: PointSummary) => Interval, (x: number) => string][] = [
  ['throughput (items/s)', (s) => s.throughput, showRate],
  ['p50 latency', (s) => s.p50LatencyMs, showMs],
  ['p95 latency', (s) => s.p95LatencyMs, showMs],
  ['p99 latency', (s) => s.p99LatencyMs, showMs],
  ['mean latency', (s) => s.meanLatencyMs, showMs],
  ['dropped', (s) => s.dropped, showCount],
  ['failed', (s) => s.failed, showCount],
];

export function IntervalTable({
  summary,
  seeds,
  firstSeed,
}: {
  summary: PointSummary;
  seeds: number;
  firstSeed: number;
}) {
  return (
    <div className="table-scroll" tabIndex={0} role="group" aria-label="Over the seeds">
      <p className="interval-note">
        Over {seeds} seeds ({firstSeed}–{firstSeed + seeds - 1}): mean ± 95 % confidence interval.
        The other tables are of seed {firstSeed}, the graph’s own.
      </p>
      <table
        className="report-table interval-table"
        aria-label={`Over ${seeds} seeds`}
        data-testid="report.intervals"
      >
        <thead>
          <tr>
            <td />
            <th scope="col">mean</th>
            <th scope="col">± 95 %</th>
            <th scope="col">± % of mean</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([name, of, show]) => {
            const i = of(summary);
            const none = i.n === 0 || !Number.isFinite(i.mean);
            const pct =
              i.halfWidth !== null && i.mean !== 0 ? (i.halfWidth / Math.abs(i.mean)) * 100 : null;
            return (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{none ? '–' : show(i.mean)}</td>
                <td>{none || i.halfWidth === null ? '–' : `± ${show(i.halfWidth)}`}</td>
                <td>{pct === null ? '–' : `± ${pct < 10 ? pct.toFixed(1) : Math.round(pct)} %`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
