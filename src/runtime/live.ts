/**
 * Which parameter changes a running graph can take. Each kind says so in its
 * declaration (`liveRefusal`); two rules hold for every kind because the plan
 * fixed them at the start: no more instances than the run started (fewer are
 * parked: they take no new work), and no larger messages than its channels
 * were sized for. The kernels refuse what they cannot take too (their
 * `setParams` returns false), but the host checks here first so a person is
 * told, instead of the change being dropped inside a worker.
 *
 * Changes are judged against the node as the run *started*: a change that was
 * refused never reached the run, so the start is what the run still has of
 * the refused fields.
 *
 * Pure: no DOM, no React, no store.
 */
import { type GraphNode, kindDef } from '../graph/model.ts';
import { NEXT_RUN } from '../kinds/kind.ts';
import { MSG_HEADER_BYTES } from './codec.ts';

/** A representative incoming frame for comparing frame sizes (any positive size orders the same). */
const PROBE_FRAME_BYTES = 64;

/**
 * What the inspector says under a node field during a live run, before the
 * person edits it, or undefined when any valid change applies live.
 * @param path the field's path from the node (`['params', 'concurrency']`, `['worker']`).
 */
export function liveFieldNote(started: GraphNode, path: readonly string[]): string | undefined {
  if (path[0] === 'label') return undefined;
  if (path[0] !== 'params') return NEXT_RUN;
  const def = kindDef(started.kind);
  if (def.liveRefusal === undefined) return NEXT_RUN;
  return def.liveNotes?.(started.params)[path.slice(1).join('.')];
}

/**
 * Why changing the node from how the run `started` into `after` cannot apply
 * to the live run, as a phrase ("a process mode change"), or undefined when
 * it can.
 */
export function liveChangeRefusal(started: GraphNode, after: GraphNode): string | undefined {
  if (started.kind !== after.kind) return 'a node changed kind';
  const def = kindDef(after.kind);
  if (def.liveRefusal === undefined) return `${def.kind} nodes take new parameters on the next run`;
  const own = def.liveRefusal(started.params, after.params);
  if (own !== undefined) return own;
  const instances = def.plan?.instances;
  if (instances !== undefined) {
    const was = instances(started.params);
    const now = instances(after.params);
    if (now > was)
      return `more instances (${now}) than this run started (${was}; fewer apply live)`;
  }
  const frameOut = def.plan?.frameOut;
  if (
    frameOut !== undefined &&
    frameOut(after.params, PROBE_FRAME_BYTES, MSG_HEADER_BYTES) >
      frameOut(started.params, PROBE_FRAME_BYTES, MSG_HEADER_BYTES)
  )
    return "larger messages than this run's channels were sized for (smaller apply live)";
  return undefined;
}
