/**
 * Sink: consumes messages and records end-to-end latency. Its role says what
 * it collects: delivered work (throughput, latency and targets count these),
 * failures (the error rate) or shed load (the shed rate).
 */
import { defineKind, fixedPorts } from '../kind.ts';
import { createSinkKernel } from './kernel.ts';
import { sinkParamsSchema } from './params.ts';

export const sink = defineKind({
  kind: 'sink',
  label: 'Sink',
  description: 'Consumes messages and records end-to-end latency.',
  params: sinkParamsSchema,
  role: 'collector',
  ports: fixedPorts(['in'], []),
  // The role is read by the host (totals, live rates), not by the kernel: it applies live.
  liveRefusal: () => undefined,
  metrics: {
    percentiles: 'latency',
    counters: [],
    collects: (p) => p.role,
    collecting: (p, role) => ({ ...p, role }),
  },
  fbp: {
    component: /^(output|drop|sink|console|log|discard)$|sink$/i,
    params: (c) => (c.outputs > 0 ? undefined : {}),
  },
  kernel: () => createSinkKernel(),
});
