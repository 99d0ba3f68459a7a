/**
 * axe-core in the main states: no serious or critical violation when idle,
 * running, showing a report, and with each dialog open.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

import { EditorPage, readFixture } from './pages/editor-page.ts';

async function expectNoSeriousViolations(page: Page, state: string) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    // Experimental, so not in the tags: the issue counted it (palette buttons).
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe in state "${state}"`).toEqual([]);
}

test.describe('accessibility (axe-core)', () => {
  test('idle, running and report states', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await expectNoSeriousViolations(page, 'idle');
    await page.getByRole('button', { name: '▶ Run' }).hover();
    await expectNoSeriousViolations(page, 'idle, Run hovered');

    await page.evaluate(() => window.__flowbench!.startRun({ durationMs: 2500, warmupMs: 500 }));
    await expect(page.getByTestId('node.parse.live')).toBeVisible({ timeout: 10_000 });
    await expectNoSeriousViolations(page, 'running');
    await expect
      .poll(async () => (await page.evaluate(() => window.__flowbench!.getRunState())).status, {
        timeout: 20_000,
      })
      .toBe('ended');
    await editor.button('Predict').click();
    await expect(page.getByRole('columnheader', { name: 'pred. msg/s' }).first()).toBeVisible();
    await expectNoSeriousViolations(page, 'report');
  });

  test('each dialog', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const dialog = page.getByRole('dialog');

    await editor.button('Keyboard shortcuts').click();
    await expect(dialog).toBeVisible();
    await expectNoSeriousViolations(page, 'shortcuts dialog');
    await page.keyboard.press('Escape');

    await editor.command('Share link');
    await expect(dialog).toBeVisible();
    await expectNoSeriousViolations(page, 'share dialog');
    const url = await dialog.getByRole('textbox', { name: 'Share URL' }).inputValue();
    await page.keyboard.press('Escape');

    await editor.paletteItem('Filter').click();
    await page.evaluate((h) => (location.hash = h), new URL(url).hash);
    await expect(page.getByRole('dialog', { name: 'Open the shared graph?' })).toBeVisible();
    await expectNoSeriousViolations(page, 'confirm-share dialog');
    await page.keyboard.press('Escape');

    await editor.button('New graph').click();
    await expect(dialog).toBeVisible();
    await expectNoSeriousViolations(page, 'confirm-discard dialog');
    await page.keyboard.press('Escape');

    const choosing = page.waitForEvent('filechooser');
    await editor.command('Import…');
    await (
      await choosing
    ).setFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ "format": "flowbench/graph", '),
    });
    await expect(dialog).toBeVisible();
    await expectNoSeriousViolations(page, 'import-errors dialog');
    await page.keyboard.press('Escape');

    await page.evaluate(
      (g) => window.__flowbench!.loadGraph(g, { external: true }),
      readFixture('function-graph.json'),
    );
    await expect(page.getByRole('dialog', { name: 'This graph contains code' })).toBeVisible();
    await expectNoSeriousViolations(page, 'consent dialog');
    await page.keyboard.press('Escape');
  });

  test('what-if: a report with intervals and the baseline diff', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.field('Seeds per prediction').fill('3');
    await editor.button('Predict').click();
    await page.getByRole('button', { name: 'Save as baseline' }).click({ timeout: 30_000 });
    await editor.node('Enrich').click();
    await editor.field('Mean service time (ms)').fill('1.5');
    await editor.button('Predict').click();
    // Three seeds per prediction: allow for a loaded machine.
    await expect(page.getByRole('region', { name: 'Against the baseline' })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByRole('table', { name: 'Over 3 seeds' })).toBeVisible();
    await expectNoSeriousViolations(page, 'report with intervals and baseline diff');
  });

  test('what-if: the sweep dialog and the Sweep tab, running and done', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.node('Enrich').click();
    await editor.inspector.getByRole('button', { name: 'Sweep… Concurrency (slots)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sweep a parameter' });
    await dialog.getByLabel('Values (separated by commas)').fill('1, 2, 4');
    await expectNoSeriousViolations(page, 'sweep dialog (list)');
    await dialog.getByRole('radio', { name: 'Range' }).check();
    await dialog.getByRole('checkbox', { name: /Add seeds until/ }).check();
    await expectNoSeriousViolations(page, 'sweep dialog (range, until a half-width)');
    await dialog.getByRole('checkbox', { name: /Add seeds until/ }).uncheck();
    await dialog.getByRole('radio', { name: 'List' }).check();
    await dialog.getByRole('button', { name: 'Start sweep' }).click();
    const sweep = page.getByRole('region', { name: 'Sweep' });
    await expect(sweep.getByRole('progressbar', { name: 'Sweep progress' })).toBeVisible();
    await expectNoSeriousViolations(page, 'sweep running');
    await expect(sweep.getByTestId('sweep.state')).toContainText('Done', { timeout: 60_000 });
    await expectNoSeriousViolations(page, 'sweep done');
  });
});
