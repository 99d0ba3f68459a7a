/**
 * Page object for the editor. People-facing actions go through roles and
 * names; arranging and asserting graph state go through `window.__flowbench`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { expect, type Locator, type Page } from '@playwright/test';

import type { Graph } from '../../src/graph/index.ts';
import type { LoadResult } from '../../src/app/test-api.ts';

export const fixturePath = (name: string) =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

export const readFixture = (name: string): unknown =>
  JSON.parse(readFileSync(fixturePath(name), 'utf8')) as unknown;

export class EditorPage {
  readonly palette: Locator;
  readonly canvas: Locator;
  readonly inspector: Locator;

  constructor(readonly page: Page) {
    this.palette = page.getByRole('navigation', { name: 'Node palette' });
    this.canvas = page.getByTestId('canvas');
    this.inspector = page.getByRole('complementary', { name: 'Inspector' });
  }

  /** Opens the editor and waits until the first document is open. */
  async goto(url = '/') {
    await this.page.goto(url);
    await expect(this.page.getByRole('heading', { name: 'Flowbench' })).toBeVisible();
    await expect
      .poll(() => this.page.evaluate(() => window.__flowbench?.isReady() ?? false))
      .toBe(true);
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** A palette button: its name is its visible text, the kind's label then its description. */
  paletteItem(label: string): Locator {
    return this.palette.getByRole('button', { name: new RegExp(`^${label}\\b`) });
  }

  /** A command of the toolbar's More menu (Import…, Export JSON, Share link, Auto layout, …). */
  async command(name: string | RegExp) {
    await this.page.getByRole('button', { name: 'More' }).click();
    await this.page
      .getByRole('menu', { name: 'More commands' })
      .getByRole(
        typeof name === 'string' && name.startsWith('Snap') ? 'menuitemcheckbox' : 'menuitem',
        {
          name,
        },
      )
      .click();
  }

  /** Drags a palette item onto the canvas at a point relative to the canvas. */
  async dropNode(label: string, at: { x: number; y: number }) {
    await this.paletteItem(label).dragTo(this.canvas, { targetPosition: at });
  }

  node(label: string): Locator {
    return this.canvas.locator('.react-flow__node').filter({ hasText: label });
  }

  port(direction: 'Input' | 'Output', port: string, nodeLabel: string): Locator {
    return this.page.getByLabel(`${direction} port ${port} of ${nodeLabel}`, { exact: true });
  }

  /** Drags from one port to another, as a person connects two handles. */
  async connect(from: Locator, to: Locator) {
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    if (a === null || b === null) throw new Error('port not visible');
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 20, { steps: 5 });
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await this.page.mouse.up();
  }

  field(name: string): Locator {
    return this.inspector.getByLabel(name, { exact: true });
  }

  graph(): Promise<Graph> {
    return this.page.evaluate(() => window.__flowbench!.getGraph());
  }

  loadGraph(doc: unknown): Promise<LoadResult> {
    return this.page.evaluate((d) => window.__flowbench!.loadGraph(d), doc);
  }

  /** Loads a fixture through the test API and waits for its nodes on the canvas. */
  async arrange(fixture: string): Promise<Graph> {
    const result = await this.loadGraph(readFixture(fixture));
    expect(result.ok).toBe(true);
    const graph = await this.graph();
    await expect(this.canvas.locator('.react-flow__node')).toHaveCount(graph.nodes.length);
    return graph;
  }
}
