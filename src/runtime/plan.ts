/**
 * Plan: a validated graph → node instances, channels and a worker assignment.
 *
 * - Instances: a kind's declaration says how many instances a node runs
 *   (`plan.instances`: a `process` node in `cpu` mode with concurrency c
 *   becomes c instances, each burning one thread; in `wait` mode it is one
 *   instance with c in-flight slots). Every other node is one instance.
 * - One channel per (producer instance, consumer instance) pair of every edge:
 *   an SPSC ring when the two are on different workers, an in-memory FIFO when
 *   they share one (`crossWorker`). The edge capacity (messages) is shared
 *   exactly among its channels (`graph/capacity.ts`: 8 over 2 is 4 + 4; 1 each
 *   when there are more channels than messages, which the validator warns
 *   about). Ring bytes follow from a channel's capacity and the largest
 *   message that can reach the edge; they are transport room only: the
 *   message count is the limit (transport/counted-out.ts).
 * - Instances are assigned to W workers: pinned nodes first (`worker`, modulo
 *   W); then the nodes, in topological order (cycles broken by document
 *   order), fill the workers with contiguous runs of roughly equal estimated
 *   weight, so a chain crosses workers at most W − 1 times; the instances of a
 *   multi-instance node are spread round robin from the current worker on (so
 *   different workers while there are enough). Deterministic: every worker
 *   rebuilds the same plan from the graph.
 *
 * Pure: no DOM, no React, no store, no Node imports. Allocates freely (runs once).
 */
import { channelShare, instanceCount } from '../graph/capacity.ts';
import { LIMITS } from '../core/schema-kit.ts';
import { type Graph, type GraphNode, kindDef, portsOf } from '../graph/model.ts';
import { MSG_HEADER_BYTES } from './codec.ts';
import { FRAME_PREFIX_BYTES } from './ringbuf/frame-ring.ts';

export interface PlanInstance {
  /** Index in `plan.instances`. */
  index: number;
  nodeIndex: number;
  nodeId: string;
  kind: GraphNode['kind'];
  /** 0-based instance number within the node, and the node's instance count. */
  instance: number;
  instances: number;
  worker: number;
  /** Estimated CPU share (0..n) used for partitioning. */
  weight: number;
  /** Channels feeding this instance, per input port index. */
  inputs: number[][];
  /** Channels leaving this instance, per output port index, grouped by edge. */
  outputs: { edge: number; channels: number[] }[][];
}

export interface PlanChannel {
  index: number;
  edgeIndex: number;
  edgeId: string;
  from: number;
  fromPort: number;
  to: number;
  toPort: number;
  /** Message capacity: this channel's exact share of the edge capacity (≥ 1). */
  capacity: number;
  /**
   * Ring data bytes (a power of two, as the ring needs): room for `capacity` of the largest frames
   * (each `frameBytes` plus the ring's length prefix) and `frameBytes` more of
   * headroom for the wrap, clamped to 4 KiB … 64 MiB. Used only when
   * `crossWorker` (a same-worker channel is an in-memory FIFO).
   */
  ringBytes: number;
  /**
   * Largest encoded message expected on this channel (codec header + payload,
   * batch members included): the payload of one ring frame.
   */
  frameBytes: number;
  overflow: 'block' | 'dropNewest' | 'dropOldest';
  /** True when producer and consumer instances live on different workers. */
  crossWorker: boolean;
}

export interface Plan {
  graph: Graph;
  workers: number;
  instances: PlanInstance[];
  channels: PlanChannel[];
  /** Instance indices per worker. */
  byWorker: number[][];
  /** Node index → its instance indices. */
  byNode: number[][];
}

export interface PlanOptions {
  /** Worker count; defaults to graph.run.workers, else hardwareConcurrency − 1 (at least 1). */
  workers?: number;
  hardwareConcurrency?: number;
}

const MIN_RING_BYTES = 4096;
/** Largest ring (data bytes) one channel gets; its largest frame is this less `FRAME_PREFIX_BYTES`. */
export const MAX_RING_BYTES = 64 * 1024 * 1024;
/** Estimates of a message's size stop growing here (a batch of batches of …): 2⁵² bytes. */
const SIZE_CEILING = 2 ** 52;

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Default worker count for a machine: one core stays with the UI / main
 * thread; at most `LIMITS.maxWorkers` (64) on machines with more cores.
 */
