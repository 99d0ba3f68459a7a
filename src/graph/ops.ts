/**
 * Pure graph edits for the editor: id generation, adding nodes, connecting
 * ports (with validation), removing, moving, copy/paste/duplicate.
 *
 * Contract: data in, data out. Every function returns a new `Graph` (or a
 * plan around one) and never mutates its input; nothing here reads the store,
 * React or the DOM. Safe in the node test environment.
 */
import {
  GRAPH_FORMAT,
  GRAPH_VERSION,
  type Graph,
  type GraphEdge,
  type GraphNode,
  kindDef,
  type NodeKind,
  nodeSchemas,
  portsOf,
} from './index.ts';

/** A point in flow coordinates (pixels at zoom 1). */
export interface XY {
  x: number;
  y: number;
}

/** Handle ids used on the canvas: `in:<port>` for inputs, `out:<port>` for outputs. */
export type HandleId = `in:${string}` | `out:${string}`;

export function handleId(direction: 'in' | 'out', port: string): HandleId {
  return `${direction}:${port}`;
}

/** `out:hit` → `{ direction: 'out', port: 'hit' }`; anything else → undefined. */
export function parseHandleId(
  id: string | null | undefined,
): { direction: 'in' | 'out'; port: string } | undefined {
  if (id == null) return undefined;
  if (id.startsWith('in:')) return { direction: 'in', port: id.slice(3) };
  if (id.startsWith('out:')) return { direction: 'out', port: id.slice(4) };
  return undefined;
}

/** A new, empty, valid graph document (run settings filled with defaults). */
export function emptyGraph(name = 'Untitled graph'): Graph {
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    name,
    nodes: [],
    edges: [],
    run: { durationMs: 10_000, warmupMs: 1000, seed: 1, transport: 'sab' },
  } as Graph;
}

/** Id prefixes per kind: readable ids such as `source1`, `ratelimit2`. */
function idPrefix(kind: NodeKind): string {
  return kind;
}

/**
 * The next free id with a prefix: `prefix1`, `prefix2`, … skipping any id in
 * `taken`. O(taken) per call.
 */
export function nextFreeId(prefix: string, taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const id = `${prefix}${i}`;
    if (!taken.has(id)) return id;
  }
}

export function nodeIdSet(graph: Pick<Graph, 'nodes'>): Set<string> {
  return new Set(graph.nodes.map((n) => n.id));
}

export function edgeIdSet(graph: Pick<Graph, 'edges'>): Set<string> {
  return new Set(graph.edges.map((e) => e.id));
}

/**
 * A new node of a kind with schema defaults filled in, a fresh id and a
 * numbered label ("Process 2").
 */
export function createNode(
  graph: Pick<Graph, 'nodes'>,
  kind: NodeKind,
  position: XY,
  taken: ReadonlySet<string> = nodeIdSet(graph),
): GraphNode {
  const id = nextFreeId(idPrefix(kind), taken);
  const count = graph.nodes.filter((n) => n.kind === kind).length + 1;
  const label = `${kindDef(kind).label} ${count}`;
  return nodeSchemas[kind].parse({
    id,
    kind,
    label,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  }) as GraphNode;
}

export function addNode(graph: Graph, node: GraphNode): Graph {
  return { ...graph, nodes: [...graph.nodes, node] };
}

