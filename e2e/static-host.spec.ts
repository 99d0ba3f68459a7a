/**
 * The built site on a plain static host (as GitHub Pages serves it: a
 * sub-path, no COOP/COEP/CSP headers): the service worker makes the page
 * isolated after one reload, graphs run on SharedArrayBuffer, the site works
 * offline after one visit, and share links open. With service workers
 * blocked the page stays without SharedArrayBuffer: it says so, and graphs
 * run on postMessage.
 */
import LZString from 'lz-string';
import { expect, type Page, test } from '@playwright/test';

import { STATIC_BASE } from '../playwright.config.ts';
import { EditorPage } from './pages/editor-page.ts';

test.use({ baseURL: STATIC_BASE });

const mm1 = {
  format: 'flowbench/graph',
  version: 1,
  name: 'Static host M/M/1',
  nodes: [
    { id: 'src', kind: 'source', params: { rate: 500 } },
    { id: 'st', kind: 'process', params: { service: { dist: 'exponential', meanMs: 1 } } },
    { id: 'out', kind: 'sink' },
  ],
  edges: [
    { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'st', port: 'in' } },
    { id: 'e2', from: { node: 'st', port: 'out' }, to: { node: 'out', port: 'in' } },
  ],
  run: { durationMs: 1500, warmupMs: 200 },
};

/** Opens the site and waits until the service worker has made it isolated. */
async function openIsolated(page: Page): Promise<EditorPage> {
  const editor = new EditorPage(page);
  await page.goto('./');
  // The page reloads itself once; a check that meets the reload just asks again.
  const ask = <T>(fn: () => T, fallback: Awaited<T>) => page.evaluate(fn).catch(() => fallback);
  await expect
    .poll(() => ask(() => globalThis.crossOriginIsolated, false), { timeout: 20_000 })
    .toBe(true);
  await expect.poll(() => ask(() => window.__flowbench?.isReady() ?? false, false)).toBe(true);
  return editor;
}

async function runToReport(page: Page, editor: EditorPage) {
  expect((await editor.loadGraph(mm1)).ok).toBe(true);
  await editor.button('▶ Run').click();
  await expect
    .poll(async () => (await page.evaluate(() => window.__flowbench!.getRunState())).status, {
      timeout: 20_000,
    })
    .toBe('ended');
  return page.evaluate(() => window.__flowbench!.getLastReport());
}

test.describe('a plain static host', () => {
  test('sends no isolation headers, yet the page becomes isolated and runs on SAB', async ({
    page,
  }) => {
    const first = await page.request.get('./');
    expect(first.headers()['cross-origin-opener-policy']).toBeUndefined();
    const editor = await openIsolated(page);
    await expect(page.getByRole('status', { name: 'Cross-origin isolation' })).toHaveAttribute(
      'data-isolated',
      'true',
    );
    const report = await runToReport(page, editor);
    expect(report?.run.transport).toBe('sab');
    expect(report?.run.ended).toBe('duration');
    expect(report?.nodes.out?.in).toBeGreaterThan(100);
  });

  test('after one visit, a reload offline opens the editor and runs a graph', async ({
    page,
    context,
  }) => {
    await openIsolated(page);
    // Every file of the build is cached once the worker is active.
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const keys = await caches.keys();
          const cache = await caches.open(keys.find((k) => k.startsWith('flowbench-'))!);
          return (await cache.keys()).length;
        }),
      )
      .toBeGreaterThan(10);
    await context.setOffline(true);
    await page.reload();
    const editor = new EditorPage(page);
    await expect(page.getByRole('heading', { name: 'Flowbench' })).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.__flowbench?.isReady() ?? false)).toBe(true);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    const report = await runToReport(page, editor);
    expect(report?.nodes.out?.in).toBeGreaterThan(100);
    await context.setOffline(false);
  });

  test('opens a share link under the sub-path', async ({ page }) => {
    await openIsolated(page);
    const hash = `#g=${LZString.compressToEncodedURIComponent(JSON.stringify(mm1))}`;
    await page.goto(`./${hash}`);
    const editor = new EditorPage(page);
    await expect
      .poll(async () => (await editor.graph()).name, { timeout: 10_000 })
      .toBe('Static host M/M/1');
  });

  test('a new build installs beside the old one, says it is ready, and replaces the cache cleanly', async ({
    page,
  }) => {
    await openIsolated(page);
    const version = () =>
      page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data.version), {
              once: true,
            });
            navigator.serviceWorker.controller!.postMessage('flowbench:version');
          }),
      );
    const before = await version();
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    await page.request.post('./__test/new-build');
    try {
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      const ready = page.getByRole('status', { name: 'Update ready' });
      // The new build is cached in full before it is offered.
      await expect(ready).toContainText('A new version of Flowbench is ready', { timeout: 30_000 });
      // Until the person says so, the old build keeps serving.
      expect(await version()).toBe(before);
      await ready.getByRole('button', { name: 'Reload to update' }).click();
      await expect
        .poll(() => version().catch(() => ''), { timeout: 15_000 })
        .toBe('0000000000000000');
      // The old build's cache is gone once the new worker has activated.
      await expect
        .poll(() => page.evaluate(() => caches.keys()))
        .toEqual(['flowbench-0000000000000000']);
    } finally {
      await page.request.post('./__test/reset');
    }
  });
});

