import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { exportGraphJson } from './export.ts';
import { importGraphText, importGraphValue } from './import.ts';
import { orderPipeline } from './test-graphs.ts';

const clock = readFileSync(
  new URL('../../test/fixtures/fbp/noflo-browser-clock.json', import.meta.url),
  'utf8',
);

describe('importGraphText', () => {
  it('reads a Flowbench document and says which format it was', () => {
    const g = orderPipeline();
    const r = importGraphText(exportGraphJson(g));
    expect(r).toEqual({ ok: true, graph: g, format: 'flowbench', warnings: [], notes: [] });
  });

  it('reads an FBP graph and sums up what it approximated in notes', () => {
    const r = importGraphText(clock);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.format).toBe('fbp');
    expect(r.notes.some((n) => n.startsWith('Mapped known components'))).toBe(true);
    expect(r.notes.some((n) => n.includes('pass-through Function nodes'))).toBe(true);
  });

  it('ignores a byte-order mark', () => {
    expect(importGraphText(`\uFEFF${exportGraphJson(orderPipeline())}`).ok).toBe(true);
  });

  it('reports invalid JSON with an empty path', () => {
    const r = importGraphText('{"format": ');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]!.path).toBe('');
      expect(r.errors[0]!.message).toMatch(/^is not valid JSON/);
    }
  });

  it('reports a document that is neither format', () => {
    const r = importGraphText('{"nodes": []}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/neither a Flowbench graph/);
  });

  it('passes on validation errors with their JSON paths', () => {
    const doc = JSON.parse(exportGraphJson(orderPipeline())) as {
      nodes: { params: Record<string, unknown> }[];
    };
    doc.nodes[0]!.params.rate = 'fast';
    const r = importGraphText(JSON.stringify(doc));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain('nodes[0].params.rate');
  });

  it('reports an FBP connections field that is not an array', () => {
    const r = importGraphText('{"processes": {}, "connections": "a"}');
    expect(r).toEqual({
      ok: false,
      errors: [{ path: 'connections', message: 'must be an array (got "a")' }],
    });
  });

  it('never throws, whatever the text or value', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(typeof importGraphText(s).ok).toBe('boolean');
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(typeof importGraphText(JSON.stringify(v) ?? 'null').ok).toBe('boolean');
        expect(
          typeof importGraphValue({ format: 'flowbench/graph', version: 1, nodes: v }).ok,
        ).toBe('boolean');
      }),
      { numRuns: 200 },
    );
  });
});
