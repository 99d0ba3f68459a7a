/** Params of a cache node: the schema is the contract (defaults, bounds, messages). Pure. */
import type { z } from 'zod';

import { record, int, posMs } from '../../core/schema-kit.ts';

export const cacheParamsSchema = record({
  capacity: int(1, 10_000_000).default(1000),
  ttlMs: posMs.optional(),
});

export type CacheParams = z.output<typeof cacheParamsSchema>;
