/** Params of a batch node: the schema is the contract (defaults, bounds, messages). Pure. */
import type { z } from 'zod';

import { record, int, nonNegMs } from '../../core/schema-kit.ts';

export const batchParamsSchema = record({
  size: int(1, 1_000_000).default(100),
  timeoutMs: nonNegMs.default(10),
});

export type BatchParams = z.output<typeof batchParamsSchema>;
