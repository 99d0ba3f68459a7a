/**
 * One live time-series chart: a labelled figure around a recharts LineChart
 * with animations off. Data are plain rows `{ t, [key]: value | null }`.
 */
import { memo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
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
}

const fmtDefault = (v: number) =>
  Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(1)}k` : Number(v.toPrecision(3)).toString();
const fmtTime = (t: number) => `${t.toFixed(0)} s`;
const AXIS_TICK = { fontSize: 10 };
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
}: TimeSeriesChartProps) {
  const id = `chart-${testId}`;
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
                tickFormatter={fmtTime}
                tick={AXIS_TICK}
                stroke="var(--muted)"
                minTickGap={24}
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
