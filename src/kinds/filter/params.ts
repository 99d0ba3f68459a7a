/** Params of a filter node: the schema is the contract (defaults, bounds, messages). Pure. */
import type { z } from 'zod';

import { record, int, ratio } from '../../core/schema-kit.ts';

export const filterParamsSchema = record({
  passRatio: ratio.default(0.5),
  /** When set, a message passes iff its key is below this value (passRatio is then ignored). */
  keyBelow: int(0).optional(),
});

export type FilterParams = z.output<typeof filterParamsSchema>;
