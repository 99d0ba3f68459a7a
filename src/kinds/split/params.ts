/** Params of a split node: the schema is the contract (defaults, bounds, messages). Pure. */
import { z } from 'zod';

import { record, int, LIMITS } from '../../core/schema-kit.ts';

export const splitPolicies = [
  'roundRobin',
  'leastLoaded',
  'random',
  'weighted',
  'keyHash',
  'broadcast',
] as const;

export const splitParamsSchema = record({
  policy: z.enum(splitPolicies).default('roundRobin'),
  outputs: int(2, LIMITS.maxPorts).default(2),
  weights: z.array(z.number().finite().min(0)).max(LIMITS.maxPorts).optional(),
}).superRefine((p, ctx) => {
  if (p.weights !== undefined && p.weights.length !== p.outputs) {
    ctx.addIssue({
      code: 'custom',
      path: ['weights'],
      message: `must have one weight per output (${p.outputs}), got ${p.weights.length}`,
    });
  }
  if (p.policy === 'weighted' && p.weights !== undefined && !p.weights.some((w) => w > 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['weights'],
      message: 'must have at least one weight > 0',
    });
  }
});

export type SplitParams = z.output<typeof splitParamsSchema>;
