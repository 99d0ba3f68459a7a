/** Params of a delay node: the schema is the contract (defaults, bounds, messages). Pure. */
import type { z } from 'zod';

import { record, distributionSchema } from '../../core/schema-kit.ts';

export const delayParamsSchema = record({
  delay: distributionSchema.prefault({ dist: 'constant', meanMs: 10 }),
});

export type DelayParams = z.output<typeof delayParamsSchema>;
