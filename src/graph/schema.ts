/**
 * Graph format v1: the zod schema is the single source of truth for the JSON
 * contract (see docs/graph-format.md). Types are inferred from it, defaults
 * are filled by it, and public/schema/graph-v1.json is generated from it.
 *
 * Pure: no DOM, no React, no store. Safe to import from workers.
 */
import { z } from 'zod';

import {
  distributionKinds,
  distributionSchema,
  int,
  LIMITS,
  nonNegMs,
  posMs,
  ratio,
  record,
  withKnownKeys,
} from '../core/schema-kit.ts';
import { kindList, type KindDefs, type NodeKind, nodeKinds } from '../kinds/index.ts';

/** Document tag and the newest version this build reads and writes. */
export const GRAPH_FORMAT = 'flowbench/graph';
export const GRAPH_VERSION = 1;

export { distributionKinds, distributionSchema, LIMITS, nodeKinds };

const idSchema = z.string().min(1).max(LIMITS.maxIdLength);
const positionSchema = record({ x: z.number().finite(), y: z.number().finite() });

const nodeFields = ['id', 'kind', 'label', 'position', 'worker', 'params'] as const;

function nodeVariant<K extends string, P extends z.ZodType>(kind: K, params: P) {
  // A plain object (not preprocessed) so the discriminated union can see `kind`;
  // unknown keys are checked once around the union.
  return z.looseObject({
    id: idSchema,
    kind: z.literal(kind),
    label: z.string().max(LIMITS.maxLabelLength).optional(),
    position: positionSchema.optional(),
    worker: int(0, LIMITS.maxWorkers - 1).optional(),
    params: params.prefault({} as z.input<P>),
  });
}

/** The node schema of one kind. */
type Variant<K extends string, P extends z.ZodType> = ReturnType<typeof nodeVariant<K, P>>;
type NodeVariant<D extends KindDefs> = Variant<D['kind'], D['params']>;

/** One node schema per kind, built from the list of kinds (src/kinds/index.ts). */
export const nodeSchemas = Object.fromEntries(
  kindList.map((d) => [d.kind, nodeVariant(d.kind, d.params)]),
) as unknown as { [D in KindDefs as D['kind']]: NodeVariant<D> };

type AnyNodeVariant = (typeof nodeSchemas)[NodeKind];

export const nodeSchema = withKnownKeys(
  nodeFields,
  z.discriminatedUnion(
    'kind',
    nodeKinds.map((k) => nodeSchemas[k]) as unknown as [AnyNodeVariant, ...AnyNodeVariant[]],
  ),
);

const endpointSchema = record({ node: idSchema, port: z.string().min(1).max(64) });

/**
 * Edge capacity in messages: any whole number in [minCapacity, maxCapacity],
 * shared exactly among the edge's channels (see runtime/plan.ts).
 */
export const capacitySchema = int(LIMITS.minCapacity, LIMITS.maxCapacity);

export const edgeSchema = record({
  id: idSchema,
  from: endpointSchema,
  to: endpointSchema,
  capacity: capacitySchema.default(1024),
  overflow: z.enum(['block', 'dropNewest', 'dropOldest']).default('block'),
});

export const runSchema = record({
  /** Worker count; absent = hardwareConcurrency − 1 (at least 1). */
  workers: int(1, LIMITS.maxWorkers).optional(),
  durationMs: posMs.max(24 * 3600 * 1000).default(10_000),
  warmupMs: nonNegMs.default(1000),
  seed: int(0, 2 ** 32 - 1).default(1),
  transport: z.enum(['sab', 'postmessage']).default('sab'),
});

/**
 * What the design aims for. Latency and throughput count delivered items at
 * the sinks named in `sinks` (default: every sink whose role is delivered);
 * rates are shares (0..1) of everything the sinks collect.
 */
export const targetsSchema = record({
  minThroughput: posMs.optional(),
  meanLatencyMs: posMs.optional(),
  p95LatencyMs: posMs.optional(),
  p99LatencyMs: posMs.optional(),
  maxErrorRate: ratio.optional(),
  maxShedRate: ratio.optional(),
  maxMemoryMB: posMs.optional(),
  sinks: z.array(idSchema).min(1).max(LIMITS.maxNodes).optional(),
});

export const graphSchema = record({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  name: z.string().max(LIMITS.maxLabelLength).default('Untitled graph'),
  description: z.string().max(LIMITS.maxDescriptionLength).optional(),
  nodes: z.array(nodeSchema).max(LIMITS.maxNodes),
  edges: z.array(edgeSchema).max(LIMITS.maxEdges).default([]),
  run: runSchema.prefault({}),
  targets: targetsSchema.optional(),
});
