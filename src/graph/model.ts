/**
 * Graph document types, inferred from the schema so they cannot drift.
 * `Graph` is a document after validation (defaults filled); `GraphInput` is
 * what a person may write (defaults optional).
 *
 * Pure: no DOM, no React, no store.
 */
import type { z } from 'zod';

import type {
  distributionSchema,
  edgeSchema,
  graphSchema,
  nodeSchema,
  nodeSchemas,
} from './schema.ts';

export type Graph = z.output<typeof graphSchema>;
export type GraphInput = z.input<typeof graphSchema>;
export type GraphNode = z.output<typeof nodeSchema>;
export type GraphEdge = z.output<typeof edgeSchema>;
export type NodeKind = GraphNode['kind'];
export type Distribution = z.output<typeof distributionSchema>;
export type RunSettings = Graph['run'];
export type Targets = NonNullable<Graph['targets']>;

/** The node of one kind, e.g. `NodeOf<'source'>`. */
export type NodeOf<K extends NodeKind> = Extract<GraphNode, { kind: K }>;
/** The params of one kind, e.g. `ParamsOf<'process'>['service']`. */
export type ParamsOf<K extends NodeKind> = z.output<(typeof nodeSchemas)[K]>['params'];

/** Input and output port names of a node, derived from its kind and params. */
export interface NodePorts {
  inputs: string[];
  outputs: string[];
}

const range = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/**
 * Ports of a node. Split has out1..outN (N = params.outputs), merge has
 * in1..inN (N = params.inputs); other kinds have fixed ports.
 * @example portsOf({ kind: 'cache', … }) // { inputs: ['in'], outputs: ['hit', 'miss'] }
 */
export function portsOf(node: GraphNode): NodePorts {
  switch (node.kind) {
    case 'source':
      return { inputs: [], outputs: ['out'] };
    case 'process':
      return { inputs: ['in'], outputs: ['out', 'error'] };
    case 'split':
      return { inputs: ['in'], outputs: range('out', node.params.outputs) };
    case 'merge':
      return { inputs: range('in', node.params.inputs), outputs: ['out'] };
    case 'cache':
      return { inputs: ['in'], outputs: ['hit', 'miss'] };
    case 'filter':
      return { inputs: ['in'], outputs: ['out', 'rejected'] };
    case 'ratelimit':
      return { inputs: ['in'], outputs: ['out', 'dropped'] };
    case 'sink':
      return { inputs: ['in'], outputs: [] };
    case 'batch':
    case 'unbatch':
    case 'delay':
    case 'function':
      return { inputs: ['in'], outputs: ['out'] };
  }
}

/** Human labels and one-line descriptions per kind, for palette and docs. */
export const kindInfo: Record<NodeKind, { label: string; description: string }> = {
  source: {
    label: 'Source',
    description: 'Emits messages at a rate (constant, Poisson or bursts).',
  },
  process: {
    label: 'Process',
    description: 'A service stage: service time, concurrency, errors, retries.',
  },
  batch: {
    label: 'Batch',
    description: 'Groups messages by size or timeout, whichever comes first.',
  },
  unbatch: { label: 'Unbatch', description: 'Splits a batch back into its messages.' },
  split: { label: 'Split', description: 'Routes each message to one output (or all) by a policy.' },
  merge: { label: 'Merge', description: 'Joins several inputs into one stream.' },
  cache: {
    label: 'Cache',
    description: 'LRU cache by key: hits and misses leave by different ports.',
  },
  filter: { label: 'Filter', description: 'Passes a share of messages, rejects the rest.' },
  ratelimit: {
    label: 'Rate limit',
    description: 'Token bucket: delays or drops messages over the rate.',
  },
  delay: { label: 'Delay', description: 'Holds each message for a drawn time.' },
  function: { label: 'Function', description: 'Your own JavaScript, run inside a worker.' },
  sink: { label: 'Sink', description: 'Consumes messages and records end-to-end latency.' },
};
