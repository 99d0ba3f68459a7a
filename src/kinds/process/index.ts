/** Process: a service stage with service time, concurrency, errors, retries, timeouts and a breaker. */
import { defineKind, fixedPorts, NEXT_RUN } from '../kind.ts';
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
  // cpu mode: concurrency is the number of instances taking work; fewer than
  // the run started apply live (the others are parked), more only on the next
  // run (a rule for every kind with instances, in runtime/live.ts).
  liveRefusal: (started, after) =>
    started.mode !== after.mode ? 'a process mode change' : undefined,
  liveNotes: (p) => ({
    mode: NEXT_RUN,
    ...(p.mode === 'cpu'
      ? {
          concurrency: `this run started ${p.concurrency} instance${p.concurrency === 1 ? '' : 's'}: fewer apply now (the rest are parked), more on the next run`,
        }
      : {}),
  }),
  metrics: {
    utilization: {
      // Parked cpu instances (a concurrency lowered live) are not slots.
      slots: (p, instances) =>
        p.mode === 'cpu' ? Math.min(instances, p.concurrency) : p.concurrency,
    },
    percentiles: 'service',
    counters: ['errors', 'retries', 'timeouts', 'rejected'],
    breaker: (p) => p.breaker !== undefined,
  },
  fbp: { params: () => ({}), portSynonyms: { error: ['error', 'err'] } },
  kernel: (p, env) => createProcessKernel(p, env),
});
