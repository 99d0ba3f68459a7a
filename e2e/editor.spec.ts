import { expect, test } from '@playwright/test';

import { EditorPage } from './pages/editor-page.ts';

test.describe('editor', () => {
  test('builds Source → Process → Sink from the palette, sets a rate, and undoes and redoes it', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.button('New graph').click();
    await expect(editor.canvas.locator('.react-flow__node')).toHaveCount(0);

    await editor.dropNode('Source', { x: 120, y: 150 });
    await editor.dropNode('Process', { x: 370, y: 150 });
    await editor.dropNode('Sink', { x: 620, y: 150 });
    await expect(editor.canvas.locator('.react-flow__node')).toHaveCount(3);
    let graph = await editor.graph();
    expect(graph.nodes.map((n) => [n.id, n.kind])).toEqual([
      ['source1', 'source'],
      ['process1', 'process'],
      ['sink1', 'sink'],
    ]);
    // Dropped where the pointer was: left to right, in order.
    const xs = graph.nodes.map((n) => n.position!.x);
    expect(xs[0]!).toBeLessThan(xs[1]!);
    expect(xs[1]!).toBeLessThan(xs[2]!);

    await editor.connect(
      editor.port('Output', 'out', 'Source 1'),
      editor.port('Input', 'in', 'Process 1'),
    );
    await editor.connect(
      editor.port('Output', 'out', 'Process 1'),
      editor.port('Input', 'in', 'Sink 1'),
    );
    await expect(editor.canvas.locator('.react-flow__edge')).toHaveCount(2);
    graph = await editor.graph();
    expect(graph.edges.map((e) => [e.from, e.to])).toEqual([
      [
        { node: 'source1', port: 'out' },
        { node: 'process1', port: 'in' },
      ],
      [
        { node: 'process1', port: 'out' },
        { node: 'sink1', port: 'in' },
      ],
    ]);

    await editor.node('Source 1').click();
    const rate = editor.field('Rate (msg/s)');
    await expect(rate).toHaveValue('1000');
    await rate.fill('250');
    await rate.press('Tab');
    const rateOf = async () => {
      const g = await editor.graph();
      const s = g.nodes.find((n) => n.id === 'source1');
      return s?.kind === 'source' ? s.params.rate : undefined;
    };
    await expect.poll(rateOf).toBe(250);

    await editor.button('Undo').click();
    await expect.poll(rateOf).toBe(1000);
    await expect(rate).toHaveValue('1000');
    await editor.button('Redo').click();
    await expect.poll(rateOf).toBe(250);

    // Keyboard too: Ctrl+Z / Ctrl+Shift+Z.
    await page.keyboard.press('Control+z');
    await expect.poll(rateOf).toBe(1000);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(rateOf).toBe(250);
    expect((await editor.graph()).edges).toHaveLength(2);
  });

  test('shows the schema message for an invalid value and keeps it out of the graph', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.arrange('pipeline.flowbench.json');
    await editor.node('Requests').click();
    const before = await editor.graph();
    const rate = editor.field('Rate (msg/s)');
    await rate.fill('-5');
    await expect(editor.inspector.getByRole('alert')).toContainText('must be a number > 0');
    await expect(rate).toHaveAttribute('aria-invalid', 'true');
    expect(await editor.graph()).toEqual(before);
    await rate.fill('max');
    await expect(editor.inspector.getByRole('alert')).toHaveCount(0);
    await expect
      .poll(async () => (await editor.graph()).nodes[0])
      .toMatchObject({ params: { rate: 'max' } });

    // Edge settings: capacity must be a power of two.
    await editor.canvas.getByRole('group', { name: 'Edge Work to Done' }).click({
      force: true,
    });
    const capacity = editor.field('Capacity (msg)');
    await expect(capacity).toHaveValue('256');
    await capacity.fill('1000');
    await expect(editor.inspector.getByRole('alert')).toContainText('power of two');
    await capacity.fill('512');
    await expect.poll(async () => (await editor.graph()).edges[1]!.capacity).toBe(512);
  });

  test('refuses an output-to-output connection with a hint', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.arrange('pipeline.flowbench.json');
    await editor.node('Work').hover();
    await editor.connect(
      editor.port('Output', 'error', 'Work'),
      editor.port('Output', 'out', 'Requests'),
    );
    await expect(page.getByTestId('hint')).toContainText('Cannot connect an output to an output');
    expect((await editor.graph()).edges).toHaveLength(2);
  });

  test('adds from the palette by click or Enter, copies, pastes, duplicates and deletes', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.arrange('pipeline.flowbench.json');
    await editor.palette.getByRole('searchbox', { name: 'Search nodes' }).fill('cache');
    await expect(editor.palette.getByRole('list').getByRole('button')).toHaveCount(1);
    await editor.paletteItem('Cache').click();
    await expect
      .poll(async () => (await editor.graph()).nodes.map((n) => n.id))
      .toContain('cache1');
    expect(await page.evaluate(() => window.__flowbench!.getSelection().nodeIds)).toEqual([
      'cache1',
    ]);
    await editor.paletteItem('Cache').press('Enter');
    await expect.poll(async () => (await editor.graph()).nodes.length).toBe(5);

    // Select Work and Done (Shift-click), copy and paste: new ids, the internal edge kept.
    await editor.node('Work').click();
    await editor.node('Done').click({ modifiers: ['Shift'] });
    await expect
      .poll(() => page.evaluate(() => window.__flowbench!.getSelection().nodeIds.sort()))
      .toEqual(['done', 'work']);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(async () => (await editor.graph()).nodes.length).toBe(7);
    let g = await editor.graph();
    const pasted = g.edges.at(-1)!;
    expect(pasted.id).toBe('e3');
    expect([pasted.from.node, pasted.to.node]).toEqual(['process1', 'sink1']);
    expect(pasted.capacity).toBe(256);

    await page.keyboard.press('Control+d');
    await expect.poll(async () => (await editor.graph()).nodes.length).toBe(9);

    await page.keyboard.press('Delete');
    await expect.poll(async () => (await editor.graph()).nodes.length).toBe(7);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await expect.poll(async () => (await editor.graph()).nodes.length).toBe(0);
    await editor.button('Undo').click();
    g = await editor.graph();
    expect(g.nodes).toHaveLength(7);
  });

  test('has zoom controls, a minimap, auto layout, snap to grid and a shortcuts dialog', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.arrange('pipeline.flowbench.json');
    await expect(page.getByRole('button', { name: 'Zoom in' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Zoom out' })).toBeVisible();
    await expect(page.getByLabel('Minimap')).toBeVisible();
    await editor.button('Fit view').click();

    const more = page.getByRole('button', { name: 'More' });
    const snap = page.getByRole('menuitemcheckbox', { name: /Snap to grid/ });
    await more.click();
    await expect(snap).toHaveAttribute('aria-checked', 'true');
    await snap.click();
    await more.click();
    await expect(snap).toHaveAttribute('aria-checked', 'false');
    await page.keyboard.press('Escape');

    // Stack the nodes, then lay them out again: left to right by layer.
    await editor.loadGraph({
      ...(await editor.graph()),
      nodes: (await editor.graph()).nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })),
    });
    await editor.command(/Auto layout/);
    await expect
      .poll(async () => {
        const xs = (await editor.graph()).nodes.map((n) => n.position!.x);
        return xs[0]! < xs[1]! && xs[1]! < xs[2]!;
      })
      .toBe(true);
    await editor.button('Undo').click();
    await expect
      .poll(async () => (await editor.graph()).nodes.every((n) => n.position!.x === 0))
      .toBe(true);

    // Panels resize with the keyboard as well as the pointer.
    const splitter = page.getByRole('separator', { name: 'Resize palette' });
    const width = Number(await splitter.getAttribute('aria-valuenow'));
    await splitter.focus();
    await page.keyboard.press('ArrowRight');
    await expect(splitter).toHaveAttribute('aria-valuenow', String(width + 16));

    await editor.canvas.click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expect(help).toContainText('Duplicate selection');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
  });

  test('opens an example from the Examples menu', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.button('New graph').click();
    await page.getByRole('button', { name: 'Examples' }).click();
    await page.getByRole('menuitem', { name: /Fan-out, fan-in/ }).click();
    await expect.poll(async () => (await editor.graph()).name).toBe('Fan-out, fan-in');
    await expect(editor.canvas.locator('.react-flow__node')).not.toHaveCount(0);
  });
});
