/**
 * The live charts' drawing: one path per series on a 2D canvas, with a grid,
 * round time ticks, round value ticks, shaded pauses and a hover cursor.
 *
 * Why not an SVG chart library: a recharts line chart re-rendered 4 charts ×
 * ~200 React components and their SVG nodes at every update; on a 2-core
 * machine that was most of the main thread's time during a run and its long
 * tasks (see `npm run bench:ui`). Drawing ~600 points per series into a
 * canvas takes well under a millisecond and touches no DOM.
 *
 * Contract: takes the data and a 2D context, draws, returns nothing; no React,
 * no store. Values that are not finite are gaps in the line. Geometry helpers
 * (`valueTicks`, `plotArea`, `nearestIndex`) are pure and tested on their own.
 */
import { formatTick, timeTicks } from './time-axis.ts';

/** A stretch of the time axis (s), e.g. a pause. */
export interface Span {
  from: number;
  to: number;
}

export interface PlotSeries {
  name: string;
  /** A CSS colour, resolved (no `var()`): canvas cannot read custom properties. */
  color: string;
  dashed?: boolean;
  /** One value per time point; NaN or ±Infinity is a gap. */
  values: ArrayLike<number>;
}

/** What one chart shows at one moment. */
export interface PlotFrame {
  /** Time of each point (s since the run's first sample), ascending. */
  tS: ArrayLike<number>;
  series: readonly PlotSeries[];
  /** Pauses, shaded and labelled "paused". */
  paused: readonly Span[];
}

/** Colours and font of the chart chrome, resolved from the page's CSS. */
export interface PlotTheme {
  grid: string;
  axis: string;
  text: string;
  pause: string;
  cursor: string;
  font: string;
}

export interface PlotArea {
  /** Left, right, top, bottom of the plotting rectangle (CSS px). */
  left: number;
  right: number;
  top: number;
  bottom: number;
  tMin: number;
  tMax: number;
  yMax: number;
  xTicks: number[];
  yTicks: number[];
}

/** Width kept for value labels left of the plot, and room for time labels under it (CSS px). */
export const Y_LABEL_W = 40;
const X_LABEL_H = 16;
const PAD_TOP = 6;
const PAD_RIGHT = 10;
const PAUSE_ALPHA = 0.12;

/**
 * Round value ticks from 0 up to at least `max`: steps of 1, 2, 2.5 or 5 × 10^k,
 * at most `maxTicks` intervals. The last tick is the axis' top.
 * @example valueTicks(1730) // [0, 500, 1000, 1500, 2000]
 */
export function valueTicks(max: number, maxTicks = 4): number[] {
  // Below 1e-300 the step would underflow to 0 (and the loop never end): no axis is that fine.
  const top = Number.isFinite(max) && max > 1e-300 ? max : 1;
  const raw = top / maxTicks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s * maxTicks >= top) ?? 10 * mag;
  const n = Math.ceil(top / step - 1e-9);
  const out: number[] = [];
  for (let i = 0; i <= n; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/** The largest finite value of any series, or NaN when there is none. */
export function finiteMax(series: readonly PlotSeries[]): number {
  let max = NaN;
  for (const s of series)
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      if (Number.isFinite(v) && !(v <= max)) max = v;
    }
  return max;
}

/** Where the plot sits in a `width` × `height` box and what its axes show. */
export function plotArea(frame: PlotFrame, width: number, height: number): PlotArea {
  const n = frame.tS.length;
  const last = n > 0 ? frame.tS[n - 1]! : 1;
  // One point has no span: show the second before it.
  const first = n > 1 ? frame.tS[0]! : last - 1;
  const yTicks = valueTicks(finiteMax(frame.series));
  return {
    left: Y_LABEL_W,
    right: Math.max(Y_LABEL_W + 1, width - PAD_RIGHT),
    top: PAD_TOP,
    bottom: Math.max(PAD_TOP + 1, height - X_LABEL_H),
    tMin: first,
    tMax: last,
    yMax: yTicks[yTicks.length - 1]!,
    xTicks: timeTicks(first, last),
    yTicks,
  };
}

export const xOf = (a: PlotArea, t: number): number =>
  a.tMax > a.tMin ? a.left + ((t - a.tMin) / (a.tMax - a.tMin)) * (a.right - a.left) : a.right;
export const yOf = (a: PlotArea, v: number): number => a.bottom - (v / a.yMax) * (a.bottom - a.top);

/** Index of the time point nearest `t` (binary search; -1 when there are none). */
export function nearestIndex(tS: ArrayLike<number>, t: number): number {
  const n = tS.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (tS[mid]! <= t) lo = mid;
    else hi = mid;
  }
  return Math.abs(tS[hi]! - t) < Math.abs(tS[lo]! - t) ? hi : lo;
}

