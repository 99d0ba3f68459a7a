/**
 * Small graphs for the io tests. Test-only helper (imported by *.test.ts).
 */
import { type Graph, type GraphInput, parseGraph } from '../graph/index.ts';

/** Validates a document and returns the graph, or throws with the errors (tests only). */
export function graphOf(doc: Omit<GraphInput, 'format' | 'version'>): Graph {
  const r = parseGraph({ format: 'flowbench/graph', version: 1, ...doc });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.graph;
}

/** Source → process → sink, with a label, a description, positions and an extension key. */
export const orderPipeline = (): Graph =>
  graphOf({
    name: 'Order pipeline',
    description: 'Orders in, enriched, stored.',
    nodes: [
      {
        id: 'src',
        kind: 'source',
        label: 'Orders',
        position: { x: 0, y: 0 },
        params: { rate: 2000, arrival: 'poisson', payloadBytes: 256 },
      },
      {
        id: 'enrich',
        kind: 'process',
        position: { x: 240, y: 0 },
        params: { service: { dist: 'exponential', meanMs: 0.4 }, mode: 'cpu', concurrency: 2 },
      },
      { id: 'out', kind: 'sink', position: { x: 480, y: 0 } },
    ],
    edges: [
      {
        id: 'e1',
        from: { node: 'src', port: 'out' },
        to: { node: 'enrich', port: 'in' },
        capacity: 1024,
      },
      { id: 'e2', from: { node: 'enrich', port: 'out' }, to: { node: 'out', port: 'in' } },
    ],
    run: { workers: 2, durationMs: 10000, warmupMs: 1000, seed: 42 },
    targets: { p95LatencyMs: 30, minThroughput: 1000 },
  } as Omit<GraphInput, 'format' | 'version'>);

/** Every node kind once, with extension keys on graph, node, params and edge. */
export const everyKind = (): Graph =>
  graphOf({
    name: 'Every kind',
    'x-editor': { zoom: 1.5 },
    nodes: [
      { id: 'src', kind: 'source', params: { rate: 'max', keys: { count: 10, dist: 'zipf' } } },
      {
        id: 'split',
        kind: 'split',
        params: { policy: 'weighted', outputs: 3, weights: [1, 2, 3] },
      },
      { id: 'p', kind: 'process', params: { retry: { attempts: 2 }, 'x-note': 'slow' } },
      { id: 'cache', kind: 'cache', params: { ttlMs: 5000 } },
      { id: 'filter', kind: 'filter', params: { keyBelow: 10 } },
      { id: 'rl', kind: 'ratelimit', params: { onLimit: 'drop' } },
      { id: 'batch', kind: 'batch' },
      { id: 'unbatch', kind: 'unbatch' },
      { id: 'delay', kind: 'delay', worker: 1 },
      { id: 'fn', kind: 'function', label: 'Tag', params: { code: 'msg.tag = 1; return msg;' } },
      { id: 'merge', kind: 'merge', params: { inputs: 3 } },
      { id: 'sink', kind: 'sink', 'x-color': 'red' },
    ],
    edges: [
      ['src', 'out', 'split', 'in'],
      ['split', 'out1', 'p', 'in'],
      ['split', 'out2', 'cache', 'in'],
      ['split', 'out3', 'filter', 'in'],
      ['p', 'out', 'rl', 'in'],
      ['cache', 'hit', 'batch', 'in'],
      ['batch', 'out', 'unbatch', 'in'],
      ['unbatch', 'out', 'merge', 'in1'],
      ['cache', 'miss', 'delay', 'in'],
      ['delay', 'out', 'merge', 'in2'],
      ['filter', 'out', 'fn', 'in'],
      ['fn', 'out', 'merge', 'in3'],
      ['rl', 'out', 'sink', 'in'],
      ['merge', 'out', 'sink', 'in'],
    ].map(([a, ap, b, bp], i) => ({
      id: `e${i + 1}`,
      from: { node: a!, port: ap! },
      to: { node: b!, port: bp! },
      ...(i === 0 && { overflow: 'dropOldest', 'x-note': 'hot' }),
    })),
  } as unknown as Omit<GraphInput, 'format' | 'version'>);
