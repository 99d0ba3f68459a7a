/** Params of a sink node: the schema is the contract (defaults, bounds, messages). Pure. */
import { z } from 'zod';

import { record } from '../../core/schema-kit.ts';

/** What a sink collects: delivered work, failures, or load that was shed on purpose. */
export const sinkRoles = ['delivered', 'failed', 'shed'] as const;

export const sinkParamsSchema = record({
  role: z.enum(sinkRoles).default('delivered'),
});

export type SinkParams = z.output<typeof sinkParamsSchema>;
