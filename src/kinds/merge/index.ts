/** Merge: joins several inputs into one stream. */
import { LIMITS } from '../../core/schema-kit.ts';
import { defineKind, numberedPorts } from '../kind.ts';
import { createMergeKernel } from './kernel.ts';
import { mergeParamsSchema } from './params.ts';

export const merge = defineKind({
  kind: 'merge',
  label: 'Merge',
  description: 'Joins several inputs into one stream.',
  params: mergeParamsSchema,
  role: 'stage',
  ports: (p) => ({ inputs: numberedPorts('in', p.inputs), outputs: ['out'] }),
  inputsOptional: true,
  metrics: { counters: [] },
  fbp: {
    component: /merge/i,
    params: (c) => (c.inputs > LIMITS.maxPorts ? undefined : { inputs: Math.max(2, c.inputs) }),
    numberedPorts: 'inputs',
  },
  kernel: () => createMergeKernel(),
});
