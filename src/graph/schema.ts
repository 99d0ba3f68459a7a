/**
 * Graph format v1: the zod schema is the single source of truth for the JSON
 * contract (see docs/graph-format.md). Types are inferred from it, defaults
 * are filled by it, and public/schema/graph-v1.json is generated from it.
 *
 * Pure: no DOM, no React, no store. Safe to import from workers.
 */
import { z } from 'zod';

/** Document tag and the newest version this build reads and writes. */
export const GRAPH_FORMAT = 'flowbench/graph';
export const GRAPH_VERSION = 1;

/** Limits that keep a hostile or broken document from exhausting memory. */
export const LIMITS = {
  maxNodes: 5000,
  maxEdges: 20000,
  maxIdLength: 200,
  maxLabelLength: 200,
  maxDescriptionLength: 4000,
  maxCodeLength: 65536,
  maxPayloadBytes: 1 << 20,
  minCapacity: 2,
  maxCapacity: 1 << 20,
  maxConcurrency: 1024,
  maxPorts: 64,
  maxWorkers: 64,
} as const;

/**
 * An object that rejects unknown keys except extension keys starting with
 * `x-`, which are kept as they are.
 */
function record<T extends z.ZodRawShape>(shape: T) {
  return withKnownKeys(Object.keys(shape), z.looseObject(shape));
}

function withKnownKeys<S extends z.ZodType>(known: readonly string[], schema: S) {
  // Keys are checked on the raw input (own keys, as JSON.parse makes them),
  // so `__proto__` and friends are reported even when other fields fail.
  // The issue is coded `unrecognized_keys` on purpose: a zod pipe (which
  // preprocess is) aborts on any other issue, and then the object's other
  // fields would go unchecked; this code lets validation go on, so every
  // problem is reported at once. parseGraph turns it into one error per key.
  const allowed = `unknown field (allowed: ${known.join(', ') || 'none'}; extensions start with "x-")`;
  // The input type is the inner schema's (the check passes values through
  // unchanged), so `z.input` of the format stays a useful type, not `unknown`.
  return z.preprocess<unknown, S, z.input<S>>((value, ctx) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const unknown = Object.keys(value).filter(
        (key) => !known.includes(key) && !key.startsWith('x-'),
      );
      if (unknown.length > 0) {
        ctx.issues.push({
          code: 'unrecognized_keys',
          keys: unknown,
          path: [],
          input: value as Record<string, unknown>,
          message: allowed,
          continue: true,
        });
      }
    }
    return value;
  }, schema);
}

const nonNegMs = z.number().finite().min(0);
const posMs = z.number().finite().gt(0);
const ratio = z.number().finite().min(0).max(1);
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

export const distributionKinds = [
  'constant',
  'exponential',
  'uniform',
  'normal',
  'lognormal',
] as const;

/**
 * A service-time or delay distribution in milliseconds. `meanMs` 0 means
 * pass-through. uniform draws from [minMs, maxMs] (default [0, 2·mean]);
 * normal and lognormal use `stdMs` (default mean/2), normal is clamped at 0.
 */
export const distributionSchema = record({
  dist: z.enum(distributionKinds).default('exponential'),
  meanMs: nonNegMs.default(1),
  stdMs: nonNegMs.optional(),
  minMs: nonNegMs.optional(),
  maxMs: nonNegMs.optional(),
}).superRefine((d, ctx) => {
  if (d.minMs !== undefined && d.maxMs !== undefined && d.minMs > d.maxMs) {
    ctx.addIssue({ code: 'custom', path: ['maxMs'], message: 'must be ≥ minMs' });
  }
});

export const sourceParamsSchema = record({
  rate: z
    .union([z.number().finite().gt(0), z.literal('max')], {
      error: 'must be a number > 0 or "max"',
    })
    .default(1000),
  arrival: z.enum(['constant', 'poisson', 'burst']).default('poisson'),
  burst: record({ size: int(1, 1_000_000).default(100), everyMs: posMs.default(100) }).optional(),
  payloadBytes: int(0, LIMITS.maxPayloadBytes).default(64),
  keys: record({
    count: int(1, 1 << 30).default(1000),
    dist: z.enum(['uniform', 'zipf']).default('uniform'),
    skew: z.number().finite().gt(0).max(10).default(1),
  }).optional(),
  limit: int(1).optional(),
});

export const processParamsSchema = record({
  service: distributionSchema.prefault({ dist: 'exponential', meanMs: 1 }),
  mode: z.enum(['cpu', 'wait']).default('wait'),
  concurrency: int(1, LIMITS.maxConcurrency).default(1),
  errorRate: ratio.default(0),
  timeoutMs: posMs.optional(),
  retry: record({
    attempts: int(0, 100).default(3),
    backoff: z.enum(['fixed', 'exponential']).default('exponential'),
    baseMs: nonNegMs.default(10),
  }).optional(),
  breaker: record({
    failureRatio: z.number().finite().gt(0).max(1).default(0.5),
    windowMs: posMs.default(1000),
    cooldownMs: posMs.default(5000),
    minRequests: int(1).default(20),
  }).optional(),
});