/** A connection as the canvas reports it (React Flow's `Connection`). */
export interface ConnectionLike {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

export type ConnectionCheck =
  { ok: true; from: GraphEdge['from']; to: GraphEdge['to'] } | { ok: false; reason: string };

/**
 * Whether a connection can become an edge. Accepts either drag direction
 * (input → output is turned around); refuses output → output, input → input,
 * unknown nodes or ports, and an exact duplicate of an existing edge.
 * @param ignoreEdgeId an edge being reconnected, not counted as a duplicate.
 */
export function checkConnection(
  graph: Pick<Graph, 'nodes' | 'edges'>,
  c: ConnectionLike,
  ignoreEdgeId?: string,
): ConnectionCheck {
  const a = parseHandleId(c.sourceHandle);
  const b = parseHandleId(c.targetHandle);
  if (a === undefined || b === undefined) return { ok: false, reason: 'Drop on a port.' };
  if (a.direction === b.direction) {
    return {
      ok: false,
      reason:
        a.direction === 'out'
          ? 'Cannot connect an output to an output: connect an output to an input.'
          : 'Cannot connect an input to an input: connect an output to an input.',
    };
  }
  const [fromNodeId, fromPort, toNodeId, toPort] =
    a.direction === 'out'
      ? [c.source, a.port, c.target, b.port]
      : [c.target, b.port, c.source, a.port];
  const fromNode = graph.nodes.find((n) => n.id === fromNodeId);
  const toNode = graph.nodes.find((n) => n.id === toNodeId);
  if (fromNode === undefined || toNode === undefined) {
    return { ok: false, reason: 'That node no longer exists.' };
  }
  if (!portsOf(fromNode).outputs.includes(fromPort)) {
    return { ok: false, reason: `${displayName(fromNode)} has no output port "${fromPort}".` };
  }
  if (!portsOf(toNode).inputs.includes(toPort)) {
    return { ok: false, reason: `${displayName(toNode)} has no input port "${toPort}".` };
  }
  const dup = graph.edges.some(
    (e) =>
      e.id !== ignoreEdgeId &&
      e.from.node === fromNodeId &&
      e.from.port === fromPort &&
      e.to.node === toNodeId &&
      e.to.port === toPort,
  );
  if (dup) return { ok: false, reason: 'These ports are already connected.' };
  return {
    ok: true,
    from: { node: fromNodeId, port: fromPort },
    to: { node: toNodeId, port: toPort },
  };
}

/**
 * A wire dragged from a handle and dropped on a node's body: the connection
 * to that node's first free compatible port (an input with no edge yet for a
 * wire from an output; an output with none for a wire from an input), or the
 * first compatible one when all are taken; or why there is none.
 */
export function connectionToNode(
  graph: Pick<Graph, 'nodes' | 'edges'>,
  from: { node: string; handle: string | null | undefined },
  toNodeId: string,
): { ok: true; connection: ConnectionLike } | { ok: false; reason: string } {
  const h = parseHandleId(from.handle);
  const target = graph.nodes.find((n) => n.id === toNodeId);
  if (h === undefined || target === undefined) return { ok: false, reason: 'Drop on a port.' };
  if (toNodeId === from.node) return { ok: false, reason: 'A node cannot connect to itself here.' };
  const wantInputs = h.direction === 'out';
  const ports = wantInputs ? portsOf(target).inputs : portsOf(target).outputs;
  const used = (port: string) =>
    graph.edges.some((e) =>
      wantInputs
        ? e.to.node === toNodeId && e.to.port === port
        : e.from.node === toNodeId && e.from.port === port,
    );
  const candidates = [...ports.filter((p) => !used(p)), ...ports.filter(used)];
  for (const port of candidates) {
    const connection: ConnectionLike = {
      source: from.node,
      sourceHandle: from.handle ?? null,
      target: toNodeId,
      targetHandle: handleId(wantInputs ? 'in' : 'out', port),
    };
    if (checkConnection(graph, connection).ok) return { ok: true, connection };
  }
  return {
    ok: false,
    reason: `${displayName(target)} has no ${wantInputs ? 'input' : 'output'} port this wire can connect to.`,
  };
}

export function displayName(node: GraphNode): string {
  return node.label !== undefined && node.label !== '' ? node.label : node.id;
}

/** Adds an edge for a valid connection (default capacity 1024, block), or says why not. */
export function connect(
  graph: Graph,
  c: ConnectionLike,
): { ok: true; graph: Graph; edge: GraphEdge } | { ok: false; reason: string } {
  const check = checkConnection(graph, c);
  if (!check.ok) return check;
  const edge: GraphEdge = {
    id: nextFreeId('e', edgeIdSet(graph)),
    from: check.from,
    to: check.to,
    capacity: 1024,
    overflow: 'block',
  };
  return {
    ok: true,
    graph: proposeCollectorRole({ ...graph, edges: [...graph.edges, edge] }, edge),
    edge,
  };
}

/**
 * A collector (sink) wired only to a port whose messages are not delivered
 * work (a process's `error`, a rate limiter's `dropped`) is proposed that
 * role, as long as it still has the default one; the person can change it.
 */
export function proposeCollectorRole(graph: Graph, edge: GraphEdge): Graph {
  const target = graph.nodes.find((n) => n.id === edge.to.node);
  const source = graph.nodes.find((n) => n.id === edge.from.node);
  if (target === undefined || source === undefined) return graph;
  const metrics = kindDef(target.kind).metrics;
  const meaning = kindDef(source.kind).outputMeaning?.[edge.from.port];
  if (meaning === undefined || metrics.collecting === undefined || metrics.collects === undefined)
    return graph;
  if (metrics.collects(target.params) !== 'delivered') return graph;
  if (graph.edges.some((e) => e.to.node === target.id && e.id !== edge.id)) return graph;
  const next = { ...target, params: metrics.collecting(target.params, meaning) } as GraphNode;
  return { ...graph, nodes: graph.nodes.map((n) => (n === target ? next : n)) };
}

/** Moves an existing edge's ends to a new connection, keeping its id and settings. */
export function reconnectEdge(
  graph: Graph,
  edgeId: string,
  c: ConnectionLike,
): { ok: true; graph: Graph } | { ok: false; reason: string } {
  const check = checkConnection(graph, c, edgeId);
  if (!check.ok) return check;
  return {
    ok: true,
    graph: {
      ...graph,
      edges: graph.edges.map((e) =>
        e.id === edgeId ? { ...e, from: check.from, to: check.to } : e,
      ),
    },
  };
}

/** Removes nodes (with every edge touching them) and edges. Unknown ids are ignored. */
export function removeElements(
  graph: Graph,
  nodeIds: Iterable<string>,
  edgeIds: Iterable<string>,
): Graph {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return graph;
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !nodes.has(n.id)),
    edges: graph.edges.filter(
      (e) => !edges.has(e.id) && !nodes.has(e.from.node) && !nodes.has(e.to.node),
    ),
  };
}

