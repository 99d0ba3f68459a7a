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
    const throughput = page.getByRole('figure', { name: /Throughput/ });
    await expect(throughput.locator('.recharts-line-curve')).toBeVisible();
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
    await expect(summary.getByRole('table', { name: 'Nodes' })).toContainText('server');
    const download = page.waitForEvent('download');
    await summary.getByRole('button', { name: 'Export report' }).click();
    expect((await download).suggestedFilename()).toMatch(/report\.json$/);
  });
});
