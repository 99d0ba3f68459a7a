import { MessageChannel } from 'node:worker_threads';

import { describe, expect, it } from 'vitest';

import { HISTOGRAM_BUCKETS, record } from '../core/histogram.ts';
import { parseGraph } from '../graph/validate.ts';
import { Command, type LiveChange } from './control.ts';
import { HostLink, WorkerLink } from './message-link.ts';
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
  WI,
  WORKER_I32_STRIDE,
} from './metrics-block.ts';
import { applyMetricsDelta, MetricsShare } from './metrics-share.ts';
import { buildPlan } from './plan.ts';
import type { PortLike } from './transport/port-channel.ts';

/** src → mid → out on two workers: src and mid on worker 0, out on worker 1 (e2 crosses). */
function twoWorkerPlan() {
  const parsed = parseGraph({
    format: 'flowbench/graph',
    version: 1,
    name: 't',
    nodes: [
      { id: 'src', kind: 'source', params: { rate: 10 }, worker: 0 },
      { id: 'mid', kind: 'delay', worker: 0 },
      { id: 'out', kind: 'sink', worker: 1 },
    ],
    edges: [
      { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'mid', port: 'in' } },
      { id: 'e2', from: { node: 'mid', port: 'out' }, to: { node: 'out', port: 'in' } },
    ],
    run: { workers: 2 },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const plan = buildPlan(parsed.graph, { workers: 2 });
  const shape = {
    instances: plan.instances.length,
    channels: plan.channels.length,
    workers: plan.workers,
  };
  const inst = (id: string) => plan.byNode[parsed.graph.nodes.findIndex((n) => n.id === id)]![0]!;
  const chan = (id: string) => plan.channels.find((c) => c.edgeId === id)!.index;
  return { plan, shape, inst, chan };
}

const at = (i: number, f: number) => i * INSTANCE_FIELDS + f;
const ci = (c: number, f: number) => c * CHANNEL_I32_STRIDE + f;
const cf = (c: number, f: number) => c * CHANNEL_FIELDS + f;

/** Both workers write everything they own (and, wrongly, what they do not) into their copies. */
function fillBoth(t: ReturnType<typeof twoWorkerPlan>, a: MetricsBlock, b: MetricsBlock) {
  const { inst, chan } = t;
  for (const block of [a, b]) {
    block.instances[at(inst('src'), I.out)] = block === a ? 100 : -1;
    block.instances[at(inst('out'), I.in)] = block === b ? 97 : -1;
    block.channels[ci(chan('e2'), C.pushed)] = block === a ? 99 : -1;
    block.channels[ci(chan('e2'), C.popped)] = block === b ? 97 : -1;
    block.channelF64[cf(chan('e2'), CF.blockedUs)] = block === a ? 1234 : -1;
    block.channelF64[cf(chan('e2'), CF.items)] = block === b ? 96 : -1;
    // Capacity is the host's: neither worker's value may reach the host.
    block.channelF64[cf(chan('e2'), CF.capacity)] = -1;
    block.workerI32[0 * WORKER_I32_STRIDE + WI.heartbeat] = block === a ? 5 : -1;
    block.workerI32[1 * WORKER_I32_STRIDE + WI.heartbeat] = block === b ? 7 : -1;
    block.workerI32[1 * WORKER_I32_STRIDE + WI.quiet] = block === b ? 3 : -1;
    block.lag[1 * HISTOGRAM_BUCKETS + 40] = block === b ? 11 : 0;
  }
}

describe('MetricsShare', () => {
  it('brings the host block to what each worker owns, and nothing else', () => {
    const t = twoWorkerPlan();
    const { plan, shape, inst, chan } = t;
    expect(plan.instances[inst('src')]!.worker).toBe(0);
    expect(plan.instances[inst('out')]!.worker).toBe(1);
    const host = createMetricsBlock(shape, false);
    host.channelF64[cf(chan('e2'), CF.capacity)] = 64;
    const a = createMetricsBlock(shape, false);
    const b = createMetricsBlock(shape, false);
    fillBoth(t, a, b);
    applyMetricsDelta(host, new MetricsShare(plan, 0).encode(a));
    applyMetricsDelta(host, new MetricsShare(plan, 1).encode(b));
    expect(host.instances[at(inst('src'), I.out)]).toBe(100);
    expect(host.instances[at(inst('out'), I.in)]).toBe(97);
    expect(host.channels[ci(chan('e2'), C.pushed)]).toBe(99);
    expect(host.channels[ci(chan('e2'), C.popped)]).toBe(97);
    expect(host.channelF64[cf(chan('e2'), CF.blockedUs)]).toBe(1234);
    expect(host.channelF64[cf(chan('e2'), CF.items)]).toBe(96);
    expect(host.channelF64[cf(chan('e2'), CF.capacity)]).toBe(64);
    expect(host.workerI32[WI.heartbeat]).toBe(5);
    expect(host.workerI32[WORKER_I32_STRIDE + WI.heartbeat]).toBe(7);
    expect(host.workerI32[WORKER_I32_STRIDE + WI.quiet]).toBe(3);
    expect(host.lag[HISTOGRAM_BUCKETS + 40]).toBe(11);
  });

  it('sends only what changed since the last delta, histogram buckets included', () => {
    const { plan, shape, inst } = twoWorkerPlan();
    const share = new MetricsShare(plan, 1);
    const b = createMetricsBlock(shape, false);
    const host = createMetricsBlock(shape, false);
    expect(share.encode(b).index.length).toBe(0);
    const out = inst('out');
    const hist = b.histograms.subarray(
      histogramOffset(out, 1),
      histogramOffset(out, 1) + HISTOGRAM_BUCKETS,
    );
    for (const us of [100, 100, 5000]) record(hist, us);
    b.instances[at(out, I.latencyCount)] = 3;
    b.instances[at(out, I.in)] = 3;
    const first = share.encode(b);
    // Two counters and the two buckets that moved.
    expect(first.index.length).toBe(4);
    applyMetricsDelta(host, first);
    expect(host.histograms.subarray(histogramOffset(out, 1)).reduce((s, v) => s + v, 0)).toBe(3);
    expect(share.encode(b).index.length).toBe(0);
    record(hist, 100);
    b.instances[at(out, I.latencyCount)] = 4;
    const second = share.encode(b);
    expect(second.index.length).toBe(2);
    applyMetricsDelta(host, second);
    expect(host.histograms.subarray(histogramOffset(out, 1)).reduce((s, v) => s + v, 0)).toBe(4);
  });

  it('a full delta alone brings an empty host block up to date', () => {
    const t = twoWorkerPlan();
    const { plan, shape, inst } = t;
    const share = new MetricsShare(plan, 1);
    const b = createMetricsBlock(shape, false);
    fillBoth(t, createMetricsBlock(shape, false), b);
    const out = inst('out');
    record(b.histograms.subarray(histogramOffset(out, 1)), 42);
    b.instances[at(out, I.latencyCount)] = 1;
    share.encode(b); // sent before, and lost
    const host = createMetricsBlock(shape, false);
    applyMetricsDelta(host, share.encode(b, true));
    expect(host.instances[at(out, I.in)]).toBe(97);
    expect(host.histograms.subarray(histogramOffset(out, 1)).reduce((s, v) => s + v, 0)).toBe(1);
  });
});

/** A linked pair over a real MessageChannel; `flush` waits until queued messages are delivered. */
function linked() {
  const t = twoWorkerPlan();
  const host = createMetricsBlock(t.shape, false);
  const local = createMetricsBlock(t.shape, false);
  const hostLink = new HostLink(host, 2);
  const ch = new MessageChannel();
  let woken = 0;
  hostLink.attach(1, ch.port1 as unknown as PortLike);
  const workerLink = new WorkerLink(
    ch.port2 as unknown as PortLike,
    new MetricsShare(t.plan, 1),
    local,
    () => woken++,
  );
  const flush = () => new Promise((r) => setTimeout(r, 20));
  return { ...t, host, local, hostLink, workerLink, flush, woken: () => woken };
}

describe('HostLink and WorkerLink', () => {
  it('carry commands, pause time, live changes and capacities to the worker, and wake it', async () => {
    const l = linked();
    expect(l.workerLink.command()).toBe(Command.wait);
    l.hostLink.startAtUs = 1000;
    l.hostLink.setCommand(Command.run);
    const changes: LiveChange[] = [{ type: 'params', nodeId: 'src', params: { rate: 5 } }];
    l.hostLink.publishChanges(changes);
    changes.push({ type: 'params', nodeId: 'src', params: { rate: 6 } });
    l.hostLink.publishChanges(changes);
    l.hostLink.setCapacity(l.chan('e2'), 32);
    l.hostLink.setCommand(Command.pause);
    l.hostLink.pausedUs = 250;
    await l.flush();
    expect(l.workerLink.command()).toBe(Command.pause);
    expect(l.workerLink.startAtUs).toBe(1000);
    expect(l.workerLink.pausedUs).toBe(250);
    expect(l.workerLink.changeCount()).toBe(2);
    expect(l.workerLink.readChanges()).toEqual(changes);
    expect(l.local.channelF64[cf(l.chan('e2'), CF.capacity)]).toBe(32);
    expect(l.woken()).toBeGreaterThanOrEqual(6);
    l.hostLink.close();
    l.workerLink.final();
  });

  it('send the worker share at most every METRICS_POST_MS, and the final share wins over later messages', async () => {
    const l = linked();
    const out = l.inst('out');
    l.local.instances[at(out, I.in)] = 10;
    l.workerLink.publish(0);
    l.local.instances[at(out, I.in)] = 20;
    l.workerLink.publish(5000); // 5 ms later: not yet
    await l.flush();
    expect(l.host.instances[at(out, I.in)]).toBe(10);
    l.workerLink.publish(10_000, true);
    await l.flush();
    expect(l.host.instances[at(out, I.in)]).toBe(20);
    // The result's final share arrives first; an older message after it is ignored.
    l.local.instances[at(out, I.in)] = 30;
    l.workerLink.publish(30_000);
    l.local.instances[at(out, I.in)] = 40;
    l.hostLink.finalize(1, new MetricsShare(l.plan, 1).encode(l.local, true));
    expect(l.host.instances[at(out, I.in)]).toBe(40);
    await l.flush();
    expect(l.host.instances[at(out, I.in)]).toBe(40);
    l.hostLink.close();
    l.workerLink.final();
  });
});