/** Sets positions (rounded to whole pixels). Nodes not in the map keep theirs. */
export function moveNodes(graph: Graph, positions: ReadonlyMap<string, XY>): Graph {
  if (positions.size === 0) return graph;
  let changed = false;
  const nodes = graph.nodes.map((n) => {
    const p = positions.get(n.id);
    if (p === undefined) return n;
    const x = Math.round(p.x);
    const y = Math.round(p.y);
    if (n.position?.x === x && n.position.y === y) return n;
    changed = true;
    return { ...n, position: { x, y } };
  });
  return changed ? { ...graph, nodes } : graph;
}

/**
 * Drops edges whose ports no longer exist (after a split's `outputs` or a
 * merge's `inputs` shrank). Returns the same graph when nothing is dropped.
 */
export function pruneDanglingEdges(graph: Graph): { graph: Graph; removed: GraphEdge[] } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const removed: GraphEdge[] = [];
  const edges = graph.edges.filter((e) => {
    const from = byId.get(e.from.node);
    const to = byId.get(e.to.node);
    const ok =
      from !== undefined &&
      to !== undefined &&
      portsOf(from).outputs.includes(e.from.port) &&
      portsOf(to).inputs.includes(e.to.port);
    if (!ok) removed.push(e);
    return ok;
  });
  return removed.length === 0 ? { graph, removed } : { graph: { ...graph, edges }, removed };
}

/** Replaces one node (same id), then prunes edges on ports that vanished. */
export function replaceNode(
  graph: Graph,
  node: GraphNode,
): { graph: Graph; removedEdges: GraphEdge[] } {
  const next = { ...graph, nodes: graph.nodes.map((n) => (n.id === node.id ? node : n)) };
  const { graph: pruned, removed } = pruneDanglingEdges(next);
  return { graph: pruned, removedEdges: removed };
}

export function replaceEdge(graph: Graph, edge: GraphEdge): Graph {
  return { ...graph, edges: graph.edges.map((e) => (e.id === edge.id ? edge : e)) };
}

/** What Copy puts on the editor clipboard: nodes plus the edges between them. */
export interface Clipboard {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The selected nodes and the edges internal to them (both ends selected). */
export function copySelection(graph: Graph, nodeIds: Iterable<string>): Clipboard {
  const ids = new Set(nodeIds);
  return {
    nodes: graph.nodes.filter((n) => ids.has(n.id)),
    edges: graph.edges.filter((e) => ids.has(e.from.node) && ids.has(e.to.node)),
  };
}

/**
 * Pastes a clipboard: every node and edge gets a new id (internal edges are
 * rewired to the new node ids), nodes are shifted by `offset`.
 * Returns the new graph and the ids of what was pasted (to select them).
 */
export function pasteClipboard(
  graph: Graph,
  clip: Clipboard,
  offset: XY,
): { graph: Graph; nodeIds: string[]; edgeIds: string[] } {
  const takenNodes = nodeIdSet(graph);
  const takenEdges = edgeIdSet(graph);
  const rename = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const n of clip.nodes) {
    const id = nextFreeId(idPrefix(n.kind), takenNodes);
    takenNodes.add(id);
    rename.set(n.id, id);
    const p = n.position ?? { x: 0, y: 0 };
    nodes.push({ ...structuredClone(n), id, position: { x: p.x + offset.x, y: p.y + offset.y } });
  }
  const edges: GraphEdge[] = [];
  for (const e of clip.edges) {
    const from = rename.get(e.from.node);
    const to = rename.get(e.to.node);
    if (from === undefined || to === undefined) continue;
    const id = nextFreeId('e', takenEdges);
    takenEdges.add(id);
    edges.push({
      ...structuredClone(e),
      id,
      from: { ...e.from, node: from },
      to: { ...e.to, node: to },
    });
  }
  return {
    graph: { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] },
    nodeIds: nodes.map((n) => n.id),
    edgeIds: edges.map((e) => e.id),
  };
}

