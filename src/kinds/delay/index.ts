/** Delay: holds each message for a drawn time. */
import { defineKind, fixedPorts } from '../kind.ts';
import { createDelayKernel } from './kernel.ts';
import { delayParamsSchema } from './params.ts';

export const delay = defineKind({
  kind: 'delay',
  label: 'Delay',
  description: 'Holds each message for a drawn time.',
  params: delayParamsSchema,
  role: 'stage',
  ports: fixedPorts(['in'], ['out']),
  liveRefusal: () => undefined,
  metrics: { counters: [] },
  fbp: { component: /delay/i, params: () => ({}) },
  kernel: (p, env) => createDelayKernel(p, env),
});
