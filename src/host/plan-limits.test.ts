import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { type GraphInput, parseGraph } from '../graph/index.ts';
import { RunController, type HostEnv } from './run-controller.ts';
import { simulate } from './virtual.ts';
import {
  allocateShared,
  frameProblems,
  PLAN_LIMITS,
  planCounts,
  planLimitProblems,
  RunRefusedError,
} from '../runtime/limits.ts';
import { buildPlan } from '../runtime/plan.ts';

function graphOf(doc: Omit<GraphInput, 'format' | 'version'>) {
  const r = parseGraph({ format: 'flowbench/graph', version: 1, ...doc });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.graph;
}

/** The issue's graph: a source, two cpu stages of concurrency 1024, a sink (663 bytes as filed). */
const ISSUE_GRAPH = JSON.stringify({
  format: 'flowbench/graph',
  version: 1,
  name: 'wide',
  nodes: [
    { id: 'src', kind: 'source', params: { rate: 1000 } },
    {
      id: 'a',
      kind: 'process',
      label: 'Stage 1',
      params: { mode: 'cpu', concurrency: 1024, service: { dist: 'constant', meanMs: 0.1 } },
    },
    {
      id: 'b',
      kind: 'process',
      label: 'Stage 2',
      params: { mode: 'cpu', concurrency: 1024, service: { dist: 'constant', meanMs: 0.1 } },
    },
    { id: 'out', kind: 'sink' },
  ],
  edges: [
    { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'a', port: 'in' } },
    { id: 'e2', from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'in' } },
    { id: 'e3', from: { node: 'b', port: 'out' }, to: { node: 'out', port: 'in' } },
  ],
  run: { durationMs: 2000, warmupMs: 0 },
});

/** Source (64 KiB payloads) → batch of 1024 → sink, each pinned to its own worker. */
function bigBatch(pinned = true) {
  return graphOf({
    name: 'big batch',
    nodes: [
      { id: 'src', kind: 'source', params: { rate: 100_000, payloadBytes: 65_536 } },
      { id: 'b', kind: 'batch', label: 'Batcher', params: { size: 1024, timeoutMs: 60_000 } },
      { id: 'out', kind: 'sink' },
    ].map((x, i) => (pinned ? { ...x, worker: i } : x)),
    edges: [
      { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'b', port: 'in' } },
      { id: 'e2', from: { node: 'b', port: 'out' }, to: { node: 'out', port: 'in' } },
    ],
    run: { workers: 3, durationMs: 2000, warmupMs: 0 },
  });
}

const env: HostEnv = {
  spawnWorker: () => {
    throw new Error('no worker may start in these tests');
  },
  createPortPair: () => {
    throw new Error('no ports in these tests');
  },
  transfer: (v) => v,
  memoryBytes: () => 0,
  hardwareConcurrency: 4,
};

afterEach(() => vi.unstubAllGlobals());

