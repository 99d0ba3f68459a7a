/**
 * Issue 14, the editor's part: a sweep from an inspector field (points on
 * the chart, values in the table, the best value marked, Apply as one undo
 * step, Cancel keeping the finished points), predictions over several seeds
 * with their interval, and a baseline with a coloured diff that survives a
 * reload.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { expect, type Locator, type Page, test } from '@playwright/test';

import { EditorPage } from './pages/editor-page.ts';

type Doc = { run: Record<string, unknown>; [k: string]: unknown };

const example = (name: string): Doc =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../public/examples/${name}`, import.meta.url)), 'utf8'),
  ) as Doc;

/** The M/M/1 example (μ = 1000/s; targets ≥ 490/s and p95 ≤ 10 ms) with another duration. */
function mm1(durationMs: number): Doc {
  const g = example('mm1.json');
  return { ...g, run: { ...g.run, durationMs, warmupMs: 500 } };
}

const history = (page: Page) => page.evaluate(() => window.__flowbench!.getHistory());
const rateOf = async (editor: EditorPage) => {
  const n = (await editor.graph()).nodes.find((x) => x.id === 'arrivals');
  return n?.kind === 'source' ? n.params.rate : undefined;
};

/** Opens the Sweep dialog of the Arrivals node's rate. */
async function sweepRate(editor: EditorPage): Promise<Locator> {
  await editor.node('Arrivals').click();
  await editor.inspector.getByRole('button', { name: 'Sweep… Rate (msg/s)' }).click();
  const dialog = editor.page.getByRole('dialog', { name: 'Sweep a parameter' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe('what-if', () => {
  test('a three-value sweep draws three points, marks the best value, and Apply is one undo step', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(mm1(3_000))).ok).toBe(true);

    const dialog = await sweepRate(editor);
    await expect(dialog).toContainText('nodes.arrivals.params.rate');
    const values = dialog.getByLabel('Values (separated by commas)');
    // A bad value is refused before anything runs, naming the path and the value.
    await values.fill('200, 6OO, 900');
    await dialog.getByRole('button', { name: 'Start sweep' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(
      'nodes.arrivals.params.rate: "6OO" is not a number',
    );
    await values.fill('200, 600, 900');
    await expect(dialog.getByTestId('sweep.cost')).toHaveText('3 points × 1 seed = 3 predictions');
    await dialog.getByRole('button', { name: 'Start sweep' }).click();
    await expect(dialog).toHaveCount(0);

    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.getByRole('tab', { name: 'Sweep' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const sweep = results.getByRole('region', { name: 'Sweep' });
    await expect(sweep.getByTestId('sweep.state')).toContainText('Done: 3 points', {
      timeout: 30_000,
    });

    // Three points on each chart.
    for (const chart of ['throughput', 'p95', 'dropped'])
      await expect(
        sweep.getByTestId(`sweep.chart.${chart}`).locator('.recharts-line-dot'),
      ).toHaveCount(3);
    // The table: one row per value, in the order given, with what each delivered.
    const table = sweep.getByRole('table', { name: 'Sweep points' });
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(3);
    for (const [i, value] of [200, 600, 900].entries()) {
      const row = rows.nth(i);
      await expect(row.getByRole('rowheader')).toContainText(String(value));
      const rate = Number((await row.getByRole('cell').first().innerText()).replace('/s', ''));
      expect(rate).toBeGreaterThan(value * 0.9);
      expect(rate).toBeLessThan(value * 1.1);
    }
    // 200/s misses the throughput target, 900/s the p95 one: 600 is the best under targets.
    await expect(sweep.getByTestId('sweep.best')).toContainText('Best under targets: 600');
    await expect(rows.nth(1).getByRole('rowheader')).toContainText('best');
    await expect(rows.nth(0).getByRole('cell', { name: '✗ missed' })).toBeVisible();
    await expect(rows.nth(1).getByRole('cell', { name: '✓ met' })).toBeVisible();

    // Apply 900: the field changes, as one undo step.
    const rate = editor.field('Rate (msg/s)');
    await expect(rate).toHaveValue('500');
    const before = await history(page);
    await rows
      .nth(2)
      .getByRole('button', { name: /^Apply 900 to Rate/ })
      .click();
    await expect(rate).toHaveValue('900');
    expect(await rateOf(editor)).toBe(900);
    expect((await history(page)).undo).toBe(before.undo + 1);
    await expect(rows.nth(2).getByRole('rowheader')).toContainText('current');
    // The sweep is now of an earlier version of the graph, and says so.
    await expect(sweep.getByTestId('sweep.earlier')).toHaveText(
      'from an earlier version of this graph',
    );
    await editor.button('Undo').click();
    await expect(rate).toHaveValue('500');
    expect(await rateOf(editor)).toBe(500);
  });

  test('a per-item cost in the inspector, swept: utilization = batches/s × (service + n × perItemMs) ÷ slots', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(example('batch-size-sweep.json'))).ok).toBe(true);
    await editor.node('DB insert').click();
    const perItem = editor.field('Per-item cost (ms)');
    await expect(perItem).toHaveValue('0.2');
    await expect(editor.inspector).toContainText(
      'a batch of n members takes service + n × this (a plain message counts as 1)',
    );
    await expect(editor.node('DB insert')).toContainText('+ 0.2 ms/item');

    await editor.inspector.getByRole('button', { name: 'Sweep… Per-item cost (ms)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sweep a parameter' });
    await dialog.getByLabel('Values (separated by commas)').fill('0, 0.2, 0.4');
    await dialog.getByRole('button', { name: 'Start sweep' }).click();
    const sweep = page.getByRole('region', { name: 'Sweep' });
    await expect(sweep.getByTestId('sweep.state')).toContainText('Done: 3 points', {
      timeout: 60_000,
    });
    // 2000 items/s in batches of 10: 200 batches/s over 2 slots, each 5 ms + 10 × perItemMs.
    const rows = sweep.getByRole('table', { name: 'Sweep points' }).locator('tbody tr');
    for (const [i, expected] of [50, 70, 90].entries()) {
      const busiest = await rows.nth(i).getByRole('cell').nth(5).innerText();
      const m = /^DB insert (\d+)%$/.exec(busiest);
      expect(m, busiest).not.toBeNull();
      expect(Math.abs(Number(m![1]) - expected), busiest).toBeLessThanOrEqual(3);
    }
  });

  test('Cancel stops a sweep and keeps the points finished so far', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    // Ten simulated minutes per point: each takes a second or more.
    expect((await editor.loadGraph(mm1(600_000))).ok).toBe(true);
    const dialog = await sweepRate(editor);
    await dialog.getByLabel('Values (separated by commas)').fill('100, 200, 300, 400, 500, 600');
    await dialog.getByRole('button', { name: 'Start sweep' }).click();

    const sweep = page.getByRole('region', { name: 'Sweep' });
    await expect(sweep.getByRole('progressbar', { name: 'Sweep progress' })).toBeVisible();
    await expect(
      sweep.getByTestId('sweep.chart.throughput').locator('.recharts-line-dot'),
    ).toHaveCount(1, { timeout: 30_000 });
    await sweep.getByRole('button', { name: 'Cancel sweep' }).click();
    await expect(sweep.getByTestId('sweep.state')).toContainText(
      /^Cancelled after [1-5] of 6 points/,
    );
    await expect(sweep.getByRole('progressbar')).toHaveCount(0);
    const state = await sweep.getByTestId('sweep.state').innerText();
    const finished = Number(/after (\d)/.exec(state)![1]);
    const rows = sweep.getByRole('table', { name: 'Sweep points' }).locator('tbody tr');
    await expect(rows.filter({ hasText: 'not run' })).toHaveCount(6 - finished);
    await expect(rows.filter({ hasText: '/s' })).toHaveCount(finished);
    // Nothing runs on after Cancel.
    await page.waitForTimeout(2_500);
    await expect(sweep.getByTestId('sweep.state')).toHaveText(state);
    await expect(sweep.getByRole('button', { name: 'Export sweep (CSV)' })).toBeEnabled();
    const download = page.waitForEvent('download');
    await sweep.getByRole('button', { name: 'Export sweep (CSV)' }).click();
    expect((await download).suggestedFilename()).toBe('m-m-1-queue.sweep.csv');
  });

  test('a prediction over several seeds shows mean ± 95 % interval', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(mm1(3_000))).ok).toBe(true);
    await editor.field('Seeds per prediction').fill('4');
    await editor.button('Predict').click();
    const intervals = page.getByRole('table', { name: 'Over 4 seeds' });
    await expect(intervals).toBeVisible({ timeout: 30_000 });
    const throughput = intervals.getByRole('row', { name: /throughput/ });
    await expect(throughput.getByRole('cell').nth(1)).toHaveText(/^± \d/);
    await expect(page.getByText('Over 4 seeds (42–45)')).toBeVisible();
  });

  test('Save as baseline, then a coloured diff against it, kept over a reload', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(mm1(3_000))).ok).toBe(true);
    const results = page.getByRole('region', { name: 'Results' });
    await editor.button('Predict').click();
    const report = results.getByRole('region', { name: 'Predicted report (virtual time)' });
    await report.getByRole('button', { name: 'Save as baseline' }).click({ timeout: 30_000 });
    await expect(report.getByRole('button', { name: 'Saved as baseline' })).toBeDisabled();

    // A slower server: latency regresses.
    await editor.node('Server').click();
    await editor.field('Mean service time (ms)').fill('1.5');
    await editor.button('Predict').click();
    const diff = report.getByRole('region', { name: 'Against the baseline' });
    await expect(diff).toBeVisible({ timeout: 30_000 });
    await expect(diff.getByTestId('baseline.summary')).toContainText('regression');
    const p95 = diff
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'Total' }) })
      .filter({ hasText: 'p95 latency (ms)' });
    await expect(p95.getByRole('cell').last()).toHaveText('⚠ regression');
    const change = p95.locator('td[data-verdict]');
    await expect(change).toHaveAttribute('data-verdict', 'worse');
    await expect(change).toHaveText(/^\+\d+ %$/);
    await expect(change).toHaveCSS('color', 'rgb(207, 34, 46)');

    // The baseline is kept for this graph over a reload.
    await page.reload();
    await expect.poll(() => page.evaluate(() => window.__flowbench?.isReady() ?? false)).toBe(true);
    await editor.button('Predict').click();
    await expect(
      results
        .getByRole('region', { name: 'Predicted report (virtual time)' })
        .getByRole('region', { name: 'Against the baseline' }),
    ).toBeVisible({ timeout: 30_000 });
    await results.getByRole('button', { name: 'Clear baseline' }).click();
    await expect(results.getByRole('region', { name: 'Against the baseline' })).toHaveCount(0);
  });

  test('the report of a run stopped by opening another graph does not switch the tab', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(mm1(60_000))).ok).toBe(true);
    await editor.button('▶ Run').click();
    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.getByRole('tab', { name: 'Charts' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect
      .poll(async () => (await page.evaluate(() => window.__flowbench!.getRunState())).status)
      .toBe('running');
    await page.getByRole('button', { name: 'Examples' }).click();
    await page.getByRole('menuitem', { name: /Linear pipeline/ }).click();
    await expect.poll(async () => (await editor.graph()).name).toBe('Linear pipeline');
    await expect
      .poll(async () => (await page.evaluate(() => window.__flowbench!.getRunState())).status)
      .toBe('ended');
    await page.waitForTimeout(300);
    await expect(results.getByRole('tab', { name: 'Charts' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });
});
