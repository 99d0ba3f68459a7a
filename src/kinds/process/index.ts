/** Process: a service stage with service time, concurrency, errors, retries, timeouts and a breaker. */
import { defineKind, fixedPorts } from '../kind.ts';
import { createProcessKernel } from './kernel.ts';
import { processParamsSchema } from './params.ts';

export const process = defineKind({
  kind: 'process',
  label: 'Process',
  description: 'A service stage: service time, concurrency, errors, retries.',
  params: processParamsSchema,
  role: 'stage',
  outputMeaning: { error: 'failed' },
  ports: fixedPorts(['in'], ['out', 'error']),
  mayStall: true,
  plan: {
    // cpu mode burns one thread per slot: c instances; wait mode is one instance with c slots.
    instances: (p) => (p.mode === 'cpu' ? p.concurrency : 1),
    instancesNote: (p) =>
      p.mode === 'cpu'
        ? `concurrency ${p.concurrency} in cpu mode runs one instance per slot: lower it, or use wait mode, one instance with ${p.concurrency} slots`
        : undefined,
    weight: (p, instances, inRate) => {
      // At least one item per message: the batch size reaching it is not known here.
      const busy =
        p.mode === 'cpu' ? (inRate / instances) * ((p.service.meanMs + p.perItemMs) / 1000) : 0;
      return Math.min(1, busy + inRate / 1_000_000);
    },
  },
  liveRefusal: (before, after) => {
    if (before.mode !== after.mode) return 'a process mode change';
    if (after.mode === 'cpu' && before.concurrency !== after.concurrency)
      return 'a cpu-mode concurrency change (a different number of instances)';
    return undefined;
  },
  metrics: {
    utilization: {
      slots: (p, instances) => (p.mode === 'cpu' ? instances : p.concurrency),
    },
    percentiles: 'service',
    counters: ['errors', 'retries', 'timeouts', 'rejected'],
    breaker: (p) => p.breaker !== undefined,
  },
  fbp: { params: () => ({}), portSynonyms: { error: ['error', 'err'] } },
  kernel: (p, env) => createProcessKernel(p, env),
});
