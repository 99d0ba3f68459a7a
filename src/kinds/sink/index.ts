/** Sink: consumes messages and records end-to-end latency. */
import { emptyParamsSchema } from '../../core/schema-kit.ts';
import { defineKind, fixedPorts } from '../kind.ts';
import { createSinkKernel } from './kernel.ts';

export const sink = defineKind({
  kind: 'sink',
  label: 'Sink',
  description: 'Consumes messages and records end-to-end latency.',
  params: emptyParamsSchema,
  role: 'collector',
  ports: fixedPorts(['in'], []),
  metrics: { percentiles: 'latency', counters: [] },
  fbp: {
    component: /^(output|drop|sink|console|log|discard)$|sink$/i,
    params: (c) => (c.outputs > 0 ? undefined : {}),
  },
  kernel: () => createSinkKernel(),
});
