/**
 * How an edge's capacity (messages) is shared among its channels. An edge
 * runs as one channel per (producer instance, consumer instance) pair (a
 * `process` node in `cpu` mode with concurrency c is c instances; every other
 * node is one), and the edge's capacity is divided exactly among them: 8 over
 * 2 channels is 4 + 4, 10 over 3 is 4 + 3 + 3. The total never exceeds what
 * the person set, except when the capacity is smaller than the number of
 * channels: each channel then holds 1 message (a channel of 0 could never
 * carry one), and the validator warns with the numbers (`capacityWarning`).
 *
 * Pure: no DOM, no React, no store. Used by the validator and the run plan.
 */
import type { Graph, GraphEdge, GraphNode } from './model.ts';
import { kindDef } from '../kinds/index.ts';

/** Instances a node runs as (cpu-mode process: its concurrency; others: 1). */
export function instanceCount(node: GraphNode): number {
  return kindDef(node.kind).plan?.instances?.(node.params) ?? 1;
}

/**
 * Capacity of channel `k` of `channels` sharing `capacity` messages: the
 * first `capacity mod channels` get one more; each gets at least 1.
 */
export function channelShare(capacity: number, channels: number, k: number): number {
  const n = Math.max(1, Math.floor(channels));
  const c = Math.max(1, Math.floor(capacity));
  const base = Math.floor(c / n);
  return Math.max(1, base + (k < c - base * n ? 1 : 0));
}

/** Capacities of `channels` channels sharing `capacity` messages (see `channelShare`). */
export function shareCapacity(capacity: number, channels: number): number[] {
  const n = Math.max(1, Math.floor(channels));
  return Array.from({ length: n }, (_, k) => channelShare(capacity, n, k));
}

/** The capacity an edge runs with: its own, or its channel count when that is larger. */
export function capacityInForce(capacity: number, channels: number): number {
  return Math.max(Math.floor(capacity), Math.max(1, Math.floor(channels)));
}

/** Channels of an edge: producer instances × consumer instances (1 when an end is missing). */
export function edgeChannelCount(graph: Pick<Graph, 'nodes'>, edge: GraphEdge): number {
  const from = graph.nodes.find((n) => n.id === edge.from.node);
  const to = graph.nodes.find((n) => n.id === edge.to.node);
  return (from ? instanceCount(from) : 1) * (to ? instanceCount(to) : 1);
}

/**
 * The sentence for an edge whose capacity cannot be shared among its
 * channels, or undefined when it can.
 */
export function capacityWarning(
  graph: Pick<Graph, 'nodes'>,
  edge: GraphEdge,
  channels = edgeChannelCount(graph, edge),
): string | undefined {
  if (edge.capacity >= channels) return undefined;
  const from = graph.nodes.find((n) => n.id === edge.from.node);
  const to = graph.nodes.find((n) => n.id === edge.to.node);
  const count = (n: GraphNode | undefined) => (n ? instanceCount(n) : 1);
  return (
    `capacity ${edge.capacity} of edge ${JSON.stringify(edge.id)} cannot be shared among its ` +
    `${channels} channels (${count(from)} producer × ${count(to)} consumer instances): each ` +
    `channel needs room for 1 message, so up to ${channels} can wait; set the capacity to at ` +
    `least ${channels}`
  );
}
