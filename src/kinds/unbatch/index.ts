/** Unbatch: splits a batch back into its messages. */
import { emptyParamsSchema } from '../../core/schema-kit.ts';
import { defineKind, fixedPorts } from '../kind.ts';
import { createUnbatchKernel } from './kernel.ts';

export const unbatch = defineKind({
  kind: 'unbatch',
  label: 'Unbatch',
  description: 'Splits a batch back into its messages.',
  params: emptyParamsSchema,
  role: 'stage',
  ports: fixedPorts(['in'], ['out']),
  metrics: { counters: [] },
  fbp: { component: /unbatch|^split(array|str|string|object|lines?)$/i, params: () => ({}) },
  kernel: () => createUnbatchKernel(),
});