describe('plan limits', () => {
  it("refuses the issue's graph (two cpu stages of concurrency 1024) from counts alone, fast", () => {
    const parsed = parseGraph(ISSUE_GRAPH);
    if (!parsed.ok) throw new Error('invalid');
    const started = performance.now();
    const problems = planLimitProblems(parsed.graph, { mode: 'sab' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(problems[0]).toBe(
      'channels: this graph would need 1,050,624 channels, over the limit of 32,768 by 1,017,856; ' +
        'edge "e2" ("Stage 1" → "Stage 2") alone needs 1,048,576 (1,024 producer × 1,024 consumer instances, one channel per pair): ' +
        'lower the instances of "Stage 1" (a) or "Stage 2" (b) (concurrency 1024 in cpu mode runs one instance per slot: lower it, or use wait mode, one instance with 1024 slots)',
    );
    // 1,048,576 + 2 × 1024 channels of at least one 4 KiB ring each: far over 1 GiB.
    expect(problems[1]).toMatch(
      /^ring memory: this graph's rings could take 4\.63 GiB of shared memory \(every channel counted as crossing workers\), over the limit of 1 GiB by 3\.63 GiB; edge "e2"/,
    );
    expect(problems).toHaveLength(2);
  });

  it('the run controller and the prediction refuse it before allocating anything', () => {
    const parsed = parseGraph(ISSUE_GRAPH);
    if (!parsed.ok) throw new Error('invalid');
    const sab = vi.fn();
    vi.stubGlobal('SharedArrayBuffer', sab);
    expect(() => new RunController(parsed.graph, env)).toThrow(RunRefusedError);
    expect(() => simulate(parsed.graph)).toThrow(/^channels: this graph would need 1,050,624/);
    expect(sab).not.toHaveBeenCalled();
  });

  it('keeps every shipped example and bench fixture well within the limits', () => {
    const root = join(import.meta.dirname, '../..');
    const files = [
      ...(
        JSON.parse(readFileSync(join(root, 'public/examples/index.json'), 'utf8')) as {
          examples: { file: string }[];
        }
      ).examples.map((e) => join(root, 'public/examples', e.file)),
      join(root, 'bench/fixtures/large-500.json'),
      join(root, 'bench/fixtures/large-1000.json'),
    ];
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const parsed = parseGraph(readFileSync(file, 'utf8'));
      if (!parsed.ok) throw new Error(`${file} is invalid`);
      const c = planCounts(parsed.graph);
      expect(c.instances, file).toBeLessThanOrEqual(PLAN_LIMITS.maxInstances / 8);
      expect(c.channels, file).toBeLessThanOrEqual(PLAN_LIMITS.maxChannels / 8);
      expect(c.ringBytes, file).toBeLessThanOrEqual(PLAN_LIMITS.maxRingBytes / 4);
      expect(planLimitProblems(parsed.graph, { mode: 'sab', workers: 64 }), file).toEqual([]);
    }
  });

  it('refuses worker counts and durations outside the limits, saying by how much', () => {
    const g = bigBatch(false);
    expect(planLimitProblems(g, { mode: 'sab', workers: 1000 })).toEqual([
      'workers: 1,000 is over the limit of 64 by 936; ask for 1 to 64 workers',
    ]);
    expect(planLimitProblems(g, { mode: 'postmessage', workers: 0 })).toEqual([
      'workers: 0 is not a whole number from 1 to 64; ask for 1 to 64 workers',
    ]);
    expect(planLimitProblems(g, { mode: 'virtual', durationMs: 90_000_000 })).toEqual([
      'duration: 90,000,000 ms is over the limit of 86,400,000 ms (24 h) by 3,600,000 ms; run for at most 24 h',
    ]);
    expect(() => new RunController(g, env, { workers: 1000 })).toThrow(
      'workers: 1,000 is over the limit of 64 by 936',
    );
  });

  it('names the node with the most instances when there are too many', () => {
    const nodes = Array.from({ length: 9 }, (_, i) => ({
      id: `p${i}`,
      kind: 'process' as const,
      params: { mode: 'cpu' as const, concurrency: i === 4 ? 1024 : 1000 },
    }));
    const problems = planLimitProblems(graphOf({ nodes }), { mode: 'virtual' });
    expect(problems).toEqual([
      'instances: this graph would run 9,024 node instances, over the limit of 8,192 by 832; ' +
        'the most come from "p4", 1,024 instances (concurrency 1024 in cpu mode runs one instance per slot: lower it, or use wait mode, one instance with 1024 slots)',
    ]);
  });

  it('counts ring memory only where rings are made (the SAB transport)', () => {
    // 40 edges of capacity 2²⁰ carrying 1 MiB payloads: 64 MiB rings each.
    const nodes = [
      { id: 'src', kind: 'source' as const, params: { payloadBytes: 1 << 20 } },
      ...Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, kind: 'sink' as const })),
    ];
    const edges = nodes.slice(1).map((x, i) => ({
      id: `e${i}`,
      from: { node: 'src', port: 'out' },
      to: { node: x.id, port: 'in' },
      capacity: 1 << 20,
    }));
    const g = graphOf({ nodes, edges });
    const sab = planLimitProblems(g, { mode: 'sab' });
    expect(sab).toHaveLength(1);
    expect(sab[0]).toMatch(
      /^ring memory: this graph's rings could take 2\.5 GiB of shared memory .* over the limit of 1 GiB by 1\.5 GiB; edge "e0" \("src" → "s0"\) takes the most, 64 MiB for 1 channel: lower its capacity/,
    );
    expect(planLimitProblems(g, { mode: 'postmessage' })).toEqual([]);
    expect(planLimitProblems(g, { mode: 'virtual' })).toEqual([]);
  });
});

