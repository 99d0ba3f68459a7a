/**
 * bench:ui — how smooth the page stays while a run sends live updates, idle
 * vs running in the same page and session, for the Linear pipeline example
 * and a generated 100-node graph (both on 1 worker, as on a 2-core machine).
 *
 * Per graph it opens the app (1280×800), loads the graph, and measures:
 *   - idle (no run) for --phase-ms, then a node drag for --drag-ms;
 *   - running (a run started, measured from 1 s after its start) for
 *     --phase-ms, then the same drag while the run goes on.
 * In every phase a PerformanceObserver records long tasks (> 50 ms), a
 * MutationObserver counts chart updates (commits inside a chart figure),
 * and a Chrome trace gives the main thread's task time (task events on
 * `CrRendererMain`). Printed per phase:
 *   - long tasks and the longest (ms);
 *   - main-thread busy % (task time ÷ wall time);
 *   - chart updates/s and the live work per chart update: the busy time the
 *     run adds over idle, divided by the chart updates (ms; every live update
 *     is counted in it: charts, canvas overlays, sampler);
 *   - drag updates/s: frames in which the dragged node moved, while pointer
 *     moves arrive at 60 Hz whatever the page does (as from a real mouse).
 *
 *   npm run bench:ui [-- --phase-ms 8000 --drag-ms 3000 --port 4391 --no-build
 *                        --profile --json out.json]
 *
 * --profile adds a CPU profile of the running phase (CDP Profiler) and
 * prints the functions with the most self time: where the time goes.
 *
 * Timing is machine-dependent: compare idle with running in one session, or
 * two builds on one machine close in time, never against fixed numbers.
 * Builds into a temporary folder (never dist/) and serves it with `vite
 * preview` (the app's headers); Chromium from CHROMIUM_PATH or /usr/bin/chromium.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type Browser, type CDPSession, chromium, type Page } from '@playwright/test';
import { build, preview } from 'vite';

import { chromiumArgs, findChromium } from '../playwright.config.ts';
import { generateLargeGraph } from '../scripts/gen-large-graph.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const phaseMs = Number(opt('--phase-ms', '8000'));
const dragMs = Number(opt('--drag-ms', '3000'));
const port = Number(opt('--port', process.env.BENCH_PORT ?? '4391'));
const skipBuild = args.includes('--no-build');
const profile = args.includes('--profile');
const jsonFile = args.includes('--json') ? opt('--json', '') : undefined;
const outDir = join(tmpdir(), 'flowbench-bench-ui');
const configFile = join(repoRoot, 'vite.config.ts');

interface Phase {
  graph: string;
  phase: 'idle' | 'running';
  longTasks: number;
  longestMs: number;
  busyPct: number;
  chartUpdatesPerS: number;
  /** Busy ms the run adds over idle, per chart update (running rows only). */
  msPerChartUpdate: number | null;
  dragUpdatesPerS: number;
  dragLongTasks: number;
  dragLongestMs: number;
}

/** The graphs measured: the Linear pipeline example and a 100-node grid, on one worker. */
function graphs(): { name: string; doc: Record<string, unknown>; dragId: string }[] {
  const linear = JSON.parse(
    readFileSync(join(repoRoot, 'public/examples/linear-pipeline.json'), 'utf8'),
  ) as Record<string, unknown> & { run: Record<string, unknown> };
  const grid = generateLargeGraph(100, 140) as unknown as Record<string, unknown> & {
    run: Record<string, unknown>;
  };
  const oneWorker = (g: typeof linear) => ({
    ...g,
    run: { ...g.run, workers: 1, durationMs: 600_000, warmupMs: 0 },
  });
  return [
    { name: 'Linear pipeline (5 nodes)', doc: oneWorker(linear), dragId: 'enrich' },
    { name: 'grid (100 nodes, 140 edges)', doc: oneWorker(grid), dragId: 'n1_12' },
  ];
}

/**
 * In-page recorder (plain JavaScript text: functions passed to page.evaluate
 * would carry tsx's `__name` helper into the page).
 */
