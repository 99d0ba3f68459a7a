import { describe, expect, it } from 'vitest';

import type { GraphInput } from '../graph/model.ts';
import { parseGraph } from '../graph/validate.ts';
import { MSG_HEADER_BYTES } from './codec.ts';
import { buildPlan, defaultWorkers } from './plan.ts';

function graph(doc: Omit<GraphInput, 'format' | 'version'>) {
  const r = parseGraph({ format: 'flowbench/graph', version: 1, ...doc });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.graph;
}

const edge = (id: string, from: string, to: string, extra: Record<string, unknown> = {}) => ({
  id,
  from: { node: from, port: 'out' },
  to: { node: to, port: 'in' },
  ...extra,
});

describe('plan', () => {
  it('defaults to one worker per core but one, at least one', () => {
    expect(defaultWorkers(8)).toBe(7);
    expect(defaultWorkers(2)).toBe(1);
    expect(defaultWorkers(1)).toBe(1);
    expect(defaultWorkers(undefined)).toBe(1);
    const g = graph({ nodes: [{ id: 's', kind: 'source' }], edges: [] });
    expect(buildPlan(g, { hardwareConcurrency: 4 }).workers).toBe(3);
    expect(
      buildPlan({ ...g, run: { ...g.run, workers: 5 } }, { hardwareConcurrency: 4 }).workers,
    ).toBe(5);
    expect(buildPlan(g, { workers: 2, hardwareConcurrency: 16 }).workers).toBe(2);
  });

  it('makes c instances of a cpu-mode process and one instance with slots in wait mode', () => {
    const g = graph({
      nodes: [
        { id: 'src', kind: 'source' },
        { id: 'cpu', kind: 'process', params: { mode: 'cpu', concurrency: 3 } },
        { id: 'wait', kind: 'process', params: { mode: 'wait', concurrency: 3 } },
        { id: 'out', kind: 'sink' },
      ],
      edges: [edge('a', 'src', 'cpu'), edge('b', 'cpu', 'wait'), edge('c', 'wait', 'out')],
    });
    const plan = buildPlan(g, { workers: 3 });
    expect(plan.byNode.map((ids) => ids.length)).toEqual([1, 3, 1, 1]);
    // One channel per (producer instance, consumer instance) pair.
    const per = (id: string) => plan.channels.filter((c) => c.edgeId === id).length;
    expect([per('a'), per('b'), per('c')]).toEqual([3, 3, 1]);
    // Siblings are parallel servers: each on its own worker.
    expect(new Set(plan.byNode[1]!.map((i) => plan.instances[i]!.worker)).size).toBe(3);
    // Every instance's input and output lists point at its channels.
    for (const ch of plan.channels) {
      expect(plan.instances[ch.to]!.inputs[ch.toPort]).toContain(ch.index);
      expect(
        plan.instances[ch.from]!.outputs[ch.fromPort]!.some((g) => g.channels.includes(ch.index)),
      ).toBe(true);
      expect(ch.crossWorker).toBe(
        plan.instances[ch.from]!.worker !== plan.instances[ch.to]!.worker,
      );
    }
  });

  it('shares an edge capacity among its channel pairs and sizes rings for the largest frame', () => {
    const g = graph({
      nodes: [
        { id: 'src', kind: 'source', params: { payloadBytes: 100 } },
        { id: 'cpu', kind: 'process', params: { mode: 'cpu', concurrency: 4 } },
        { id: 'b', kind: 'batch', params: { size: 50 } },
        { id: 'out', kind: 'sink' },
      ],
      edges: [
        edge('a', 'src', 'cpu', { capacity: 1024 }),
        edge('x', 'cpu', 'b'),
        edge('y', 'b', 'out', { capacity: 64 }),
      ],
    });
    const plan = buildPlan(g, { workers: 2 });
    const a = plan.channels.filter((c) => c.edgeId === 'a');
    expect(a.map((c) => c.capacity)).toEqual([256, 256, 256, 256]);
    const y = plan.channels.find((c) => c.edgeId === 'y')!;
    // A batch frame holds 50 members of header + padded payload.
    expect(y.frameBytes).toBeGreaterThanOrEqual(MSG_HEADER_BYTES + 50 * (MSG_HEADER_BYTES + 104));
    for (const ch of plan.channels) {
      expect(ch.ringBytes & (ch.ringBytes - 1)).toBe(0);
      expect(ch.ringBytes).toBeGreaterThanOrEqual(ch.capacity * ch.frameBytes);
    }
  });

  it('shares any capacity exactly: 8 over 2 channels is 4 + 4, 10 over 3 is 4 + 3 + 3, never raised', () => {
    const doc = (capacity: number, concurrency: number) =>
      graph({
        nodes: [
          { id: 'src', kind: 'source' },
          { id: 'cpu', kind: 'process', params: { mode: 'cpu', concurrency } },
        ],
        edges: [edge('a', 'src', 'cpu', { capacity })],
      });
    const caps = (capacity: number, concurrency: number) =>
      buildPlan(doc(capacity, concurrency), { workers: 2 }).channels.map((c) => c.capacity);
    expect(caps(8, 2)).toEqual([4, 4]);
    expect(caps(10, 3)).toEqual([4, 3, 3]);
    expect(caps(1, 1)).toEqual([1]);
    expect(caps(1000, 1)).toEqual([1000]);
    expect(caps(2 ** 20, 1)).toEqual([2 ** 20]);
    for (const [cap, n] of [
      [7, 1],
      [7, 3],
      [1023, 4],
      [5, 5],
    ] as const) {
      expect(caps(cap, n).reduce((a, b) => a + b, 0)).toBe(cap);
    }
    // Fewer messages than channels: 1 each, and the validator says so with the numbers.
    expect(caps(2, 4)).toEqual([1, 1, 1, 1]);
    const r = parseGraph(doc(2, 4));
    expect(r.ok && r.warnings).toContainEqual({
      path: 'edges[0].capacity',
      message:
        'capacity 2 of edge "a" cannot be shared among its 4 channels (1 producer × 4 consumer instances): each channel needs room for 1 message, so up to 4 can wait; set the capacity to at least 4',
    });
    const ok = parseGraph(doc(4, 4));
    expect(ok.ok && ok.warnings.filter((w) => w.path.startsWith('edges'))).toEqual([]);
  });

  it('keeps a chain together: a linear pipeline on W workers crosses workers at most W − 1 times', () => {
    const ids = ['src', 's1', 's2', 's3', 's4', 's5', 'out'];
    const g = graph({
      nodes: ids.map((id, i) =>
        i === 0
          ? { id, kind: 'source', params: { rate: 'max' } }
          : i === ids.length - 1
            ? { id, kind: 'sink' }
            : { id, kind: 'process' },
      ),
      edges: ids.slice(1).map((id, i) => edge(`e${i}`, ids[i]!, id)),
    });
    for (const workers of [2, 3]) {
      const plan = buildPlan(g, { workers });
      expect(plan.channels.filter((c) => c.crossWorker).length).toBeLessThanOrEqual(workers - 1);
      expect(new Set(plan.instances.map((i) => i.worker)).size).toBe(workers); // all workers used
    }
  });

  it('honours pinned workers (modulo the worker count) and is deterministic', () => {
    const g = graph({
      nodes: [
        { id: 'src', kind: 'source', worker: 1 },
        { id: 'p', kind: 'process', worker: 5 },
        { id: 'out', kind: 'sink' },
      ],
      edges: [edge('a', 'src', 'p'), edge('b', 'p', 'out')],
    });
    const plan = buildPlan(g, { workers: 2 });
    expect(plan.instances[0]!.worker).toBe(1);
    expect(plan.instances[1]!.worker).toBe(1);
    expect(JSON.stringify(buildPlan(g, { workers: 2 }))).toBe(JSON.stringify(plan));
  });

  it('plans a graph with a cycle', () => {
    const g = graph({
      nodes: [
        { id: 'src', kind: 'source' },
        { id: 'a', kind: 'process' },
        { id: 'f', kind: 'filter' },
      ],
      edges: [
        edge('in', 'src', 'a'),
        edge('af', 'a', 'f'),
        { id: 'back', from: { node: 'f', port: 'rejected' }, to: { node: 'a', port: 'in' } },
      ],
    });
    const plan = buildPlan(g, { workers: 2 });
    expect(plan.instances.every((i) => i.worker >= 0 && i.worker < 2)).toBe(true);
    expect(plan.channels).toHaveLength(3);
  });
});
