import { describe, expect, it } from 'vitest';

import type { GraphInput } from '../graph/model.ts';
import { parseGraph } from '../graph/validate.ts';
import { createMetricsBlock } from './metrics-block.ts';
import {
  deadlockMessage,
  fullCycles,
  generatorsFinite,
  metricsView,
  type MonitorConfig,
  monitorConfig,
  type MonitorDecision,
  monitorResumed,
  type MonitorView,
  monitorState,
  observe,
  stalledCycle,
  stalledFor,
} from './monitor.ts';
import { buildPlan } from './plan.ts';

/** A run's shared values as plain arrays, and a view over them. */
function fakeRun(shape: { workers: number; channels: number; instances: number }) {
  const run = {
    heartbeats: new Array<number>(shape.workers).fill(0),
    pushed: new Array<number>(shape.channels).fill(0),
    popped: new Array<number>(shape.channels).fill(0),
    capacity: new Array<number>(shape.channels).fill(16),
    done: new Array<number>(shape.instances).fill(0),
    held: new Array<number>(shape.instances).fill(0),
    received: new Array<number>(shape.instances).fill(0),
    /** Workers' quiescence epochs (1: quiescent, as in a drained run). */
    quiet: new Array<number>(shape.workers).fill(1),
    pausedUs: 0,
  };
  const view: MonitorView = {
    heartbeat: (w) => run.heartbeats[w]!,
    pushed: (c) => run.pushed[c]!,
    popped: (c) => run.popped[c]!,
    capacity: (c) => run.capacity[c]!,
    done: (i) => run.done[i]!,
    held: (i) => run.held[i]!,
    quiet: (w) => run.quiet[w]!,
    received: (i) => run.received[i]!,
    pausedUs: () => run.pausedUs,
  };
  return { run, view };
}

/** Two workers, two channels, three instances (0 generator, 1 stage, 2 collector). */
function config(over: Partial<MonitorConfig> = {}): MonitorConfig {
  return {
    workers: 2,
    channels: 2,
    instances: 3,
    cycles: [],
    finite: false,
    generators: [0],
    collectors: [2],
    suspects: [[], [{ nodeId: 'loop', kind: 'function' }]],
    warmupMs: 0,
    durationMs: 60_000,
    watchdogMs: 1000,
    deadlockMs: 2000,
    progress: false,
    ...over,
  };
}

const ENDS = new Set(['watchdog', 'deadlock', 'drained', 'durationReached']);

/**
 * Observes every 50 ms, until an ending decision, from `fromMs` to `toMs` (ms since start, inclusive), calling
 * `before(tMs)` first (the workers' side); @returns each decision with its time.
 */
function drive(
  cfg: MonitorConfig,
  view: MonitorView,
  state: ReturnType<typeof monitorState>,
  fromMs: number,
  toMs: number,
  before: (tMs: number) => void = () => {},
): { tMs: number; d: MonitorDecision }[] {
  const seen: { tMs: number; d: MonitorDecision }[] = [];
  for (let t = fromMs; t <= toMs; t += 50) {
    before(t);
    for (const d of observe(view, state, START_US + t * 1000, cfg)) {
      seen.push({ tMs: t, d });
      if (ENDS.has(d.type)) return seen; // the host stops observing at the end
    }
  }
  return seen;
}

const START_US = 5_000_000;
const types = (seen: { d: MonitorDecision }[]) => seen.map((s) => s.d.type);

function graph(doc: Omit<GraphInput, 'format' | 'version'>) {
  const r = parseGraph({ format: 'flowbench/graph', version: 1, ...doc });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.graph;
}
const edge = (id: string, from: string, to: string) => ({
  id,
  from: { node: from, port: 'out' },
  to: { node: to, port: 'in' },
});

