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
  plotArea,
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
    /** Pointer position over the plot (CSS px), NaN when none: its time is re-read each paint. */
    pointerX: NaN,
    /** Time chosen with the keyboard (s), NaN when none: it stays on its sample as data slide. */
    keyT: NaN,
    /** Index of the point the cursor marks in `frame`, or -1. */
    hover: -1,
    widthPx: 0,
    heightPx: 0,
    /** Device pixels per CSS px the canvas was sized for. */
    dpr: 1,
    resolve: null as ((c: string) => string) | null,
    theme: null as PlotTheme | null,
    legendKey: '',
    summary: '',
    tip: '',
    hasData,
  });

  /** The point the cursor marks: the keyboard's time, else the pointer's. */
  const hoverIndex = (frame: PlotFrame, area: PlotArea): number => {
    const s = st.current;
    if (!Number.isNaN(s.keyT)) return nearestIndex(frame.tS, s.keyT);
    if (!Number.isNaN(s.pointerX)) return nearestIndex(frame.tS, timeAt(area, s.pointerX));
    return -1;
  };

  /** Shows the values at the marked point next to the cursor line (or hides the tip). */
  const showTip = useCallback(() => {
    const s = st.current;
    const tip = tipRef.current;
    if (tip === null) return;
    const i = s.hover;
    if (s.frame === null || s.area === null || i < 0 || i >= s.frame.tS.length) {
      // Only when it changes: every DOM write is work for the page (and a mutation).
      if (!tip.hidden) tip.hidden = true;
      s.tip = '';
      return;
    }
    const lines = [`t = ${Number(s.frame.tS[i]).toFixed(1)} s`];
    for (const x of s.frame.series) {
      const v = x.values[i];
      lines.push(
        `${x.name}: ${v !== undefined && Number.isFinite(v) ? `${formatValue(v)} ${unit}` : '–'}`,
      );
    }
    const text = lines.join('\n');
    // Read aloud only when chosen with the keys, and only when it says something new.
    const live = Number.isNaN(s.keyT) ? 'off' : 'polite';
    if (tip.getAttribute('aria-live') !== live) tip.setAttribute('aria-live', live);
    if (text !== s.tip) {
      s.tip = text;
      tip.textContent = text;
    }
    if (tip.hidden) tip.hidden = false;
    const x = xOf(s.area, s.frame.tS[i]!);
    // Right of the cursor, or left of it near the right edge.
    const left = x + 8 + tip.offsetWidth > s.widthPx ? x - 8 - tip.offsetWidth : x + 8;
    tip.style.transform = `translate(${Math.max(0, left)}px, 4px)`;
  }, [formatValue, unit]);

  /** Draws the last built data at the current size, with the cursor and its tip. */
  const paint = useCallback(() => {
    const s = st.current;
    const canvas = canvasRef.current;
    if (canvas === null || s.data === null || s.widthPx <= 0 || s.heightPx <= 0) return;
    const ctx = canvas.getContext('2d');
    if (ctx === null) return;
    s.resolve ??= colorResolver(canvas);
    s.theme ??= themeOf(s.resolve);
    const resolve = s.resolve;
    const frame: PlotFrame = {
      tS: s.data.tS,
      paused: s.data.paused,
      series: s.data.series.map((x) => ({ ...x, color: resolve(x.color) })),
    };
    const area = plotArea(frame, s.widthPx, s.heightPx);
    s.frame = frame;
    s.area = area;
    s.hover = hoverIndex(frame, area);
    ctx.setTransform(s.dpr, 0, 0, s.dpr, 0, 0);
    const r = drawPlot(ctx, frame, s.widthPx, s.heightPx, s.theme, formatValue, s.hover, area);
    canvas.dataset['points'] = String(r.points);
    showTip();
  }, [formatValue, showTip]);

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
    const headline = data?.headline ?? '';
    if (headlineRef.current !== null && headlineRef.current.textContent !== headline)
      headlineRef.current.textContent = headline;
    const summary =
      data === null
        ? `${title}: no data yet`
        : `${title}: ${
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
    if (data === null) {
      s.frame = null;
      s.hover = -1;
      showTip();
      return;
    }
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
    paint();
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
      st.current.keyT = NaN;
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

  // The canvas' bitmap follows its box in device pixels (sharp lines), also
  // when the window moves to a screen of another pixel ratio.
  useEffect(() => {
    const body = bodyRef.current;
    const canvas = canvasRef.current;
    if (body === null || canvas === null) return;
    const fit = (widthPx: number, heightPx: number) => {
      const s = st.current;
      s.dpr = window.devicePixelRatio || 1;
      s.widthPx = widthPx;
      s.heightPx = heightPx;
      canvas.width = Math.max(1, Math.round(widthPx * s.dpr));
      canvas.height = Math.max(1, Math.round(heightPx * s.dpr));
      paint();
    };
    const fitToBox = () => {
      const r = body.getBoundingClientRect();
      fit(r.width || body.clientWidth, r.height || body.clientHeight);
    };
    fitToBox();
    const ro =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            const box = entries[entries.length - 1]?.contentRect;
            if (box !== undefined) fit(box.width, box.height);
          });
    ro?.observe(body);
    // A colour-scheme change changes the resolved colours.
    const scheme = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onScheme = () => {
      st.current.resolve = null;
      st.current.theme = null;
      paint();
    };
    scheme?.addEventListener('change', onScheme);
    // A pixel-ratio change (another screen, browser zoom) re-sizes the bitmap.
    let ratio: MediaQueryList | undefined;
    const onRatio = () => {
      ratio?.removeEventListener('change', onRatio);
      ratio = window.matchMedia?.(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      ratio?.addEventListener('change', onRatio);
      fitToBox();
    };
    ratio = window.matchMedia?.(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    ratio?.addEventListener('change', onRatio);
    return () => {
      ro?.disconnect();
      scheme?.removeEventListener('change', onScheme);
      ratio?.removeEventListener('change', onRatio);
    };
  }, [paint, hasData]);

  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const s = st.current;
    s.pointerX = e.clientX - e.currentTarget.getBoundingClientRect().left;
    s.keyT = NaN;
    paint();
  };
  const clearHover = () => {
    const s = st.current;
    if (Number.isNaN(s.pointerX) && Number.isNaN(s.keyT)) return;
    s.pointerX = NaN;
    s.keyT = NaN;
    paint();
  };
  const onKeyDown = (e: ReactKeyboardEvent<HTMLCanvasElement>) => {
    const s = st.current;
    const tS = s.frame?.tS;
    if (tS === undefined || tS.length === 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const n = tS.length;
    if (e.key === 'Escape') {
      // Only when there is a cursor to clear: otherwise Escape is the page's.
      if (s.hover < 0) return;
      e.preventDefault();
      clearHover();
      return;
    }
    const i = s.hover < 0 ? n - 1 : s.hover;
    const next =
      e.key === 'ArrowLeft'
        ? Math.max(0, i - 1)
        : e.key === 'ArrowRight'
          ? Math.min(n - 1, i + 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    s.pointerX = NaN;
    s.keyT = tS[next]!;
    paint();
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
          role="application"
          aria-label={`${title}: no data yet`}
          aria-roledescription="chart"
          aria-keyshortcuts="ArrowLeft ArrowRight Home End Escape"
          tabIndex={hasData ? 0 : -1}
          onPointerMove={onPointerMove}
          onPointerLeave={clearHover}
          onKeyDown={onKeyDown}
          onBlur={clearHover}
        />
        <div className="chart-tip" ref={tipRef} hidden aria-live="off" />
      </div>
      {showLegend && (
        <ul className="chart-legend" aria-label={`${title} series`}>
          {legendItems.map((x, i) => (
            // Names need not be unique (two nodes may share a label): keyed by place.
            <li key={i}>
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
