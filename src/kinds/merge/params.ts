/** Params of a merge node: the schema is the contract (defaults, bounds, messages). Pure. */
import type { z } from 'zod';

import { record, int, LIMITS } from '../../core/schema-kit.ts';

export const mergeParamsSchema = record({
  inputs: int(2, LIMITS.maxPorts).default(2),
});

export type MergeParams = z.output<typeof mergeParamsSchema>;