export const batchParamsSchema = record({
  size: int(1, 1_000_000).default(100),
  timeoutMs: nonNegMs.default(10),
});

export const emptyParamsSchema = record({});

export const splitPolicies = [
  'roundRobin',
  'leastLoaded',
  'random',
  'weighted',
  'keyHash',
  'broadcast',
] as const;

export const splitParamsSchema = record({
  policy: z.enum(splitPolicies).default('roundRobin'),
  outputs: int(2, LIMITS.maxPorts).default(2),
  weights: z.array(z.number().finite().min(0)).max(LIMITS.maxPorts).optional(),
}).superRefine((p, ctx) => {
  if (p.weights !== undefined && p.weights.length !== p.outputs) {
    ctx.addIssue({
      code: 'custom',
      path: ['weights'],
      message: `must have one weight per output (${p.outputs}), got ${p.weights.length}`,
    });
  }
  if (p.policy === 'weighted' && p.weights !== undefined && !p.weights.some((w) => w > 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['weights'],
      message: 'must have at least one weight > 0',
    });
  }
});

export const mergeParamsSchema = record({
  inputs: int(2, LIMITS.maxPorts).default(2),
});

export const cacheParamsSchema = record({
  capacity: int(1, 10_000_000).default(1000),
  ttlMs: posMs.optional(),
});

export const filterParamsSchema = record({
  passRatio: ratio.default(0.5),
  /** When set, a message passes iff its key is below this value (passRatio is then ignored). */
  keyBelow: int(0).optional(),
});

export const ratelimitParamsSchema = record({
  ratePerSec: z.number().finite().gt(0).default(100),
  burst: int(1, 1_000_000).default(10),
  onLimit: z.enum(['delay', 'drop']).default('delay'),
});

export const delayParamsSchema = record({
  delay: distributionSchema.prefault({ dist: 'constant', meanMs: 10 }),
});

export const functionParamsSchema = record({
  code: z.string().max(LIMITS.maxCodeLength).default('return msg;'),
});

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

export const nodeSchemas = {
  source: nodeVariant('source', sourceParamsSchema),
  process: nodeVariant('process', processParamsSchema),
  batch: nodeVariant('batch', batchParamsSchema),
  unbatch: nodeVariant('unbatch', emptyParamsSchema),
  split: nodeVariant('split', splitParamsSchema),
  merge: nodeVariant('merge', mergeParamsSchema),
  cache: nodeVariant('cache', cacheParamsSchema),
  filter: nodeVariant('filter', filterParamsSchema),
  ratelimit: nodeVariant('ratelimit', ratelimitParamsSchema),
  delay: nodeVariant('delay', delayParamsSchema),
  function: nodeVariant('function', functionParamsSchema),
  sink: nodeVariant('sink', emptyParamsSchema),
} as const;

/** Every node kind, in palette order. */
export const nodeKinds = Object.keys(nodeSchemas) as (keyof typeof nodeSchemas)[];

export const nodeSchema = withKnownKeys(
  nodeFields,
  z.discriminatedUnion('kind', [
    nodeSchemas.source,
    nodeSchemas.process,
    nodeSchemas.batch,
    nodeSchemas.unbatch,
    nodeSchemas.split,
    nodeSchemas.merge,
    nodeSchemas.cache,
    nodeSchemas.filter,
    nodeSchemas.ratelimit,
    nodeSchemas.delay,
    nodeSchemas.function,
    nodeSchemas.sink,
  ]),
);

const endpointSchema = record({ node: idSchema, port: z.string().min(1).max(64) });

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

/** Ring capacity in messages: a power of two in [minCapacity, maxCapacity]. */
export const capacitySchema = int(LIMITS.minCapacity, LIMITS.maxCapacity).refine(isPowerOfTwo, {
  message: `must be a power of two (${LIMITS.minCapacity}, 4, 8, … ${LIMITS.maxCapacity})`,
});

export const edgeSchema = record({
  id: idSchema,
  from: endpointSchema,
  to: endpointSchema,
  capacity: capacitySchema.default(1024),
  overflow: z.enum(['block', 'dropNewest', 'dropOldest']).default('block'),
  autoSize: z.boolean().default(false),
});

export const runSchema = record({
  /** Worker count; absent = hardwareConcurrency − 1 (at least 1). */
  workers: int(1, LIMITS.maxWorkers).optional(),
  durationMs: posMs.max(24 * 3600 * 1000).default(10_000),
  warmupMs: nonNegMs.default(1000),
  seed: int(0, 2 ** 32 - 1).default(1),
  transport: z.enum(['sab', 'postmessage']).default('sab'),
});

export const targetsSchema = record({
  p95LatencyMs: posMs.optional(),
  p99LatencyMs: posMs.optional(),
  minThroughput: posMs.optional(),
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
