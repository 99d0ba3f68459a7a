/** Filter: passes a share of messages (or keys below a bound) and rejects the rest. */
import { defineKind, fixedPorts } from '../kind.ts';
import { createFilterKernel } from './kernel.ts';
import { filterParamsSchema } from './params.ts';

export const filter = defineKind({
  kind: 'filter',
  label: 'Filter',
  description: 'Passes a share of messages, rejects the rest.',
  params: filterParamsSchema,
  role: 'stage',
  outputMeaning: { rejected: 'shed' },
  ports: fixedPorts(['in'], ['out', 'rejected']),
  liveRefusal: () => undefined,
  metrics: { counters: [] },
  fbp: {
    component: /filter/i,
    params: () => ({}),
    portSynonyms: { rejected: ['rejected', 'reject', 'missed', 'fail', 'false'] },
  },
  kernel: (p, env) => createFilterKernel(p, env),
});