const RECORDER_JS = `(() => {
  const longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ t: e.startTime, d: e.duration });
  }).observe({ type: 'longtask' });
  const chartUpdates = [];
  // One chart update = one batch of changes inside a chart figure (a commit of a chart).
  const chartObserver = new MutationObserver(() => chartUpdates.push(performance.now()));
  const watched = new Set();
  const watchCharts = () => {
    for (const fig of document.querySelectorAll('figure.chart'))
      if (!watched.has(fig)) {
        watched.add(fig);
        chartObserver.observe(fig, { subtree: true, childList: true, attributes: true, characterData: true });
      }
  };
  setInterval(watchCharts, 250);
  let drag = null;
  window.__benchUi = {
    now: () => performance.now(),
    longTasksBetween: (a, b) => longTasks.filter((x) => x.t >= a && x.t < b),
    chartUpdatesBetween: (a, b) => chartUpdates.filter((t) => t >= a && t < b).length,
    startDrag(sel) {
      const target = () => document.querySelector(sel);
      const rec = { moved: 0, frames: 0, t0: performance.now(), t1: 0 };
      let last = target()?.style.transform ?? '';
      let running = true;
      const loop = () => {
        if (!running) return;
        const now = target()?.style.transform ?? '';
        rec.frames++;
        if (now !== last) rec.moved++;
        last = now;
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
      drag = { rec, stop: () => { running = false; rec.t1 = performance.now(); return rec; } };
    },
    stopDrag: () => drag.stop(),
  };
})()`;

interface Rec {
  longTasksBetween(a: number, b: number): { t: number; d: number }[];
  chartUpdatesBetween(a: number, b: number): number;
  now(): number;
  startDrag(sel: string): void;
  stopDrag(): { moved: number; frames: number; t0: number; t1: number };
}
declare global {
  interface Window {
    __benchUi?: Rec;
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number } };
}

/** The `pid:tid` keys of the renderers' main threads (`CrRendererMain`) in a trace. */
function rendererMainThreads(events: TraceEvent[]): Set<string> {
  return new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
}

/**
 * Seconds the page's main thread spent in tasks, from a Chrome trace: the
 * task events of the busiest `CrRendererMain` thread (the engine's
 * workers are other threads and are not counted).
 */
function mainThreadBusyS(events: TraceEvent[]): number {
  const mains = rendererMainThreads(events);
  const TASK = events.some((e) => e.name === 'ThreadControllerImpl::RunTask')
    ? 'ThreadControllerImpl::RunTask'
    : 'RunTask';
  const busy = new Map<string, number>();
  for (const e of events) {
    // The task event is `ThreadControllerImpl::RunTask` in current Chromium, `RunTask` before.
    if (e.name !== TASK || e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    if (mains.has(key)) busy.set(key, (busy.get(key) ?? 0) + e.dur);
  }
  return Math.max(0, ...busy.values()) / 1e6;
}

/**
 * Where the main thread's task time goes, by trace event name (self time:
 * an event's duration minus its children's on the same thread), the top `n`.
 * Answers what a JS profile calls "(program)": style, layout, paint, commit.
 */
function mainThreadBreakdown(events: TraceEvent[], n = 12): string[] {
  const mains = rendererMainThreads(events);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || e.dur === undefined || e.ts === undefined || !mains.has(key)) continue;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const self = new Map<string, number>();
  const count = new Map<string, number>();
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts! - b.ts! || b.dur! - a.dur!);
    const stack: { e: TraceEvent; end: number; child: number }[] = [];
    const pop = () => {
      const top = stack.pop()!;
      const d = top.e.args?.data;
      const name =
        top.e.name === 'FunctionCall' && d !== undefined
          ? `FunctionCall ${d.functionName || '(anonymous)'} ${d.url?.split('/').pop() ?? ''}:${d.lineNumber ?? ''}`
          : top.e.name;
      self.set(name, (self.get(name) ?? 0) + top.e.dur! - top.child);
      count.set(name, (count.get(name) ?? 0) + 1);
    };
    for (const e of list) {
      while (stack.length > 0 && stack[stack.length - 1]!.end <= e.ts!) pop();
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.child += e.dur!;
      stack.push({ e, end: e.ts! + e.dur!, child: 0 });
    }
    while (stack.length > 0) pop();
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, us]) =>
        `${(us / 1000).toFixed(0).padStart(7)} ms ${String(count.get(k)).padStart(6)}×  ${k}`,
    );
}

const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', '__metadata'];

/** Records a phase of `ms`: long tasks, main-thread busy %, chart updates. */
async function record(page: Page, ms: number) {
  const a = await page.evaluate(() => window.__benchUi!.now());
  await page.context().browser()!.startTracing(page, { categories: TRACE_CATEGORIES });
  const w0 = Date.now();
  await page.waitForTimeout(ms);
  const trace = await page.context().browser()!.stopTracing();
  const wall = (Date.now() - w0) / 1000;
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const busyS = mainThreadBusyS(events);
  const b = await page.evaluate(() => window.__benchUi!.now());
  await page.waitForTimeout(200); // long-task entries arrive asynchronously
  const tasks = await page.evaluate(([x, y]) => window.__benchUi!.longTasksBetween(x!, y!), [a, b]);
  const charts = await page.evaluate(
    ([x, y]) => window.__benchUi!.chartUpdatesBetween(x!, y!),
    [a, b],
  );
  return {
    longTasks: tasks.length,
    longestMs: tasks.reduce((m, x) => Math.max(m, x.d), 0),
    busyS,
    wallS: wall,
    chartUpdates: charts,
    breakdown: profile ? mainThreadBreakdown(events) : [],
  };
}

