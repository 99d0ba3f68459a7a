/**
 * Auto layout with elkjs: layered, left to right, one layer per pipeline
 * stage. Returns positions for the store to apply (one undo step); elkjs is
 * loaded on first use so it stays out of the initial bundle.
 *
 * Pure (async): no React, no store, no DOM.
 */
import type { Graph } from './index.ts';
import type { XY } from './ops.ts';

export type Sizes = Readonly<Record<string, { width: number; height: number }>>;

const DEFAULT_SIZE = { width: 184, height: 72 };

/** Positions (top-left, whole pixels) for every node of the graph. */
export async function computeLayout(
  graph: Pick<Graph, 'nodes' | 'edges'>,
  sizes: Sizes = {},
): Promise<Map<string, XY>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const ids = new Set(graph.nodes.map((n) => n.id));
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '120',
      'elk.spacing.nodeNode': '32',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.separateConnectedComponents': 'true',
      'elk.spacing.componentComponent': '64',
    },
    children: graph.nodes.map((n) => ({
      id: n.id,
      width: sizes[n.id]?.width ?? DEFAULT_SIZE.width,
      height: sizes[n.id]?.height ?? DEFAULT_SIZE.height,
    })),
    edges: graph.edges
      .filter((e) => ids.has(e.from.node) && ids.has(e.to.node))
      .map((e) => ({ id: e.id, sources: [e.from.node], targets: [e.to.node] })),
  });
  const out = new Map<string, XY>();
  for (const c of result.children ?? []) {
    out.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
  }
  return out;
}
