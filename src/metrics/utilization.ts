/**
 * Utilization, one rule for the live view and the report: the busy time a
 * node's kind names (`KindDef.metrics.utilization`) over its slots and the
 * measured time, clamped to 0..1. Kinds without the rule have none (null).
 *
 * Pure: no DOM, no React, no store.
 */
import { type GraphNode, kindDef } from '../graph/model.ts';
import { I } from '../runtime/metrics-block.ts';

/** How a node's utilization reads from the metrics block. */
export interface UtilizationRule {
  /** Slots whose busy time is counted (the denominator per second). */
  slots: number;
  /** Instance field (`I.busyUs` or `I.serviceSumUs`) holding the busy µs. */
  busyField: number;
}

/** The rule for `node` run as `instances` instances, or undefined when it has no utilization. */
export function utilizationRule(node: GraphNode, instances: number): UtilizationRule | undefined {
  const u = kindDef(node.kind).metrics.utilization;
  if (u === undefined) return undefined;
  return { slots: u.slots(node.params, instances), busyField: I[u.busy(node.params)] };
}

/** Busy µs over `slots` × `seconds`, clamped to 0..1 (0 when no time has passed). */
export function utilization(busyUs: number, slots: number, seconds: number): number {
  if (!(slots > 0) || !(seconds > 0)) return 0;
  return Math.min(1, Math.max(0, busyUs / (slots * seconds * 1e6)));
}
