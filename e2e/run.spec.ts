import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { expect, type Page, test } from '@playwright/test';

import { EditorPage } from './pages/editor-page.ts';

const example = (name: string): unknown =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../public/examples/${name}`, import.meta.url)), 'utf8'),
  ) as unknown;

/** The mm1 example with a short run (the tests stop it or let it end). */
function mm1(durationMs: number): unknown {
  const g = example('mm1.json') as { run: Record<string, unknown> };
  return { ...g, run: { ...g.run, durationMs, warmupMs: 500 } };
}

const live = (page: Page) => page.evaluate(() => window.__flowbench!.getLiveSample());
const runState = (page: Page) => page.evaluate(() => window.__flowbench!.getRunState());

test.describe('live run', () => {
  test('Run shows live metrics and Stop ends the run with a report', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(mm1(20_000))).ok).toBe(true);
    await editor.button('▶ Run').click();
    await expect
      .poll(async () => (await live(page))?.sinkRate ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await live(page))?.latencyMs.p50 ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);
    // Canvas overlays: a badge per node and a queue-fill bar per edge.
    await expect(page.getByTestId('node.server.live')).toContainText('/s');
    await expect(page.getByTestId('edge.e1.queue')).toBeAttached();
    const throughput = page.getByRole('figure', { name: /Throughput/ });
    // The chart drew its line: points on the canvas, and a summary that reads the newest value.
    const plot = throughput.getByRole('application', { name: /^Throughput: sinks \d/ });
    await expect(plot).toHaveAttribute('data-points', /^[1-9]\d*$/);
    for (const name of [/Latency/, /Queue depth/, /Memory/])
      await expect(page.getByRole('figure', { name })).toBeVisible();
    await editor.button('■ Stop').click();
    // The UI says "stopping" (or already "ended") at once.
    await expect(page.getByTestId('run.progress')).toHaveAttribute(
      'data-status',
      /stopping|ended/,
      {
        timeout: 500,
      },
    );
    await expect.poll(async () => (await runState(page)).status).toBe('ended');
    const report = await page.evaluate(() => window.__flowbench!.getLastReport());
    expect(report?.nodes.departures?.in).toBeGreaterThan(0);
    expect(report?.run.ended).toBe('stopped');
    // The summary shows the report and offers it as JSON.
    const summary = page.getByRole('region', { name: 'Run report' });
    // Nodes by their labels, edges by their ends.
    await expect(summary.getByRole('table', { name: 'Nodes' })).toContainText(
      'Server (μ = 1000/s)',
    );
    await expect(summary.getByRole('table', { name: 'Edges' })).toContainText(
      'Arrivals (λ = 500/s) → Server (μ = 1000/s)',
    );
    const download = page.waitForEvent('download');
    await summary.getByRole('button', { name: 'Export report' }).click();
    expect((await download).suggestedFilename()).toMatch(/report\.json$/);
  });

  test('a source rate edited in the inspector applies to the running graph', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(mm1(30_000))).ok).toBe(true);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect
      .poll(async () => (await live(page))?.sinkRate ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(350);
    await editor.node('Arrivals').click();
    await editor.field('Rate (msg/s)').fill('100');
    // Throughput moves toward the new rate (direction only, not timing).
    await expect
      .poll(async () => (await live(page))?.sinkRate ?? Infinity, { timeout: 15_000 })
      .toBeLessThan(250);
    await page.keyboard.press('ControlOrMeta+.');
    await expect.poll(async () => (await runState(page)).status).toBe('ended');
    const report = await page.evaluate(() => window.__flowbench!.getLastReport());
    expect(report?.nodes.departures?.in).toBeGreaterThan(0);
  });

  test('an endless Function ends the run with the watchdog error and the UI stays responsive', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const graph = {
      format: 'flowbench/graph',
      version: 1,
      name: 'Endless function',
      nodes: [
        { id: 'src', kind: 'source', position: { x: 0, y: 0 }, params: { rate: 100 } },
        {
          id: 'spin',
          kind: 'function',
          position: { x: 260, y: 0 },
          params: { code: 'while (true) {}' },
        },
        { id: 'done', kind: 'sink', position: { x: 520, y: 0 } },
      ],
      edges: [
        { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'spin', port: 'in' } },
        { id: 'e2', from: { node: 'spin', port: 'out' }, to: { node: 'done', port: 'in' } },
      ],
      run: { durationMs: 20_000, warmupMs: 0 },
    };
    expect(
      (await page.evaluate((g) => window.__flowbench!.loadGraph(g, { external: true }), graph)).ok,
    ).toBe(true);
    // Code from a file needs consent: Run is disabled, with the reason shown.
    await expect(editor.button('▶ Run')).toBeDisabled();
    await expect(page.getByTestId('run.reason')).toContainText('Function code not yet approved');
    // The consent dialog opens by itself for code from a file.
    await page
      .getByRole('dialog', { name: 'This graph contains code' })
      .getByRole('button', { name: 'Allow this code to run' })
      .click();
    await editor.button('▶ Run').click();
    await expect(page.getByTestId('run.error')).toContainText('stopped responding', {
      timeout: 15_000,
    });
    const state = await runState(page);
    expect(state.status).toBe('ended');
    expect(state.ended).toBe('error');
    // Still responsive: a button works, and Run is available again.
    await editor.button('Keyboard shortcuts').click();
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(editor.button('▶ Run')).toBeEnabled();
  });

  test('Run is disabled with the reason when the graph cannot run', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.button('New graph').click();
    await expect(editor.button('▶ Run')).toBeDisabled();
    await expect(page.getByTestId('run.reason')).toHaveText('The graph is empty.');
    expect(await page.evaluate(() => window.__flowbench!.startRun())).toEqual({
      ok: false,
      reason: 'The graph is empty.',
    });
  });

  test('Predict shows a virtual-time report', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(mm1(5_000))).ok).toBe(true);
    await editor.button('Predict').click();
    const summary = page.getByRole('region', { name: 'Predicted report (virtual time)' });
    await expect(summary.getByRole('table', { name: 'Totals' })).toContainText('Predicted');
    const report = await page.evaluate(() => window.__flowbench!.predict());
    // M/M/1 at ρ = 0.5: about 500 msg/s and a mean sojourn of about 2 ms.
    expect(report?.totals.throughput).toBeGreaterThan(400);
    expect(report?.totals.latencyMs.mean).toBeGreaterThan(1);
    expect(report?.totals.latencyMs.mean).toBeLessThan(4);
  });
});

test.describe('live updates touch only what changed', () => {
  test('during a run a node changes only its badge, and a chart only its canvas and headline', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(mm1(30_000))).ok).toBe(true);
    await editor.button('▶ Run').click();
    await expect(page.getByTestId('node.server.live')).toContainText('/s');
    await expect(
      page.getByRole('figure', { name: /Throughput/ }).getByRole('application'),
    ).toHaveAttribute('data-points', /^[1-9]/);
    // Record every DOM change in the nodes and the charts for 3 s of the run.
    const changes = await page.evaluate(async () => {
      const out: string[] = [];
      const describe = (n: Node) => {
        const el = n instanceof Element ? n : n.parentElement;
        const badge = el?.closest('[data-testid$=".live"]');
        if (
          el?.closest('.react-flow__node') !== null &&
          el?.closest('.react-flow__node') !== undefined
        )
          return badge !== null && badge !== undefined
            ? 'badge'
            : `node ${el!.outerHTML.slice(0, 80)}`;
        if (el?.closest('figure.chart') !== null && el?.closest('figure.chart') !== undefined) {
          if (el!.closest('.chart-headline') !== null) return 'headline';
          if (el!.tagName === 'CANVAS') return 'canvas';
          return `chart ${el!.outerHTML.slice(0, 80)}`;
        }
        return null;
      };
      const mo = new MutationObserver((records) => {
        for (const r of records) {
          const d = describe(r.target);
          if (d !== null) out.push(d);
        }
      });
      mo.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      await new Promise((r) => setTimeout(r, 3000));
      mo.disconnect();
      return out;
    });
    // Live numbers did arrive (badges and charts changed)…
    expect(changes).toContain('badge');
    expect(changes).toContain('canvas');
    // …and nothing else in a node or a chart was rebuilt for them.
    expect(changes.filter((c) => !['badge', 'canvas', 'headline'].includes(c))).toEqual([]);
    await editor.button('■ Stop').click();
  });
});

test.describe('edge rates', () => {
  test('a connection carrying batches shows items/s and batches/s in the report', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const link = (id: string, from: string, to: string) => ({
      id,
      from: { node: from, port: 'out' },
      to: { node: to, port: 'in' },
    });
    const batched = {
      format: 'flowbench/graph',
      version: 1,
      name: 'Batches',
      nodes: [
        { id: 'src', kind: 'source', label: 'Src', params: { rate: 1000, arrival: 'constant' } },
        { id: 'bat', kind: 'batch', label: 'Bat', params: { size: 50, timeoutMs: 1000 } },
        { id: 'unb', kind: 'unbatch', label: 'Unb' },
        { id: 'out', kind: 'sink', label: 'Out' },
      ],
      edges: [link('e1', 'src', 'bat'), link('e2', 'bat', 'unb'), link('e3', 'unb', 'out')],
      run: { durationMs: 10_000, warmupMs: 1000 },
    };
    expect((await editor.loadGraph(batched)).ok).toBe(true);
    await editor.button('Predict').click();
    const edges = page
      .getByRole('region', { name: 'Predicted report (virtual time)' })
      .getByRole('table', { name: 'Edges' });
    await expect(edges.getByRole('columnheader', { name: 'items/s' })).toBeVisible();
    await expect(edges.getByRole('columnheader', { name: 'batches/s' })).toBeVisible();
    // 1000 items/s in batches of 50: 1000 items/s and 20 batches/s on Bat → Unb; no batches elsewhere.
    await expect(edges.getByRole('row', { name: /Bat → Unb/ })).toHaveText(/1000\/s\s*20\/s/);
    await expect(edges.getByRole('row', { name: /Src → Bat/ })).toHaveText(/1000\/s\s*–/);
  });
});

test.describe('delivered throughput counts items', () => {
  test('batches into a sink: the live rate, its chart and the report all read items/s', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const batched = {
      format: 'flowbench/graph',
      version: 1,
      name: 'Batches into a sink',
      nodes: [
        { id: 'src', kind: 'source', label: 'Src', params: { rate: 1000, arrival: 'constant' } },
        { id: 'bat', kind: 'batch', label: 'Bat', params: { size: 50, timeoutMs: 1000 } },
        { id: 'out', kind: 'sink', label: 'Out' },
      ],
      edges: [
        { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'bat', port: 'in' } },
        { id: 'e2', from: { node: 'bat', port: 'out' }, to: { node: 'out', port: 'in' } },
      ],
      run: { durationMs: 4000, warmupMs: 1000 },
    };
    expect((await editor.loadGraph(batched)).ok).toBe(true);
    await editor.button('▶ Run').click();
    // 20 batches/s of 50: 1000 items/s delivered (the sink's messages would read 20/s).
    await expect
      .poll(async () => (await live(page))?.sinkRate ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(800);
    const chart = page.getByRole('figure', { name: /Throughput/ });
    await expect(chart.getByRole('application')).toHaveAttribute('aria-label', /items\/s/);
    await expect.poll(async () => (await runState(page)).status, { timeout: 15_000 }).toBe('ended');
    const report = await page.evaluate(() => window.__flowbench!.getLastReport());
    expect(report!.totals.throughput).toBeGreaterThan(800);
    expect(report!.totals.throughput).toBeLessThan(1200);
    // The sink's own count stays per message: a batch is one.
    expect(report!.nodes['out']!.throughput).toBeLessThan(30);
  });
});

test.describe('a prediction that fails', () => {
  const edge = (id: string, from: string, fromPort: string, to: string, toPort: string) => ({
    id,
    from: { node: from, port: fromPort },
    to: { node: to, port: toPort },
    capacity: 16,
  });

  test('Predict of a deadlocking cycle or an unbounded max-rate source shows the sentence, never zeros', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    // Every message goes round merge → process → broadcast split → merge for ever: the cycle fills.
    const cycle = {
      format: 'flowbench/graph',
      version: 1,
      name: 'Cycle',
      nodes: [
        { id: 'src', kind: 'source', params: { rate: 1000 } },
        { id: 'm', kind: 'merge' },
        { id: 'p', kind: 'process', params: { service: { dist: 'constant', meanMs: 0.5 } } },
        { id: 's', kind: 'split', params: { policy: 'broadcast' } },
        { id: 'out', kind: 'sink' },
      ],
      edges: [
        edge('e1', 'src', 'out', 'm', 'in1'),
        edge('e2', 'm', 'out', 'p', 'in'),
        edge('e3', 'p', 'out', 's', 'in'),
        edge('e4', 's', 'out1', 'm', 'in2'),
        edge('e5', 's', 'out2', 'out', 'in'),
      ],
    };
    expect((await editor.loadGraph(cycle)).ok).toBe(true);
    await editor.button('Predict').click();
    const alert = page.getByRole('alert').filter({ hasText: 'Prediction failed.' });
    await expect(alert).toContainText(
      'deadlocked: the cycle through "m", "p", "s" is full and nothing in the graph can move any more',
    );
    await expect(page.getByRole('region', { name: /Predicted report/ })).toHaveCount(0);
    expect(await page.evaluate(() => window.__flowbench!.predict())).toBeNull();

    const firehose = {
      format: 'flowbench/graph',
      version: 1,
      name: 'Firehose',
      nodes: [
        { id: 'src', kind: 'source', params: { rate: 'max' } },
        { id: 'out', kind: 'sink' },
      ],
      edges: [edge('e1', 'src', 'out', 'out', 'in')],
    };
    expect((await editor.loadGraph(firehose)).ok).toBe(true);
    await editor.button('Predict').click();
    await expect(alert).toContainText('virtual time stood still at 0.000 s: "src" kept working', {
      timeout: 20_000,
    });
    await expect(page.getByRole('region', { name: /Predicted report/ })).toHaveCount(0);
  });
});

test.describe('a worker that cannot start', () => {
  // No service worker, so the page's own requests for worker scripts can be refused here.
  test.use({ serviceWorkers: 'block' });

  test('ends the run within 5 s with a sentence saying which script and what to check', async ({
    page,
  }) => {
    await page.route('**/workers/engine.worker-*.js', (route) => route.abort());
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(mm1(10_000))).ok).toBe(true);
    const started = Date.now();
    await editor.button('▶ Run').click();
    await expect(page.getByTestId('run.error')).toContainText('could not be loaded or started', {
      timeout: 5000,
    });
    expect(Date.now() - started).toBeLessThan(5500);
    await expect(page.getByTestId('run.error')).toContainText('workers/ folder');
    const state = await runState(page);
    expect(state.status).toBe('ended');
    expect(state.ended).toBe('error');
  });
});
