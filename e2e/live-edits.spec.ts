/**
 * Every parameter the inspector offers for a live run applies to it: one test
 * per parameter edits it during a run, as a person does, and checks the live
 * numbers move the way the change means within 2 s. Comparisons are relative
 * (the value after against the value before, in the same run), never
 * absolute times. Fields the run cannot take say so before an edit (tested
 * here too).
 */
import { expect, type Page, test } from '@playwright/test';

import type { LiveSample } from '../src/metrics/sampler.ts';
import { EditorPage } from './pages/editor-page.ts';

type Params = Record<string, unknown>;
interface NodeSpec {
  id: string;
  kind: string;
  label?: string;
  params?: Params;
}

/** A graph document: nodes in a row, edges `[from, to]` or `[from.port, to]`. */
function graph(nodes: NodeSpec[], edges: [string, string][], workers = 1): unknown {
  return {
    format: 'flowbench/graph',
    version: 1,
    name: 'Live edits',
    nodes: nodes.map((n, i) => ({
      ...n,
      label: n.label ?? n.id,
      position: { x: i * 260, y: (i % 2) * 120 },
    })),
    edges: edges.map(([from, to], i) => {
      const [fn, fp] = from.split('.');
      const [tn, tp] = to.split('.');
      return {
        id: `e${i + 1}`,
        from: { node: fn, port: fp ?? 'out' },
        to: { node: tn, port: tp ?? 'in' },
      };
    }),
    run: { workers, durationMs: 120_000, warmupMs: 0, seed: 7 },
  };
}

const src = (params: Params = {}): NodeSpec => ({
  id: 'src',
  kind: 'source',
  label: 'Source',
  params: { rate: 1000, ...params },
});
const sink = (id = 'out', params: Params = {}): NodeSpec => ({
  id,
  kind: 'sink',
  label: id,
  params,
});

const live = (page: Page) => page.evaluate(() => window.__flowbench!.getLiveSample());

type Measure = (s: LiveSample) => number | null;
const rate =
  (id: string): Measure =>
  (s) =>
    s.nodes[id]?.rate ?? null;
const p95 =
  (id: string): Measure =>
  (s) =>
    s.nodes[id]?.p95Ms ?? null;
/** Share of `a`'s rate in `a` + `b`. */
const share =
  (a: string, b: string): Measure =>
  (s) => {
    const x = s.nodes[a]?.rate ?? 0;
    const y = s.nodes[b]?.rate ?? 0;
    return x + y > 0 ? x / (x + y) : null;
  };
const errorShare =
  (id: string): Measure =>
  (s) => {
    const n = s.nodes[id];
    return n === undefined || n.rate + n.errorsPerSec === 0 ? null : n.errorsPerSec / n.rate;
  };
const latencyP95: Measure = (s) => s.latencyMs.p95;
const capacity =
  (edgeId: string): Measure =>
  (s) =>
    s.edges[edgeId]?.capacity ?? null;

interface Case {
  /** What is edited, as the test title says it. */
  title: string;
  doc: unknown;
  /** The node (id) to select, or 'edge' for the first edge. */
  select: string;
  /** Field label and the value typed or chosen. */
  field: string;
  value: string;
  measure: Measure;
  /** after ÷ before must pass this (`> x` or `< x`), or a difference for shares. */
  expectAfter: (before: number) => { op: '>' | '<'; than: number };
  /** Instead of a measure: what the run state must become within 2 s. */
  ends?: 'drained';
}

const ratio = (op: '>' | '<', k: number) => (before: number) => ({ op, than: before * k });
const plus = (d: number) => (before: number) => ({ op: '>' as const, than: before + d });
const minus = (d: number) => (before: number) => ({ op: '<' as const, than: before - d });

const proc = (params: Params, id = 'p'): NodeSpec => ({
  id,
  kind: 'process',
  label: 'Stage',
  params,
});
const exp1 = { dist: 'exponential', meanMs: 1 };

