/** Params of a process node: the schema is the contract (defaults, bounds, messages). Pure. */
import { z } from 'zod';

import {
  record,
  int,
  nonNegMs,
  posMs,
  ratio,
  LIMITS,
  distributionSchema,
} from '../../core/schema-kit.ts';

export const processParamsSchema = record({
  service: distributionSchema.prefault({ dist: 'exponential', meanMs: 1 }),
  /** Added to each attempt's service time per item: a batch of n members takes service + n × perItemMs. */
  perItemMs: nonNegMs.default(0),
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

export type ProcessParams = z.output<typeof processParamsSchema>;
