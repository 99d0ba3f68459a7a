/**
 * The bottleneck rule the live view marks: the busiest stage, else the
 * consumer of the fullest queue.
 *
 * Pure: no DOM, no React, no store. Allocates nothing.
 */

/** Utilization above which a process counts as the bottleneck. */
export const BOTTLENECK_UTILIZATION = 0.8;
/** Fill above which a queue marks its consumer as the bottleneck. */
export const BOTTLENECK_FILL = 0.5;

/**
 * The bottleneck node index: the node with the highest utilization, when it
 * is at least `BOTTLENECK_UTILIZATION`; else the node the fullest queue sits
 * in front of (the consumer of the fullest edge, which cannot keep up), when
 * that edge is at least `BOTTLENECK_FILL` full.
 * @param edgeTo consumer node index per edge.
 * @returns -1 when nothing stands out.
 */
export function findBottleneck(
  nodeUtil: Float64Array,
  edgeFill: Float64Array,
  edgeTo: Int32Array,
): number {
  let best = -1;
  let bestU = BOTTLENECK_UTILIZATION;
  for (let i = 0; i < nodeUtil.length; i++) {
    const u = nodeUtil[i]!;
    if (u === u && u >= bestU) {
      best = i;
      bestU = u;
    }
  }
  if (best >= 0) return best;
  let bestE = -1;
  let bestF = BOTTLENECK_FILL;
  for (let e = 0; e < edgeFill.length; e++) {
    if (edgeFill[e]! >= bestF) {
      bestE = e;
      bestF = edgeFill[e]!;
    }
  }
  return bestE >= 0 ? (edgeTo[bestE] ?? -1) : -1;
}
