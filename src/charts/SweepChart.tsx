/**
 * One sweep chart: a measure (mean, with its 95 % interval as error bars)
 * against the swept parameter, one dot per finished point, the knee and the
 * best value under targets marked by labelled vertical lines (one line,
 * "knee · best", when they are the same value). Round y ticks; a log y axis
 * when the values span two decades or more (a latency of seconds when
 * overloaded would flatten the milliseconds that matter elsewhere). The table
 * beside it is the accessible form of the same numbers.
 */
import { memo } from 'react';
import {
  CartesianGrid,
  ErrorBar,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { logTicks, niceTicks, type SweepChartRow, wantsLogAxis } from './sweep-rows.ts';

export interface SweepChartProps {
  title: string;
  unit: string;
  rows: readonly SweepChartRow[];
  dataKey: 'throughput' | 'p95' | 'dropped';
  errKey: 'throughputErr' | 'p95Err' | 'droppedErr';
  color: string;
  /** The parameter's name, for the x axis. */
  xLabel: string;
  log: boolean;
  /** Values of the knee and of the best point, to mark. */
  knee: number | null;
  best: number | null;
  format: (v: number) => string;
  testId: string;
}

const AXIS_TICK = { fontSize: 11 };
// Room above the plot for the knee/best labels, so they never sit on a point.
const MARGIN = { top: 20, right: 14, bottom: 14, left: 0 };
const DOT = { r: 3.5, strokeWidth: 1.5 };
const compact = (v: number) =>
  Math.abs(v) >= 1e4
    ? `${Number((v / 1000).toPrecision(3))}k`
    : Number(v.toPrecision(4)).toString();

/**
 * The points' own values as ticks when they fit without crowding (few, and
 * no two much closer than an even spacing would put them); else recharts'.
 */
function evenTicks(rows: readonly SweepChartRow[], log: boolean): number[] | undefined {
  if (rows.length < 2 || rows.length > 8) return undefined;
  const at = rows.map((r) => (log ? Math.log(r.x) : r.x));
  const span = at[at.length - 1]! - at[0]!;
  const closest = Math.min(...at.slice(1).map((x, i) => x - at[i]!));
  return closest >= span / (rows.length * 2) ? rows.map((r) => r.x) : undefined;
}

export const SweepChart = memo(function SweepChart({
  title,
  unit,
  rows,
  dataKey,
  errKey,
  color,
  xLabel,
  log,
  knee,
  best,
  format,
  testId,
}: SweepChartProps) {
  const id = `sweep-chart-${testId}`;
  const ys = rows.map((r) => r[dataKey]).filter((v): v is number => v !== null);
  const logY = wantsLogAxis(ys);
  const yTicks = logY
    ? logTicks(Math.min(...ys), Math.max(...ys))
    : niceTicks(Math.max(0, ...rows.map((r) => (r[dataKey] ?? 0) + r[errKey])));
  // On a log axis an error bar must stay above 0: [below, above] the mean.
  const data = logY
    ? rows.map((r) => {
        const v = r[dataKey] ?? 0;
        return { ...r, errLog: [Math.min(r[errKey], v * 0.9), r[errKey]] };
      })
    : (rows as SweepChartRow[]);
  const same = knee !== null && knee === best;
  return (
    <figure
      className="chart sweep-chart"
      aria-labelledby={id}
      data-testid={`sweep.chart.${testId}`}
    >
      <figcaption id={id} className="chart-title">
        <span>
          {title} <span className="muted">({unit})</span>
        </span>
        <span className="muted small">
          {rows.length} point{rows.length === 1 ? '' : 's'}
        </span>
      </figcaption>
      <div className="chart-body">
        {rows.length === 0 ? (
          <div className="chart-empty">No point finished yet</div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={MARGIN}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis
                dataKey="x"
                type="number"
                scale={log ? 'log' : 'linear'}
                domain={log ? ['dataMin', 'dataMax'] : ['auto', 'auto']}
                ticks={evenTicks(rows, log)}
                interval={0}
                tickFormatter={compact}
                tick={AXIS_TICK}
                stroke="var(--muted)"
                label={{ value: xLabel, position: 'insideBottom', offset: -8, fontSize: 11 }}
              />
              <YAxis
                tick={AXIS_TICK}
                width={44}
                stroke="var(--muted)"
                tickFormatter={compact}
                scale={logY ? 'log' : 'linear'}
                domain={[yTicks[0]!, yTicks[yTicks.length - 1]!]}
                ticks={yTicks}
                interval={0}
                allowDataOverflow
              />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(x) => `${xLabel} = ${String(x)}`}
                formatter={(v) => (typeof v === 'number' ? format(v) : '–')}
                contentStyle={{ fontSize: 11 }}
              />
              {knee !== null && !same && (
                <ReferenceLine
                  x={knee}
                  stroke="var(--warn)"
                  strokeDasharray="5 3"
                  label={{ value: 'knee', position: 'top', fontSize: 11, fill: 'var(--warn)' }}
                />
              )}
              {best !== null && (
                <ReferenceLine
                  x={best}
                  stroke="var(--ok)"
                  strokeWidth={2}
                  label={{
                    value: same ? 'knee · best' : 'best',
                    position: 'top',
                    fontSize: 11,
                    fill: 'var(--ok)',
                  }}
                />
              )}
              <Line
                dataKey={dataKey}
                name={title}
                stroke={color}
                strokeWidth={1.5}
                dot={DOT}
                isAnimationActive={false}
                connectNulls={false}
              >
                <ErrorBar
                  dataKey={logY ? 'errLog' : errKey}
                  width={6}
                  stroke={color}
                  direction="y"
                />
              </Line>
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
});