export function defaultWorkers(hardwareConcurrency: number | undefined): number {
  const hc = hardwareConcurrency !== undefined && hardwareConcurrency > 0 ? hardwareConcurrency : 2;
  return Math.min(LIMITS.maxWorkers, Math.max(1, Math.floor(hc) - 1));
}

/** Instances the engine runs for a node (its kind decides; 1 by default). */
export { instanceCount };

/** Rough CPU demand of one instance, for partitioning only. */
function instanceWeight(node: GraphNode, instances: number, inRate: number): number {
  const weight = kindDef(node.kind).plan?.weight;
  return weight !== undefined
    ? weight(node.params, instances, inRate)
    : Math.min(1, inRate / 1_000_000);
}

/** Offered rate into each node (msg/s), propagated in topological order; "max" counts as 1e6. */
function estimateRates(graph: Graph): number[] {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const offered = graph.nodes.map((n) => kindDef(n.kind).plan?.offeredRate?.(n.params));
  const rate = offered.map((r) => r ?? 0);
  const inRate = graph.nodes.map(() => 0);
  // A few relaxation rounds are enough for an estimate (cycles are bounded by the cap).
  for (let round = 0; round < Math.min(graph.nodes.length, 32); round++) {
    inRate.fill(0);
    const outDeg = graph.nodes.map(() => 0);
    for (const e of graph.edges) outDeg[index.get(e.from.node)!]! += 1;
    for (const e of graph.edges) {
      const from = index.get(e.from.node)!;
      const to = index.get(e.to.node)!;
      const fromNode = graph.nodes[from]!;
      const share =
        kindDef(fromNode.kind).plan?.copiesToEveryOutput?.(fromNode.params) === true
          ? 1
          : 1 / Math.max(1, outDeg[from]!);
      inRate[to]! += (offered[from] !== undefined ? rate[from]! : inRate[from]!) * share;
    }
    for (let i = 0; i < inRate.length; i++) inRate[i] = Math.min(inRate[i]!, 10_000_000);
  }
  return graph.nodes.map((_, i) => (offered[i] !== undefined ? rate[i]! : inRate[i]!));
}

/** Largest payload (bytes) that can arrive at each node, and the largest frame per node output. */
function estimateFrameBytes(graph: Graph): number[] {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const payloadIn = graph.nodes.map(() => 0);
  // Nodes with no inputs (sources) make their frames from nothing; the rest from what arrives.
  const origin = graph.nodes.map((n) => kindDef(n.kind).role === 'generator');
  const frameOut = graph.nodes.map((n, i) => (origin[i] ? frameOutOf(n, MSG_HEADER_BYTES) : 0));
  for (let round = 0; round <= graph.nodes.length && round < 64; round++) {
    let changed = false;
    for (const e of graph.edges) {
      const from = index.get(e.from.node)!;
      const to = index.get(e.to.node)!;
      if (frameOut[from]! > payloadIn[to]!) {
        payloadIn[to] = frameOut[from]!;
        changed = true;
      }
    }
    graph.nodes.forEach((n, i) => {
      if (origin[i]) return;
      const out = Math.min(
        frameOutOf(n, Math.max(payloadIn[i]!, MSG_HEADER_BYTES)),
        MAX_RING_BYTES / 4,
      );
      if (out !== frameOut[i]) {
        frameOut[i] = out;
        changed = true;
      }
    });
    if (!changed) break;
  }
  return frameOut;
}

/** The largest frame a node sends, given the largest it receives (unchanged by default). */
function frameOutOf(node: GraphNode, inFrameBytes: number): number {
  const frameOut = kindDef(node.kind).plan?.frameOut;
  return frameOut !== undefined
    ? frameOut(node.params, inFrameBytes, MSG_HEADER_BYTES)
    : inFrameBytes;
}

