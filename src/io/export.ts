/**
 * Graph → JSON text with a stable, reviewable key order, and a safe file name.
 *
 * Contract: pure (no DOM, no store). The output of `exportGraphJson` parses
 * back with `parseGraph` to a graph deep-equal to the input.
 */
import type { Graph } from '../graph/index.ts';

type Json = unknown;

/** Known keys per object, in the order they are written; others follow. */
const GRAPH_KEYS = [
  'format',
  'version',
  'name',
  'description',
  'nodes',
  'edges',
  'run',
  'targets',
] as const;
const NODE_KEYS = ['id', 'kind', 'label', 'position', 'worker', 'params'] as const;
const EDGE_KEYS = ['id', 'from', 'to', 'capacity', 'overflow'] as const;
const ENDPOINT_KEYS = ['node', 'port'] as const;
const POSITION_KEYS = ['x', 'y'] as const;
const RUN_KEYS = ['workers', 'durationMs', 'warmupMs', 'seed', 'transport'] as const;
const TARGET_KEYS = ['p95LatencyMs', 'p99LatencyMs', 'minThroughput'] as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const isExtensionKey = (key: string) => key.startsWith('x-');

/**
 * Copies `obj` with keys in this order: `known` (in that order), other keys
 * sorted, then `x-` extension keys sorted. Values of `x-` keys are copied
 * verbatim: they are someone else's data. Keys whose value is `undefined` are
 * left out (JSON would drop them anyway).
 */
function ordered(
  obj: Record<string, unknown>,
  known: readonly string[],
  child: (key: string, value: unknown) => Json = (_k, v) => v,
): Record<string, Json> {
  const out: Record<string, Json> = {};
  const rest = Object.keys(obj).filter((k) => !known.includes(k));
  const plain = rest.filter((k) => !isExtensionKey(k)).sort();
  const ext = rest.filter(isExtensionKey).sort();
  for (const key of [...known, ...plain]) {
    if (!Object.hasOwn(obj, key) || obj[key] === undefined) continue;
    out[key] = child(key, obj[key]);
  }
  for (const key of ext) {
    if (obj[key] !== undefined) out[key] = obj[key];
  }
  return out;
}

/** Params (and objects nested in them) are written with sorted keys, `x-` keys last. */
function sortedDeep(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (isPlainObject(value)) return ordered(value, [], (_k, v) => sortedDeep(v));
  return value;
}

const orderedIfObject = (value: unknown, known: readonly string[]) =>
  isPlainObject(value) ? ordered(value, known) : value;

function orderNode(node: unknown): Json {
  if (!isPlainObject(node)) return node;
  return ordered(node, NODE_KEYS, (key, value) => {
    if (key === 'position') return orderedIfObject(value, POSITION_KEYS);
    if (key === 'params') return sortedDeep(value);
    return value;
  });
}

function orderEdge(edge: unknown): Json {
  if (!isPlainObject(edge)) return edge;
  return ordered(edge, EDGE_KEYS, (key, value) =>
    key === 'from' || key === 'to' ? orderedIfObject(value, ENDPOINT_KEYS) : value,
  );
}

/**
 * The graph as a plain JSON value with the stable key order used by
 * `exportGraphJson` (for callers that want compact text, such as autosave).
 */
export function orderGraph(graph: Graph): Record<string, Json> {
  return ordered(graph as unknown as Record<string, unknown>, GRAPH_KEYS, (key, value) => {
    switch (key) {
      case 'nodes':
        return Array.isArray(value) ? value.map(orderNode) : value;
      case 'edges':
        return Array.isArray(value) ? value.map(orderEdge) : value;
      case 'run':
        return orderedIfObject(value, RUN_KEYS);
      case 'targets':
        return orderedIfObject(value, TARGET_KEYS);
      default:
        return value;
    }
  });
}

/**
 * The graph as a Flowbench document: 2-space indentation, fixed key order
 * (format, version, name, description, nodes, edges, run, targets; node: id,
 * kind, label, position, worker, params; edge: id, from, to, capacity,
 * overflow; params sorted; `x-` keys after known ones) and a
 * trailing newline, so saved files diff cleanly.
 * @returns JSON text; `parseGraph` of it deep-equals `graph`.
 */
export function exportGraphJson(graph: Graph): string {
  return `${JSON.stringify(orderGraph(graph), null, 2)}\n`;
}

/** Names Windows refuses as a file's base name, whatever the extension. */
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
const MAX_SLUG_LENGTH = 60;

/**
 * A safe download name from the graph's name: lower-case ASCII letters,
 * digits and dashes, at most 60 characters, then `suffix` (a graph:
 * `.flowbench.json`; a report, a sweep: `.report.json`, `.sweep.csv`).
 * @example graphFileName({ name: 'Order pipeline', … }) // 'order-pipeline.flowbench.json'
 */
export function graphFileName(graph: Pick<Graph, 'name'>, suffix = '.flowbench.json'): string {
  const slug = (typeof graph.name === 'string' ? graph.name : '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents left over by NFKD
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^-+|-+$/g, '');
  const base = slug === '' ? 'graph' : RESERVED_NAMES.test(slug) ? `${slug}-graph` : slug;
  return `${base}${suffix}`;
}
