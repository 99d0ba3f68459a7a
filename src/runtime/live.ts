/**
 * Which parameter changes a running graph can take. The kernels refuse the
 * others (their `setParams` returns false); the host checks here first so a
 * person is told, instead of the change being dropped inside a worker.
 *
 * Pure: no DOM, no React, no store.
 */
import type { GraphNode } from '../graph/model.ts';

const LIVE_KINDS = new Set<GraphNode['kind']>([
  'source',
  'process',
  'batch',
  'cache',
  'delay',
  'filter',
  'ratelimit',
  'split',
]);

/**
 * Why changing `before` into `after` cannot apply to a live run, as a phrase
 * ("a process mode change"), or undefined when it can.
 */
export function liveChangeRefusal(before: GraphNode, after: GraphNode): string | undefined {
  if (before.kind !== after.kind) return 'a node changed kind';
  if (!LIVE_KINDS.has(after.kind)) return `${after.kind} nodes take new parameters on the next run`;
  if (before.kind === 'process' && after.kind === 'process') {
    if (before.params.mode !== after.params.mode) return 'a process mode change';
    if (after.params.mode === 'cpu' && before.params.concurrency !== after.params.concurrency)
      return 'a cpu-mode concurrency change (a different number of instances)';
  }
  if (before.kind === 'split' && after.kind === 'split') {
    if (before.params.outputs !== after.params.outputs) return 'a change in the number of outputs';
  }
  if (before.kind === 'cache' && after.kind === 'cache') {
    if (before.params.capacity !== after.params.capacity) return 'a cache capacity change';
  }
  return undefined;
}