/** source → cache → hit / miss sinks: the hit share moves with keys and ttl. */
const cacheGraph = (srcParams: Params, cacheParams: Params) =>
  graph(
    [
      src(srcParams),
      { id: 'c', kind: 'cache', label: 'Cache', params: cacheParams },
      sink('hit'),
      sink('miss'),
    ],
    [
      ['src', 'c'],
      ['c.hit', 'hit'],
      ['c.miss', 'miss'],
    ],
  );
const filterGraph = (srcParams: Params, filterParams: Params) =>
  graph(
    [
      src(srcParams),
      { id: 'f', kind: 'filter', label: 'Filter', params: filterParams },
      sink('pass'),
      sink('rej'),
    ],
    [
      ['src', 'f'],
      ['f.out', 'pass'],
      ['f.rejected', 'rej'],
    ],
  );
const splitGraph = (splitParams: Params) =>
  graph(
    [src(), { id: 's', kind: 'split', label: 'Split', params: splitParams }, sink('a'), sink('b')],
    [
      ['src', 's'],
      ['s.out1', 'a'],
      ['s.out2', 'b'],
    ],
  );
const chain = (middle: NodeSpec, srcParams: Params = {}, workers = 1) =>
  graph(
    [src(srcParams), middle, sink()],
    [
      ['src', middle.id],
      [middle.id, 'out'],
    ],
    workers,
  );
const ratelimitGraph = (srcParams: Params, rl: Params) =>
  graph(
    [
      src(srcParams),
      { id: 'r', kind: 'ratelimit', label: 'Limiter', params: rl },
      sink(),
      sink('shed', { role: 'shed' }),
    ],
    [
      ['src', 'r'],
      ['r.out', 'out'],
      ['r.dropped', 'shed'],
    ],
  );

