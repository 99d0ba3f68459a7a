import { describe, expect, it } from 'vitest';

import { createEdgeMapper, createNodeMapper, edgeLabel } from './flow-mapping.ts';
import { addNode, connect, createNode, emptyGraph, moveNodes } from '../../graph/ops.ts';

describe('flow mapping', () => {
  let g = emptyGraph();
  g = addNode(g, createNode(g, 'source', { x: 0, y: 0 }));
  g = addNode(g, createNode(g, 'sink', { x: 200, y: 0 }));
  const c = connect(g, {
    source: 'source1',
    sourceHandle: 'out:out',
    target: 'sink1',
    targetHandle: 'in:in',
  });
  if (!c.ok) throw new Error(c.reason);
  g = c.graph;

  it('maps nodes and reuses unchanged ones by identity', () => {
    const map = createNodeMapper();
    const a = map(g.nodes, new Set(), null, {});
    expect(a[0]).toMatchObject({
      id: 'source1',
      type: 'flow',
      position: { x: 0, y: 0 },
      selected: false,
    });
    const moved = moveNodes(g, new Map([['sink1', { x: 300, y: 0 }]]));
    const b = map(moved.nodes, new Set(), null, {});
    expect(b[0]).toBe(a[0]);
    expect(b[1]).not.toBe(a[1]);
    const sel = map(moved.nodes, new Set(['source1']), null, {});
    expect(sel[0]!.selected).toBe(true);
    expect(sel[0]!.data).toBe(a[0]!.data);
    const drag = map(moved.nodes, new Set(['source1']), { source1: { x: 5, y: 5 } }, {});
    expect(drag[0]!.position).toEqual({ x: 5, y: 5 });
    expect(drag[1]).toBe(sel[1]);
  });

  it('maps edges to port handles, named by the labels of their ends', () => {
    const map = createEdgeMapper();
    const [e] = map(g.edges, new Set(), g.nodes);
    expect(e).toMatchObject({
      source: 'source1',
      sourceHandle: 'out:out',
      target: 'sink1',
      targetHandle: 'in:in',
      ariaLabel: 'Edge Source 1 to Sink 1',
    });
    expect(map(g.edges, new Set(), g.nodes)[0]).toBe(e);
    const named = g.nodes.map((n) => ({ ...n, label: n.id === 'source1' ? 'Orders' : 'Done' }));
    const [renamed] = map(g.edges, new Set(), named);
    expect(renamed!.ariaLabel).toBe('Edge Orders to Done');
    const other = { ...g.edges[0]!, from: { node: 'source1', port: 'error' } };
    expect(map([other], new Set(), named)[0]!.ariaLabel).toBe('Edge Orders.error to Done');
    expect(edgeLabel({ ...g.edges[0]!, capacity: 64, overflow: 'dropOldest' })).toBe(
      'cap 64 · drop oldest',
    );
  });
});
