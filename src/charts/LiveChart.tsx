/**
 * One live time-series chart: a labelled figure (title, newest value, legend)
 * around a canvas the chart draws itself (`plot.ts`).
 *
 * Transient updates: the chart subscribes to the run host's samples and
 * redraws the canvas at most `CHART_HZ` times a second (trailing, so a run's
 * last sample is always drawn) in an animation frame. No React state changes
 * per sample: React renders the figure again only when the legend or the
 * "No data yet" placeholder change. The headline and the canvas' accessible
 * summary are written into the DOM directly, and only when their text changes.
 *
 * Hover (or focus and ←/→/Home/End) shows the values at one time point.
 */
import {
  type KeyboardEvent as ReactKeyboardEvent,
  memo,
  type PointerEvent as ReactPointerEvent,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

import type { MetricsSampler } from '../metrics/sampler.ts';
import { getRunHost } from '../store/index.ts';
import {
  drawPlot,
  nearestIndex,
  type PlotArea,
  type PlotFrame,
  type PlotTheme,
  timeAt,
  xOf,
} from './plot.ts';

/** Chart redraws per second at most (a redraw costs well under a millisecond: see bench:ui). */
export const CHART_HZ = 4;

/** A series as built from the sampler; `color` may be a CSS `var(--x)`. */
export interface ChartSeries {
  name: string;
  color: string;
  dashed?: boolean;
  values: ArrayLike<number>;
}

/** What a chart's `build` returns for the sampler's current state. */
export interface ChartData {
  tS: ArrayLike<number>;
  series: readonly ChartSeries[];
  paused: PlotFrame['paused'];
  /** Text of the newest value, shown next to the title. */
  headline: string;
}

export interface LiveChartProps {
  title: string;
  unit: string;
  testId: string;
  /** Pure, module-level: reads the sampler, allocates the frame. */
  build: (s: MetricsSampler) => ChartData;
  formatValue?: (v: number) => string;
  /** Show the legend even for one series (its name carries information). */
  legend?: boolean;
}

export const fmtDefault = (v: number): string =>
  Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(1)}k` : Number(v.toPrecision(3)).toString();

interface LegendItem {
  name: string;
  color: string;
  dashed: boolean;
}

const legendKey = (items: readonly LegendItem[]) =>
  items.map((i) => `${i.name}\u0000${i.color}\u0000${i.dashed}`).join('\u0001');

/** Resolves `var(--x)` colours against an element's computed style (cached until the scheme changes). */
function colorResolver(el: Element): (c: string) => string {
  const cache = new Map<string, string>();
  let style: CSSStyleDeclaration | null = null;
  return (c) => {
    const m = /^var\((--[\w-]+)\)$/.exec(c);
    if (m === null) return c;
    let v = cache.get(c);
    if (v === undefined) {
      style ??= getComputedStyle(el);
      v = style.getPropertyValue(m[1]!).trim() || '#888';
      cache.set(c, v);
    }
    return v;
  };
}

function themeOf(resolve: (c: string) => string): PlotTheme {
  return {
    grid: resolve('var(--border)'),
    axis: resolve('var(--muted)'),
    text: resolve('var(--muted)'),
    pause: resolve('var(--muted)'),
    cursor: resolve('var(--text)'),
    font: '11px system-ui, sans-serif',
  };
}

/** Newest finite value of a series, or NaN. */
function newest(values: ArrayLike<number>): number {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return values[i]!;
  return NaN;
}

export const LiveChart = memo(function LiveChart({
  title,
  unit,
  testId,
  build,
  formatValue = fmtDefault,
  legend = false,
}: LiveChartProps) {
  const id = `chart-${testId}`;
  const bodyRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const headlineRef = useRef<HTMLElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const [hasData, setHasData] = useState(() => {
    const s = getRunHost().currentSampler;
    return s !== null && s.samples > 0;
  });
  const [legendItems, setLegendItems] = useState<readonly LegendItem[]>([]);
  // Mutable drawing state: never a reason to re-render.
  const st = useRef({
    data: null as ChartData | null,
    frame: null as PlotFrame | null,
    area: null as PlotArea | null,
    hover: -1,
    widthPx: 0,
    heightPx: 0,
    resolve: null as ((c: string) => string) | null,
    theme: null as PlotTheme | null,
    legendKey: '',
    summary: '',
    hasData,
  });

  /** Draws the last built data at the current size and hover. */
  const paint = useCallback(() => {
    const s = st.current;
    const canvas = canvasRef.current;
    if (canvas === null || s.data === null || s.widthPx <= 0 || s.heightPx <= 0) return;
    const ctx = canvas.getContext('2d');
    if (ctx === null) return;
    s.resolve ??= colorResolver(canvas);
    s.theme ??= themeOf(s.resolve);
    const resolve = s.resolve;
    s.frame = {
      tS: s.data.tS,
      paused: s.data.paused,
      series: s.data.series.map((x) => ({ ...x, color: resolve(x.color) })),
    };
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const r = drawPlot(ctx, s.frame, s.widthPx, s.heightPx, s.theme, formatValue, s.hover);
    s.area = r.area;
    canvas.dataset['points'] = String(r.points);
  }, [formatValue]);

  /** Shows the values at the hovered point next to the cursor line (or hides the tip). */
  const showTip = useCallback(() => {
    const s = st.current;
    const tip = tipRef.current;
    if (tip === null) return;
    const i = s.hover;
    if (s.frame === null || s.area === null || i < 0 || i >= s.frame.tS.length) {
      tip.hidden = true;
      return;
    }
    const lines = [`t = ${Number(s.frame.tS[i]).toFixed(1)} s`];
    for (const x of s.frame.series) {
      const v = x.values[i];
      lines.push(
        `${x.name}: ${v !== undefined && Number.isFinite(v) ? `${formatValue(v)} ${unit}` : '–'}`,
      );
    }
    tip.textContent = lines.join('\n');
    tip.hidden = false;
    const x = xOf(s.area, s.frame.tS[i]!);
    // Right of the cursor, or left of it near the right edge.
    const left = x + 8 + tip.offsetWidth > s.widthPx ? x - 8 - tip.offsetWidth : x + 8;
    tip.style.transform = `translate(${Math.max(0, left)}px, 4px)`;
  }, [formatValue, unit]);

  /** Rebuilds the data from the sampler, updates headline, summary and legend, then paints. */
  const refresh = useCallback(() => {
    const s = st.current;
    const sampler = getRunHost().currentSampler;
    const data = sampler !== null && sampler.samples > 0 ? build(sampler) : null;
    s.data = data;
    if (s.hasData !== (data !== null)) {
      s.hasData = data !== null;
      setHasData(s.hasData);
    }
    if (data === null) return;
    if (headlineRef.current !== null && headlineRef.current.textContent !== data.headline)
      headlineRef.current.textContent = data.headline;
    const items = data.series.map((x) => ({
      name: x.name,
      color: x.color,
      dashed: x.dashed === true,
    }));
    const key = legendKey(items);
    if (key !== s.legendKey) {
      s.legendKey = key;
      setLegendItems(items);
    }
    const summary = `${title}: ${
      data.series
        .map((x) => {
          const v = newest(x.values);
          return `${x.name} ${Number.isFinite(v) ? `${formatValue(v)} ${unit}` : 'no value'}`;
        })
        .join(', ') || 'no series'
    }`;
    if (summary !== s.summary) {
      s.summary = summary;
      canvasRef.current?.setAttribute('aria-label', summary);
    }
    paint();
    if (s.hover >= 0) showTip();
  }, [build, formatValue, paint, showTip, title, unit]);

  // Samples → at most CHART_HZ redraws, each in an animation frame.
  useEffect(() => {
    const host = getRunHost();
    const periodMs = 1000 / CHART_HZ;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let frame = 0;
    const flush = () => {
      timer = null;
      frame = requestAnimationFrame(() => {
        frame = 0;
        last = performance.now();
        refresh();
      });
    };
    const onSample = () => {
      if (timer !== null || frame !== 0) return;
      timer = setTimeout(flush, Math.max(0, periodMs - (performance.now() - last)));
    };
    const offSample = host.onSample(onSample);
    const offStart = host.onRunStart(() => {
      st.current.hover = -1;
      refresh();
    });
    refresh();
    return () => {
      offSample();
      offStart();
      if (timer !== null) clearTimeout(timer);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [refresh]);

  // Canvas size follows its box (device pixels for sharp lines).
  useEffect(() => {
    const body = bodyRef.current;
    const canvas = canvasRef.current;
    if (body === null || canvas === null) return;
    const fit = () => {
      const s = st.current;
      const dpr = window.devicePixelRatio || 1;
      s.widthPx = body.clientWidth;
      s.heightPx = body.clientHeight;
      canvas.width = Math.max(1, Math.round(s.widthPx * dpr));
      canvas.height = Math.max(1, Math.round(s.heightPx * dpr));
      paint();
    };
    fit();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(fit);
    ro.observe(body);
    // A colour-scheme change changes the resolved colours.
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onScheme = () => {
      st.current.resolve = null;
      st.current.theme = null;
      paint();
    };
    mq?.addEventListener('change', onScheme);
    return () => {
      ro.disconnect();
      mq?.removeEventListener('change', onScheme);
    };
  }, [paint, hasData]);

  const setHover = (i: number) => {
    const s = st.current;
    if (s.hover === i) return;
    s.hover = i;
    paint();
    showTip();
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const s = st.current;
    if (s.area === null || s.frame === null) return;
    const rect = e.currentTarget.getBoundingClientRect();
    setHover(nearestIndex(s.frame.tS, timeAt(s.area, e.clientX - rect.left)));
  };
  const onKeyDown = (e: ReactKeyboardEvent<HTMLCanvasElement>) => {
    const n = st.current.frame?.tS.length ?? 0;
    if (n === 0) return;
    const i = st.current.hover < 0 ? n - 1 : st.current.hover;
    const next =
      e.key === 'ArrowLeft'
        ? Math.max(0, i - 1)
        : e.key === 'ArrowRight'
          ? Math.min(n - 1, i + 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : e.key === 'Escape'
                ? -1
                : null;
    if (next === null) return;
    e.preventDefault();
    setHover(next);
  };

  const showLegend = hasData && (legend || legendItems.length > 1);
  return (
    <figure className="chart" aria-labelledby={id} data-testid={`chart.${testId}`}>
      <figcaption id={id} className="chart-title">
        <span>
          {title} <span className="muted">({unit})</span>
        </span>
        <b className="chart-headline" ref={headlineRef} />
      </figcaption>
      <div className="chart-body" ref={bodyRef}>
        {!hasData && <div className="chart-empty">No data yet</div>}
        <canvas
          ref={canvasRef}
          className="chart-canvas"
          hidden={!hasData}
          role="img"
          aria-label={`${title}: no data yet`}
          aria-roledescription="chart"
          aria-keyshortcuts="ArrowLeft ArrowRight Home End Escape"
          tabIndex={hasData ? 0 : -1}
          onPointerMove={onPointerMove}
          onPointerLeave={() => setHover(-1)}
          onKeyDown={onKeyDown}
          onBlur={() => setHover(-1)}
        />
        <div className="chart-tip" ref={tipRef} hidden aria-live="polite" />
      </div>
      {showLegend && (
        <ul className="chart-legend" aria-label={`${title} series`}>
          {legendItems.map((x) => (
            <li key={x.name}>
              <span
                className={`chart-swatch${x.dashed ? ' chart-swatch-dashed' : ''}`}
                style={{ borderColor: x.color }}
                aria-hidden="true"
              />
              {x.name}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
});
