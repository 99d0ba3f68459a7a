import { describe, expect, it } from 'vitest';

import { type Graph, parseGraph } from './index.ts';
import {
  addNode,
  checkConnection,
  connect,
  connectionToNode,
  copySelection,
  createNode,
  emptyGraph,
  findFreeSpot,
  longestPathLayers,
  moveNodes,
  nextFreeId,
  pasteClipboard,
  placeMissingPositions,
  reconnectEdge,
  removeElements,
  replaceNode,
} from './ops.ts';

function pipeline(): Graph {
  let g = emptyGraph('t');
  for (const [kind, x] of [
    ['source', 0],
    ['process', 200],
    ['sink', 400],
  ] as const) {
    g = addNode(g, createNode(g, kind, { x, y: 0 }));
  }
  const a = connect(g, {
    source: 'source1',
    sourceHandle: 'out:out',
    target: 'process1',
    targetHandle: 'in:in',
  });
  if (!a.ok) throw new Error(a.reason);
  const b = connect(a.graph, {
    source: 'process1',
    sourceHandle: 'out:out',
    target: 'sink1',
    targetHandle: 'in:in',
  });
  if (!b.ok) throw new Error(b.reason);
  return b.graph;
}

const valid = (g: Graph) => {
  const r = parseGraph(g);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.graph;
};

describe('graph ops', () => {
  it('creates nodes with schema defaults, fresh ids and numbered labels', () => {
    const g = pipeline();
    expect(g.nodes.map((n) => n.id)).toEqual(['source1', 'process1', 'sink1']);
    expect(g.nodes[0]!.label).toBe('Source 1');
    const src = g.nodes[0]!;
    expect(src.kind === 'source' && src.params.rate).toBe(1000);
    expect(valid(g)).toEqual(g);
  });

  it('skips taken ids', () => {
    expect(nextFreeId('e', new Set(['e1', 'e2', 'e4']))).toBe('e3');
  });

  it('connects an output to an input and refuses output to output, input to input and duplicates', () => {
    const g = pipeline();
    expect(g.edges).toHaveLength(2);
    expect(g.edges[0]).toMatchObject({
      from: { node: 'source1', port: 'out' },
      to: { node: 'process1', port: 'in' },
      capacity: 1024,
    });
    const outOut = checkConnection(g, {
      source: 'source1',
      sourceHandle: 'out:out',
      target: 'process1',
      targetHandle: 'out:error',
    });
    expect(outOut).toMatchObject({
      ok: false,
      reason: expect.stringContaining('output to an output'),
    });
    const inIn = checkConnection(g, {
      source: 'sink1',
      sourceHandle: 'in:in',
      target: 'process1',
      targetHandle: 'in:in',
    });
    expect(inIn.ok).toBe(false);
    const dup = checkConnection(g, {
      source: 'source1',
      sourceHandle: 'out:out',
      target: 'process1',
      targetHandle: 'in:in',
    });
    expect(dup).toMatchObject({ ok: false, reason: expect.stringContaining('already connected') });
    const missing = checkConnection(g, {
      source: 'source1',
      sourceHandle: 'out:nope',
      target: 'sink1',
      targetHandle: 'in:in',
    });
    expect(missing).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no output port "nope"'),
    });
  });

  it('turns an input-to-output drag around', () => {
    const g = pipeline();
    const r = checkConnection(g, {
      source: 'sink1',
      sourceHandle: 'in:in',
      target: 'source1',
      targetHandle: 'out:out',
    });
    expect(r).toEqual({
      ok: true,
      from: { node: 'source1', port: 'out' },
      to: { node: 'sink1', port: 'in' },
    });
  });

  it('reconnects an edge, keeping its id and settings', () => {
    const g = pipeline();
    const r = reconnectEdge(g, 'e2', {
      source: 'process1',
      sourceHandle: 'out:error',
      target: 'sink1',
      targetHandle: 'in:in',
    });
    expect(r.ok && r.graph.edges[1]).toMatchObject({ id: 'e2', from: { port: 'error' } });
  });

  it('removes nodes with their edges', () => {
    const g = removeElements(pipeline(), ['process1'], []);
    expect(g.nodes.map((n) => n.id)).toEqual(['source1', 'sink1']);
    expect(g.edges).toEqual([]);
  });

  it('returns the same graph when a move changes nothing', () => {
    const g = pipeline();
    expect(moveNodes(g, new Map([['source1', { x: 0, y: 0 }]]))).toBe(g);
    expect(moveNodes(g, new Map([['source1', { x: 10.4, y: 0 }]])).nodes[0]!.position).toEqual({
      x: 10,
      y: 0,
    });
  });

  it('drops edges on ports that vanish when a split shrinks', () => {
    let g = emptyGraph();
    g = addNode(g, createNode(g, 'split', { x: 0, y: 0 }));
    g = addNode(g, createNode(g, 'sink', { x: 0, y: 0 }));
    const c = connect(g, {
      source: 'split1',
      sourceHandle: 'out:out2',
      target: 'sink1',
      targetHandle: 'in:in',
    });
    if (!c.ok) throw new Error(c.reason);
    const split = c.graph.nodes[0]!;
    if (split.kind !== 'split') throw new Error('kind');
    const r = replaceNode(c.graph, { ...split, params: { ...split.params, outputs: 3 } });
    expect(r.removedEdges).toEqual([]);
    const shrunk = replaceNode(c.graph, { ...split, params: { ...split.params, outputs: 2 } });
    expect(shrunk.graph.edges).toHaveLength(1);
  });

  it('pastes with new ids and keeps only internal edges, rewired', () => {
    const g = pipeline();
    const clip = copySelection(g, ['process1', 'sink1']);
    expect(clip.edges.map((e) => e.id)).toEqual(['e2']);
    const r = pasteClipboard(g, clip, { x: 32, y: 32 });
    expect(r.nodeIds).toEqual(['process2', 'sink2']);
    expect(r.edgeIds).toEqual(['e3']);
    expect(r.graph.edges[2]).toMatchObject({ from: { node: 'process2' }, to: { node: 'sink2' } });
    expect(r.graph.nodes[3]!.position).toEqual({ x: 232, y: 32 });
    expect(valid(r.graph)).toEqual(r.graph);
    // The original is untouched.
    expect(g.nodes).toHaveLength(3);
  });

  it('places nodes without positions in layers from the sources', () => {
    const g = pipeline();
    const bare = { ...g, nodes: g.nodes.map(({ position: _p, ...n }) => n) } as Graph;
    expect([...longestPathLayers(bare).values()]).toEqual([0, 1, 2]);
    const placed = placeMissingPositions(bare);
    expect(placed.nodes.map((n) => n.position?.x)).toEqual([0, 304, 608]);
    expect(placeMissingPositions(g)).toBe(g);
  });

  it('still layers a graph with a cycle', () => {
    const g = pipeline();
    const c = connect(g, {
      source: 'process1',
      sourceHandle: 'out:error',
      target: 'process1',
      targetHandle: 'in:in',
    });
    expect(c.ok).toBe(true);
    if (c.ok) expect(longestPathLayers(c.graph).size).toBe(3);
  });

  it('finds a free spot below nodes that occupy the requested one', () => {
    const g = pipeline();
    expect(findFreeSpot(g.nodes, { x: 10, y: 10 })).toEqual({ x: 10, y: 98 });
    expect(findFreeSpot(g.nodes, { x: 10, y: 500 })).toEqual({ x: 10, y: 500 });
  });
});