describe('monitor', () => {
  it('carries on (no decision) while workers beat and nothing is due', () => {
    const cfg = config();
    const { run, view } = fakeRun(cfg);
    const state = monitorState(cfg, START_US);
    const seen = drive(cfg, view, state, 0, 10_000, () => {
      run.heartbeats[0]!++;
      run.heartbeats[1]!++;
    });
    expect(seen).toEqual([]);
  });

  it('fires the watchdog only after watchdogMs without a beat, naming the suspect nodes', () => {
    const cfg = config();
    const { run, view } = fakeRun(cfg);
    const state = monitorState(cfg, START_US);
    // Worker 1 beats until 2 s, then stops; worker 0 keeps beating.
    const seen = drive(cfg, view, state, 0, 5000, (t) => {
      run.heartbeats[0]!++;
      if (t <= 2000) run.heartbeats[1]!++;
    });
    expect(seen).toHaveLength(1);
    // Last change seen at 2000 ms; 1000 ms is not "more than" 1000 ms, 1050 is.
    expect(seen[0]).toEqual({
      tMs: 3050,
      d: {
        type: 'watchdog',
        worker: 1,
        suspects: [{ nodeId: 'loop', kind: 'function' }],
        ageMs: 1050,
      },
    });
  });

  it('counts a worker that never beat from the start of the run', () => {
    const cfg = config({ watchdogMs: 500 });
    const { run, view } = fakeRun(cfg);
    const state = monitorState(cfg, START_US);
    // The first observation sees a value (0) different from "none yet" (-1): that counts as a beat.
    const seen = drive(cfg, view, state, 0, 2000, () => run.heartbeats[1]!++);
    expect(seen[0]).toMatchObject({ tMs: 550, d: { type: 'watchdog', worker: 0, suspects: [] } });
  });

  it('declares a deadlock only on a cycle with a full channel and no movement for deadlockMs', () => {
    const beat = (run: ReturnType<typeof fakeRun>['run']) => () => {
      run.heartbeats[0]!++;
      run.heartbeats[1]!++;
    };
    // Full channel 0, nothing pops.
    const stuck = (cfg: MonitorConfig) => {
      const { run, view } = fakeRun(cfg);
      run.pushed[0] = 16;
      return drive(cfg, view, monitorState(cfg, START_US), 0, 6000, beat(run));
    };
    const loop = { nodes: ['a', 'b'], channels: [0, 1] };
    const seen = stuck(config({ cycles: [loop] }));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual({
      tMs: 2050,
      d: { type: 'deadlock', stalledMs: 2050, nodes: ['a', 'b'] },
    });
    // No cycle: a full channel that does not move is not a deadlock.
    expect(stuck(config({ cycles: [] }))).toEqual([]);
    // A full, still channel outside the cycle is not one either (a slow stage elsewhere).
    expect(stuck(config({ cycles: [{ nodes: ['c', 'd'], channels: [1] }] }))).toEqual([]);
    // A cycle without a full channel is not one either.
    const cfg = config({ cycles: [loop] });
    const { run, view } = fakeRun(cfg);
    run.pushed[0] = 15;
    expect(drive(cfg, view, monitorState(cfg, START_US), 0, 6000, beat(run))).toEqual([]);
  });

  it('restarts the deadlock clock whenever a message is popped on the cycle', () => {
    const cfg = config({ cycles: [{ nodes: ['a', 'b'], channels: [0, 1] }] });
    const { run, view } = fakeRun(cfg);
    run.pushed[1] = 16;
    const state = monitorState(cfg, START_US);
    // Something pops at 1.5 s and 3 s, then nothing.
    const seen = drive(cfg, view, state, 0, 8000, (t) => {
      run.heartbeats[0]!++;
      run.heartbeats[1]!++;
      if (t === 1500 || t === 3000) {
        run.popped[1]!++;
        run.pushed[1]!++;
      }
    });
    expect(seen).toEqual([
      { tMs: 5050, d: { type: 'deadlock', stalledMs: 2050, nodes: ['a', 'b'] } },
    ]);
  });

  it('counts paused time as neither silence nor stillness', () => {
    const cfg = config({ cycles: [{ nodes: ['a', 'b'], channels: [0, 1] }] });
    const { run, view } = fakeRun(cfg);
    run.pushed[0] = 16; // full, and nothing moves
    const state = monitorState(cfg, START_US);
    const at = (ms: number) => START_US + ms * 1000;
    expect(observe(view, state, at(1500), cfg)).toEqual([]);
    // Paused from 1.5 s to 11.5 s: the host does not observe; the clocks restart on resume.
    run.pausedUs = 10_000_000;
    monitorResumed(state, at(11_500));
    run.heartbeats[0]!++;
    run.heartbeats[1]!++;
    expect(observe(view, state, at(11_550), cfg)).toEqual([]);
    // Still full and still after 2 s of running time: now it is a deadlock.
    run.heartbeats[0]!++;
    run.heartbeats[1]!++;
    expect(observe(view, state, at(13_600), cfg).map((d) => d.type)).toEqual(['deadlock']);
  });

  it('drains only when every finite generator is done, nothing is held and nothing queued', () => {
    const cfg = config({ finite: true, generators: [0, 1] });
    const { run, view } = fakeRun(cfg);
    const state = monitorState(cfg, START_US);
    const at = (tMs: number) => observe(view, state, START_US + tMs * 1000, cfg);
    const beat = () => {
      run.heartbeats[0]!++;
      run.heartbeats[1]!++;
    };
    beat();
    run.done[0] = 1;
    expect(at(50)).toEqual([]); // generator 1 is not done
    beat();
    run.done[1] = 1;
    run.held[2] = 1;
    expect(at(100)).toEqual([]); // the collector holds a message
    beat();
    run.held[2] = 0;
    run.pushed[0] = 3;
    run.popped[0] = 2;
    expect(at(150)).toEqual([]); // one message is still queued
    beat();
    run.popped[0] = 3;
    expect(at(200)).toEqual([{ type: 'drained' }]);
    // Not when a generator is infinite.
    const inf = config({ finite: false });
    const other = fakeRun(inf);
    other.run.done.fill(1);
    expect(observe(other.view, monitorState(inf, START_US), START_US + 50_000, inf)).toEqual([]);
  });

  it('does not drain while a worker is not quiescent (a batch open in a kernel, a pop not yet handed on)', () => {
    const cfg = config({ finite: true, generators: [0] });
    const { run, view } = fakeRun(cfg);
    const state = monitorState(cfg, START_US);
    run.done[0] = 1;
    const at = (tMs: number) => {
      run.heartbeats[0]!++;
      run.heartbeats[1]!++;
      return observe(view, state, START_US + tMs * 1000, cfg);
    };
    // Channels empty, nothing held, generator done: but worker 1 still has a timer (its epoch is 0).
    run.quiet[1] = 0;
    expect(at(50)).toEqual([]);
    // Worker 1 pops a message and hands it on while the host reads the channels: its epoch
    // moves between the host's two reads of it, so the picture is not consistent.
    run.quiet[1] = 4;
    let reads = 0;
    const racing: MonitorView = {
      ...view,
      quiet: (w) => (w === 1 ? (reads++ === 0 ? 4 : 5) : run.quiet[w]!),
    };
    expect(observe(racing, state, START_US + 100_000, cfg)).toEqual([]);
    expect(reads).toBe(2);
    // The same epoch before and after: drained.
    expect(at(150)).toEqual([{ type: 'drained' }]);
  });

  it('exports the deadlock rule for virtual time: full cycles now, and one sentence for both', () => {
    const loops = [
      { nodes: ['a', 'b'], channels: [0] },
      { nodes: ['c'], channels: [1] },
    ];
    const cfg = config({ cycles: loops });
    const { run, view } = fakeRun(cfg);
    expect(fullCycles(view, cfg)).toEqual([]);
    run.pushed[1] = 16; // channel 1 holds its capacity
    expect(fullCycles(view, cfg)).toEqual([loops[1]]);
    // stalledCycle is observe's rule: still for more than deadlockMs on a full cycle.
    const state = monitorState(cfg, START_US);
    expect(stalledCycle(view, state, START_US + 1_000_000, cfg)).toBeUndefined();
    expect(stalledCycle(view, state, START_US + 3_100_000, cfg)).toEqual({
      type: 'deadlock',
      stalledMs: 2100,
      nodes: ['c'],
    });
    expect(deadlockMessage(['c', 'd'], stalledFor(2100))).toBe(
      'deadlocked: the cycle through "c", "d" is full and no message moved on it for 2.1 s; give the cycle more capacity or a dropping edge',
    );
  });

  it('reaches the warm-up boundary once, after warmupMs of active time', () => {
    const cfg = config({ warmupMs: 1000 });
    const { run, view } = fakeRun(cfg);
    const state = monitorState(cfg, START_US);
    expect(state.warmedUp).toBe(false);
    const beat = () => {
      run.heartbeats[0]!++;
      run.heartbeats[1]!++;
    };
    const seen = drive(cfg, view, state, 0, 3000, beat);
    expect(seen).toEqual([{ tMs: 1000, d: { type: 'warmupReached' } }]);
    expect(state.warmedUp).toBe(true);
    // Without warm-up the baseline is the start: nothing to reach.
    const none = config({ warmupMs: 0 });
    expect(monitorState(none, START_US).warmedUp).toBe(true);
  });

  it('excludes paused time from the warm-up and the duration', () => {
    const cfg = config({ warmupMs: 500, durationMs: 2000 });
    const { run, view } = fakeRun(cfg);
    const state = monitorState(cfg, START_US);
    // 700 ms of pause, counted from 200 ms on.
    const seen = drive(cfg, view, state, 0, 2700, (t) => {
      run.heartbeats[0]!++;
      run.heartbeats[1]!++;
      run.pausedUs = t >= 200 ? 700_000 : 0;
    });
    expect(seen.map((s) => [s.tMs, s.d.type])).toEqual([
      [1200, 'warmupReached'],
      [2700, 'durationReached'],
    ]);
  });

  it('reports progress once per second with the sink rate since the last report', () => {
    const cfg = config({ progress: true, warmupMs: 1500, durationMs: 3000 });
    const { run, view } = fakeRun(cfg);
    const state = monitorState(cfg, START_US);
    // 10 messages per 50 ms: 200 msg/s.
    const seen = drive(cfg, view, state, 0, 3000, () => {
      run.heartbeats[0]!++;
      run.heartbeats[1]!++;
      run.received[2]! += 10;
    });
    expect(types(seen)).toEqual([
      'progress',
      'warmupReached',
      'progress',
      'progress',
      'durationReached',
    ]);
    const progress = seen.flatMap((s) => (s.d.type === 'progress' ? [s.d.progress] : []));
    expect(progress.map((p) => p.elapsedMs)).toEqual([1000, 2000, 3000]);
    expect(progress.map((p) => p.phase)).toEqual(['warmup', 'measuring', 'measuring']);
    expect(progress.map((p) => p.sunk)).toEqual([210, 410, 610]);
    expect(progress[0]!.sinkRate).toBeCloseTo(210, 9);
    expect(progress[1]!.sinkRate).toBeCloseTo(200, 9);
    expect(progress.every((p) => p.durationMs === 3000)).toBe(true);
    // Not asked for: none.
    const quiet = config({ progress: false });
    const q = fakeRun(quiet);
    expect(observe(q.view, monitorState(quiet, START_US), START_US + 1e6, quiet)).toEqual([]);
  });

  it('stops checking at an ending decision: warm-up may come before it, progress never after', () => {
    const cfg = config({ progress: true, warmupMs: 1000, watchdogMs: 500 });
    const { view } = fakeRun(cfg);
    const state = monitorState(cfg, START_US);
    expect(observe(view, state, START_US, cfg)).toEqual([]); // first beats seen
    const d = observe(view, state, START_US + 1_000_000, cfg);
    expect(d.map((x) => x.type)).toEqual(['warmupReached', 'watchdog']);
  });

  it('finds the cycles of a plan with the channels among their nodes', () => {
    const g = graph({
      nodes: [
        { id: 'src', kind: 'source', params: { rate: 100 } },
        { id: 'm', kind: 'merge' },
        { id: 'p', kind: 'process' },
        { id: 's', kind: 'split' },
        { id: 'out', kind: 'sink' },
      ],
      edges: [
        { id: 'a', from: { node: 'src', port: 'out' }, to: { node: 'm', port: 'in1' } },
        { id: 'b', from: { node: 'm', port: 'out' }, to: { node: 'p', port: 'in' } },
        { id: 'c', from: { node: 'p', port: 'out' }, to: { node: 's', port: 'in' } },
        { id: 'd', from: { node: 's', port: 'out1' }, to: { node: 'm', port: 'in2' } },
        { id: 'e', from: { node: 's', port: 'out2' }, to: { node: 'out', port: 'in' } },
      ],
    });
    const plan = buildPlan(g, { workers: 1 });
    const cfg = monitorConfig(plan, { warmupMs: 0, durationMs: 1000 });
    expect(cfg.cycles).toHaveLength(1);
    expect([...cfg.cycles[0]!.nodes].sort()).toEqual(['m', 'p', 's']);
    const edgesOf = cfg.cycles[0]!.channels.map((c) => plan.channels[c]!.edgeId).sort();
    expect(edgesOf).toEqual(['b', 'c', 'd']);
  });

  it('builds its config from a plan: cycle, finite generators, collectors, suspects per worker', () => {
    const g = graph({
      nodes: [
        { id: 'src', kind: 'source', params: { rate: 100, limit: 10 } },
        { id: 'fn', kind: 'function', params: { code: 'return msg;' } },
        { id: 'p', kind: 'process', params: { mode: 'cpu', concurrency: 2 } },
        { id: 'out', kind: 'sink' },
      ],
      edges: [edge('a', 'src', 'fn'), edge('b', 'fn', 'p'), edge('c', 'p', 'out')],
    });
    const plan = buildPlan(g, { workers: 1 });
    const cfg = monitorConfig(plan, { warmupMs: 100, durationMs: 1000 });
    expect(cfg).toMatchObject({
      workers: 1,
      channels: plan.channels.length,
      instances: plan.instances.length,
      cycles: [],
      finite: true,
      watchdogMs: 1000,
      deadlockMs: 2000,
      progress: false,
    });
    const idOf = (i: number) => plan.instances[i]!.nodeId;
    expect(cfg.generators.map(idOf)).toEqual(['src']);
    expect(cfg.collectors.map(idOf)).toEqual(['out']);
    // The two instances of p are named once.
    expect(cfg.suspects).toEqual([
      [
        { nodeId: 'fn', kind: 'function' },
        { nodeId: 'p', kind: 'process' },
      ],
    ]);
    const endless = graph({
      nodes: [
        { id: 'src', kind: 'source' },
        { id: 'out', kind: 'sink' },
      ],
      edges: [edge('a', 'src', 'out')],
    });
    expect(monitorConfig(buildPlan(endless, { workers: 1 }), cfg).finite).toBe(false);
  });

  it('judges whether the sources are all finite on the nodes as live edits left them', () => {
    const g = graph({
      nodes: [
        { id: 'a', kind: 'source', params: { rate: 10, limit: 5 } },
        { id: 'b', kind: 'source', params: { rate: 10 } },
        { id: 'out', kind: 'sink' },
      ],
      edges: [edge('e1', 'a', 'out'), edge('e2', 'b', 'out')],
    });
    const plan = buildPlan(g, { workers: 1 });
    const gens = monitorConfig(plan, { warmupMs: 0, durationMs: 1000 }).generators;
    const withParams = (id: string, params: object) => (n: (typeof g.nodes)[number]) =>
      n.id === id ? ({ ...n, params } as typeof n) : n;
    // As started: b has no limit.
    expect(generatorsFinite(plan, gens, (n) => n)).toBe(false);
    // b given a limit live: every source is finite.
    expect(generatorsFinite(plan, gens, withParams('b', { rate: 10, limit: 7 }))).toBe(true);
    // a's limit taken away live: not any more.
    expect(generatorsFinite(plan, gens, withParams('a', { rate: 10 }))).toBe(false);
    // No generator at all never counts as finite.
    expect(generatorsFinite(plan, [], (n) => n)).toBe(false);
  });

  it('reads a live metrics block through metricsView', () => {
    const g = graph({
      nodes: [
        { id: 'src', kind: 'source', params: { limit: 1 } },
        { id: 'out', kind: 'sink' },
      ],
      edges: [edge('a', 'src', 'out')],
    });
    const plan = buildPlan(g, { workers: 1 });
    const block = createMetricsBlock(
      { instances: plan.instances.length, channels: plan.channels.length, workers: 1 },
      false,
    );
    const view = metricsView(block, { pausedUs: 42 });
    expect(view.heartbeat(0)).toBe(0);
    expect(view.pausedUs()).toBe(42);
    const cfg = monitorConfig(plan, { warmupMs: 0, durationMs: 1000 });
    // A fresh block: nothing queued, held or done.
    expect(observe(view, monitorState(cfg, 0), 1000, cfg)).toEqual([]);
  });
});