/** Pointer moves per second sent during a drag, as a 60 Hz mouse would (never waiting for the page). */
const DRAG_INPUT_HZ = 60;

async function dragNode(page: Page, cdp: CDPSession, id: string) {
  const box = await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox();
  if (box === null) throw new Error(`node ${id} not visible`);
  const from = { x: box.x + box.width / 2, y: box.y + 12 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 4, from.y + 4, { steps: 4 });
  const a = await page.evaluate(() => window.__benchUi!.now());
  await page.evaluate((d) => window.__benchUi!.startDrag(d), `.react-flow__node[data-id="${id}"]`);
  // Moves go out at a steady rate whatever the page does (a busy page gets
  // them coalesced, as from a real mouse); what counts is the frames in
  // which the node moved.
  const t0 = Date.now();
  const sent: Promise<unknown>[] = [];
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const t = Date.now() - t0;
      if (t >= dragMs) {
        clearInterval(timer);
        done();
        return;
      }
      const ang = (2 * Math.PI * t) / 2000;
      sent.push(
        cdp
          .send('Input.dispatchMouseEvent', {
            type: 'mouseMoved',
            x: from.x + 4 + 80 * Math.sin(ang),
            y: from.y + 4 + 50 * (1 - Math.cos(ang)),
            button: 'left',
            buttons: 1,
          })
          .catch(() => undefined),
      );
    }, 1000 / DRAG_INPUT_HZ);
  });
  await Promise.all(sent);
  const rec = await page.evaluate(() => window.__benchUi!.stopDrag());
  await page.mouse.up();
  // Undo the move, so both drags start from the same layout.
  await page.keyboard.press('ControlOrMeta+z');
  const b = await page.evaluate(() => window.__benchUi!.now());
  await page.waitForTimeout(200);
  const tasks = await page.evaluate(([x, y]) => window.__benchUi!.longTasksBetween(x!, y!), [a, b]);
  return {
    updatesPerS: rec.moved / ((rec.t1 - rec.t0) / 1000),
    longTasks: tasks.length,
    longestMs: tasks.reduce((m, x) => Math.max(m, x.d), 0),
  };
}

/** A drag; with --profile, also where the main thread's time went during it. */
async function profiledDrag(
  page: Page,
  cdp: CDPSession,
  g: { name: string; dragId: string },
  phase: string,
): Promise<Awaited<ReturnType<typeof dragNode>>> {
  if (!profile) return dragNode(page, cdp, g.dragId);
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const r = await dragNode(page, cdp, g.dragId);
  const { profile: p } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  const events = (
    JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }
  ).traceEvents;
  console.log(`\n${g.name}, ${phase} drag: main-thread self time by trace event`);
  for (const line of mainThreadBreakdown(events)) console.log(line);
  console.log(`\n${g.name}, ${phase} drag: self time by function`);
  for (const line of topSelf(p, 15)) console.log(line);
  console.log(`\n${g.name}, ${phase} drag: total time by component`);
  for (const line of topComponents(p, 12)) console.log(line);
  return r;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/**
 * Total (inclusive) time of the React components (capitalised function
 * names) in a CDP CPU profile, the top `n`; a component inside itself is
 * counted once.
 */
