/**
 * Graph document → React Flow nodes and edges. Mappers keep a cache keyed by
 * id and reuse the previous React Flow object when nothing it shows changed,
 * so a graph edit, a selection change or a drag frame allocates only for the
 * elements it touches (React Flow and the memoized node component then skip
 * the rest).
 *
 * Pure: no React, no store, no DOM (types from @xyflow/react only).
 */
import type { Edge, Node } from '@xyflow/react';

import type { GraphEdge, GraphNode } from '../../graph/index.ts';
import { elementNames, handleId, type XY } from '../../graph/ops.ts';

export interface FlowNodeData extends Record<string, unknown> {
  node: GraphNode;
}
export type FlowNodeType = Node<FlowNodeData, 'flow'>;

export interface FlowEdgeData extends Record<string, unknown> {
  edge: GraphEdge;
}
export type FlowEdgeType = Edge<FlowEdgeData>;

export type Size = { width: number; height: number };

const ORIGIN: XY = { x: 0, y: 0 };

interface NodeEntry {
  src: GraphNode;
  selected: boolean;
  pos: XY;
  size: Size | undefined;
  rf: FlowNodeType;
}

/**
 * A stateful mapper for nodes. Call it with the current document nodes,
 * selection, drag overrides and measured sizes; it returns React Flow nodes,
 * reusing unchanged ones by identity.
 */
export function createNodeMapper() {
  let cache = new Map<string, NodeEntry>();
  return function mapNodes(
    nodes: readonly GraphNode[],
    selected: ReadonlySet<string>,
    drag: Readonly<Record<string, XY>> | null,
    measured: Readonly<Record<string, Size>>,
  ): FlowNodeType[] {
    const next = new Map<string, NodeEntry>();
    const out: FlowNodeType[] = new Array<FlowNodeType>(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const sel = selected.has(n.id);
      const pos = drag?.[n.id] ?? n.position ?? ORIGIN;
      const size = measured[n.id];
      const prev = cache.get(n.id);
      let entry: NodeEntry;
      if (
        prev !== undefined &&
        prev.src === n &&
        prev.selected === sel &&
        prev.pos === pos &&
        prev.size === size
      ) {
        entry = prev;
      } else {
        const rf: FlowNodeType = {
          id: n.id,
          type: 'flow',
          position: pos,
          data: prev !== undefined && prev.src === n ? prev.rf.data : { node: n },
          selected: sel,
          ariaLabel: `${n.label ?? n.id} (${n.kind})`,
        };
        if (size !== undefined) rf.measured = size;
        entry = { src: n, selected: sel, pos, size, rf };
      }
      next.set(n.id, entry);
      out[i] = entry.rf;
    }
    cache = next;
    return out;
  };
}

interface EdgeEntry {
  src: GraphEdge;
  selected: boolean;
  name: string;
  rf: FlowEdgeType;
}

/** Every edge ends in an arrow at its target (one shared marker). */
const ARROW = { type: 'arrowclosed', width: 18, height: 18 } as const;

/** A short label for an edge's non-default settings, or undefined. */
export function edgeLabel(e: GraphEdge): string | undefined {
  const parts: string[] = [];
  if (e.capacity !== 1024) parts.push(`cap ${e.capacity}`);
  if (e.overflow === 'dropNewest') parts.push('drop newest');
  if (e.overflow === 'dropOldest') parts.push('drop oldest');
  if (e.autoSize) parts.push('auto-size');
  return parts.length === 0 ? undefined : parts.join(' · ');
}

/**
 * A stateful mapper for edges; same reuse rule as `createNodeMapper`. An
 * edge's accessible name gives its ends by node label ("Edge Parse to
 * Enrich", "Edge Parse.error to Failed"), so renaming a node renames its edges.
 */
export function createEdgeMapper() {
  let cache = new Map<string, EdgeEntry>();
  let namesOf: readonly GraphNode[] | null = null;
  let names: ReturnType<typeof elementNames> | null = null;
  return function mapEdges(
    edges: readonly GraphEdge[],
    selected: ReadonlySet<string>,
    nodes: readonly GraphNode[],
  ): FlowEdgeType[] {
    if (names === null || namesOf !== nodes) {
      names = elementNames({ nodes, edges: [] });
      namesOf = nodes;
    }
    const next = new Map<string, EdgeEntry>();
    const out: FlowEdgeType[] = new Array<FlowEdgeType>(edges.length);
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      const sel = selected.has(e.id);
      const name = `Edge ${names.ends(e, ' to ')}`;
      const prev = cache.get(e.id);
      let entry: EdgeEntry;
      if (prev !== undefined && prev.src === e && prev.selected === sel && prev.name === name)
        entry = prev;
      else {
        const rf: FlowEdgeType = {
          id: e.id,
          source: e.from.node,
          target: e.to.node,
          sourceHandle: handleId('out', e.from.port),
          targetHandle: handleId('in', e.to.port),
          selected: sel,
          data: { edge: e },
          ariaLabel: name,
          markerEnd: ARROW,
          className: e.overflow === 'block' ? undefined : 'edge-drop',
        };
        const label = edgeLabel(e);
        if (label !== undefined) rf.label = label;
        entry = { src: e, selected: sel, name, rf };
      }
      next.set(e.id, entry);
      out[i] = entry.rf;
    }
    cache = next;
    return out;
  };
}
