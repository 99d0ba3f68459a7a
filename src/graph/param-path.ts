/**
 * Parameter paths: how a sweep (and anything else that varies one setting)
 * names a value in a graph, and applies it.
 *
 *   nodes.<id>.params.<name>[.<sub>…]   a node parameter (e.g. nodes.db.params.service.meanMs)
 *   edges.<id>.capacity | overflow      an edge setting
 *   run.<name>                          a run setting (durationMs, seed, workers …)
 *
 * Ids may contain dots: the id is matched against the graph's ids, longest
 * first. A value is applied to the document and the result validated by the
 * schema, so a bad value is refused with the schema's own sentence.
 *
 * Pure: no DOM, no React, no store.
 */
import type { Graph } from './model.ts';
import { parseGraph } from './validate.ts';

export interface ParamPath {
  /** The path as written. */
  text: string;
  scope: 'node' | 'edge' | 'run';
  /** Node or edge id (scope node / edge). */
  id?: string;
  /** Keys from the node, edge or run object (`['params', 'service', 'meanMs']`). */
  keys: string[];
}

const EDGE_KEYS = new Set(['capacity', 'overflow']);

/**
 * Reads a path against a graph's ids.
 * @returns the path, or a sentence saying what is wrong with it.
 */
export function parseParamPath(text: string, graph: Graph): ParamPath | { error: string } {
  const bad = (why: string) => ({ error: `${JSON.stringify(text)} ${why}` });
  if (text.startsWith('run.')) {
    const keys = text.slice(4).split('.');
    if (keys.length !== 1 || keys[0] === '') return bad('must be run.<setting>, e.g. run.seed');
    return { text, scope: 'run', keys };
  }
  for (const scope of ['nodes', 'edges'] as const) {
    if (!text.startsWith(`${scope}.`)) continue;
    const rest = text.slice(scope.length + 1);
    const ids = (scope === 'nodes' ? graph.nodes : graph.edges)
      .map((x) => x.id)
      .filter((id) => rest === id || rest.startsWith(`${id}.`))
      .sort((a, b) => b.length - a.length);
    const id = ids[0];
    if (id === undefined)
      return bad(`names no ${scope === 'nodes' ? 'node' : 'edge'} of this graph`);
    const keys = rest.slice(id.length + 1).split('.');
    if (keys.some((k) => k === '')) return bad('has an empty part');
    if (scope === 'nodes') {
      if (keys[0] !== 'params' || keys.length < 2)
        return bad(`must continue with .params.<name> after the node id "${id}"`);
      return { text, scope: 'node', id, keys };
    }
    if (keys.length !== 1 || !EDGE_KEYS.has(keys[0]!))
      return bad(`must end with .capacity or .overflow after the edge id "${id}"`);
    return { text, scope: 'edge', id, keys };
  }
  return bad('must start with nodes., edges. or run.');
}

/** `obj` with `value` at `keys` (copies on the way; creates objects for missing keys). */
function setIn(obj: unknown, keys: readonly string[], value: unknown): unknown {
  if (keys.length === 0) return value;
  const [key, ...rest] = keys as [string, ...string[]];
  const base = obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>) : {};
  return { ...base, [key]: setIn(base[key], rest, value) };
}

/** The value at a path in a graph (undefined when not set). */
export function getParam(graph: Graph, path: ParamPath): unknown {
  let cur: unknown =
    path.scope === 'run'
      ? graph.run
      : (path.scope === 'node' ? graph.nodes : graph.edges).find((x) => x.id === path.id);
  for (const k of path.keys)
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/**
 * The graph with `value` at `path`, validated.
 * @returns the new graph, or the schema's sentence naming the path and the value.
 */
export function withParam(
  graph: Graph,
  path: ParamPath,
  value: unknown,
): { ok: true; graph: Graph } | { ok: false; error: string } {
  let doc: Graph;
  if (path.scope === 'run')
    doc = { ...graph, run: setIn(graph.run, path.keys, value) as Graph['run'] };
  else if (path.scope === 'node')
    doc = {
      ...graph,
      nodes: graph.nodes.map((n) =>
        n.id === path.id ? (setIn(n, path.keys, value) as typeof n) : n,
      ),
    };
  else
    doc = {
      ...graph,
      edges: graph.edges.map((e) =>
        e.id === path.id ? (setIn(e, path.keys, value) as typeof e) : e,
      ),
    };
  const r = parseGraph(doc);
  if (r.ok) return { ok: true, graph: r.graph };
  const first = r.errors[0];
  return {
    ok: false,
    error: `${path.text} = ${JSON.stringify(value)} is not valid: ${first === undefined ? 'refused' : `${first.path} ${first.message}`.trim()}`,
  };
}

/**
 * A value as typed on a command line or in a field: a number when it reads
 * as one, true/false, "max", or else the text itself.
 */
export function parseParamValue(text: string): unknown {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}
