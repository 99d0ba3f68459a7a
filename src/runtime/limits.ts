/**
 * Plan limits: what a run may create, checked from the graph before anything
 * is allocated, so a small document cannot ask for a million channels or
 * gigabytes of shared memory. Each refusal is a sentence that names the
 * limit, the value, the limit and by how much, and what to change (the node
 * or edge that contributes most).
 *
 * - `planLimitProblems` counts from the graph alone (no plan, no placement):
 *   instances = the sum of every node's instances; channels = per edge,
 *   producer instances × consumer instances; ring bytes (SAB transport only)
 *   = per edge, channels × the ring one channel gets, counted as if every
 *   channel crossed workers (an upper bound: same-worker channels get no
 *   ring); workers 1 … 64; duration ≤ 24 h.
 * - `frameProblems` runs on a built plan (before its rings are allocated):
 *   a message the plan knows to be larger than the ring of a cross-worker
 *   channel can carry (a batch of many large messages) is refused, naming
 *   the edge and the sizes.
 * - `allocationProblem` turns a failed SharedArrayBuffer allocation into a
 *   sentence.
 *
 * Pure: no DOM, no Node imports. Allocates a few numbers per node and edge.
 */
import { LIMITS } from '../core/schema-kit.ts';
import { type Graph, type GraphEdge, type GraphNode, kindDef } from '../graph/model.ts';
import { edgeSizing, instanceCount, knownFrameBytes, type Plan } from './plan.ts';
import { FRAME_PREFIX_BYTES, FrameRing } from './ringbuf/frame-ring.ts';

/** The plan limits (documented in docs/graph-format.md, Limits). */
export const PLAN_LIMITS = {
  /** Node instances in one run (a cpu-mode process runs one per slot). */
  maxInstances: 8192,
  /** Channels in one run (one per producer-instance × consumer-instance pair of each edge). */
  maxChannels: 32_768,
  /** Shared memory for the rings of a SAB run, every channel counted as crossing workers. */
  maxRingBytes: 1024 * 1024 * 1024,
  /** Worker threads of a run. */
  maxWorkers: LIMITS.maxWorkers,
  /** Longest run (24 h), warm-up included. */
  maxDurationMs: 24 * 3600 * 1000,
} as const;

/** How a graph is about to run: the data plane of a real run, or a prediction. */
export type RunMode = 'sab' | 'postmessage' | 'virtual';

export interface LimitOptions {
  mode: RunMode;
  /** Worker count asked for (flag, option); else the graph's, else the machine default. */
  workers?: number;
  /** Duration asked for (ms); else the graph's. */
  durationMs?: number;
}

/** What a plan of the graph would create, counted without building it. */
export interface PlanCounts {
  instances: number;
  channels: number;
  /** Upper bound of the rings' shared memory (every channel crossing workers). */
  ringBytes: number;
}

const n = (x: number) => Math.round(x).toLocaleString('en');

/** "1.5 GiB", "320 MiB", "4 KiB", "12 bytes". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${n(v)} bytes`;
  return `${Number(v.toPrecision(3)).toLocaleString('en')} ${units[u]}`;
}

/** `"Label" (id)` or `"id"`: how sentences name a node. */
export function nodeName(node: Pick<GraphNode, 'id' | 'label'>): string {
  return node.label !== undefined && node.label !== '' && node.label !== node.id
    ? `"${node.label}" (${node.id})`
    : `"${node.id}"`;
}

/** `edge "e2" ("A" → "B")`: how sentences name an edge. */
function edgeName(graph: Graph, edge: GraphEdge): string {
  const label = (id: string) => {
    const node = graph.nodes.find((x) => x.id === id);
    return `"${node?.label ?? id}"`;
  };
  return `edge "${edge.id}" (${label(edge.from.node)} → ${label(edge.to.node)})`;
}

/** The bytes one ring of `ringBytes` data bytes takes in the rings SAB (as `ringLayout` lays it out). */
function ringFootprint(ringBytes: number): number {
  return (FrameRing.bytesFor(ringBytes) + 127) & ~127;
}