/** The time under a horizontal position (CSS px), clamped to the plot. */
export function timeAt(a: PlotArea, x: number): number {
  const f = Math.min(1, Math.max(0, (x - a.left) / Math.max(1, a.right - a.left)));
  return a.tMin + f * (a.tMax - a.tMin);
}

/**
 * The 2D-context calls the chart makes (a subset of CanvasRenderingContext2D,
 * so a test can record them).
 */
export type PlotContext = Pick<
  CanvasRenderingContext2D,
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
  | 'fillRect'
  | 'fillText'
  | 'clearRect'
  | 'setLineDash'
  | 'save'
  | 'restore'
  | 'rect'
  | 'clip'
> & {
  strokeStyle: CanvasRenderingContext2D['strokeStyle'];
  fillStyle: CanvasRenderingContext2D['fillStyle'];
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
};

/**
 * Draws `frame` into a `width` × `height` (CSS px) context whose transform
 * already maps CSS px to device pixels. `hover`: index of the point under the
 * cursor (a vertical line and a dot per series), or -1. `a`: the plot area,
 * when the caller already has it (`plotArea` of the same frame and size).
 * @returns the plot area drawn (for hit testing), and the points stroked.
 */
export function drawPlot(
  ctx: PlotContext,
  frame: PlotFrame,
  width: number,
  height: number,
  theme: PlotTheme,
  formatValue: (v: number) => string,
  hover = -1,
  a: PlotArea = plotArea(frame, width, height),
): { area: PlotArea; points: number } {
  ctx.clearRect(0, 0, width, height);
  ctx.font = theme.font;
  ctx.lineWidth = 1;

  // Pauses under everything else.
  for (const p of frame.paused) {
    const x0 = Math.max(a.left, xOf(a, p.from));
    const x1 = Math.min(a.right, xOf(a, p.to));
    if (!(x1 > x0)) continue;
    ctx.fillStyle = theme.pause;
    ctx.globalAlpha = PAUSE_ALPHA;
    ctx.fillRect(x0, a.top, x1 - x0, a.bottom - a.top);
    ctx.globalAlpha = 1;
    ctx.fillStyle = theme.text;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText('paused', (x0 + x1) / 2, a.top + 2);
  }

  // Grid and value labels.
  ctx.strokeStyle = theme.grid;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  for (const v of a.yTicks) {
    const y = Math.round(yOf(a, v)) + 0.5;
    ctx.moveTo(a.left, y);
    ctx.lineTo(a.right, y);
  }
  for (const t of a.xTicks) {
    const x = Math.round(xOf(a, t)) + 0.5;
    ctx.moveTo(x, a.top);
    ctx.lineTo(x, a.bottom);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of a.yTicks) ctx.fillText(formatValue(v), a.left - 4, yOf(a, v));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of a.xTicks) ctx.fillText(formatTick(t), xOf(a, t), a.bottom + 3);
  ctx.strokeStyle = theme.axis;
  ctx.beginPath();
  ctx.moveTo(a.left + 0.5, a.top);
  ctx.lineTo(a.left + 0.5, a.bottom + 0.5);
  ctx.lineTo(a.right, a.bottom + 0.5);
  ctx.stroke();

  // One path per series; a non-finite value lifts the pen.
  let points = 0;
  ctx.save();
  ctx.beginPath();
  ctx.rect(a.left, a.top - 2, a.right - a.left + 2, a.bottom - a.top + 4);
  ctx.clip();
  ctx.lineWidth = 1.5;
  for (const s of frame.series) {
    ctx.strokeStyle = s.color;
    ctx.setLineDash(s.dashed === true ? [4, 2] : []);
    ctx.beginPath();
    let pen = false;
    const n = Math.min(s.values.length, frame.tS.length);
    for (let i = 0; i < n; i++) {
      const v = s.values[i]!;
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      const x = xOf(a, frame.tS[i]!);
      const y = yOf(a, v);
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
      points++;
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.restore();

  if (hover >= 0 && hover < frame.tS.length) {
    const x = Math.round(xOf(a, frame.tS[hover]!)) + 0.5;
    ctx.strokeStyle = theme.cursor;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, a.top);
    ctx.lineTo(x, a.bottom);
    ctx.stroke();
    for (const s of frame.series) {
      const v = s.values[hover];
      if (v === undefined || !Number.isFinite(v)) continue;
      ctx.fillStyle = s.color;
      ctx.fillRect(x - 2.5, yOf(a, v) - 2.5, 5, 5);
    }
  }
  return { area: a, points };
}