/** Horizontal and vertical spacing of the fallback layout, in px. */
const LAYER_DX = 304;
const LAYER_DY = 120;

/**
 * Gives every node without a position one, by longest-path layers from the
 * sources (left to right). Nodes that already have positions are unchanged;
 * returns the same graph when none is missing.
 */
export function placeMissingPositions(graph: Graph): Graph {
  if (graph.nodes.every((n) => n.position !== undefined)) return graph;
  const layer = longestPathLayers(graph);
  const rows = new Map<number, number>();
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.position !== undefined) return n;
      const l = layer.get(n.id) ?? 0;
      const row = rows.get(l) ?? 0;
      rows.set(l, row + 1);
      return { ...n, position: { x: l * LAYER_DX, y: row * LAYER_DY } };
    }),
  };
}

/** Layer index per node: 0 for nodes with no incoming edge; cycles are cut. */
export function longestPathLayers(graph: Pick<Graph, 'nodes' | 'edges'>): Map<string, number> {
  const indeg = new Map<string, number>();
  const next = new Map<string, string[]>();
  for (const n of graph.nodes) {
    indeg.set(n.id, 0);
    next.set(n.id, []);
  }
  for (const e of graph.edges) {
    if (!indeg.has(e.from.node) || !indeg.has(e.to.node)) continue;
    next.get(e.from.node)!.push(e.to.node);
    indeg.set(e.to.node, indeg.get(e.to.node)! + 1);
  }
  const layer = new Map<string, number>();
  const done = new Set<string>();
  const queue: string[] = [];
  for (const [id, d] of indeg) if (d === 0) queue.push(id);
  // Kahn's algorithm; nodes left over sit in cycles and start at layer 0.
  for (let qi = 0; ; qi++) {
    if (qi >= queue.length) {
      const stuck = graph.nodes.find((n) => !done.has(n.id));
      if (stuck === undefined) break;
      indeg.set(stuck.id, 0);
      queue.push(stuck.id);
    }
    const id = queue[qi]!;
    if (done.has(id)) continue;
    done.add(id);
    const l = layer.get(id) ?? 0;
    layer.set(id, l);
    for (const to of next.get(id) ?? []) {
      if (!done.has(to) && (layer.get(to) ?? -1) < l + 1) layer.set(to, l + 1);
      const d = (indeg.get(to) ?? 0) - 1;
      indeg.set(to, d);
      if (d === 0) queue.push(to);
    }
  }
  return layer;
}

/** Node footprint assumed when placing nodes, px at zoom 1. */
export const NODE_FOOTPRINT = { width: 184, height: 72 } as const;

/**
 * The first spot at or below `p` where a new node overlaps no existing node
 * (stepping down one node height at a time, at most 30 steps), so nodes
 * added at the centre of the view do not pile up.
 */
export function findFreeSpot(
  nodes: readonly GraphNode[],
  p: XY,
  size: { width: number; height: number } = NODE_FOOTPRINT,
): XY {
  const gap = 16;
  for (let k = 0; k < 30; k++) {
    const y = p.y + k * (size.height + gap);
    const hit = nodes.some((n) => {
      const q = n.position;
      if (q === undefined) return false;
      return (
        q.x < p.x + size.width + gap &&
        p.x < q.x + size.width + gap &&
        q.y < y + size.height + gap &&
        y < q.y + size.height + gap
      );
    });
    if (!hit) return { x: p.x, y };
  }
  return p;
}

/** "Parse" for the usual port, "Parse.error" otherwise. */
function endpoint(node: GraphNode | undefined, id: string, port: string, usual: string): string {
  const name = node === undefined ? id : displayName(node);
  return port === usual ? name : `${name}.${port}`;
}

/**
 * Names of a graph's nodes (labels) and edges by their ends ("Parse →
 * Enrich", or with another `joiner`; ports only when not the usual); an id
 * the graph lacks names itself.
 */
export function elementNames(graph: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] }): {
  node: (id: string) => string;
  edge: (id: string, joiner?: string) => string;
  /** An edge's name from the edge itself (it need not be in the graph; its nodes are). */
  ends: (edge: GraphEdge, joiner?: string) => string;
} {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const edges = new Map(graph.edges.map((e) => [e.id, e]));
  const ends = (e: GraphEdge, joiner = ' → ') =>
    `${endpoint(nodes.get(e.from.node), e.from.node, e.from.port, 'out')}${joiner}${endpoint(nodes.get(e.to.node), e.to.node, e.to.port, 'in')}`;
  return {
    node: (id) => {
      const n = nodes.get(id);
      return n === undefined ? id : displayName(n);
    },
    edge: (id, joiner) => {
      const e = edges.get(id);
      return e === undefined ? id : ends(e, joiner);
    },
    ends,
  };
}
