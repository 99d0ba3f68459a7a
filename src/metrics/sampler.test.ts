import { describe, expect, it } from 'vitest';

import { parseGraph } from '../graph/validate.ts';
import type { Graph, GraphNode } from '../graph/model.ts';
import { buildPlan, type Plan } from '../runtime/plan.ts';
import { HISTOGRAM_BUCKETS, recordN } from '../core/histogram.ts';
import {
  C,
  CF,
  CHANNEL_FIELDS,
  CHANNEL_I32_STRIDE,
  createMetricsBlock,
  histogramOffset,
  I,
  INSTANCE_FIELDS,
  type MetricsBlock,
  snapshotBlock,
} from '../runtime/metrics-block.ts';
import { buildReport } from './report.ts';
import { findBottleneck, MetricsSampler } from './sampler.ts';

/** source → server (wait, concurrency 2) → sink, over two edges. */
function fixture(): { graph: Graph; plan: Plan; block: MetricsBlock } {
  const r = parseGraph({
    format: 'flowbench/graph',
    version: 1,
    name: 'fake',
    nodes: [
      { id: 'src', kind: 'source', params: { rate: 100 } },
      { id: 'srv', kind: 'process', params: { concurrency: 2 } },
      { id: 'out', kind: 'sink' },
    ],
    edges: [
      { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'srv', port: 'in' } },
      { id: 'e2', from: { node: 'srv', port: 'out' }, to: { node: 'out', port: 'in' } },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const plan = buildPlan(r.graph, { workers: 1 });
  const block = createMetricsBlock(
    { instances: plan.instances.length, channels: plan.channels.length, workers: 1 },
    false,
  );
  for (const ch of plan.channels) block.channelF64[ch.index * CHANNEL_FIELDS + CF.capacity] = 100;
  return { graph: r.graph, plan, block };
}

/** A hand-rolled writer standing in for the workers. */
function writer(plan: Plan, block: MetricsBlock) {
  const inst = (nodeId: string) => plan.instances.find((i) => i.nodeId === nodeId)!.index;
  const chan = (edgeId: string) => plan.channels.find((c) => c.edgeId === edgeId)!.index;
  return {
    add(nodeId: string, field: keyof typeof I, n: number) {
      block.instances[inst(nodeId) * INSTANCE_FIELDS + I[field]]! += n;
    },
    /**
     * n messages of `items` items each into a sink, every item with an
     * end-to-end latency of `us`, as the scheduler records them: `in` counts
     * messages, the latency count and histogram items.
     */
    sink(nodeId: string, n: number, us: number, items = 1) {
      const i = inst(nodeId);
      block.instances[i * INSTANCE_FIELDS + I.in]! += n;
      block.instances[i * INSTANCE_FIELDS + I.latencyCount]! += n * items;
      block.instances[i * INSTANCE_FIELDS + I.latencySumUs]! += n * items * us;
      const off = histogramOffset(i, 1);
      recordN(block.histograms.subarray(off, off + HISTOGRAM_BUCKETS), us, n * items);
    },
    service(nodeId: string, n: number, us: number) {
      const off = histogramOffset(inst(nodeId), 0);
      recordN(block.histograms.subarray(off, off + HISTOGRAM_BUCKETS), us, n);
    },
    depth(edgeId: string, pushed: number, popped: number) {
      const ci = chan(edgeId) * CHANNEL_I32_STRIDE;
      block.channels[ci + C.pushed] = pushed;
      block.channels[ci + C.popped] = popped;
    },
    edgeDrops(edgeId: string, n: number) {
      block.channelF64[chan(edgeId) * CHANNEL_FIELDS + CF.drops]! += n;
    },
  };
}

describe('MetricsSampler', () => {
  it('names edges by their ends’ labels, adding the id where two read the same', () => {
    const r = parseGraph({
      format: 'flowbench/graph',
      version: 1,
      name: 'twins',
      nodes: [
        { id: 'src', kind: 'source', label: 'Split', params: { rate: 10 } },
        { id: 'w1', kind: 'sink', label: 'Worker' },
        { id: 'w2', kind: 'sink', label: 'Worker' },
        { id: 'x', kind: 'sink', label: 'Other' },
      ],
      edges: [
        { id: 'a', from: { node: 'src', port: 'out' }, to: { node: 'w1', port: 'in' } },
        { id: 'b', from: { node: 'src', port: 'out' }, to: { node: 'w2', port: 'in' } },
        { id: 'c', from: { node: 'src', port: 'out' }, to: { node: 'x', port: 'in' } },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const plan = buildPlan(r.graph, { workers: 1 });
    const block = createMetricsBlock(
      { instances: plan.instances.length, channels: plan.channels.length, workers: 1 },
      false,
    );
    expect(new MetricsSampler(plan, block).edgeNames).toEqual([
      'Split → Worker (a)',
      'Split → Worker (b)',
      'Split → Other',
    ]);
  });

  it('turns sink counters into msg/s over a one-second window', () => {
    const { plan, block } = fixture();
    const w = writer(plan, block);
    const s = new MetricsSampler(plan, block, { windowMs: 1000 });
    // 100 msg per 100 ms = 1000 msg/s for 1 s, then 50 per 100 ms = 500 msg/s.
    for (let t = 0; t <= 3000; t += 100) {
      if (t > 0) w.sink('out', t <= 1000 ? 100 : 50, 2000);
      s.sample(t);
    }
    expect(s.sinkRate).toBeCloseTo(500, 6);
    expect(s.latest().totals.sunk).toBe(1000 + 20 * 50);
    // The history holds the rate at each sample: 1000/s at t = 1 s.
    const hist = s.series('sinkRate');
    expect(hist.values.length).toBe(31);
    expect(hist.values[10]).toBeCloseTo(1000, 6);
  });

  it('counts a batch’s members one each, as the report’s delivered total does', () => {
    const { graph, plan, block } = fixture();
    const w = writer(plan, block);
    const s = new MetricsSampler(plan, block, { windowMs: 1000 });
    const base = snapshotBlock(block);
    // 2 batches of 50 items per 100 ms: 20 messages/s, 1000 items/s.
    for (let t = 0; t <= 2000; t += 100) {
      if (t > 0) w.sink('out', 2, 3000, 50);
      s.sample(t);
    }
    expect(s.sinkRate).toBeCloseTo(1000, 6);
    expect(s.latest().totals.sunk).toBe(2000);
    const report = buildReport({
      graph,
      plan,
      now: block,
      then: base,
      measuredMs: 2000,
      durationMs: 2000,
      warmupMs: 0,
      transport: 'sab',
      ended: 'duration',
      depth: { sum: new Float64Array(plan.channels.length), count: 0 },
      memoryBytes: 0,
      sabBytes: 0,
    });
    expect(report.totals.delivered).toBe(s.latest().totals.sunk);
    expect(report.totals.throughput).toBeCloseTo(1000, 6);
    // The sink's own message count stays per message (a batch is one).
    expect(report.nodes.out!.in).toBe(40);
  });

  it('rates over the oldest snapshot kept when the window needs more slots than it has', () => {
    const { plan, block } = fixture();
    const w = writer(plan, block);
    // 4 slots at 100 ms cover 300 ms of a 1000 ms window.
    const s = new MetricsSampler(plan, block, { windowMs: 1000, windowSlots: 4 });
    for (let t = 0; t <= 2000; t += 100) {
      if (t > 0) w.sink('out', t <= 1700 ? 10 : 40, 1000);
      s.sample(t);
    }
    // Base: t = 1700 (the oldest of 1700..2000): 3 × 40 messages in 0.3 s.
    expect(s.sinkRate).toBeCloseTo(400, 6);
    expect(s.latencyCount).toBe(120);
  });

  it('reads end-to-end latency percentiles from the histogram delta over the window', () => {
    const { plan, block } = fixture();
    const w = writer(plan, block);
    const s = new MetricsSampler(plan, block, { windowMs: 1000 });
    // First 2 s: every message takes 10 ms. Then 99 % take 1 ms and 1 % take 50 ms.
    for (let t = 0; t <= 4000; t += 100) {
      if (t > 0 && t <= 2000) w.sink('out', 100, 10_000);
      if (t > 2000) {
        w.sink('out', 99, 1000);
        w.sink('out', 1, 50_000);
      }
      s.sample(t);
      if (t === 2000) {
        expect(s.latencyP50Ms).toBeGreaterThan(9.6);
        expect(s.latencyP50Ms).toBeLessThan(10.4);
      }
    }
    // The window (3..4 s) no longer sees the 10 ms messages.
    expect(s.latencyCount).toBe(1000);
    expect(s.latencyP50Ms).toBeGreaterThan(0.96);
    expect(s.latencyP50Ms).toBeLessThan(1.04);
    expect(s.latencyP95Ms).toBeLessThan(1.04);
    expect(s.latencyP99Ms).toBeLessThan(1.04 * 1.0);
    const live = s.latest();
    expect(live.latencyMs.p50).toBeCloseTo(s.latencyP50Ms, 9);
    expect(live.latencyMs.count).toBe(1000);
  });

  it('reports no latency (null) when nothing was sunk in the window', () => {
    const { plan, block } = fixture();
    const s = new MetricsSampler(plan, block);
    s.sample(0);
    s.sample(100);
    expect(s.latest().latencyMs).toEqual({ p50: null, p95: null, p99: null, count: 0 });
    expect(s.sinkRate).toBe(0);
  });

  it('computes per-node rates, utilization, errors and drops', () => {
    const { plan, block } = fixture();
    const w = writer(plan, block);
    const s = new MetricsSampler(plan, block, { windowMs: 1000 });
    for (let t = 0; t <= 2000; t += 100) {
      if (t > 0) {
        w.add('src', 'out', 40); // 400/s
        w.add('srv', 'out', 30); // 300/s
        w.add('srv', 'errors', 2); // 20/s
        w.add('srv', 'drops', 1); // 10/s
        // Two slots, 150 ms of occupied slot time per 100 ms: utilization 0.75.
        w.add('srv', 'busyUs', 150_000);
      }
      s.sample(t);
    }
    const live = s.latest();
    expect(live.nodes.src!.rate).toBeCloseTo(400, 6);
    expect(live.nodes.src!.utilization).toBeNull();
    expect(live.nodes.srv!.rate).toBeCloseTo(300, 6);
    expect(live.nodes.srv!.utilization).toBeCloseTo(0.75, 6);
    expect(live.nodes.srv!.errorsPerSec).toBeCloseTo(20, 6);
    expect(live.nodes.srv!.dropsPerSec).toBeCloseTo(10, 6);
    expect(live.totals.errors).toBe(40);
    // A live concurrency change moves the denominator.
    const srv = plan.graph.nodes.find((n) => n.id === 'srv')!;
    s.nodeChanged({ ...srv, params: { ...srv.params, concurrency: 3 } } as GraphNode);
    w.add('srv', 'busyUs', 150_000);
    s.sample(2100);
    expect(s.latest().nodes.srv!.utilization).toBeCloseTo(0.5, 6);
    const util = s.elementSeries('nodeUtil', 1);
    expect(util.values.at(-1)).toBeCloseTo(0.5, 6);
    expect(util.values.at(-2)).toBeCloseTo(0.75, 6);
  });

  it('gives the same utilization live as the report over the same interval (one formula)', () => {
    const { graph, plan, block } = fixture();
    const w = writer(plan, block);
    const s = new MetricsSampler(plan, block, { windowMs: 1000 });
    w.add('srv', 'busyUs', 123_456); // before the interval: in neither
    s.sample(0);
    const then = snapshotBlock(block);
    for (let t = 100; t <= 1000; t += 100) {
      w.add('srv', 'busyUs', 73_000); // 2 slots × 100 ms: 0.365
      s.sample(t);
    }
    const report = buildReport({
      graph,
      plan,
      now: block,
      then,
      measuredMs: 1000,
      durationMs: 1000,
      warmupMs: 0,
      transport: 'virtual',
      ended: 'duration',
      depth: { sum: new Float64Array(plan.channels.length), count: 0 },
      memoryBytes: 0,
      sabBytes: 0,
    });
    expect(s.latest().nodes.srv!.utilization).toBeCloseTo(0.365, 9);
    expect(report.nodes.srv!.utilization).toBeCloseTo(0.365, 4);
    expect(report.nodes.src!.utilization).toBeNull();
    expect(s.latest().nodes.src!.utilization).toBeNull();
  });

  it('reads queue depth and fill per edge, and orders edges by fill', () => {
    const { plan, block } = fixture();
    const w = writer(plan, block);
    const s = new MetricsSampler(plan, block);
    w.depth('e1', 500, 420); // depth 80 of 100
    w.depth('e2', 400, 390); // depth 10
    w.edgeDrops('e1', 5);
    s.sample(0);
    w.edgeDrops('e1', 5);
    s.sample(500);
    const live = s.latest();
    expect(live.edges.e1).toEqual({ depth: 80, capacity: 100, fill: 0.8, dropsPerSec: 10 });
    expect(live.edges.e2!.fill).toBeCloseTo(0.1, 9);
    expect(s.topEdgesByFill(1)).toEqual([0]);
    expect(Array.from(s.elementSeries('edgeDepth', 0).values)).toEqual([80, 80]);
    // Wrapped counters still give the right depth.
    w.depth('e2', -2147483648 + 5, 2147483647);
    s.sample(600);
    expect(s.latest().edges.e2!.depth).toBe(6);
  });

  it('marks the busiest process, else the consumer of the fullest queue, as the bottleneck', () => {
    const { plan, block } = fixture();
    const w = writer(plan, block);
    const s = new MetricsSampler(plan, block);
    w.depth('e1', 90, 0);
    s.sample(0);
    s.sample(100);
    expect(s.bottleneck()).toBe('srv'); // e1 is 90 % full: its consumer
    expect(
      findBottleneck(Float64Array.of(NaN, 0.95, 0.5), new Float64Array(0), new Int32Array(0)),
    ).toBe(1);
    expect(findBottleneck(Float64Array.of(0.2), Float64Array.of(0.1), Int32Array.of(0))).toBe(-1);
  });

  it('gives a windowed p95 per node (sinks: latency, processes: service time)', () => {
    const { plan, block } = fixture();
    const w = writer(plan, block);
    const s = new MetricsSampler(plan, block, { windowMs: 1000, detailEveryMs: 100 });
    for (let t = 0; t <= 5000; t += 100) {
      if (t > 0) {
        w.sink('out', 10, t <= 2000 ? 20_000 : 3000);
        w.service('srv', 10, t <= 2000 ? 8000 : 500);
      }
      s.sample(t);
    }
    const live = s.latest();
    expect(live.nodes.out!.p95Ms).toBeGreaterThan(2.9);
    expect(live.nodes.out!.p95Ms).toBeLessThan(3.2);
    expect(live.nodes.srv!.p95Ms).toBeGreaterThan(0.48);
    expect(live.nodes.srv!.p95Ms).toBeLessThan(0.53);
    expect(live.nodes.src!.p95Ms).toBeNull();
  });

  it('keeps a bounded history and reports memory', () => {
    const { plan, block } = fixture();
    const s = new MetricsSampler(plan, block, { historySize: 5, elementHistorySize: 3 });
    for (let t = 0; t < 10; t++) s.sample(t * 100, 1_000_000 + t);
    expect(s.historyLength).toBe(5);
    const heap = s.series('heapBytes');
    expect(Array.from(heap.tMs)).toEqual([500, 600, 700, 800, 900]);
    expect(heap.values.at(-1)).toBe(1_000_009);
    expect(s.series('sabBytes', 2).values).toEqual(
      Float64Array.of(block.buffer.byteLength, block.buffer.byteLength),
    );
    expect(s.elementSeries('edgeFill', 1).tMs.length).toBe(3);
    expect(s.latest().memory.heapBytes).toBe(1_000_009);
  });

  it('calls subscribers after each sample until they unsubscribe', () => {
    const { plan, block } = fixture();
    const s = new MetricsSampler(plan, block);
    const seen: number[] = [];
    const off = s.subscribe((x) => seen.push(x.samples));
    s.sample(0);
    s.sample(100);
    off();
    s.sample(200);
    expect(seen).toEqual([1, 2]);
  });
});
