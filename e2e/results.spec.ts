/**
 * Issue 12: results belong to a graph revision, and a results view worth
 * reading (tabs, maximise, sortable tables by label with every counter,
 * targets as chips, the prediction beside the measurement, queue counts on
 * the canvas).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { expect, type Page, test } from '@playwright/test';

import { EditorPage } from './pages/editor-page.ts';

const example = (name: string): { run: Record<string, unknown> } =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../public/examples/${name}`, import.meta.url)), 'utf8'),
  ) as { run: Record<string, unknown> };

function short(name: string, durationMs: number): unknown {
  const g = example(name);
  return { ...g, run: { ...g.run, durationMs, warmupMs: 500 } };
}

const runState = (page: Page) => page.evaluate(() => window.__flowbench!.getRunState());

async function runToEnd(editor: EditorPage) {
  await editor.button('▶ Run').click();
  await expect
    .poll(async () => (await runState(editor.page)).status, { timeout: 20_000 })
    .toBe('ended');
}

test.describe('results', () => {
  test('a result made before an edit says so, and measured and predicted are compared only for the same version', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(short('mm1.json', 2_000))).ok).toBe(true);
    const results = page.getByRole('region', { name: 'Results' });

    // Same version: the prediction sits beside the measurement.
    await runToEnd(editor);
    await editor.button('Predict').click();
    const run = results.getByRole('region', { name: 'Run report' });
    await expect(run.getByRole('columnheader', { name: 'pred. msg/s' }).first()).toBeVisible();
    await expect(run).not.toContainText('from an earlier version of this graph');

    // An edit: both results are now of an earlier version.
    await editor.node('Arrivals').click();
    await editor.field('Rate (msg/s)').fill('400');
    await expect(run.getByTestId('report.earlier')).toHaveText(
      'from an earlier version of this graph',
    );

    // A new prediction of the edited graph is not compared with the older run.
    await editor.button('Predict').click();
    const predicted = results.getByRole('region', { name: 'Predicted report (virtual time)' });
    await expect(predicted).toBeVisible();
    await expect(predicted.getByTestId('report.earlier')).toHaveCount(0);
    await expect(results.getByTestId('report.not-compared')).toContainText(
      'different versions of this graph',
    );
    await expect(run.getByRole('columnheader', { name: 'pred. msg/s' })).toHaveCount(0);
  });

  test('results of another graph are not shown beside the one opened', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(short('mm1.json', 2_000))).ok).toBe(true);
    await editor.button('Predict').click();
    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.getByRole('region', { name: /Predicted report/ })).toBeVisible();

    await page.getByRole('button', { name: 'Examples' }).click();
    await page.getByRole('menuitem', { name: /Linear pipeline/ }).click();
    await expect.poll(async () => (await editor.graph()).name).toBe('Linear pipeline');
    await expect(results.getByRole('region', { name: /Predicted report/ })).toHaveCount(0);
    await results.getByRole('tab', { name: 'Report' }).click();
    await expect(results).toContainText('when a run ends');
  });

  test('a run stopped by opening another document does not flip the results to its report', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(short('mm1.json', 30_000))).ok).toBe(true);
    await editor.button('▶ Run').click();
    await expect
      .poll(async () => (await runState(page)).status, { timeout: 20_000 })
      .toBe('running');
    const results = page.getByRole('region', { name: 'Results' });
    const charts = results.getByRole('tab', { name: 'Charts' });
    await expect(charts).toHaveAttribute('aria-selected', 'true');
    // Opening another document stops the run; its report arrives after the switch.
    expect((await editor.loadGraph(short('linear-pipeline.json', 2_000))).ok).toBe(true);
    await expect.poll(async () => (await runState(page)).status, { timeout: 20_000 }).toBe('ended');
    await page.waitForTimeout(300);
    await expect(charts).toHaveAttribute('aria-selected', 'true');
    await expect(results.getByRole('tab', { name: 'Report' })).toHaveAttribute(
      'aria-selected',
      'false',
    );
  });

  test('the report names nodes and connections, sorts, shows every counter and the targets, and maximises', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(short('linear-pipeline.json', 2_500))).ok).toBe(true);
    await editor.button('▶ Run').click();
    // NiFi-style queue counts on each connection while it runs.
    await expect(page.getByTestId('edge.e1.queued')).toHaveText(/^\d+ \/ 1024$/, {
      timeout: 10_000,
    });
    await expect.poll(async () => (await runState(page)).status, { timeout: 20_000 }).toBe('ended');

    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.getByRole('tab', { name: 'Report' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const nodes = results.getByRole('table', { name: 'Nodes' });
    for (const counter of ['retries', 'timeouts', 'rejected', 'hits', 'misses', 'drops'])
      await expect(nodes.getByRole('columnheader', { name: counter, exact: true })).toBeVisible();
    const edges = results.getByRole('table', { name: 'Edges' });
    await expect(edges.getByRole('columnheader', { name: 'blocked' })).toBeVisible();
    await expect(edges.getByRole('rowheader').first()).toHaveText('Requests → Parse');
    await expect(results.getByRole('list', { name: 'Targets' })).toContainText('min throughput');

    // Sorting by utilization, busiest first, then reversed.
    const util = nodes.getByRole('columnheader', { name: 'util', exact: true });
    await util.getByRole('button').click();
    await expect(util).toHaveAttribute('aria-sort', 'descending');
    await expect(nodes.getByRole('rowheader').first()).toHaveText('Store');
    await util.getByRole('button').click();
    await expect(util).toHaveAttribute('aria-sort', 'ascending');

    // Maximise covers the canvas (Shift+M); Escape restores.
    const before = (await results.boundingBox())!.height;
    await page.keyboard.press('Shift+M');
    await expect(results.getByRole('button', { name: 'Restore results' })).toBeVisible();
    expect((await results.boundingBox())!.height).toBeGreaterThan(
      page.viewportSize()!.height * 0.8,
    );
    await page.keyboard.press('Escape');
    await expect(results.getByRole('button', { name: 'Maximise results' })).toBeVisible();
    expect((await results.boundingBox())!.height).toBeCloseTo(before, -1);
  });
});