describe('proposing what a sink collects', () => {
  it('makes a fresh sink wired to an error port a failed sink, and leaves other sinks alone', () => {
    let g = pipeline();
    g = addNode(g, createNode(g, 'sink', { x: 400, y: 200 }));
    const c = connect(g, {
      source: 'process1',
      sourceHandle: 'out:error',
      target: 'sink2',
      targetHandle: 'in:in',
    });
    if (!c.ok) throw new Error(c.reason);
    const role = (graph: Graph, id: string) =>
      (graph.nodes.find((n) => n.id === id)!.params as { role?: string }).role;
    expect(role(c.graph, 'sink2')).toBe('failed');
    expect(role(c.graph, 'sink1')).toBe('delivered');
    valid(c.graph);
    // A sink that already collects delivered work keeps its role when an error edge joins it.
    const d = connect(c.graph, {
      source: 'process1',
      sourceHandle: 'out:error',
      target: 'sink1',
      targetHandle: 'in:in',
    });
    if (!d.ok) throw new Error(d.reason);
    expect(role(d.graph, 'sink1')).toBe('delivered');
  });
});

describe('connectionToNode (a wire dropped on a node body)', () => {
  it('connects an output to the first free input of the node', () => {
    let g = emptyGraph('t');
    g = addNode(g, createNode(g, 'source', { x: 0, y: 0 }));
    g = addNode(g, createNode(g, 'source', { x: 0, y: 100 }));
    g = addNode(g, createNode(g, 'merge', { x: 200, y: 0 }));
    const first = connectionToNode(g, { node: 'source1', handle: 'out:out' }, 'merge1');
    expect(first.ok && first.connection.targetHandle).toBe('in:in1');
    if (!first.ok) throw new Error(first.reason);
    const c = connect(g, first.connection);
    if (!c.ok) throw new Error(c.reason);
    const second = connectionToNode(c.graph, { node: 'source2', handle: 'out:out' }, 'merge1');
    expect(second.ok && second.connection.targetHandle).toBe('in:in2');
  });

  it('connects a wire dragged from an input to the first free output', () => {
    const g = pipeline();
    const r = connectionToNode(g, { node: 'sink1', handle: 'in:in' }, 'process1');
    // process1.out already feeds sink1: the error port is the free one.
    expect(r.ok && r.connection.targetHandle).toBe('out:error');
  });

  it('says why when the node has no port for the wire', () => {
    const g = pipeline();
    const r = connectionToNode(g, { node: 'process1', handle: 'out:out' }, 'source1');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/no input port/);
  });
});
