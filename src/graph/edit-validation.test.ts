import { describe, expect, it } from 'vitest';

import { addNode, createNode, emptyGraph } from './ops.ts';
import { checkDocument, checkEdge, checkNode, parseFieldText, setAt } from './edit-validation.ts';

describe('inspector edit validation', () => {
  const g0 = emptyGraph();
  const source = createNode(g0, 'source', { x: 0, y: 0 });

  it('accepts a valid parameter and returns the node with defaults', () => {
    const r = checkNode(setAt(source, ['params', 'rate'], 250));
    expect(r.ok && r.value.kind === 'source' && r.value.params.rate).toBe(250);
  });

  it('reports the schema message with a path relative to the node', () => {
    const r = checkNode(setAt(source, ['params', 'rate'], -1));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({
        path: 'params.rate',
        message: 'must be a number > 0 (got -1)',
      });
    const s = checkNode(setAt(source, ['params', 'payloadBytes'], 'abc'));
    expect(!s.ok && s.errors[0]!.message).toContain('must be a number');
  });

  it('checks an edge between its nodes', () => {
    let g = addNode(g0, source);
    g = addNode(g, createNode(g, 'sink', { x: 0, y: 0 }));
    const edge = {
      id: 'e1',
      from: { node: 'source1', port: 'out' },
      to: { node: 'sink1', port: 'in' },
      capacity: 1024,
      overflow: 'block' as const,
    };
    expect(checkEdge(g, edge).ok).toBe(true);
    expect(checkEdge(g, { ...edge, capacity: 1000 }).ok).toBe(true);
    const bad = checkEdge(g, { ...edge, capacity: 0 });
    expect(!bad.ok && bad.errors[0]).toMatchObject({
      path: 'capacity',
      message: expect.stringContaining('≥ 1'),
    });
  });

  it('checks run settings, including warm-up shorter than duration', () => {
    const r = checkDocument({ name: 'x', run: { ...g0.run, warmupMs: 20_000 } });
    expect(!r.ok && r.errors[0]!.path).toBe('run.warmupMs');
    expect(checkDocument({ name: 'x', run: g0.run }).ok).toBe(true);
  });

  it('removes a key, and an optional group left empty, when set to undefined', () => {
    const n = { params: { retry: { attempts: 3 } } };
    expect(setAt(n, ['params', 'retry', 'attempts'], undefined)).toEqual({ params: {} });
    expect(setAt({ params: { limit: 1 } }, ['params', 'limit'], undefined)).toEqual({ params: {} });
    expect(n.params.retry.attempts).toBe(3);
  });

  it('parses field text for the schema to judge', () => {
    expect(parseFieldText(' 12.5 ', 'number', false)).toBe(12.5);
    expect(parseFieldText('abc', 'number', false)).toBe('abc');
    expect(parseFieldText('', 'number', true)).toBeUndefined();
    expect(parseFieldText('', 'number', false)).toBe('');
    expect(parseFieldText('MAX', 'numberOrMax', false)).toBe('max');
    expect(parseFieldText('3, 1', 'numberList', true)).toEqual([3, 1]);
  });
});
