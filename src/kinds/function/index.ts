/**
 * Function: the user's own JavaScript, run inside a worker. Its code is
 * compiled only when a kernel is created (in a worker), never on import.
 */
import { defineKind, fixedPorts } from '../kind.ts';
import { createFunctionKernel } from './kernel.ts';
import { functionParamsSchema, PASS_THROUGH_CODE } from './params.ts';

export const fn = defineKind({
  kind: 'function',
  label: 'Function',
  description: 'Your own JavaScript, run inside a worker.',
  params: functionParamsSchema,
  role: 'stage',
  ports: fixedPorts(['in'], ['out']),
  code: (p) => p.code,
  mayStall: true,
  plan: {
    weight: (_p, _instances, inRate) => Math.min(1, inRate / 200_000 + 0.05),
    // User code may build larger messages than it receives.
    frameOut: (_p, inFrame) => Math.max(inFrame, 1024),
    frameOutGuessed: true,
  },
  // One instance, one slot: the share of the time its user code ran.
  metrics: { utilization: { slots: () => 1 }, percentiles: 'service', counters: ['errors'] },
  // Any FBP component Flowbench has no kind for becomes a pass-through function.
  fbp: { params: () => ({ code: PASS_THROUGH_CODE }), fallback: true },
  kernel: (p, env, nodeId) => createFunctionKernel(nodeId, p, env),
});
