/**
 * The four live charts (throughput, latency, queue depth, memory), each fed
 * by the sampler through `useSampled` at ≤ 2 Hz (CHART_HZ), rendered as transitions.
 */
import { formatMs, formatRate } from '../core/format.ts';
import type { MetricsSampler } from '../metrics/sampler.ts';
import { getRunHost } from '../store/index.ts';
import { inPause } from './time-axis.ts';
import { type Row, type SeriesSpec, type Span, TimeSeriesChart } from './TimeSeriesChart.tsx';
import { CHART_WINDOW_SAMPLES, orNull, thin, useSampled } from './useSampler.ts';

const MIB = 1024 * 1024;
/** Edges drawn on the queue chart: the fullest few. */
export const QUEUE_TOP_N = 4;
const QUEUE_COLORS = ['#cf222e', '#bc4c00', '#8250df', '#1b7c83'];

interface Built {
  rows: Row[];
  headline: string;
  /** Pauses of the run (s since its first sample), shaded; their samples are gaps. */
  paused: Span[];
}

/** Whether the sample at index i measured paused time (it is drawn as a gap). */
function pausedSamples(s: MetricsSampler, tMs: Float64Array): (i: number) => boolean {
  const pauses = getRunHost().pauses;
  if (pauses.length === 0) return () => false;
  return (i) => inPause(tMs[i]!, pauses, s.windowMs);
}

function pauseSpans(s: MetricsSampler, lastTMs: number): Span[] {
  return getRunHost().pauses.map((p) => ({
    from: (p.fromMs - s.firstTMs) / 1000,
    to: (Math.min(p.toMs, lastTMs) - s.firstTMs) / 1000,
  }));
}

function globalRows(
  s: MetricsSampler,
  columns: Record<string, Parameters<MetricsSampler['series']>[0]>,
  scale = 1,
): Row[] {
  const keys = Object.keys(columns);
  const views = keys.map((k) => s.series(columns[k]!, CHART_WINDOW_SAMPLES));
  const t = views[0]!.tMs;
  const paused = pausedSamples(s, t);
  return thin(t.length).map((i) => {
    const row: Row = { t: (t[i]! - s.firstTMs) / 1000 };
    const gap = paused(i);
    keys.forEach((k, j) => {
      const v = gap ? null : orNull(views[j]!.values[i]!);
      row[k] = v === null ? null : v / scale;
    });
    return row;
  });
}

function spansOf(s: MetricsSampler, rows: readonly Row[]): Span[] {
  const last = rows[rows.length - 1];
  return last === undefined ? [] : pauseSpans(s, s.firstTMs + last.t * 1000);
}

function buildThroughput(s: MetricsSampler): Built {
  const rows = globalRows(s, { rate: 'sinkRate' });
  return { rows, headline: formatRate(s.sinkRate), paused: spansOf(s, rows) };
}

function buildLatency(s: MetricsSampler): Built {
  const rows = globalRows(s, { p50: 'latencyP50Ms', p95: 'latencyP95Ms', p99: 'latencyP99Ms' });
  return { rows, headline: `p95 ${formatMs(s.latencyP95Ms)}`, paused: spansOf(s, rows) };
}

function buildMemory(s: MetricsSampler): Built {
  const heap = s.heapBytes;
  const rows = globalRows(s, { heap: 'heapBytes', sab: 'sabBytes' }, MIB);
  return {
    rows,
    paused: spansOf(s, rows),
    headline: Number.isFinite(heap)
      ? `${((heap + s.sabBytes) / MIB).toFixed(1)} MiB`
      : `${(s.sabBytes / MIB).toFixed(1)} MiB SAB`,
  };
}

function buildQueues(s: MetricsSampler): Built & { series: SeriesSpec[] } {
  const top = s.topEdgesByFill(QUEUE_TOP_N);
  const views = top.map((e) => s.elementSeries('edgeDepth', e, CHART_WINDOW_SAMPLES));
  const t = views[0]?.tMs ?? new Float64Array(0);
  const rows = thin(t.length).map((i) => {
    const row: Row = { t: (t[i]! - s.firstTMs) / 1000 };
    views.forEach((v, j) => (row[`q${j}`] = v.values[i]!));
    return row;
  });
  // Queues keep their depth through a pause (nothing moves): drawn as they are.
  const series = top.map((e, j) => ({
    key: `q${j}`,
    name: s.edgeNames[e]!,
    color: QUEUE_COLORS[j % QUEUE_COLORS.length]!,
  }));
  const fullest = top[0];
  return {
    rows,
    series,
    paused: spansOf(s, rows),
    headline: fullest === undefined ? '' : `${Math.round(s.edgeFill[fullest]! * 100)}% full`,
  };
}

const THROUGHPUT: SeriesSpec[] = [{ key: 'rate', name: 'sinks', color: 'var(--accent)' }];
const LATENCY: SeriesSpec[] = [
  { key: 'p50', name: 'p50', color: '#1f883d' },
  { key: 'p95', name: 'p95', color: '#bc4c00' },
  { key: 'p99', name: 'p99', color: '#cf222e', dashed: true },
];
const MEMORY: SeriesSpec[] = [
  { key: 'heap', name: 'JS heap', color: '#8250df' },
  { key: 'sab', name: 'SharedArrayBuffers', color: '#1b7c83', dashed: true },
];
const fmtMsTick = (v: number) => (v >= 100 ? v.toFixed(0) : Number(v.toPrecision(2)).toString());

export function ThroughputChart() {
  const d = useSampled(buildThroughput);
  return (
    <TimeSeriesChart
      title="Throughput"
      unit="msg/s"
      rows={d?.rows ?? null}
      series={THROUGHPUT}
      headline={d?.headline}
      paused={d?.paused}
      testId="throughput"
    />
  );
}

export function LatencyChart() {
  const d = useSampled(buildLatency);
  return (
    <TimeSeriesChart
      title="Latency"
      unit="ms"
      rows={d?.rows ?? null}
      series={LATENCY}
      headline={d?.headline}
      paused={d?.paused}
      testId="latency"
      formatValue={fmtMsTick}
    />
  );
}

export function QueueDepthChart() {
  const d = useSampled(buildQueues);
  return (
    <TimeSeriesChart
      title="Queue depth"
      unit="msg"
      rows={d?.rows ?? null}
      series={d?.series ?? []}
      headline={d?.headline}
      paused={d?.paused}
      testId="queues"
      legend
    />
  );
}

export function MemoryChart() {
  const d = useSampled(buildMemory);
  return (
    <TimeSeriesChart
      title="Memory"
      unit="MiB"
      rows={d?.rows ?? null}
      series={MEMORY}
      headline={d?.headline}
      paused={d?.paused}
      testId="memory"
    />
  );
}
