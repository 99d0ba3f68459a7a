/**
 * bench:editor — canvas interaction speed of Flowbench against a bare React
 * Flow 12 page (bench/editor/reference.tsx) showing the same nodes, edges
 * and positions, measured in the same run with the same headless Chromium.
 *
 * For each graph size (500 nodes / 700 edges, 1000 / 1400) and each page, it
 * loads the graph (view fitted, as after opening it), then with Playwright's
 * real mouse
 *   - drag: presses on a node in the middle of the graph and moves it in
 *     circles for --duration-ms;
 *   - pan: presses on the empty pane (Flowbench pans with the middle button,
 *     the bare page with the left one, each its own default) and moves the
 *     view in circles for --duration-ms.
 * A rAF loop in the page records every frame's duration and whether the
 * dragged node's transform (drag) or `.react-flow__viewport`'s transform
 * (pan) changed since the previous frame; a PerformanceObserver counts long
 * tasks (> 50 ms). Printed per row: updates/s (frames that moved), rAF fps,
 * p95 frame time, long tasks, and the ratio Flowbench ÷ reference.
 *
 *   npm run bench:editor [-- --duration-ms 5000 --reps 1 --sizes 500,1000
 *                            --no-build --json out.json]
 *
 * It builds the app and the reference with bench/editor/vite.config.ts into a
 * temporary folder (never dist/) and serves it with `vite preview` and the
 * app's COOP/COEP headers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { type Browser, chromium, type Page } from '@playwright/test';
import { build, preview } from 'vite';

import { chromiumArgs, findChromium } from '../../playwright.config.ts';
import { repoRoot } from './vite.config.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const durationMs = Number(opt('--duration-ms', '5000'));
const reps = Number(opt('--reps', '1'));
const sizes = opt('--sizes', '500,1000').split(',').map(Number);
const jsonFile = args.includes('--json') ? opt('--json', '') : undefined;
const skipBuild = args.includes('--no-build');
const port = Number(opt('--port', '4391'));
const configFile = join(repoRoot, 'bench/editor/vite.config.ts');

type PageKind = 'flowbench' | 'reference';
type Gesture = 'drag' | 'pan';

export interface Row {
  nodes: number;
  edges: number;
  gesture: Gesture;
  page: PageKind;
  /** Frames in which the dragged node (drag) or the viewport (pan) moved, per second. */
  updatesPerS: number;
  /** All rAF callbacks per second, moved or not. */
  fps: number;
  p95FrameMs: number;
  longTasks: number;
  longTaskMs: number;
  zoom: number;
  durationMs: number;
}

/** What the in-page recorder returns. */
interface Recording {
  frameMs: number[];
  moved: number;
  longTasks: number[];
  zoom: number;
}

const fixtureFile = (n: number) => `examples/large-${n}.json`;

/** The node dragged: the middle of the 25-row grid the generator lays out. */
const dragNodeId = (n: number) => `n${Math.floor(n / 25 / 2)}_12`;

