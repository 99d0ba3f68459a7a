/** Cache: an LRU cache by key; hits and misses leave by different ports. */
import { defineKind, fixedPorts, NEXT_RUN } from '../kind.ts';
import { createCacheKernel } from './kernel.ts';
import { cacheParamsSchema } from './params.ts';

export const cache = defineKind({
  kind: 'cache',
  label: 'Cache',
  description: 'LRU cache by key: hits and misses leave by different ports.',
  params: cacheParamsSchema,
  role: 'stage',
  ports: fixedPorts(['in'], ['hit', 'miss']),
  liveRefusal: (started, after) =>
    started.capacity !== after.capacity ? 'a cache capacity change' : undefined,
  liveNotes: () => ({ capacity: NEXT_RUN }),
  metrics: { counters: ['hits', 'misses'] },
  fbp: {
    component: /cache/i,
    params: () => ({}),
    portSynonyms: { miss: ['miss', 'missed'], hit: ['hit'] },
  },
  kernel: (p) => createCacheKernel(p),
});