function topComponents(p: CpuProfile, n = 15): string[] {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const total = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)?.callFrame.functionName ?? '';
      if (!/^[A-Z][A-Za-z0-9]+$/.test(name) || seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  });
  return [...total.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${k}`);
}

/** Self time per function (ms) from a CDP CPU profile, the top `n`. */
function topSelf(p: CpuProfile, n = 25): string[] {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (node === undefined) return;
    const f = node.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, ms]) =>
        `${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${k}`,
    );
}

async function measure(
  browser: Browser,
  base: string,
  g: ReturnType<typeof graphs>[number],
): Promise<Phase[]> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    reducedMotion: process.env['BENCH_NO_ANIM'] === '1' ? 'reduce' : 'no-preference',
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  try {
    await page.goto(`${base}/`);
    await page.waitForFunction(() => window.__flowbench?.isReady() === true, null, {
      timeout: 60_000,
    });
    const r = await page.evaluate((d) => window.__flowbench!.loadGraph(d), g.doc);
    if (!r.ok) throw new Error(`loadGraph failed: ${JSON.stringify(r.errors).slice(0, 300)}`);
    await page.waitForSelector(`.react-flow__node[data-id="${g.dragId}"]`);
    // Snap to grid off: a snapped node moves only when it crosses a grid line,
    // which would cap the drag rate below the frame rate at high zoom.
    await page.getByTestId('toolbar.more').click();
    await page.getByRole('menuitemcheckbox', { name: /Snap to grid/ }).click();
    await page.evaluate(RECORDER_JS);
    const cdp = await context.newCDPSession(page);
    await page.waitForTimeout(1000);

    const idle = await record(page, phaseMs);
    const idleDrag = await profiledDrag(page, cdp, g, 'idle');

    const started = await page.evaluate(() => window.__flowbench!.startRun());
    if (!started.ok) throw new Error(`run did not start: ${started.reason}`);
    await page.waitForFunction(() => window.__flowbench!.getRunState().status === 'running', null, {
      timeout: 30_000,
    });
    await page.waitForTimeout(1000); // the first second (worker start, first samples) is left out
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const running = await record(page, phaseMs);
    if (profile) {
      const { profile: p } = (await cdp.send('Profiler.stop')) as {
        profile: CpuProfile;
      };
      console.log(`\n${g.name}, running: main-thread self time by trace event`);
      for (const line of running.breakdown) console.log(line);
      console.log(`\n${g.name}, running: self time by function`);
      for (const line of topSelf(p)) console.log(line);
      console.log(`\n${g.name}, running: total time by component (React function names)`);
      for (const line of topComponents(p)) console.log(line);
    }
    const runDrag = await profiledDrag(page, cdp, g, 'running');
    await page.evaluate(() => window.__flowbench!.stopRun());

    const idleBusy = idle.busyS / idle.wallS;
    const runBusy = running.busyS / running.wallS;
    const row = (
      phase: 'idle' | 'running',
      x: typeof idle,
      d: typeof idleDrag,
      perUpdate: number | null,
    ): Phase => ({
      graph: g.name,
      phase,
      longTasks: x.longTasks,
      longestMs: x.longestMs,
      busyPct: (x.busyS / x.wallS) * 100,
      chartUpdatesPerS: x.chartUpdates / x.wallS,
      msPerChartUpdate: perUpdate,
      dragUpdatesPerS: d.updatesPerS,
      dragLongTasks: d.longTasks,
      dragLongestMs: d.longestMs,
    });
    const extraMsPerS = (runBusy - idleBusy) * 1000;
    const updatesPerS = running.chartUpdates / running.wallS;
    return [
      row('idle', idle, idleDrag, null),
      row('running', running, runDrag, updatesPerS > 0 ? extraMsPerS / updatesPerS : null),
    ];
  } finally {
    await context.close();
  }
}

const fmt = (x: number | null, d = 1) => (x !== null && Number.isFinite(x) ? x.toFixed(d) : '–');

function table(rows: Phase[]): string {
  const lines = [
    '| graph | phase | long tasks | longest ms | busy % | chart updates/s | live ms per chart update | drag updates/s | drag long tasks (longest ms) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.graph} | ${r.phase} | ${r.longTasks} | ${fmt(r.longestMs, 0)} | ${fmt(r.busyPct)} | ${fmt(r.chartUpdatesPerS)} | ${fmt(r.msPerChartUpdate)} | ${fmt(r.dragUpdatesPerS)} | ${r.dragLongTasks} (${fmt(r.dragLongestMs, 0)}) |`,
    );
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (!skipBuild) {
    console.log(`building into ${outDir}…`);
    await build({
      configFile,
      logLevel: 'warn',
      // --profile: readable function names in the profile.
      build: { outDir, emptyOutDir: true, sourcemap: false, minify: !profile },
    });
  }
  const server = await preview({
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1' },
  });
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  const cpu = cpus()[0]?.model ?? '?';
  console.log(
    `${cpus().length} CPU(s), ${cpu}; load ${load()}; Chromium ${browser.version()}; ${phaseMs} ms per phase, ${dragMs} ms drags`,
  );
  const rows: Phase[] = [];
  try {
    for (const g of graphs()) rows.push(...(await measure(browser, base, g)));
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
  console.log(`\n${table(rows)}\nload after: ${load()}`);
  if (jsonFile !== undefined && jsonFile !== '')
    writeFileSync(
      jsonFile,
      JSON.stringify({ date: new Date().toISOString(), cpu, phaseMs, dragMs, rows }, null, 2),
    );
}

await main();
