/** Params of a source node: the schema is the contract (defaults, bounds, messages). Pure. */
import { z } from 'zod';

import { record, int, posMs, LIMITS } from '../../core/schema-kit.ts';

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

export type SourceParams = z.output<typeof sourceParamsSchema>;