/**
 * The largest message (bytes: codec header + payload, batch members included)
 * each node is known to send, without the ring-sizing cap: a lower bound of
 * what it can send, so a refusal built on it is never wrong. One pass in
 * topological order: a node on a cycle counts only what reaches it from
 * outside the cycle, and a kind whose size is a guess (`frameOutGuessed`:
 * user code) is known to send only a header; what can grow beyond that is
 * left to the run-time check. Capped at 2⁵² bytes. Pure, O(nodes + edges).
 */
export function knownFrameBytes(graph: Graph): number[] {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const incoming: number[][] = graph.nodes.map(() => []);
  for (const e of graph.edges) incoming[index.get(e.to.node)!]!.push(index.get(e.from.node)!);
  const out = graph.nodes.map(() => 0);
  const done = graph.nodes.map(() => false);
  for (const ni of topologicalOrder(graph, index)) {
    const node = graph.nodes[ni]!;
    let inFrame = MSG_HEADER_BYTES;
    if (kindDef(node.kind).role !== 'generator')
      for (const from of incoming[ni]!) if (done[from]) inFrame = Math.max(inFrame, out[from]!);
    out[ni] =
      kindDef(node.kind).plan?.frameOutGuessed === true
        ? MSG_HEADER_BYTES
        : Math.min(SIZE_CEILING, frameOutOf(node, inFrame));
    done[ni] = true;
  }
  return out;
}

/** How the engine sizes the channels of one edge (every pair of the edge alike). */
export interface EdgeSizing {
  /** Producer instances × consumer instances: one channel each. */
  producers: number;
  consumers: number;
  /**
   * Message capacity of the edge's largest channel: the edge capacity is
   * shared exactly (graph/capacity.ts), so channels differ by at most 1.
   */
  capacity: number;
  /** The frame the ring is sized for (capped), and the ring's data bytes. */
  frameBytes: number;
  ringBytes: number;
}

/**
 * Channel sizing per edge, from the graph alone (no placement, no
 * allocation): the same numbers `buildPlan` gives its channels. Pure.
 */
export function edgeSizing(graph: Graph): EdgeSizing[] {
  const nodeIndex = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const frames = estimateFrameBytes(graph);
  const counts = graph.nodes.map(instanceCount);
  return graph.edges.map((edge) => {
    const fromNode = nodeIndex.get(edge.from.node)!;
    const producers = counts[fromNode]!;
    const consumers = counts[nodeIndex.get(edge.to.node)!]!;
    const pairs = producers * consumers;
    const capacity = channelShare(edge.capacity, pairs, 0);
    const frameBytes = Math.max(MSG_HEADER_BYTES, frames[fromNode]!);
    const ringBytes = Math.min(
      MAX_RING_BYTES,
      Math.max(MIN_RING_BYTES, nextPow2(capacity * (frameBytes + FRAME_PREFIX_BYTES) + frameBytes)),
    );
    return { producers, consumers, capacity, frameBytes, ringBytes };
  });
}

/**
 * Builds the run plan of a validated graph.
 * @returns instances, channels and the worker assignment; never mutates `graph`.
 */
