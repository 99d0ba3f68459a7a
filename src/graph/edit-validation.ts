/**
 * Validation of inspector edits by the graph schema itself: a candidate node,
 * edge or set of document fields is wrapped in a minimal document and run
 * through `parseGraph`, so the inspector says exactly what a file import
 * would say, and only valid values reach the store.
 *
 * Pure: no React, no store, no DOM.
 */
import {
  GRAPH_FORMAT,
  GRAPH_VERSION,
  type Graph,
  type GraphEdge,
  type GraphIssue,
  type GraphNode,
  parseGraph,
} from './index.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: GraphIssue[] };

type Path = readonly (string | number)[];

/** The value at a path, or undefined. */
export function getAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/**
 * A copy of `root` with `value` at `path` (objects on the way are copied or
 * created). `undefined` deletes the key; an optional group left empty by
 * that (`params.retry` after its last field) is deleted too, but never a
 * top-level object such as `params`.
 */
export function setAt<T>(root: T, path: Path, value: unknown): T {
  const next = assign(root, path, value);
  if (value !== undefined || path.length < 3) return next;
  const parent = path.slice(0, -1);
  const group = getAt(next, parent);
  const empty =
    group !== null &&
    typeof group === 'object' &&
    !Array.isArray(group) &&
    Object.keys(group).length === 0;
  return empty ? assign(next, parent, undefined) : next;
}

function assign<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [key, ...rest] = path as [string | number, ...(string | number)[]];
  const base: object = root !== null && typeof root === 'object' ? root : {};
  const copy = (Array.isArray(base) ? [...(base as unknown[])] : { ...base }) as Record<
    string | number,
    unknown
  >;
  const child = rest.length === 0 ? value : assign(copy[key], rest, value);
  if (child === undefined) delete copy[key];
  else copy[key] = child;
  return copy as T;
}

function stripPrefix(issues: GraphIssue[], prefix: string): GraphIssue[] {
  return issues.map((i) => ({
    path: i.path.startsWith(prefix) ? i.path.slice(prefix.length).replace(/^\./, '') : i.path,
    message: i.message,
  }));
}

function doc(fields: Record<string, unknown>) {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes: [], edges: [], ...fields };
}

/** Validates one node on its own; paths are relative to the node (`params.rate`). */
export function checkNode(candidate: unknown): Checked<GraphNode> {
  const r = parseGraph(doc({ nodes: [candidate] }));
  if (!r.ok) return { ok: false, errors: stripPrefix(r.errors, 'nodes[0]') };
  return { ok: true, value: r.graph.nodes[0]! };
}

/** Validates one edge between its two nodes; paths are relative to the edge (`capacity`). */
export function checkEdge(graph: Pick<Graph, 'nodes'>, candidate: GraphEdge): Checked<GraphEdge> {
  const ends = graph.nodes.filter(
    (n) => n.id === candidate.from.node || n.id === candidate.to.node,
  );
  const r = parseGraph(doc({ nodes: ends, edges: [candidate] }));
  if (!r.ok) return { ok: false, errors: stripPrefix(r.errors, 'edges[0]') };
  return { ok: true, value: r.graph.edges[0]! };
}

export type DocumentFields = Pick<Graph, 'name' | 'description' | 'run'>;

/** Validates name, description and run settings; paths are document paths (`run.seed`). */
export function checkDocument(candidate: {
  name?: unknown;
  description?: unknown;
  run?: unknown;
}): Checked<DocumentFields> {
  const r = parseGraph(doc(candidate));
  if (!r.ok) return { ok: false, errors: r.errors };
  const { name, description, run } = r.graph;
  return {
    ok: true,
    value: description === undefined ? { name, run } : { name, description, run },
  };
}

/** How a text field's content becomes a document value. */
export type FieldType = 'number' | 'numberOrMax' | 'text' | 'numberList';

/**
 * Text typed into a field → the value handed to the schema. Numbers that do
 * not parse stay strings, so the schema reports them ("must be a number (got
 * "abc")"). An empty optional field removes the key.
 */
export function parseFieldText(text: string, type: FieldType, optional: boolean): unknown {
  const t = text.trim();
  if (type === 'text') return optional && t === '' ? undefined : text;
  if (t === '') return optional ? undefined : '';
  if (type === 'numberOrMax' && t.toLowerCase() === 'max') return 'max';
  if (type === 'numberList') {
    const parts = t.split(/[\s,;]+/).filter((p) => p !== '');
    return parts.map((p) => (Number.isFinite(Number(p)) ? Number(p) : p));
  }
  const n = Number(t);
  return Number.isFinite(n) ? n : text;
}

/** A document value → the text shown in a field. */
export function formatFieldValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}