const cases: Case[] = [
  // Source
  {
    title: 'source rate',
    doc: chain(proc({ service: { dist: 'constant', meanMs: 0 } })),
    select: 'src',
    field: 'Rate (msg/s)',
    value: '200',
    measure: rate('out'),
    expectAfter: ratio('<', 0.5),
  },
  {
    title: 'source arrival process',
    doc: chain(proc({ service: { dist: 'constant', meanMs: 0 } }), {
      burst: { size: 10, everyMs: 100 },
    }),
    select: 'src',
    field: 'Arrival process',
    value: 'burst',
    measure: rate('out'),
    expectAfter: ratio('<', 0.5),
  },
  {
    title: 'source burst size',
    doc: chain(proc({ service: { dist: 'constant', meanMs: 0 } }), {
      arrival: 'burst',
      burst: { size: 20, everyMs: 100 },
    }),
    select: 'src',
    field: 'Burst size (msg)',
    value: '100',
    measure: rate('out'),
    expectAfter: ratio('>', 2.5),
  },
  {
    title: 'source burst interval',
    doc: chain(proc({ service: { dist: 'constant', meanMs: 0 } }), {
      arrival: 'burst',
      burst: { size: 20, everyMs: 100 },
    }),
    select: 'src',
    field: 'Burst interval (ms)',
    value: '25',
    measure: rate('out'),
    expectAfter: ratio('>', 2.5),
  },
  {
    title: 'source message limit',
    doc: chain(proc({ service: { dist: 'constant', meanMs: 0 } })),
    select: 'src',
    field: 'Message limit (msg)',
    value: '10',
    // Far fewer than already sent: the source stops at once, and with every
    // source now finite the run ends drained once the stage has emptied.
    measure: rate('src'),
    expectAfter: ratio('<', 0.3),
    ends: 'drained',
  },
  {
    title: 'source distinct keys',
    doc: cacheGraph({ keys: { count: 100_000 } }, { capacity: 100 }),
    select: 'src',
    field: 'Distinct keys (count)',
    value: '20',
    measure: share('hit', 'miss'),
    expectAfter: plus(0.5),
  },
  {
    title: 'source key distribution',
    doc: cacheGraph({ keys: { count: 10_000 } }, { capacity: 200 }),
    select: 'src',
    field: 'Key distribution',
    value: 'zipf',
    measure: share('hit', 'miss'),
    expectAfter: plus(0.2),
  },
  // Process
  {
    title: 'process concurrency down (wait mode)',
    doc: chain(proc({ service: exp1, concurrency: 2 }), { rate: 3000 }),
    select: 'p',
    field: 'Concurrency (slots)',
    value: '1',
    measure: rate('p'),
    expectAfter: ratio('<', 0.75),
  },
  {
    title: 'process concurrency up (wait mode)',
    doc: chain(proc({ service: exp1, concurrency: 1 }), { rate: 3000 }),
    select: 'p',
    field: 'Concurrency (slots)',
    value: '2',
    measure: rate('p'),
    expectAfter: ratio('>', 1.4),
  },
  {
    // Two instances on two workers at ρ = 0.45 each; one takes it all at ρ = 0.9
    // and its queue (M/D/1: mean wait 9 ms, was 0.8 ms) makes end-to-end
    // latency grow several-fold, well clear of the host's noise in the p95 before.
    title: 'process concurrency down (cpu mode: instances parked)',
    doc: chain(
      proc({ service: { dist: 'constant', meanMs: 2 }, mode: 'cpu', concurrency: 2 }),
      { rate: 450 },
      2,
    ),
    select: 'p',
    field: 'Concurrency (slots)',
    value: '1',
    measure: latencyP95,
    expectAfter: ratio('>', 2),
  },
  {
    title: 'process mean service time',
    doc: chain(proc({ service: exp1, concurrency: 8 }), { rate: 500 }),
    select: 'p',
    field: 'Mean service time (ms)',
    value: '4',
    measure: p95('p'),
    expectAfter: ratio('>', 2.5),
  },
  {
    title: 'process service time distribution',
    doc: chain(proc({ service: exp1, concurrency: 8 }), { rate: 500 }),
    select: 'p',
    field: 'Service time distribution',
    value: 'constant',
    measure: p95('p'),
    expectAfter: ratio('<', 0.5),
  },
  {
    title: 'process service time std dev',
    doc: chain(proc({ service: { dist: 'lognormal', meanMs: 1, stdMs: 0.2 }, concurrency: 8 }), {
      rate: 500,
    }),
    select: 'p',
    field: 'Service time std dev (ms)',
    value: '2',
    measure: p95('p'),
    expectAfter: ratio('>', 1.4),
  },
  {
    title: 'process service time max',
    doc: chain(
      proc({ service: { dist: 'uniform', meanMs: 1, minMs: 0, maxMs: 2 }, concurrency: 8 }),
      { rate: 500 },
    ),
    select: 'p',
    field: 'Service time max (ms)',
    value: '8',
    measure: p95('p'),
    expectAfter: ratio('>', 2.5),
  },
  {
    title: 'process service time min',
    doc: chain(
      proc({ service: { dist: 'uniform', meanMs: 1, minMs: 0, maxMs: 8 }, concurrency: 16 }),
      { rate: 500 },
    ),
    select: 'p',
    field: 'Service time min (ms)',
    value: '7.5',
    measure: (s) => s.nodes.p?.p95Ms ?? null,
    expectAfter: plus(0.05),
  },
  {
    title: 'process error rate',
    doc: chain(proc({ service: exp1, concurrency: 4 }), { rate: 500 }),
    select: 'p',
    field: 'Error rate (0–1)',
    value: '0.5',
    measure: errorShare('p'),
    expectAfter: plus(0.3),
  },
  {
    title: 'process timeout',
    doc: chain(proc({ service: exp1, concurrency: 4 }), { rate: 500 }),
    select: 'p',
    field: 'Timeout (ms)',
    value: '0.5',
    measure: errorShare('p'),
    expectAfter: plus(0.3),
  },
  {
    title: 'process retry attempts',
    doc: chain(
      proc({ service: { dist: 'constant', meanMs: 0.2 }, concurrency: 16, errorRate: 0.5 }),
      { rate: 500 },
    ),
    select: 'p',
    field: 'Retry attempts (count)',
    value: '3',
    measure: errorShare('p'),
    expectAfter: minus(0.25),
  },
  {
    title: 'process retry base delay',
    doc: chain(
      proc({
        service: { dist: 'constant', meanMs: 0.2 },
        concurrency: 64,
        errorRate: 0.5,
        retry: { attempts: 2, backoff: 'fixed', baseMs: 1 },
      }),
      { rate: 500 },
    ),
    select: 'p',
    field: 'Retry base delay (ms)',
    value: '30',
    measure: latencyP95,
    expectAfter: ratio('>', 3),
  },
  // Batch
  {
    title: 'batch size',
    doc: chain({ id: 'b', kind: 'batch', label: 'Batch', params: { size: 100, timeoutMs: 1000 } }),
    select: 'b',
    field: 'Batch size (msg)',
    value: '10',
    measure: rate('b'),
    expectAfter: ratio('>', 4),
  },
  {
    title: 'batch timeout',
    doc: chain(
      { id: 'b', kind: 'batch', label: 'Batch', params: { size: 100, timeoutMs: 1000 } },
      { rate: 100 },
    ),
    select: 'b',
    field: 'Batch timeout (ms)',
    value: '20',
    measure: rate('b'),
    expectAfter: ratio('>', 5),
  },
  // Split
  {
    title: 'split routing policy',
    doc: splitGraph({ policy: 'roundRobin', weights: [9, 1] }),
    select: 's',
    field: 'Routing policy',
    value: 'weighted',
    measure: share('a', 'b'),
    expectAfter: plus(0.25),
  },
  {
    title: 'split weights',
    doc: splitGraph({ policy: 'weighted', weights: [1, 1] }),
    select: 's',
    field: 'Weights (one per output)',
    value: '9, 1',
    measure: share('a', 'b'),
    expectAfter: plus(0.25),
  },
  // Cache
  {
    title: 'cache time to live',
    doc: cacheGraph({ keys: { count: 20 } }, { capacity: 100 }),
    select: 'c',
    field: 'Time to live (ms)',
    value: '1',
    measure: share('hit', 'miss'),
    expectAfter: minus(0.3),
  },
  // Filter
  {
    title: 'filter pass ratio',
    doc: filterGraph({}, { passRatio: 0.5 }),
    select: 'f',
    field: 'Pass ratio (0–1)',
    value: '0.1',
    measure: share('pass', 'rej'),
    expectAfter: minus(0.25),
  },
  {
    title: 'filter key threshold',
    doc: filterGraph({ keys: { count: 1000 } }, { passRatio: 1 }),
    select: 'f',
    field: 'Pass keys below (key)',
    value: '100',
    measure: share('pass', 'rej'),
    expectAfter: minus(0.5),
  },
  // Rate limit
  {
    title: 'rate limit rate',
    doc: ratelimitGraph({}, { ratePerSec: 2000 }),
    select: 'r',
    field: 'Rate (msg/s)',
    value: '200',
    measure: rate('out'),
    expectAfter: ratio('<', 0.5),
  },
  {
    title: 'rate limit over-the-limit policy',
    doc: ratelimitGraph({}, { ratePerSec: 300 }),
    select: 'r',
    field: 'Over the limit',
    value: 'drop',
    measure: share('shed', 'out'),
    expectAfter: plus(0.3),
  },
  {
    title: 'rate limit burst',
    doc: ratelimitGraph({ rate: 500 }, { ratePerSec: 550, burst: 1, onLimit: 'drop' }),
    select: 'r',
    field: 'Burst (tokens)',
    value: '200',
    measure: share('shed', 'out'),
    expectAfter: (b) => ({ op: '<', than: b * 0.3 }),
  },
  // Delay
  {
    title: 'delay mean',
    doc: chain({
      id: 'd',
      kind: 'delay',
      label: 'Wait',
      params: { delay: { dist: 'constant', meanMs: 1 } },
    }),
    select: 'd',
    field: 'Mean delay (ms)',
    value: '20',
    measure: latencyP95,
    expectAfter: ratio('>', 5),
  },
  {
    title: 'delay distribution',
    doc: chain({
      id: 'd',
      kind: 'delay',
      label: 'Wait',
      params: { delay: { dist: 'constant', meanMs: 10 } },
    }),
    select: 'd',
    field: 'Delay distribution',
    value: 'exponential',
    measure: latencyP95,
    expectAfter: ratio('>', 2),
  },
  // Sink
  {
    title: 'sink role',
    doc: splitGraph({ policy: 'roundRobin' }),
    select: 'b',
    field: 'Collects',
    value: 'failed',
    measure: (s) => s.sinkRate,
    expectAfter: ratio('<', 0.7),
  },
  // Edge
  {
    title: 'edge capacity',
    doc: chain(proc({ service: { dist: 'constant', meanMs: 5 } }), { rate: 1000 }),
    select: 'edge',
    field: 'Capacity (msg)',
    value: '64',
    // The queue count on the connection reads "… / 64" (its bound; the queue then drains).
    measure: capacity('e1'),
    expectAfter: () => ({ op: '<', than: 65 }),
  },
];

