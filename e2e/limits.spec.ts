/**
 * Plan limits and what went wrong inside a run, as the editor shows them: a
 * graph over a limit cannot Run or Predict and says why; a message the plan
 * knows is too large for its ring is refused at Run with the sentence; a
 * function's failures and its last error are listed in the report.
 */
import { expect, test } from '@playwright/test';

import { EditorPage } from './pages/editor-page.ts';

const stage = (id: string, label: string) => ({
  id,
  kind: 'process',
  label,
  params: { mode: 'cpu', concurrency: 1024, service: { dist: 'constant', meanMs: 0.1 } },
});

/** The graph: two cpu stages of concurrency 1024 (1,050,624 channels). */
const wide = {
  format: 'flowbench/graph',
  version: 1,
  name: 'wide',
  nodes: [
    { id: 'src', kind: 'source', params: { rate: 1000 } },
    stage('a', 'Stage 1'),
    stage('b', 'Stage 2'),
    { id: 'out', kind: 'sink' },
  ],
  edges: [
    { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'a', port: 'in' } },
    { id: 'e2', from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'in' } },
    { id: 'e3', from: { node: 'b', port: 'out' }, to: { node: 'out', port: 'in' } },
  ],
  run: { durationMs: 2000, warmupMs: 0 },
};

test.describe('plan limits in the editor', () => {
  test('a graph over the plan limits cannot Run or Predict, and says which limit and by how much', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    expect((await editor.loadGraph(wide)).ok).toBe(true);
    await expect(editor.button('▶ Run')).toBeDisabled();
    await expect(editor.button('Predict')).toBeDisabled();
    await expect(page.getByTestId('run.reason')).toContainText(
      'Over the plan limits, nothing can run: channels: this graph would need 1,050,624 channels, over the limit of 32,768 by 1,017,856; edge "e2" ("Stage 1" → "Stage 2") alone needs 1,048,576',
    );
    // The store refuses too (the keyboard shortcut and the test surface go through it).
    const r = await page.evaluate(() => window.__flowbench!.startRun());
    expect(r.ok).toBe(false);
    expect((await page.evaluate(() => window.__flowbench!.getRunState())).status).toBe('idle');
  });

  test('a batch larger than its ring is refused when Run is pressed, naming the edge and the sizes', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const doc = {
      format: 'flowbench/graph',
      version: 1,
      name: 'big batch',
      nodes: [
        { id: 'src', kind: 'source', worker: 0, params: { rate: 100_000, payloadBytes: 65_536 } },
        {
          id: 'b',
          kind: 'batch',
          label: 'Batcher',
          worker: 1,
          params: { size: 1024, timeoutMs: 60_000 },
        },
        { id: 'out', kind: 'sink', worker: 2 },
      ],
      edges: [
        { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'b', port: 'in' } },
        { id: 'e2', from: { node: 'b', port: 'out' }, to: { node: 'out', port: 'in' } },
      ],
      run: { workers: 3, durationMs: 2000, warmupMs: 0 },
    };
    expect((await editor.loadGraph(doc)).ok).toBe(true);
    await editor.button('▶ Run').click();
    await expect(page.getByTestId('hint')).toContainText(
      'Cannot run: message size: edge "e2" ("Batcher" → "out") crosses workers, so each message must fit its ring, at most 67,108,856 bytes, but "Batcher" (b) sends messages of up to 67,149,864 bytes (41,008 over)',
    );
    expect((await page.evaluate(() => window.__flowbench!.getRunState())).status).toBe('idle');
  });

  test("the report lists a function's failures and its last error", async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const doc = {
      format: 'flowbench/graph',
      version: 1,
      name: 'enrich',
      nodes: [
        { id: 'src', kind: 'source', params: { rate: 200, arrival: 'constant' } },
        {
          id: 'fn',
          kind: 'function',
          label: 'Enrich',
          params: {
            code: 'if (msg.seq % 2 === 1) { const x = undefined; return x.y; } return msg;',
          },
        },
        { id: 'out', kind: 'sink' },
      ],
      edges: [
        { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'fn', port: 'in' } },
        { id: 'e2', from: { node: 'fn', port: 'out' }, to: { node: 'out', port: 'in' } },
      ],
      run: { durationMs: 1000, warmupMs: 0 },
    };
    expect((await editor.loadGraph(doc)).ok).toBe(true);
    await editor.button('Predict').click();
    const predicted = page.getByRole('region', { name: 'Predicted report (virtual time)' });
    await expect(predicted.getByRole('list', { name: 'Problems' })).toHaveText(
      'function "Enrich" failed 100 times; last: TypeError: Cannot read properties of undefined (reading \'y\')',
    );
  });
});
