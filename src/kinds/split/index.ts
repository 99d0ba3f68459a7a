/** Split: routes each message to one output (or all) by a policy. */
import { LIMITS } from '../../core/schema-kit.ts';
import { defineKind, numberedPorts, NEXT_RUN } from '../kind.ts';
import { createSplitKernel } from './kernel.ts';
import { splitParamsSchema } from './params.ts';

export const split = defineKind({
  kind: 'split',
  label: 'Split',
  description: 'Routes each message to one output (or all) by a policy.',
  params: splitParamsSchema,
  role: 'stage',
  ports: (p) => ({ inputs: ['in'], outputs: numberedPorts('out', p.outputs) }),
  plan: { copiesToEveryOutput: (p) => p.policy === 'broadcast' },
  liveRefusal: (started, after) =>
    started.outputs !== after.outputs ? 'a change in the number of outputs' : undefined,
  liveNotes: () => ({ outputs: NEXT_RUN }),
  metrics: { counters: [] },
  fbp: {
    component: /split(?!(array|str|string|object|lines?)$)/i,
    // NoFlo's core/Split copies each packet to every connection on its `out` port.
    params: (c) =>
      c.outputs > LIMITS.maxPorts
        ? undefined
        : { policy: 'broadcast', outputs: Math.max(2, c.outputs) },
    numberedPorts: 'outputs',
  },
  kernel: (p, env) => createSplitKernel(p, env),
});