/** The measure once the run is warm: the mean of 3 samples 300 ms apart, all present. */
async function settled(page: Page, measure: Measure): Promise<number> {
  await expect
    .poll(
      async () => {
        const s = await live(page);
        return s !== null && s.sinceStartMs > 1500 && measure(s) !== null;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  let sum = 0;
  for (let i = 0; i < 3; i++) {
    if (i > 0) await page.waitForTimeout(300);
    sum += measure((await live(page))!)!;
  }
  return sum / 3;
}

async function edit(editor: EditorPage, field: string, value: string) {
  const input = editor.field(field);
  if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
  else await input.fill(value);
}

test('fields a live run cannot take say so before an edit', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.goto();
  const doc = chain(
    proc({ service: { dist: 'constant', meanMs: 0.2 }, mode: 'cpu', concurrency: 2 }),
    { rate: 200 },
    2,
  );
  expect((await editor.loadGraph(doc)).ok).toBe(true);
  await editor.node('Stage').click();
  const note = (field: string) => editor.field(field).locator('xpath=..').locator('.field-live');
  // Idle: no notes.
  await expect(note('Service mode')).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+Enter');
  await editor.node('Stage').click();
  await expect(note('Service mode')).toHaveText('This run: applies to the next run');
  await expect(note('Concurrency (slots)')).toHaveText(
    'This run: this run started 2 instances: fewer apply now (the rest are parked), more on the next run',
  );
  await expect(note('Mean service time (ms)')).toHaveCount(0);
  await expect(note('Pinned worker (index)')).toHaveText('This run: applies to the next run');
  // The note is part of the field's description for assistive technology.
  const describedBy = await editor.field('Service mode').getAttribute('aria-describedby');
  expect(describedBy).toContain('-live');
  await page.keyboard.press('ControlOrMeta+.');
  await expect(note('Service mode')).toHaveCount(0);
});

test.describe('live edits apply to the running graph', () => {
  for (const c of cases) {
    test(c.title, async ({ page }) => {
      const editor = new EditorPage(page);
      await editor.goto();
      const loaded = await editor.loadGraph(c.doc);
      expect(loaded.ok, JSON.stringify(loaded)).toBe(true);
      await page.keyboard.press('ControlOrMeta+Enter');
      if (c.select === 'edge')
        await editor.canvas.locator('.react-flow__edge').first().click({ force: true });
      else await editor.canvas.locator(`.react-flow__node[data-id="${c.select}"]`).click();
      await expect(editor.field(c.field)).toBeVisible();
      // Nothing under the field says the run cannot take it.
      const notes = await editor
        .field(c.field)
        .locator('xpath=..')
        .locator('.field-live')
        .allTextContents();
      expect(notes).not.toContain('This run: applies to the next run');
      const before = await settled(page, c.measure);
      await edit(editor, c.field, c.value);
      if (c.ends !== undefined) {
        await expect
          .poll(() => page.evaluate(() => window.__flowbench!.getRunState().ended), {
            timeout: 2_000,
          })
          .toBe(c.ends);
        return;
      }
      const want = c.expectAfter(before);
      const poll = expect.poll(async () => c.measure((await live(page))!) ?? NaN, {
        timeout: 2_000,
        message: `${c.title}: before ${before.toFixed(3)}, want ${want.op} ${want.than.toFixed(3)}`,
      });
      if (want.op === '>') await poll.toBeGreaterThan(want.than);
      else await poll.toBeLessThan(want.than);
      await page.keyboard.press('ControlOrMeta+.');
    });
  }
});
