/**
 * Issue 12: a canvas readable at Fit view, a layout that works from
 * 1024×700, settings in people's terms, and keyboard and focus behaviour.
 */
import { expect, test } from '@playwright/test';

import { EditorPage } from './pages/editor-page.ts';

test.describe('canvas at Fit view', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('no node text is smaller than 11 px on screen; edges have arrows; telling port names show when zoomed in', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.button('Fit view').click();
    await page.waitForTimeout(400);
    const smallest = await page.evaluate(() => {
      const vp = document.querySelector<HTMLElement>('.react-flow__viewport')!;
      const zoom = new DOMMatrixReadOnly(getComputedStyle(vp).transform).a;
      let min = Infinity;
      for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node *')) {
        const own = [...el.childNodes].some(
          (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '',
        );
        if (!own || el.getClientRects().length === 0) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.opacity === '0') continue;
        min = Math.min(min, parseFloat(style.fontSize) * zoom);
      }
      return min;
    });
    expect(smallest).toBeGreaterThanOrEqual(10.9);
    const graph = await editor.graph();
    await expect(editor.canvas.locator('.react-flow__edge path[marker-end]')).toHaveCount(
      graph.edges.length,
    );

    // Zoomed in, the process stages name their error port without hovering.
    for (let i = 0; i < 8 && (await editor.canvas.getAttribute('data-detail')) !== 'full'; i++) {
      await page.getByRole('button', { name: 'Zoom in' }).click();
      await page.waitForTimeout(150);
    }
    await expect(editor.canvas).toHaveAttribute('data-detail', 'full');
    await expect(editor.node('Parse').locator('.port-label', { hasText: 'error' })).toBeVisible();
  });

  test('a wire dropped on a node body connects to its first free input', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.button('New graph').click();
    await editor.dropNode('Source', { x: 200, y: 200 });
    await editor.dropNode('Sink', { x: 600, y: 200 });
    const from = editor.port('Output', 'out', 'Source 1');
    const a = (await from.boundingBox())!;
    const body = (await editor.node('Sink 1').boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(body.x + body.width / 2, body.y + body.height - 8, { steps: 8 });
    await page.mouse.up();
    await expect
      .poll(async () => (await editor.graph()).edges.map((e) => [e.from, e.to]))
      .toEqual([
        [
          { node: 'source1', port: 'out' },
          { node: 'sink1', port: 'in' },
        ],
      ]);
  });
});

test.describe('layout at 1024×700', () => {
  test.use({ viewport: { width: 1024, height: 700 } });

  test('one toolbar row, a usable canvas, no minimap over it, panels that collapse, readable chart titles', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const toolbar = page.getByRole('banner');
    expect((await toolbar.boundingBox())!.height).toBeLessThan(48);
    for (const name of ['New graph', 'Examples', 'More', '▶ Run', 'Predict', 'Fit view'])
      await expect(toolbar.getByRole('button', { name }).first()).toBeInViewport({ ratio: 1 });
    const canvas = (await editor.canvas.boundingBox())!;
    expect(canvas.width).toBeGreaterThanOrEqual(640);
    expect(canvas.height).toBeGreaterThanOrEqual(440);
    // The palette starts as a rail of icons; the minimap lives in the palette, never on the canvas.
    await expect(editor.canvas.getByLabel('Minimap')).toHaveCount(0);
    await editor.palette.getByRole('button', { name: 'Expand palette' }).click();
    const map = (await page.getByLabel('Minimap').boundingBox())!;
    const canvasNow = (await editor.canvas.boundingBox())!;
    expect(map.x + map.width).toBeLessThanOrEqual(canvasNow.x + 1);
    await editor.palette.getByRole('button', { name: 'Collapse palette' }).click();
    // The inspector hides and comes back.
    await editor.inspector.getByRole('button', { name: 'Hide inspector' }).click();
    expect((await editor.canvas.boundingBox())!.width).toBeGreaterThan(canvas.width + 200);
    await editor.inspector.getByRole('button', { name: 'Show inspector' }).click();
    await expect(editor.inspector.getByRole('heading', { name: 'Graph' })).toBeVisible();

    await editor.button('▶ Run').click();
    const throughput = page.getByRole('figure', { name: /Throughput/ });
    await expect(throughput).toBeVisible();
    for (const name of [/Throughput/, /Latency/, /Queue depth/]) {
      const title = page.getByRole('figure', { name }).locator('figcaption');
      const clipped = await title.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      expect(clipped).toBe(false);
    }
    await page.keyboard.press('ControlOrMeta+.');
  });
});

test.describe('settings in people’s terms', () => {
  test('every inspector field has a help line read with it', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.node('Parse').click();
    const controls = editor.inspector.locator('input, select, textarea');
    const n = await controls.count();
    expect(n).toBeGreaterThan(5);
    for (let i = 0; i < n; i++) {
      const text = await controls.nth(i).evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
          .trim(),
      );
      expect(text.length).toBeGreaterThan(10);
    }
  });

  test('warnings are sentences naming the node, with a Show link that selects it', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.button('New graph').click();
    await editor.paletteItem('Process').click();
    await editor.canvas.click({ position: { x: 10, y: 10 } });
    const warnings = editor.inspector.getByRole('list', { name: 'Graph warnings' });
    await expect(warnings).toContainText('Input port “in” of “Process 1” is not connected.');
    await expect(warnings).not.toContainText('nodes[');
    await warnings.getByRole('button', { name: /^Show/ }).first().click();
    await expect
      .poll(() => page.evaluate(() => window.__flowbench!.getSelection().nodeIds))
      .toEqual(['process1']);
  });

  test('capacity takes any whole number of messages from 1, and refuses 0 with a sentence', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.canvas.locator('.react-flow__edge').first().click({ force: true });
    const capacity = editor.field('Capacity (msg)');
    await capacity.fill('0');
    await expect(editor.inspector.getByRole('alert')).toContainText('must be a number ≥ 1 (got 0)');
    await capacity.fill('1000');
    await expect(editor.inspector.getByRole('alert')).toHaveCount(0);
    await expect.poll(async () => (await editor.graph()).edges[0]!.capacity).toBe(1000);
  });

  test('New graph and Examples ask before discarding unsaved work; focus returns to the opener', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.paletteItem('Filter').click();
    const newGraph = editor.button('New graph');
    await newGraph.click();
    const ask = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
    await expect(ask).toBeVisible();
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await expect(ask).toBeHidden();
    await expect(newGraph).toBeFocused();
    expect((await editor.graph()).nodes.some((n) => n.kind === 'filter')).toBe(true);

    await page.getByRole('button', { name: 'Examples' }).click();
    await page.getByRole('menuitem', { name: /M\/M\/1/ }).click();
    await ask.getByRole('button', { name: 'Discard and open example' }).click();
    await expect.poll(async () => (await editor.graph()).nodes.length).toBe(3);
  });
});

test.describe('keyboard and focus', () => {
  test('a focused node shows its focus and Delete removes it; a dialog hands focus back', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const node = editor.canvas.locator('.react-flow__node').filter({ hasText: 'Enrich' });
    await node.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(node).toBeFocused();
    const outline = await node
      .locator('.fnode')
      .evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('Delete');
    await expect
      .poll(async () => (await editor.graph()).nodes.map((n) => n.label))
      .not.toContain('Enrich');

    const help = editor.button('Keyboard shortcuts');
    await help.click();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(help).toBeFocused();
  });
});
