/**
 * Import phase 3, layout: positions for the nodes a file gave none, left to
 * right by depth (column = longest path from a root, cycles broken at the
 * first node not yet placed; row = order within the column). When some nodes
 * have positions, the laid-out ones go below them so nothing overlaps.
 *
 * Contract: pure (no DOM, no store). Does not throw for distinct ids and up to
 * some 100 000 placed nodes (the origin is a `Math.min` over a spread);
 * `fbpToGraph` turns a throw into an error, and a graph that large is over
 * the node limit anyway.
 */
import { plural } from './shared.ts';
import type { Point } from './types.ts';

/** Horizontal distance between columns (depths). */
const LAYER_GAP_X = 240;
/** Vertical distance between rows. */
const ROW_GAP_Y = 120;

/** What `layoutNodes` reads: nodes (distinct ids, in order), some placed, and the edges between them. */
export interface LayoutInput {
  nodes: readonly { id: string; position?: Point | undefined }[];
  /** Edges between nodes of `nodes`, by id; self-loops are ignored. */
  edges: readonly { from: string; to: string }[];
}

/** The outcome of `layoutNodes`. */
export interface LayoutResult {
  /** A position for every node that had none, and for no other. */
  positions: Map<string, Point>;
  notes: string[];
}

/**
 * Lays out the nodes without a position.
 * @returns their positions (canvas units) and a sentence saying how many it placed.
 * @example layoutNodes({ nodes: [{ id: 'a' }, { id: 'b' }], edges: [{ from: 'a', to: 'b' }] })
 *   // positions a → {x: 0, y: 0}, b → {x: 240, y: 0}
 */
export function layoutNodes({ nodes, edges }: LayoutInput): LayoutResult {
  const given = new Map<string, Point>();
  for (const n of nodes) if (n.position !== undefined) given.set(n.id, n.position);
  const positions = place(
    nodes.map((n) => n.id),
    edges,
    given,
  );
  const notes =
    positions.size > 0
      ? [`Laid out ${plural(positions.size, 'node')} that had no position, left to right by depth.`]
      : [];
  return { positions, notes };
}

function place(
  ids: readonly string[],
  edges: LayoutInput['edges'],
  given: ReadonlyMap<string, Point>,
): Map<string, Point> {
  const out = new Map<string, Point>();
  if (given.size === ids.length) return out;
  const succ = new Map<string, string[]>(ids.map((id) => [id, []]));
  const indeg = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const e of edges) {
    if (e.from === e.to) continue;
    succ.get(e.from)?.push(e.to);
    indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1);
  }
  const depth = new Map<string, number>(ids.map((id) => [id, 0]));
  const done = new Set<string>();
  const queue = ids.filter((id) => indeg.get(id) === 0);
  while (done.size < ids.length) {
    if (queue.length === 0) {
      const start = ids.find((id) => !done.has(id));
      if (start === undefined) break;
      queue.push(start);
    }
    const id = queue.shift()!;
    if (done.has(id)) continue;
    done.add(id);
    for (const s of succ.get(id) ?? []) {
      if (done.has(s)) continue;
      depth.set(s, Math.max(depth.get(s) ?? 0, (depth.get(id) ?? 0) + 1));
      const left = (indeg.get(s) ?? 1) - 1;
      indeg.set(s, left);
      if (left === 0) queue.push(s);
    }
  }
  let originX = 0;
  let originY = 0;
  if (given.size > 0) {
    const pts = [...given.values()];
    originX = Math.min(...pts.map((p) => p.x));
    originY = Math.max(...pts.map((p) => p.y)) + ROW_GAP_Y + 40;
  }
  const rows = new Map<number, number>();
  for (const id of ids) {
    if (given.has(id)) continue;
    const d = depth.get(id) ?? 0;
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    out.set(id, { x: originX + d * LAYER_GAP_X, y: originY + row * ROW_GAP_Y });
  }
  return out;
}