describe('messages too large for their ring', () => {
  it('refuses a batch the plan knows cannot fit a cross-worker ring, naming the edge and sizes', () => {
    const plan = buildPlan(bigBatch());
    expect(frameProblems(plan, 'sab')).toEqual([
      'message size: edge "e2" ("Batcher" → "out") crosses workers, so each message must fit its ring, at most 67,108,856 bytes, ' +
        'but "Batcher" (b) sends messages of up to 67,149,864 bytes (41,008 over), made of messages of up to 65,576 bytes; ' +
        'make them smaller (a smaller batch size or payload), keep both ends on one worker (the nodes\' "worker" field), or use the postmessage transport',
    ]);
    expect(() => new RunController(bigBatch(), env)).toThrow(/^message size: edge "e2"/);
  });

  it('lets it through where no ring carries it: one worker, postMessage, a prediction', () => {
    const g = bigBatch();
    expect(frameProblems(buildPlan(g, { workers: 1 }), 'sab')).toEqual([]);
    expect(frameProblems(buildPlan(g), 'postmessage')).toEqual([]);
    expect(frameProblems(buildPlan(g), 'virtual')).toEqual([]);
    // One message fewer per batch fits.
    const smaller = graphOf({
      ...g,
      nodes: g.nodes.map((x) => (x.id === 'b' ? { ...x, params: { size: 1023 } } : x)),
    });
    expect(frameProblems(buildPlan(smaller), 'sab')).toEqual([]);
  });

  it('does not refuse on what user code sends: its size is a guess, counted at run time instead', () => {
    // The batch stays on worker 0 with the function that reads it; only the
    // function's output crosses, and the code may well send less.
    const g = graphOf({
      nodes: [
        { id: 'src', kind: 'source', worker: 0, params: { payloadBytes: 65_536 } },
        { id: 'b', kind: 'batch', worker: 0, params: { size: 1024 } },
        { id: 'fn', kind: 'function', worker: 0, params: { code: 'return msg.items[0];' } },
        { id: 'out', kind: 'sink', worker: 1 },
      ],
      edges: [
        { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'b', port: 'in' } },
        { id: 'e2', from: { node: 'b', port: 'out' }, to: { node: 'fn', port: 'in' } },
        { id: 'e3', from: { node: 'fn', port: 'out' }, to: { node: 'out', port: 'in' } },
      ],
      run: { workers: 2 },
    });
    expect(frameProblems(buildPlan(g), 'sab')).toEqual([]);
  });
});

describe('shared memory allocation', () => {
  it('turns a refused SharedArrayBuffer into a sentence, never a stack', () => {
    vi.stubGlobal(
      'SharedArrayBuffer',
      class {
        constructor() {
          throw new RangeError('Array buffer allocation failed');
        }
      },
    );
    expect(() => allocateShared(3 * 2 ** 30, 'the rings')).toThrow(
      'memory: could not allocate 3 GiB for the rings (Array buffer allocation failed); nothing ran.',
    );
    const g = bigBatch(false);
    let thrown: unknown;
    try {
      new RunController(g, env);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RunRefusedError);
    expect((thrown as Error).message).toMatch(
      /^memory: could not allocate [\d.]+ KiB for the metrics block \(Array buffer allocation failed\); nothing ran/,
    );
  });
});
