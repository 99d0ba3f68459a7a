/**
 * Graph slice: the open graph document (plain serializable data) and the
 * verbs that edit it. Every edit goes through `commit`, which is what the
 * undo history (zundo, configured in index.ts) records.
 */
import type { StateCreator, StoreApi } from 'zustand';
import type { TemporalState } from 'zundo';

import type { Graph, GraphEdge, GraphNode, NodeKind } from '../graph/index.ts';
import {
  type Clipboard,
  type ConnectionLike,
  connect,
  createNode,
  emptyGraph,
  moveNodes,
  pasteClipboard,
  reconnectEdge,
  removeElements,
  replaceEdge,
  replaceNode,
  type XY,
} from '../graph/ops.ts';
import { type ParamPath, withParam } from '../graph/param-path.ts';
import type { AppState } from './types.ts';

export interface EditOptions {
  /**
   * Fold this edit into the previous undo step (an inspector field being
   * typed into: one undo step per field edit, not per keystroke).
   */
  coalesce?: boolean;
}

export interface GraphSlice {
  graph: Graph;
  /**
   * Revision of the open graph document: bumped on every change to `graph`
   * (edits, undo, redo, open). Results (reports, predictions) record the
   * revision they were made from, so the UI can tell when the graph changed
   * since.
   */
  graphRevision: number;
  /** The revision at which the open document was opened (load, import, new, example). */
  documentRevision: number;
  /** Replaces the whole document (load, import, new). One undo step. */
  replaceGraph: (graph: Graph) => void;
  /** Adds a node of a kind at a flow position and selects it; returns its id. */
  addNodeAt: (kind: NodeKind, position: XY) => string;
  /** Connects two handles; refuses invalid connections with a reason. */
  connectHandles: (
    c: ConnectionLike,
  ) => { ok: true; edgeId: string } | { ok: false; reason: string };
  reconnect: (edgeId: string, c: ConnectionLike) => { ok: true } | { ok: false; reason: string };
  removeElements: (nodeIds: readonly string[], edgeIds: readonly string[]) => void;
  moveNodes: (positions: ReadonlyMap<string, XY>) => void;
  /** Replaces a node (already validated); returns how many edges were dropped with vanished ports. */
  updateNode: (node: GraphNode, opts?: EditOptions) => number;
  updateEdge: (edge: GraphEdge, opts?: EditOptions) => void;
  /** Name, description and run settings (already validated). */
  updateDocument: (
    patch: Partial<Pick<Graph, 'name' | 'description' | 'run'>>,
    opts?: EditOptions,
  ) => void;
  /**
   * Sets one parameter (a sweep's value) on the node, edge or run settings the
   * path names: one undo step; only that element is replaced.
   * @returns the sentence naming the path and value when the graph refuses it.
   */
  setParam: (path: ParamPath, value: unknown) => { ok: true } | { ok: false; error: string };
  /** Pastes nodes with new ids, keeping their internal edges, and selects them. */
  pasteNodes: (clip: Clipboard, offset: XY) => void;
}

type TemporalStore = StoreApi<TemporalState<{ graph: Graph }>>;

export const createGraphSlice: StateCreator<AppState, [], [], GraphSlice> = (set, get, store) => {
  const temporal = () => (store as unknown as { temporal?: TemporalStore }).temporal?.getState();
  const commit = (partial: Partial<AppState> & { graph: Graph }, opts?: EditOptions) => {
    const t = temporal();
    const next = { graphRevision: get().graphRevision + 1, ...partial };
    if (opts?.coalesce === true && t !== undefined && t.pastStates.length > 0) {
      t.pause();
      set(next);
      t.resume();
    } else set(next);
  };
  return {
    graph: emptyGraph(),
    graphRevision: 0,
    documentRevision: 0,
    replaceGraph: (graph) => {
      const revision = get().graphRevision + 1;
      commit({
        graph,
        graphRevision: revision,
        documentRevision: revision,
        selectedNodeIds: [],
        selectedEdgeIds: [],
      });
    },
    addNodeAt: (kind, position) => {
      const g = get().graph;
      const node = createNode(g, kind, position);
      commit({
        graph: { ...g, nodes: [...g.nodes, node] },
        selectedNodeIds: [node.id],
        selectedEdgeIds: [],
      });
      return node.id;
    },
    connectHandles: (c) => {
      const r = connect(get().graph, c);
      if (!r.ok) return r;
      commit({ graph: r.graph });
      return { ok: true, edgeId: r.edge.id };
    },
    reconnect: (edgeId, c) => {
      const r = reconnectEdge(get().graph, edgeId, c);
      if (!r.ok) return r;
      commit({ graph: r.graph });
      return { ok: true };
    },
    removeElements: (nodeIds, edgeIds) => {
      const g = get().graph;
      const next = removeElements(g, nodeIds, edgeIds);
      if (next === g) return;
      const s = get();
      const goneN = new Set(nodeIds);
      const goneE = new Set(edgeIds);
      commit({
        graph: next,
        selectedNodeIds: s.selectedNodeIds.filter((id) => !goneN.has(id)),
        selectedEdgeIds: s.selectedEdgeIds.filter((id) => !goneE.has(id)),
      });
    },
    moveNodes: (positions) => {
      const g = get().graph;
      const next = moveNodes(g, positions);
      if (next !== g) commit({ graph: next });
    },
    updateNode: (node, opts) => {
      const r = replaceNode(get().graph, node);
      commit({ graph: r.graph }, opts);
      return r.removedEdges.length;
    },
    updateEdge: (edge, opts) => commit({ graph: replaceEdge(get().graph, edge) }, opts),
    updateDocument: (patch, opts) => commit({ graph: { ...get().graph, ...patch } }, opts),
    setParam: (path, value) => {
      const g = get().graph;
      const r = withParam(g, path, value);
      if (!r.ok) return r;
      if (path.scope === 'run') commit({ graph: { ...g, run: r.graph.run } });
      else if (path.scope === 'node') {
        const node = r.graph.nodes.find((n) => n.id === path.id);
        if (node === undefined) return { ok: false, error: `no node "${path.id}"` };
        commit({ graph: replaceNode(g, node).graph });
      } else {
        const edge = r.graph.edges.find((e) => e.id === path.id);
        if (edge === undefined) return { ok: false, error: `no edge "${path.id}"` };
        commit({ graph: replaceEdge(g, edge) });
      }
      return { ok: true };
    },
    pasteNodes: (clip, offset) => {
      const r = pasteClipboard(get().graph, clip, offset);
      commit({ graph: r.graph, selectedNodeIds: r.nodeIds, selectedEdgeIds: r.edgeIds });
    },
  };
};
