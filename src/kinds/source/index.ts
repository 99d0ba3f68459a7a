/** Source: emits messages at a rate (constant, Poisson or bursts). */
import { defineKind, fixedPorts } from '../kind.ts';
import { createSourceKernel } from './kernel.ts';
import { sourceParamsSchema } from './params.ts';

const pad8 = (n: number) => (n + 7) & ~7;

export const source = defineKind({
  kind: 'source',
  label: 'Source',
  description: 'Emits messages at a rate (constant, Poisson or bursts).',
  params: sourceParamsSchema,
  role: 'generator',
  ports: fixedPorts([], ['out']),
  finite: (p) => p.limit !== undefined,
  plan: {
    weight: (p) => (p.rate === 'max' ? 1 : Math.min(1, p.rate / 200_000)),
    offeredRate: (p) => (p.rate === 'max' ? 1_000_000 : p.rate),
    frameOut: (p, _in, header) => header + pad8(p.payloadBytes),
  },
  liveRefusal: () => undefined,
  liveNotes: (p) => ({
    payloadBytes: `this run's channels fit ${p.payloadBytes} bytes: smaller applies now, larger on the next run`,
  }),
  metrics: { counters: [] },
  fbp: {
    component:
      /^(repeat|kick|source|generator|generate|interval|runinterval|timer|clock|tick|ticker)$|source$|generator$/i,
    params: (c) => (c.inputs > 0 ? undefined : {}),
  },
  kernel: (p, env) => createSourceKernel(p, env),
});
