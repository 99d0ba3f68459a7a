/**
 * One live time-series chart: a labelled figure around a recharts LineChart
 * with animations off. Data are plain rows `{ t, [key]: value | null }`.
 */
import { memo, useMemo } from 'react';

import { formatTick, timeTicks } from './time-axis.ts';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface SeriesSpec {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
}

export type Row = { t: number } & Record<string, number | null>;

/** A stretch of the time axis (s), e.g. a pause. */
export interface Span {
  from: number;
  to: number;
}

export interface TimeSeriesChartProps {
  title: string;
  unit: string;
  rows: readonly Row[] | null;
  series: readonly SeriesSpec[];
  /** Text of the headline value (the newest), shown next to the title. */
  headline?: string;
  testId: string;
  formatValue?: (v: number) => string;
  /** Show the legend even for one series (its name carries information). */
  legend?: boolean;
  /** Pauses, shaded and labelled. */
  paused?: readonly Span[];
}

const fmtDefault = (v: number) =>
  Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(1)}k` : Number(v.toPrecision(3)).toString();
const AXIS_TICK = { fontSize: 11 };
const PAUSE_LABEL = { value: 'paused', position: 'insideTop' as const, fontSize: 11 };
const MARGIN = { top: 4, right: 10, bottom: 0, left: 0 };
const LEGEND_STYLE = { fontSize: 10, lineHeight: '12px' };

export const TimeSeriesChart = memo(function TimeSeriesChart({
  title,
  unit,
  rows,
  series,
  headline,
  testId,
  formatValue = fmtDefault,
  legend = false,
  paused,
}: TimeSeriesChartProps) {
  const id = `chart-${testId}`;
  const first = rows?.[0]?.t;
  const last = rows?.[rows.length - 1]?.t;
  const ticks = useMemo(
    () => (first === undefined || last === undefined ? [] : timeTicks(first, last)),
    [first, last],
  );
  return (
    <figure className="chart" aria-labelledby={id} data-testid={`chart.${testId}`}>
      <figcaption id={id} className="chart-title">
        <span>
          {title} <span className="muted">({unit})</span>
        </span>
        {headline !== undefined && <b className="chart-headline">{headline}</b>}
      </figcaption>
      <div className="chart-body">
        {rows === null || rows.length === 0 ? (
          <div className="chart-empty">No data yet</div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows as Row[]} margin={MARGIN}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis
                dataKey="t"
                type="number"
                domain={['dataMin', 'dataMax']}
                ticks={ticks}
                interval={0}
                tickFormatter={formatTick}
                tick={AXIS_TICK}
                stroke="var(--muted)"
              />
              <YAxis
                tick={AXIS_TICK}
                width={40}
                stroke="var(--muted)"
                tickFormatter={formatValue}
                allowDecimals
              />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(t) => `t = ${Number(t).toFixed(1)} s`}
                formatter={(v) => (typeof v === 'number' ? `${formatValue(v)} ${unit}` : '–')}
                contentStyle={{ fontSize: 11 }}
              />
              {paused?.map((p) => (
                <ReferenceArea
                  key={p.from}
                  x1={p.from}
                  x2={p.to}
                  fill="var(--muted)"
                  fillOpacity={0.12}
                  label={PAUSE_LABEL}
                  ifOverflow="hidden"
                />
              ))}
              {(legend || series.length > 1) && <Legend wrapperStyle={LEGEND_STYLE} iconSize={8} />}
              {series.map((s) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.name}
                  stroke={s.color}
                  strokeWidth={1.5}
                  strokeDasharray={s.dashed === true ? '4 2' : undefined}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
});
