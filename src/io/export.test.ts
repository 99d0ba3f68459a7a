import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { parseGraph } from '../graph/index.ts';
import { exportGraphJson, graphFileName } from './export.ts';
import { everyKind, orderPipeline } from './test-graphs.ts';

const examplesDir = new URL('../../public/examples/', import.meta.url);

/** Every Flowbench document in public/examples (index.json and other non-graphs are skipped). */
function examples(): { file: string; text: string }[] {
  let files: string[];
  try {
    files = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .map((file) => ({ file, text: readFileSync(new URL(file, examplesDir), 'utf8') }))
    .filter(({ text }) => {
      try {
        const v = JSON.parse(text) as unknown;
        return typeof v === 'object' && v !== null && 'format' in v;
      } catch {
        return true; // let the round trip report it
      }
    });
}

describe('exportGraphJson', () => {
  it('writes known keys in the fixed order, extension keys after them', () => {
    const text = exportGraphJson(everyKind());
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual([
      'format',
      'version',
      'name',
      'nodes',
      'edges',
      'run',
      'x-editor',
    ]);
    const nodes = doc.nodes as Record<string, unknown>[];
    expect(Object.keys(nodes.find((n) => n.id === 'fn')!)).toEqual([
      'id',
      'kind',
      'label',
      'params',
    ]);
    expect(Object.keys(nodes.find((n) => n.id === 'delay')!)).toEqual([
      'id',
      'kind',
      'worker',
      'params',
    ]);
    expect(Object.keys(nodes.find((n) => n.id === 'sink')!)).toEqual([
      'id',
      'kind',
      'params',
      'x-color',
    ]);
    const edge = (doc.edges as Record<string, unknown>[])[0]!;
    expect(Object.keys(edge)).toEqual(['id', 'from', 'to', 'capacity', 'overflow', 'x-note']);
    expect(Object.keys(edge.from as object)).toEqual(['node', 'port']);
  });

  it('writes params with sorted keys, nested objects too, and x- keys last', () => {
    const doc = JSON.parse(exportGraphJson(everyKind())) as {
      nodes: { id: string; params: Record<string, unknown> }[];
    };
    const p = doc.nodes.find((n) => n.id === 'p')!.params;
    expect(Object.keys(p)).toEqual([
      'concurrency',
      'errorRate',
      'mode',
      'perItemMs',
      'retry',
      'service',
      'x-note',
    ]);
    expect(Object.keys(p.retry as object)).toEqual(['attempts', 'backoff', 'baseMs']);
    const split = doc.nodes.find((n) => n.id === 'split')!.params;
    expect(split.weights).toEqual([1, 2, 3]);
  });

  it('uses two-space indentation and ends with a newline', () => {
    const text = exportGraphJson(orderPipeline());
    expect(text.startsWith('{\n  "format": "flowbench/graph",\n  "version": 1,')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('gives the same text for the same graph whatever the key order in memory', () => {
    const g = orderPipeline();
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    expect(exportGraphJson(reverseKeys(g) as typeof g)).toBe(exportGraphJson(g));
  });

  it('parses back to a deep-equal graph for inline graphs', () => {
    for (const g of [orderPipeline(), everyKind()]) {
      const r = parseGraph(exportGraphJson(g));
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.graph).toEqual(g);
    }
  });

  const found = examples();
  it.each(found.length > 0 ? found : [{ file: '(none yet)', text: '' }])(
    'parses back to a deep-equal graph for example $file',
    ({ text }) => {
      if (text === '') return;
      const first = parseGraph(text);
      if (!first.ok) expect(first.errors).toEqual([]);
      if (!first.ok) return;
      const exported = exportGraphJson(first.graph);
      const again = parseGraph(exported);
      expect(again.ok).toBe(true);
      if (again.ok) expect(again.graph).toEqual(first.graph);
      expect(exportGraphJson(first.graph)).toBe(exported);
    },
  );
});

describe('graphFileName', () => {
  it('slugs the name and adds .flowbench.json', () => {
    expect(graphFileName({ name: 'Order pipeline' })).toBe('order-pipeline.flowbench.json');
    expect(graphFileName({ name: 'M/M/1 queue' })).toBe('m-m-1-queue.flowbench.json');
  });

  it('drops accents, path characters and leading dots', () => {
    expect(graphFileName({ name: 'Café ../../etc/passwd' })).toBe('cafe-etc-passwd.flowbench.json');
    expect(graphFileName({ name: '...hidden' })).toBe('hidden.flowbench.json');
  });

  it('falls back to "graph" for names with no usable characters', () => {
    expect(graphFileName({ name: '' })).toBe('graph.flowbench.json');
    expect(graphFileName({ name: '日本語' })).toBe('graph.flowbench.json');
  });

  it('avoids names Windows reserves and caps the length', () => {
    expect(graphFileName({ name: 'CON' })).toBe('con-graph.flowbench.json');
    const long = graphFileName({ name: 'a'.repeat(500) });
    expect(long).toBe(`${'a'.repeat(60)}.flowbench.json`);
  });
});
