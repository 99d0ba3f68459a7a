/**
 * The four live charts (throughput, latency, queue depth, memory): what each
 * draws from the sampler. Charts show the last 60 s of samples (queue depth:
 * the last 30 s, the sampler's per-edge history); samples
 * that measured paused time are gaps (not zero throughput) under a shaded
 * "paused" band. Drawing and refresh: `LiveChart.tsx`.
 */
import { formatMs, formatRate } from '../core/format.ts';
import type { MetricsSampler } from '../metrics/sampler.ts';
import type { GlobalSeriesName } from '../metrics/sampler-history.ts';
import { getRunHost } from '../store/index.ts';
import { type ChartData, type ChartSeries, LiveChart } from './LiveChart.tsx';
import type { Span } from './plot.ts';
import { inPause } from './time-axis.ts';

const MIB = 1024 * 1024;
/** Samples asked for per chart: the last 60 s at 10 Hz (per-edge series keep 30 s). */
export const CHART_WINDOW_SAMPLES = 600;
/** Edges drawn on the queue chart: the fullest few. */
export const QUEUE_TOP_N = 4;
const QUEUE_COLORS = ['#cf222e', '#bc4c00', '#8250df', '#1b7c83'];

interface Column {
  key: GlobalSeriesName;
  name: string;
  color: string;
  dashed?: boolean;
  /** Divides the values (e.g. bytes → MiB). */
  scale?: number;
}

/** Seconds since the run's first sample, per sample. */
function seconds(s: MetricsSampler, tMs: Float64Array): Float64Array {
  const out = new Float64Array(tMs.length);
  for (let i = 0; i < tMs.length; i++) out[i] = (tMs[i]! - s.firstTMs) / 1000;
  return out;
}

/** The run's pauses on the chart's time axis (s). */
function pauseSpans(s: MetricsSampler, lastTMs: number): Span[] {
  return getRunHost().pauses.map((p) => ({
    from: (p.fromMs - s.firstTMs) / 1000,
    to: (Math.min(p.toMs, lastTMs) - s.firstTMs) / 1000,
  }));
}

/**
 * Global series as chart data. `gapInPause`: samples whose rate window spans
 * a pause measured a frozen graph and become gaps.
 */
function globalData(
  s: MetricsSampler,
  columns: readonly Column[],
  headline: string,
  gapInPause = true,
): ChartData {
  const views = columns.map((c) => s.series(c.key, CHART_WINDOW_SAMPLES));
  const tMs = views[0]!.tMs;
  const pauses = getRunHost().pauses;
  const series: ChartSeries[] = columns.map((c, j) => {
    const src = views[j]!.values;
    const values = new Float64Array(src.length);
    const scale = c.scale ?? 1;
    for (let i = 0; i < src.length; i++)
      values[i] =
        gapInPause && pauses.length > 0 && inPause(tMs[i]!, pauses, s.windowMs)
          ? NaN
          : src[i]! / scale;
    return { name: c.name, color: c.color, dashed: c.dashed, values };
  });
  const last = tMs.length > 0 ? tMs[tMs.length - 1]! : s.firstTMs;
  return { tS: seconds(s, tMs), series, paused: pauseSpans(s, last), headline };
}

const THROUGHPUT: Column[] = [{ key: 'sinkRate', name: 'sinks', color: 'var(--accent)' }];
const LATENCY: Column[] = [
  { key: 'latencyP50Ms', name: 'p50', color: '#1f883d' },
  { key: 'latencyP95Ms', name: 'p95', color: '#bc4c00' },
  { key: 'latencyP99Ms', name: 'p99', color: '#cf222e', dashed: true },
];
const MEMORY: Column[] = [
  { key: 'heapBytes', name: 'JS heap', color: '#8250df', scale: MIB },
  { key: 'sabBytes', name: 'SharedArrayBuffers', color: '#1b7c83', dashed: true, scale: MIB },
];

export function buildThroughput(s: MetricsSampler): ChartData {
  return globalData(s, THROUGHPUT, formatRate(s.sinkRate));
}

export function buildLatency(s: MetricsSampler): ChartData {
  return globalData(s, LATENCY, `p95 ${formatMs(s.latencyP95Ms)}`);
}

export function buildMemory(s: MetricsSampler): ChartData {
  const heap = s.heapBytes;
  const headline = Number.isFinite(heap)
    ? `${((heap + s.sabBytes) / MIB).toFixed(1)} MiB`
    : `${(s.sabBytes / MIB).toFixed(1)} MiB SAB`;
  // Memory is held through a pause: drawn as it is.
  return globalData(s, MEMORY, headline, false);
}

/** The fullest few edges' depths, named "from → to" by their labels. */
export function buildQueues(s: MetricsSampler): ChartData {
  const ranked = s.topEdgesByFill(QUEUE_TOP_N);
  // The fullest few, drawn in edge order: two of them swapping rank change neither colour nor legend.
  const top = [...ranked].sort((a, b) => a - b);
  const views = top.map((e) => s.elementSeries('edgeDepth', e, CHART_WINDOW_SAMPLES));
  const tMs = views[0]?.tMs ?? new Float64Array(0);
  // Queues keep their depth through a pause (nothing moves): drawn as they are.
  const series = top.map((e, j) => ({
    name: s.edgeNames[e]!,
    color: QUEUE_COLORS[j % QUEUE_COLORS.length]!,
    values: views[j]!.values,
  }));
  const fullest = ranked[0];
  const last = tMs.length > 0 ? tMs[tMs.length - 1]! : s.firstTMs;
  return {
    tS: seconds(s, tMs),
    series,
    paused: pauseSpans(s, last),
    headline: fullest === undefined ? '' : `${Math.round(s.edgeFill[fullest]! * 100)}% full`,
  };
}

const fmtMsTick = (v: number) => (v >= 100 ? v.toFixed(0) : Number(v.toPrecision(2)).toString());

export function ThroughputChart() {
  return (
    <LiveChart title="Throughput" unit="items/s" testId="throughput" build={buildThroughput} />
  );
}

export function LatencyChart() {
  return (
    <LiveChart
      title="Latency"
      unit="ms"
      testId="latency"
      build={buildLatency}
      formatValue={fmtMsTick}
    />
  );
}

export function QueueDepthChart() {
  return <LiveChart title="Queue depth" unit="msg" testId="queues" build={buildQueues} legend />;
}

export function MemoryChart() {
  return <LiveChart title="Memory" unit="MiB" testId="memory" build={buildMemory} />;
}
