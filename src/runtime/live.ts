/**
 * Which parameter changes a running graph can take. Each kind says so in its
 * declaration (`liveRefusal`); the kernels refuse the others too (their
 * `setParams` returns false), but the host checks here first so a person is
 * told, instead of the change being dropped inside a worker.
 *
 * Pure: no DOM, no React, no store.
 */
import { type GraphNode, kindDef } from '../graph/model.ts';

/**
 * Why changing `before` into `after` cannot apply to a live run, as a phrase
 * ("a process mode change"), or undefined when it can.
 */
export function liveChangeRefusal(before: GraphNode, after: GraphNode): string | undefined {
  if (before.kind !== after.kind) return 'a node changed kind';
  const def = kindDef(after.kind);
  if (def.liveRefusal === undefined) return `${def.kind} nodes take new parameters on the next run`;
  return def.liveRefusal(before.params, after.params);
}