/**
 * Counts instances, channels and (with `rings`) the ring bytes' upper bound
 * of `graph`. Pure, O(nodes + edges); the ring bytes need the message-size
 * estimate (a few passes over the edges).
 */
export function planCounts(
  graph: Graph,
  rings = true,
): PlanCounts & { perNode: number[]; perEdge: { channels: number; ringBytes: number }[] } {
  const perNode = graph.nodes.map(instanceCount);
  const index = new Map(graph.nodes.map((x, i) => [x.id, i]));
  const sizing = rings ? edgeSizing(graph) : undefined;
  const perEdge = graph.edges.map((e, i) => {
    const channels = perNode[index.get(e.from.node)!]! * perNode[index.get(e.to.node)!]!;
    const ring = sizing?.[i];
    return {
      channels,
      ringBytes: ring === undefined ? 0 : channels * ringFootprint(ring.ringBytes),
    };
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    instances: sum(perNode),
    channels: sum(perEdge.map((e) => e.channels)),
    ringBytes: sum(perEdge.map((e) => e.ringBytes)),
    perNode,
    perEdge,
  };
}

function argmax(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

/** "concurrency 1024 in cpu mode, …" for a node with many instances, or a plain fallback. */
function instancesAdvice(node: GraphNode): string {
  const note = (
    kindDef(node.kind).plan?.instancesNote as ((p: unknown) => string | undefined) | undefined
  )?.(node.params);
  return note ?? 'lower its instance count';
}

/**
 * Every plan limit `graph` exceeds when run as `options` says, as sentences
 * (empty when it is within them). Counts only; allocates nothing sizeable.
 */
export function planLimitProblems(graph: Graph, options: LimitOptions): string[] {
  const problems: string[] = [];
  const L = PLAN_LIMITS;
  const workers = options.workers ?? graph.run.workers;
  if (
    workers !== undefined &&
    !(Number.isInteger(workers) && workers >= 1 && workers <= L.maxWorkers)
  )
    problems.push(
      workers > L.maxWorkers
        ? `workers: ${n(workers)} is over the limit of ${L.maxWorkers} by ${n(workers - L.maxWorkers)}; ask for 1 to ${L.maxWorkers} workers`
        : `workers: ${String(workers)} is not a whole number from 1 to ${L.maxWorkers}; ask for 1 to ${L.maxWorkers} workers`,
    );
  const durationMs = options.durationMs ?? graph.run.durationMs;
  if (!(durationMs > 0 && durationMs <= L.maxDurationMs))
    problems.push(
      durationMs > L.maxDurationMs
        ? `duration: ${n(durationMs)} ms is over the limit of ${n(L.maxDurationMs)} ms (24 h) by ${n(durationMs - L.maxDurationMs)} ms; run for at most 24 h`
        : `duration: ${String(durationMs)} ms is not a duration; run for more than 0 ms and at most 24 h`,
    );

  const counts = planCounts(graph, options.mode === 'sab');
  if (counts.instances > L.maxInstances) {
    const top = argmax(counts.perNode);
    const node = graph.nodes[top]!;
    problems.push(
      `instances: this graph would run ${n(counts.instances)} node instances, over the limit of ${n(L.maxInstances)} by ${n(counts.instances - L.maxInstances)}; ` +
        `the most come from ${nodeName(node)}, ${n(counts.perNode[top]!)} instances (${instancesAdvice(node)})`,
    );
  }
  const topEdge = () => {
    const i = argmax(counts.perEdge.map((e) => e.channels));
    const edge = graph.edges[i]!;
    const from = graph.nodes.find((x) => x.id === edge.from.node)!;
    const to = graph.nodes.find((x) => x.id === edge.to.node)!;
    const ends = [from, to].filter((x) => instanceCount(x) > 1);
    const notes = [...new Set(ends.map(instancesAdvice))];
    const advice =
      ends.length === 0
        ? 'lower its capacity'
        : notes.length === 1
          ? `lower the instances of ${ends.map(nodeName).join(' or ')} (${notes[0]!})`
          : `lower the instances of ${ends.map((x) => `${nodeName(x)} (${instancesAdvice(x)})`).join(' or ')}`;
    return { i, edge, from, to, advice };
  };
  if (counts.channels > L.maxChannels) {
    const t = topEdge();
    problems.push(
      `channels: this graph would need ${n(counts.channels)} channels, over the limit of ${n(L.maxChannels)} by ${n(counts.channels - L.maxChannels)}; ` +
        `${edgeName(graph, t.edge)} alone needs ${n(counts.perEdge[t.i]!.channels)} (${n(instanceCount(t.from))} producer × ${n(instanceCount(t.to))} consumer instances, one channel per pair): ${t.advice}`,
    );
  }
  if (options.mode === 'sab' && counts.ringBytes > L.maxRingBytes) {
    const i = argmax(counts.perEdge.map((e) => e.ringBytes));
    const edge = graph.edges[i]!;
    problems.push(
      `ring memory: this graph's rings could take ${formatBytes(counts.ringBytes)} of shared memory (every channel counted as crossing workers), over the limit of ${formatBytes(L.maxRingBytes)} by ${formatBytes(counts.ringBytes - L.maxRingBytes)}; ` +
        `${edgeName(graph, edge)} takes the most, ${formatBytes(counts.perEdge[i]!.ringBytes)} for ${n(counts.perEdge[i]!.channels)} channel${counts.perEdge[i]!.channels === 1 ? '' : 's'}: lower its capacity, the size of the messages on it or the instances of its ends (or use the postmessage transport, which has no rings)`,
    );
  }
  return problems;
}

/**
 * Messages the plan knows cannot fit the ring of a channel that crosses
 * workers on the SAB transport (one sentence per edge). Run on a built plan,
 * before the rings are allocated; empty for other transports and predictions.
 */
export function frameProblems(plan: Plan, mode: RunMode): string[] {
  if (mode !== 'sab') return [];
  const graph = plan.graph;
  const known = knownFrameBytes(graph);
  const index = new Map(graph.nodes.map((x, i) => [x.id, i]));
  const incoming = graph.nodes.map(() => 0);
  for (const e of graph.edges) {
    const from = index.get(e.from.node)!;
    const to = index.get(e.to.node)!;
    incoming[to] = Math.max(incoming[to]!, known[from]!);
  }
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const ch of plan.channels) {
    if (!ch.crossWorker || seen.has(ch.edgeIndex)) continue;
    const edge = graph.edges[ch.edgeIndex]!;
    const from = index.get(edge.from.node)!;
    const bytes = known[from]!;
    const max = ch.ringBytes - FRAME_PREFIX_BYTES;
    if (bytes <= max) continue;
    seen.add(ch.edgeIndex);
    const node = graph.nodes[from]!;
    const made =
      incoming[from]! > 0 ? `, made of messages of up to ${n(incoming[from]!)} bytes` : '';
    problems.push(
      `message size: ${edgeName(graph, edge)} crosses workers, so each message must fit its ring, at most ${n(max)} bytes, but ${nodeName(node)} sends messages of up to ${n(bytes)} bytes (${n(bytes - max)} over)${made}; ` +
        `make them smaller (a smaller batch size or payload), keep both ends on one worker (the nodes' "worker" field), or use the postmessage transport`,
    );
  }
  return problems;
}

/**
 * A failed allocation of `bytes` (`what`: "the rings") as a sentence, or
 * undefined when `err` is not an allocation failure (a RangeError).
 */
export function allocationProblem(err: unknown, what: string, bytes: number): string | undefined {
  if (!(err instanceof RangeError)) return undefined;
  return `memory: could not allocate ${formatBytes(bytes)} for ${what} (${err.message}); nothing ran. Lower the capacities, message sizes or instance counts, or close other tabs and programs`;
}

/** A run refused before it started: its sentences say why. */
export class RunRefusedError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join(' '));
    this.name = 'RunRefusedError';
  }
}

/**
 * `new SharedArrayBuffer(bytes)`, or a RunRefusedError with a sentence when
 * the environment refuses the allocation.
 */
export function allocateShared(bytes: number, what: string): SharedArrayBuffer {
  try {
    return new SharedArrayBuffer(bytes);
  } catch (err) {
    const problem = allocationProblem(err, what, bytes);
    if (problem === undefined) throw err;
    throw new RunRefusedError([problem]);
  }
}
