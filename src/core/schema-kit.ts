/**
 * The pieces every schema of the graph format is made of: limits, objects
 * that reject unknown keys (except `x-` extensions), numeric shorthands and
 * the service-time distribution. Node kinds (src/kinds) build their params
 * from these; the document schema (src/graph/schema.ts) assembles them.
 *
 * Pure: no DOM, no React, no store. Safe to import from workers.
 */
import { z } from 'zod';

/** Limits that keep a hostile or broken document from exhausting memory. */
export const LIMITS = {
  maxNodes: 5000,
  maxEdges: 20000,
  maxIdLength: 200,
  maxLabelLength: 200,
  maxDescriptionLength: 4000,
  maxCodeLength: 65536,
  maxPayloadBytes: 1 << 20,
  minCapacity: 1,
  maxCapacity: 1 << 20,
  maxConcurrency: 1024,
  maxPorts: 64,
  maxWorkers: 64,
} as const;

/**
 * An object that rejects unknown keys except extension keys starting with
 * `x-`, which are kept as they are.
 * @param expected what to say when the value is not an object at all
 * ("must be a distribution such as …"); default "must be an object".
 */
export function record<T extends z.ZodRawShape>(shape: T, expected?: string) {
  const object =
    expected === undefined
      ? z.looseObject(shape)
      : z.looseObject(shape, {
          error: (issue) => (issue.code === 'invalid_type' ? expected : undefined),
        });
  return withKnownKeys(Object.keys(shape), object);
}

/** `schema`, with any own key outside `known` (and not `x-…`) reported as an unknown field. */
export function withKnownKeys<S extends z.ZodType>(known: readonly string[], schema: S) {
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

/** A finite number of milliseconds ≥ 0. */
export const nonNegMs = z.number().finite().min(0);
/** A finite number of milliseconds > 0. */
export const posMs = z.number().finite().gt(0);
/** A share in [0, 1]. */
export const ratio = z.number().finite().min(0).max(1);
/** A whole number in [min, max]. */
export const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.number().int().min(min).max(max);

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
export const distributionSchema = record(
  {
    dist: z.enum(distributionKinds).default('exponential'),
    meanMs: nonNegMs.default(1),
    stdMs: nonNegMs.optional(),
    minMs: nonNegMs.optional(),
    maxMs: nonNegMs.optional(),
  },
  'must be a distribution such as {"dist": "exponential", "meanMs": 5} (dist: constant, exponential, uniform, normal or lognormal; times in ms)',
).superRefine((d, ctx) => {
  if (d.minMs !== undefined && d.maxMs !== undefined && d.minMs > d.maxMs) {
    ctx.addIssue({ code: 'custom', path: ['maxMs'], message: 'must be ≥ minMs' });
  }
});

export type Distribution = z.output<typeof distributionSchema>;

/** A params schema that takes no fields. */
export const emptyParamsSchema = record({});
