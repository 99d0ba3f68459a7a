import { expect, test } from '@playwright/test';

test('the page loads without console errors and is cross-origin isolated', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Flowbench' })).toBeVisible();
  for (const name of ['Node palette', 'Canvas', 'Inspector', 'Results']) {
    await expect(page.getByLabel(name, { exact: true }).first()).toBeAttached();
  }
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  await expect(page.getByRole('status', { name: 'Cross-origin isolation' })).toHaveAttribute(
    'data-isolated',
    'true',
  );
  expect(problems).toEqual([]);
});
