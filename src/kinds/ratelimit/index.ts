/** Rate limit: a token bucket that delays or drops messages over the rate. */
import { defineKind, fixedPorts } from '../kind.ts';
import { createRatelimitKernel } from './kernel.ts';
import { ratelimitParamsSchema } from './params.ts';

export const ratelimit = defineKind({
  kind: 'ratelimit',
  label: 'Rate limit',
  description: 'Token bucket: delays or drops messages over the rate.',
  params: ratelimitParamsSchema,
  role: 'stage',
  outputMeaning: { dropped: 'shed' },
  ports: fixedPorts(['in'], ['out', 'dropped']),
  liveRefusal: () => undefined,
  metrics: { counters: ['drops'] },
  fbp: {
    component: /ratelimit|throttle/i,
    params: () => ({}),
    portSynonyms: { dropped: ['dropped', 'drop', 'limited'] },
  },
  kernel: (p) => createRatelimitKernel(p),
});
