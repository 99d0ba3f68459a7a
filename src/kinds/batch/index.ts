/** Batch: groups messages by size or timeout, whichever comes first. */
import { defineKind, fixedPorts } from '../kind.ts';
import { createBatchKernel } from './kernel.ts';
import { batchParamsSchema } from './params.ts';

export const batch = defineKind({
  kind: 'batch',
  label: 'Batch',
  description: 'Groups messages by size or timeout, whichever comes first.',
  params: batchParamsSchema,
  role: 'stage',
  ports: fixedPorts(['in'], ['out']),
  plan: { frameOut: (p, inFrame, header) => header + p.size * inFrame },
  liveRefusal: () => undefined,
  liveNotes: (p) => ({
    size: `this run's channels fit batches of ${p.size}: smaller applies now, larger on the next run`,
  }),
  metrics: { counters: [] },
  fbp: { component: /(?<!un)batch|^group$/i, params: () => ({}) },
  kernel: (p) => createBatchKernel(p),
});
