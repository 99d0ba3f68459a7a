/** Params of a ratelimit node: the schema is the contract (defaults, bounds, messages). Pure. */
import { z } from 'zod';

import { record, int } from '../../core/schema-kit.ts';

export const ratelimitParamsSchema = record({
  ratePerSec: z.number().finite().gt(0).default(100),
  burst: int(1, 1_000_000).default(10),
  onLimit: z.enum(['delay', 'drop']).default('delay'),
});

export type RatelimitParams = z.output<typeof ratelimitParamsSchema>;