export function buildPlan(graph: Graph, options: PlanOptions = {}): Plan {
  const workers = Math.max(
    1,
    Math.floor(options.workers ?? graph.run.workers ?? defaultWorkers(options.hardwareConcurrency)),
  );
  const nodeIndex = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const rates = estimateRates(graph);
  const sizing = edgeSizing(graph);

  const instances: PlanInstance[] = [];
  const byNode: number[][] = [];
  graph.nodes.forEach((node, ni) => {
    const count = instanceCount(node);
    const ports = portsOf(node);
    const ids: number[] = [];
    for (let k = 0; k < count; k++) {
      const index = instances.length;
      ids.push(index);
      instances.push({
        index,
        nodeIndex: ni,
        nodeId: node.id,
        kind: node.kind,
        instance: k,
        instances: count,
        worker: -1,
        weight: instanceWeight(node, count, rates[ni]!),
        inputs: ports.inputs.map(() => []),
        outputs: ports.outputs.map(() => []),
      });
    }
    byNode.push(ids);
  });

  assignWorkers(graph, instances, byNode, workers, nodeIndex);

  const channels: PlanChannel[] = [];
  graph.edges.forEach((edge, ei) => {
    const fromNode = nodeIndex.get(edge.from.node)!;
    const toNode = nodeIndex.get(edge.to.node)!;
    const fromPort = portsOf(graph.nodes[fromNode]!).outputs.indexOf(edge.from.port);
    const toPort = portsOf(graph.nodes[toNode]!).inputs.indexOf(edge.to.port);
    const producers = byNode[fromNode]!;
    const consumers = byNode[toNode]!;
    const { frameBytes, ringBytes } = sizing[ei]!;
    let pair = 0;
    for (const p of producers) {
      const group: number[] = [];
      for (const c of consumers) {
        const index = channels.length;
        const capacity = channelShare(edge.capacity, producers.length * consumers.length, pair++);
        channels.push({
          index,
          edgeIndex: ei,
          edgeId: edge.id,
          from: p,
          fromPort,
          to: c,
          toPort,
          capacity,
          ringBytes,
          frameBytes,
          overflow: edge.overflow,
          crossWorker: instances[p]!.worker !== instances[c]!.worker,
        });
        group.push(index);
        instances[c]!.inputs[toPort]!.push(index);
      }
      instances[p]!.outputs[fromPort]!.push({ edge: ei, channels: group });
    }
  });

  const byWorker: number[][] = Array.from({ length: workers }, () => []);
  for (const inst of instances) byWorker[inst.worker]!.push(inst.index);
  return { graph, workers, instances, channels, byWorker, byNode };
}

function assignWorkers(
  graph: Graph,
  instances: PlanInstance[],
  byNode: number[][],
  workers: number,
  nodeIndex: Map<string, number>,
): void {
  const load = new Array<number>(workers).fill(0);
  const place = (inst: PlanInstance, w: number) => {
    inst.worker = w;
    load[w]! += inst.weight;
  };
  for (const inst of instances) {
    const pin = graph.nodes[inst.nodeIndex]!.worker;
    if (pin !== undefined) place(inst, pin % workers);
  }
  // Walk the nodes in topological order (cycles broken by document order) and
  // fill workers with contiguous runs of roughly equal weight: a chain keeps
  // its hops on one core except where a cut is needed for balance. Siblings of
  // a multi-instance node are parallel servers: they go to different workers.
  const order = topologicalOrder(graph, nodeIndex);
  const free = instances.filter((i) => i.worker < 0);
  const total = free.reduce((s, i) => s + i.weight, 0);
  const target = total / workers;
  let w = load.indexOf(Math.min(...load));
  for (const ni of order) {
    const ids = byNode[ni]!.filter((i) => instances[i]!.worker < 0);
    if (ids.length === 0) continue;
    const weight = ids.reduce((s, i) => s + instances[i]!.weight, 0);
    if (w < workers - 1 && load[w]! > 0 && load[w]! + weight / 2 > target) w++;
    ids.forEach((id, k) => place(instances[id]!, (w + k) % workers));
  }
}

/** Node indices in topological order; nodes on cycles follow in document order. */
function topologicalOrder(graph: Graph, nodeIndex: Map<string, number>): number[] {
  const n = graph.nodes.length;
  const indeg = new Array<number>(n).fill(0);
  const next: number[][] = graph.nodes.map(() => []);
  for (const e of graph.edges) {
    const a = nodeIndex.get(e.from.node)!;
    const b = nodeIndex.get(e.to.node)!;
    next[a]!.push(b);
    indeg[b]! += 1;
  }
  const out: number[] = [];
  const seen = new Array<boolean>(n).fill(false);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) queue.push(i);
  for (let head = 0; out.length < n;) {
    if (head === queue.length) {
      // A cycle: continue from the first node not yet placed.
      const first = seen.indexOf(false);
      queue.push(first);
      indeg[first] = 0;
    }
    const v = queue[head++]!;
    if (seen[v]) continue;
    seen[v] = true;
    out.push(v);
    for (const u of next[v]!) {
      indeg[u]! -= 1;
      if (indeg[u] === 0 && !seen[u]) queue.push(u);
    }
  }
  return out;
}
