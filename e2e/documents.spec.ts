import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { EditorPage, fixturePath } from './pages/editor-page.ts';

test.describe('documents', () => {
  test('opens the linear pipeline example on first visit', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await expect.poll(async () => (await editor.graph()).name).toBe('Linear pipeline');
  });

  test('exports JSON and imports it back deep-equal', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const original = await editor.arrange('pipeline.flowbench.json');

    const downloading = page.waitForEvent('download');
    await editor.command('Export JSON');
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('e2e-pipeline.flowbench.json');
    const file = await download.path();
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('{\n  "format": "flowbench/graph",\n  "version": 1,')).toBe(true);
    expect(JSON.parse(text)).toEqual(original);

    await editor.button('New graph').click();
    await expect.poll(async () => (await editor.graph()).nodes.length).toBe(0);

    const choosing = page.waitForEvent('filechooser');
    await editor.command('Import…');
    await (await choosing).setFiles(file);
    await expect.poll(() => editor.graph()).toEqual(original);
  });

  test('exports NoFlo/FBP JSON and imports it back', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const original = await editor.arrange('pipeline.flowbench.json');
    const downloading = page.waitForEvent('download');
    await editor.command(/Export FBP/);
    const file = await (await downloading).path();
    const fbp = JSON.parse(readFileSync(file, 'utf8')) as { processes: Record<string, unknown> };
    expect(Object.keys(fbp.processes)).toHaveLength(3);

    await editor.button('New graph').click();
    const choosing = page.waitForEvent('filechooser');
    await editor.command('Import…');
    await (await choosing).setFiles(file);
    // FBP carries ids, labels, positions and connections; what FBP cannot say
    // (kinds, params, edge settings, run settings) travels as metadata.flowbench.
    await expect
      .poll(async () => (await editor.graph()).nodes.map((n) => [n.id, n.label, n.position]))
      .toEqual(original.nodes.map((n) => [n.id, n.label, n.position]));
    const back = await editor.graph();
    expect(back.nodes.map((n) => [n.kind, n.params])).toEqual(
      original.nodes.map((n) => [n.kind, n.params]),
    );
    expect(back.nodes.map((n) => n.kind)).toEqual(['source', 'process', 'sink']);
    expect(back.edges.map((e) => [e.from.node, e.to.node])).toEqual([
      ['src', 'work'],
      ['work', 'done'],
    ]);
  });

  test('autosaves and restores the graph after a reload', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.arrange('pipeline.flowbench.json');
    await editor.paletteItem('Delay').click();
    await editor.field('Label').fill('Hold on');
    await editor.field('Label').press('Tab');
    const edited = await editor.graph();
    expect(edited.nodes.at(-1)).toMatchObject({ id: 'delay1', label: 'Hold on' });

    await page.reload();
    await expect(page.getByRole('heading', { name: 'Flowbench' })).toBeVisible();
    await expect.poll(() => editor.graph()).toEqual(edited);
    await expect(editor.node('Hold on')).toBeVisible();
  });

  test('shows path errors for an invalid file and leaves the open graph unchanged', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const before = await editor.arrange('pipeline.flowbench.json');
    const choosing = page.waitForEvent('filechooser');
    await editor.command('Import…');
    await (await choosing).setFiles(fixturePath('invalid-graph.json'));
    const dialog = page.getByRole('dialog', { name: 'Could not import invalid-graph.json' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('list', { name: 'Errors' })).toContainText(
      'nodes[0].params.rate',
    );
    await expect(dialog).toContainText('must be a number > 0');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    expect(await editor.graph()).toEqual(before);
  });

  test('asks for consent before Function code from a file can run', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const choosing = page.waitForEvent('filechooser');
    await editor.command('Import…');
    await (await choosing).setFiles(fixturePath('function-graph.json'));
    const dialog = page.getByRole('dialog', { name: 'This graph contains code' });
    await expect(dialog).toContainText('msg.key = msg.key % 7;');
    await dialog.getByRole('button', { name: 'Not now' }).click();
    const readiness = page.getByRole('status', { name: 'Run readiness' }).first();
    await expect(readiness).toHaveText(/Not runnable/);
    await expect(editor.inspector).toContainText('not yet approved');

    await editor.inspector.getByRole('button', { name: 'Review Function code' }).click();
    await dialog.getByRole('button', { name: 'Allow this code to run' }).click();
    await expect(readiness).toHaveText(/^Runnable/);
  });

  test('opens a share link in a new page, asking first when there are unsaved changes', async ({
    page,
    context,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.arrange('pipeline.flowbench.json');
    await editor.paletteItem('Filter').click();
    const shared = await editor.graph();

    await editor.command('Share link');
    const shareDialog = page.getByRole('dialog', { name: 'Share link' });
    const url = await shareDialog.getByRole('textbox', { name: 'Share URL' }).inputValue();
    expect(url).toMatch(/#g=/);
    await shareDialog.getByRole('button', { name: 'Close' }).click();

    // More unsaved work in this browser, autosaved.
    await editor.paletteItem('Merge').click();
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('flowbench:autosave:v1') ?? ''))
      .toContain('merge1');

    const other = await context.newPage();
    const second = new EditorPage(other);
    await other.goto(url);
    const ask = other.getByRole('dialog', { name: 'Open the shared graph?' });
    await expect(ask).toBeVisible();
    await ask.getByRole('button', { name: 'Open shared graph' }).click();
    await expect.poll(() => second.graph()).toEqual(shared);
    await expect(other).not.toHaveURL(/#g=/);
  });
});