function p95(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Installs `window.__benchRec` in the page. Plain JavaScript text: functions
 * passed to page.evaluate would carry tsx's `__name` helper into the page.
 */
const RECORDER_JS = `(() => {
  let stopFn;
  window.__benchRec = {
    start(sel) {
      const rec = { frameMs: [], moved: 0, longTasks: [], zoom: NaN };
      const target = () => document.querySelector(sel);
      let last = target()?.style.transform ?? '';
      let lastT = -1;
      let running = true;
      const obs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) rec.longTasks.push(e.duration);
      });
      obs.observe({ type: 'longtask' });
      const loop = (t) => {
        if (!running) return;
        const now = target()?.style.transform ?? '';
        if (lastT >= 0) {
          rec.frameMs.push(t - lastT);
          if (now !== last) rec.moved++;
        }
        last = now;
        lastT = t;
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
      stopFn = async () => {
        running = false;
        // Long-task entries are delivered asynchronously: let them arrive.
        await new Promise((r) => setTimeout(r, 300));
        for (const e of obs.takeRecords()) rec.longTasks.push(e.duration);
        obs.disconnect();
        const vp = document.querySelector('.react-flow__viewport');
        const m = /scale\\(([\\d.e-]+)\\)/.exec(vp?.style.transform ?? '');
        rec.zoom = m !== null ? Number(m[1]) : NaN;
        return rec;
      };
    },
    stop: () => (stopFn !== undefined ? stopFn() : Promise.reject(new Error('not started'))),
  };
})()`;

/** Waits until the viewport transform has not changed for `quietMs`. */
async function waitViewSettled(page: Page, quietMs = 800): Promise<void> {
  await page.waitForFunction(
    (quiet) => {
      const w = window as unknown as { __vp?: { t: string; since: number } };
      const t = document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '';
      const now = performance.now();
      if (w.__vp?.t !== t) w.__vp = { t, since: now };
      return t !== '' && now - w.__vp.since >= quiet;
    },
    quietMs,
    { polling: 100, timeout: 60_000 },
  );
}

async function openPage(browser: Browser, base: string, kind: PageKind, n: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${kind}] page error: ${e.message}`));
  if (kind === 'flowbench') {
    await page.goto(`${base}/`);
    await page.waitForFunction(() => window.__flowbench?.isReady() === true, null, {
      timeout: 60_000,
    });
    const doc: unknown = JSON.parse(
      readFileSync(join(repoRoot, 'bench/fixtures', `large-${n}.json`), 'utf8'),
    );
    const r = await page.evaluate((d) => window.__flowbench!.loadGraph(d), doc);
    if (!r.ok) throw new Error(`loadGraph failed: ${JSON.stringify(r.errors).slice(0, 300)}`);
  } else {
    await page.goto(
      `${base}/bench/editor/reference.html?graph=${encodeURIComponent(fixtureFile(n))}`,
    );
    await page.waitForFunction(() => window.__reference?.ready === true, null, {
      timeout: 60_000,
    });
  }
  await page.waitForSelector(`.react-flow__node[data-id="${dragNodeId(n)}"]`, { timeout: 60_000 });
  await waitViewSettled(page);
  await page.evaluate(RECORDER_JS);
  return page;
}

/** An empty spot on the pane (where a press pans rather than drags or selects). */
async function paneSpot(page: Page): Promise<{ x: number; y: number }> {
  const spot = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane');
    if (pane === null) return null;
    const r = pane.getBoundingClientRect();
    for (const [fx, fy] of [
      [0.5, 0.04],
      [0.04, 0.5],
      [0.5, 0.96],
      [0.96, 0.5],
      [0.04, 0.04],
    ] as const) {
      const x = r.left + fx * r.width;
      const y = r.top + fy * r.height;
      if (document.elementFromPoint(x, y) === pane) return { x, y };
    }
    return null;
  });
  if (spot === null) throw new Error('no empty pane spot to pan from');
  return spot;
}

async function nodeCentre(page: Page, id: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox();
  if (box === null) throw new Error(`node ${id} not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Presses at `from`, moves in circles (radius px, period ms) for the duration, releases. */
async function circle(
  page: Page,
  from: { x: number; y: number },
  button: 'left' | 'middle',
  targetSel: string,
): Promise<Recording> {
  const radius = 120;
  const periodMs = 2000;
  await page.mouse.move(from.x, from.y);
  await page.mouse.down({ button });
  // Get past the drag threshold before recording.
  await page.mouse.move(from.x + 4, from.y + 4, { steps: 4 });
  await page.evaluate((sel) => {
    (window as unknown as { __benchRec: { start: (s: string) => void } }).__benchRec.start(sel);
  }, targetSel);
  const t0 = Date.now();
  for (;;) {
    const t = Date.now() - t0;
    if (t >= durationMs) break;
    const a = (2 * Math.PI * t) / periodMs;
    await page.mouse.move(
      from.x + 4 + radius * Math.sin(a),
      from.y + 4 + radius * (1 - Math.cos(a)) * 0.6,
    );
  }
  const rec = await page.evaluate(() =>
    (window as unknown as { __benchRec: { stop: () => Promise<Recording> } }).__benchRec.stop(),
  );
  await page.mouse.up({ button });
  return rec;
}

async function measure(
  browser: Browser,
  base: string,
  kind: PageKind,
  n: number,
  edges: number,
): Promise<Row[]> {
  const page = await openPage(browser, base, kind, n);
  const rows: Row[] = [];
  try {
    const id = dragNodeId(n);
    const toRow = (gesture: Gesture, r: Recording): Row => {
      const total = r.frameMs.reduce((a, b) => a + b, 0);
      return {
        nodes: n,
        edges,
        gesture,
        page: kind,
        updatesPerS: r.moved / (total / 1000),
        fps: r.frameMs.length / (total / 1000),
        p95FrameMs: p95(r.frameMs),
        longTasks: r.longTasks.length,
        longTaskMs: r.longTasks.reduce((a, b) => a + b, 0),
        zoom: r.zoom,
        durationMs: total,
      };
    };
    const drag = await circle(
      page,
      await nodeCentre(page, id),
      'left',
      `.react-flow__node[data-id="${id}"]`,
    );
    rows.push(toRow('drag', drag));
    await page.waitForTimeout(500);
    const pan = await circle(
      page,
      await paneSpot(page),
      kind === 'flowbench' ? 'middle' : 'left',
      '.react-flow__viewport',
    );
    rows.push(toRow('pan', pan));
  } finally {
    await page.context().close();
  }
  return rows;
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');

function table(rows: Row[]): string {
  const lines = [
    '| nodes / edges | gesture | page | updates/s | rAF fps | p95 frame ms | long tasks (ms) | zoom |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.nodes} / ${r.edges} | ${r.gesture} | ${r.page} | ${fmt(r.updatesPerS)} | ${fmt(r.fps)} | ${fmt(r.p95FrameMs)} | ${r.longTasks} (${fmt(r.longTaskMs, 0)}) | ${fmt(r.zoom, 3)} |`,
    );
  }
  lines.push('', '| nodes | gesture | updates/s FB ÷ ref | p95 FB ÷ ref | long tasks FB / ref |');
  lines.push('| --- | --- | ---: | ---: | ---: |');
  for (const n of sizes) {
    for (const g of ['drag', 'pan'] as const) {
      const fb = rows.find((r) => r.nodes === n && r.gesture === g && r.page === 'flowbench');
      const ref = rows.find((r) => r.nodes === n && r.gesture === g && r.page === 'reference');
      if (fb === undefined || ref === undefined) continue;
      lines.push(
        `| ${n} | ${g} | ${fmt(fb.updatesPerS / ref.updatesPerS, 2)}× | ${fmt(fb.p95FrameMs / ref.p95FrameMs, 2)}× | ${fb.longTasks} / ${ref.longTasks} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Median of each metric over repetitions, per (size, gesture, page). */
function combine(all: Row[][]): Row[] {
  const first = all[0] ?? [];
  return first.map((r0, i) => {
    const same = all.map((rs) => rs[i]!);
    const med = (k: keyof Row) => median(same.map((r) => r[k] as number));
    return {
      ...r0,
      updatesPerS: med('updatesPerS'),
      fps: med('fps'),
      p95FrameMs: med('p95FrameMs'),
      longTasks: med('longTasks'),
      longTaskMs: med('longTaskMs'),
      durationMs: med('durationMs'),
    };
  });
}

async function main(): Promise<void> {
  if (!skipBuild) {
    console.log('building app + reference (bench/editor/vite.config.ts)…');
    await build({ configFile, logLevel: 'warn' });
  }
  const server = await preview({
    configFile,
    preview: { port, strictPort: false, host: '127.0.0.1' },
  });
  const base = (server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`).replace(/\/$/, '');
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  const cpu = cpus()[0]?.model ?? '?';
  console.log(
    `${cpus().length} CPU(s), ${cpu}; load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; Chromium ${browser.version()}; ${durationMs} ms per case, ${reps} rep(s)`,
  );
  const all: Row[][] = [];
  try {
    for (let rep = 0; rep < reps; rep++) {
      const rows: Row[] = [];
      for (const n of sizes) {
        const edges = (
          JSON.parse(readFileSync(join(repoRoot, 'bench/fixtures', `large-${n}.json`), 'utf8')) as {
            edges: unknown[];
          }
        ).edges.length;
        // Alternate which page goes first, so drift in machine load evens out.
        const order: PageKind[] =
          rep % 2 === 0 ? ['flowbench', 'reference'] : ['reference', 'flowbench'];
        const byPage = new Map<PageKind, Row[]>();
        for (const kind of order) byPage.set(kind, await measure(browser, base, kind, n, edges));
        for (const g of ['drag', 'pan'] as const) {
          for (const kind of ['flowbench', 'reference'] as const) {
            rows.push(byPage.get(kind)!.find((r) => r.gesture === g)!);
          }
        }
      }
      if (reps > 1) console.log(`rep ${rep + 1}:\n${table(rows)}\n`);
      all.push(rows);
    }
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
  const rows = combine(all);
  console.log(table(rows));
  console.log(
    `load after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  if (jsonFile !== undefined && jsonFile !== '') {
    writeFileSync(
      jsonFile,
      JSON.stringify({ date: new Date().toISOString(), cpu, durationMs, reps, rows }, null, 2),
    );
    console.log(`wrote ${jsonFile}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
