/** Params of a function node: the schema is the contract (defaults, bounds, messages). Pure. */
import { z } from 'zod';

import { record, LIMITS } from '../../core/schema-kit.ts';

/** The code of a pass-through Function node (the default). */
export const PASS_THROUGH_CODE = 'return msg;';

export const functionParamsSchema = record({
  code: z.string().max(LIMITS.maxCodeLength).default(PASS_THROUGH_CODE),
});

export type FunctionParams = z.output<typeof functionParamsSchema>;
