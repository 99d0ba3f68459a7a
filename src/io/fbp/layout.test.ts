/**
 * Layout phase: positions for nodes without one, left to right by depth.
 */
import { describe, expect, it } from 'vitest';

import { type LayoutInput, layoutNodes } from './layout.ts';

const ids = (...names: string[]): LayoutInput['nodes'] => names.map((id) => ({ id }));
const chain = (...names: string[]): LayoutInput['edges'] =>
  names.slice(1).map((to, i) => ({ from: names[i]!, to }));

describe('layoutNodes', () => {
  it('places a chain left to right, one column per depth', () => {
    const r = layoutNodes({ nodes: ids('a', 'b', 'c'), edges: chain('a', 'b', 'c') });
    expect([...r.positions]).toEqual([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 240, y: 0 }],
      ['c', { x: 480, y: 0 }],
    ]);
    expect(r.notes).toEqual(['Laid out 3 nodes that had no position, left to right by depth.']);
  });

  it('puts a node at its longest path from a root and stacks a column in node order', () => {
    const r = layoutNodes({
      nodes: ids('a', 'b', 'c', 'd'),
      edges: [...chain('a', 'b', 'c'), { from: 'a', to: 'c' }, { from: 'a', to: 'd' }],
    });
    expect(r.positions.get('c')).toEqual({ x: 480, y: 0 });
    expect(r.positions.get('b')).toEqual({ x: 240, y: 0 });
    expect(r.positions.get('d')).toEqual({ x: 240, y: 120 });
  });

  it('breaks a cycle at the first node not yet placed and ignores self-loops', () => {
    const r = layoutNodes({
      nodes: ids('a', 'b'),
      edges: [...chain('a', 'b', 'a'), { from: 'b', to: 'b' }],
    });
    expect(r.positions.get('a')).toEqual({ x: 0, y: 0 });
    expect(r.positions.get('b')).toEqual({ x: 240, y: 0 });
  });

  it('places only nodes without a position, below the placed ones', () => {
    const r = layoutNodes({
      nodes: [{ id: 'a', position: { x: 100, y: 50 } }, { id: 'b' }, { id: 'c' }],
      edges: chain('a', 'b'),
    });
    expect([...r.positions]).toEqual([
      ['b', { x: 340, y: 210 }],
      ['c', { x: 100, y: 210 }],
    ]);
    expect(r.notes).toEqual(['Laid out 2 nodes that had no position, left to right by depth.']);
  });

  it('places nothing and says nothing when every node has a position', () => {
    const r = layoutNodes({ nodes: [{ id: 'a', position: { x: 1, y: 2 } }], edges: [] });
    expect(r).toEqual({ positions: new Map(), notes: [] });
  });
});