test.describe('a plain static host with service workers blocked', () => {
  test.use({ serviceWorkers: 'block' });

  test('says what is missing, what it costs and how to host, and runs an example on postMessage with live numbers', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await page.goto('./');
    await expect.poll(() => page.evaluate(() => window.__flowbench?.isReady() ?? false)).toBe(true);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
    const notice = page.getByRole('region', { name: 'Runs without SharedArrayBuffer' });
    // What is missing, and why.
    await expect(notice).toContainText('This page is not cross-origin isolated');
    await expect(notice).toContainText('service workers are blocked');
    await expect(notice).toContainText('SharedArrayBuffer is unavailable');
    // What it costs: the bench's figure and where it comes from.
    await expect(notice).toContainText(/about \d+(\.\d)?× slower than on shared memory/);
    await expect(notice).toContainText(/[\d,]+ vs [\d,]+ msg\/s/);
    await expect(notice).toContainText('npm run bench:engine');
    // How to host with headers.
    await expect(notice).toContainText('COOP/COEP headers');
    await expect(notice).toContainText('“Publish” in');
    const badge = page.getByRole('status', { name: 'Cross-origin isolation' });
    await expect(badge).toHaveAttribute('data-isolated', 'false');
    await expect(badge).toHaveText('postMessage');

    // An example, opened as a person does, runs with live numbers.
    await editor.button('Examples ▾').click();
    await page.getByRole('menuitem', { name: /M\/M\/1 queue/ }).click();
    await expect.poll(async () => (await editor.graph()).name).toMatch(/M\/M\/1/);
    await editor.button('▶ Run').click();
    const live = () => page.evaluate(() => window.__flowbench!.getLiveSample());
    await expect
      .poll(async () => (await live())?.sinkRate ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(100);
    await expect
      .poll(async () => (await live())?.latencyMs.p50 ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect(page.getByTestId('node.server.live')).toContainText('/s');
    await editor.button('■ Stop').click();
    await expect
      .poll(async () => (await page.evaluate(() => window.__flowbench!.getRunState())).status)
      .toBe('ended');
    const report = await page.evaluate(() => window.__flowbench!.getLastReport());
    expect(report?.run.transport).toBe('postmessage');
    expect(report?.run.ended).toBe('stopped');
    expect(report?.nodes.departures?.in).toBeGreaterThan(100);
    expect(report?.totals.sabBytes).toBe(0);

    await notice.getByRole('button', { name: 'Dismiss the postMessage notice' }).click();
    await expect(notice).toBeHidden();
  });
});
