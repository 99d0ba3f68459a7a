/**
 * Utilization, one rule for the live view and the report: occupied slot time
 * (`I.busyUs`, what a node's kernel reports with `Emitter.occupy`, summed
 * over its instances) over its slots (`KindDef.metrics.utilization`) and the
 * measured time, clamped to 0..1. Kinds without the rule have none (null).
 *
 * Pure: no DOM, no React, no store.
 */
import { type GraphNode, kindDef } from '../graph/model.ts';

/** How a node's utilization reads from the metrics block. */
export interface UtilizationRule {
  /** Slots whose occupied time is counted (the denominator per second). */
  slots: number;
}

/** The rule for `node` run as `instances` instances, or undefined when it has no utilization. */
export function utilizationRule(node: GraphNode, instances: number): UtilizationRule | undefined {
  const u = kindDef(node.kind).metrics.utilization;
  if (u === undefined) return undefined;
  return { slots: u.slots(node.params, instances) };
}

/**
 * Occupied slot µs over `slots` × `seconds`, clamped to 0..1 (0 when no time
 * has passed). The live sampler (over its window) and the report (over the
 * measured interval) both call this.
 */
export function utilization(busyUs: number, slots: number, seconds: number): number {
  if (!(slots > 0) || !(seconds > 0)) return 0;
  return Math.min(1, Math.max(0, busyUs / (slots * seconds * 1e6)));
}
