/**
 * The run monitor: the decisions of a live run, apart from their effects.
 * The host calls `observe(view, state, nowUs)` every 50 ms while the run is
 * running (not while paused) and applies what it returns: snapshot the
 * warm-up baseline, report progress, terminate a stuck worker, fail, end.
 *
 * - warm-up: reached once `warmupMs` of active (unpaused) time has passed;
 * - watchdog: a worker whose heartbeat counter did not change for more than
 *   `watchdogMs` of host time stopped turning (an endless user function);
 * - deadlock: on some cycle of the graph (a strongly connected set of
 *   nodes), a channel is full and no message was popped from any of the
 *   cycle's channels for more than `deadlockMs` of running (unpaused) time;
 * - drained: every generator is finite and done, nothing is queued, no
 *   instance holds a message, and every worker reports itself quiescent
 *   (nothing held, nothing staged, no timer pending: a batch still open or a
 *   message inside a kernel keeps a timer) with the same epoch before and
 *   after the channels are read, so no worker moved anything meanwhile;
 * - progress: once a second (only when asked for), the messages sunk so far;
 * - duration: `durationMs` of active time has passed.
 *
 * The deadlock and drained rules are exported on their own (`stalledCycle`,
 * `fullCycles`, `drained`, `deadlockMessage`): virtual time applies them on
 * its simulated clock, so a prediction and a real run decide alike.
 *
 * Contract: pure (no clock, no timers, no shared memory of its own): it reads
 * the blocks only through a `MonitorView`, so it runs on plain arrays in
 * tests. `observe` mutates the `MonitorState` it is given, and nothing else.
 * Times are µs on the host's clock (`clockUs`).
 */
import { type GraphNode, kindDef } from '../graph/model.ts';
import type { HostControl } from './control.ts';
import {
  C,
  CF,
  CHANNEL_FIELDS,
  CHANNEL_I32_STRIDE,
  I,
  INSTANCE_FIELDS,
  type MetricsBlock,
  WI,
  WORKER_I32_STRIDE,
} from './metrics-block.ts';
import type { Plan } from './plan.ts';

/**
 * What the monitor reads from the shared blocks, one value at a time.
 * `metricsView` reads a live run; tests pass plain arrays.
 */
export interface MonitorView {
  /** Heartbeat counter of worker `w` (any value; only its changes count). */
  heartbeat(w: number): number;
  /** Messages counted into channel `c` by its producer (free-running Int32). */
  pushed(c: number): number;
  /** Messages taken out of channel `c` by its consumer (free-running Int32). */
  popped(c: number): number;
  /** Live capacity of channel `c`, messages. */
  capacity(c: number): number;
  /** Gauge of instance `i`: 1 once a finite generator has emitted its limit. */
  done(i: number): number;
  /** Gauge of instance `i`: messages its scheduler holds (in service, delayed, blocked). */
  held(i: number): number;
  /**
   * Quiescence epoch of worker `w`: 0 while it holds, stages or times
   * anything; a new non-zero value each time it becomes quiescent.
   */
  quiet(w: number): number;
  /** Messages instance `i` has taken in (a collector's sunk count). */
  received(i: number): number;
  /** Total paused time of the run so far, µs. */
  pausedUs(): number;
}

/** A node the watchdog names when its worker stops beating. */
export interface Suspect {
  nodeId: string;
  kind: string;
}

/** What the monitor knows of the run before it starts; built by `monitorConfig`. */
export interface MonitorConfig {
  workers: number;
  channels: number;
  instances: number;
  /**
   * The graph's cycles (strongly connected sets of nodes with an edge among
   * them): their node ids, for the sentence, and the channels among them.
   */
  cycles: readonly { nodes: readonly string[]; channels: readonly number[] }[];
  /**
   * Every generator is finite (and there is at least one): the run may end
   * drained. Not read-only: a live change of a generator's limit updates it.
   */
  finite: boolean;
  /** Instance indices of the generators. */
  generators: readonly number[];
  /** Instance indices of the collectors. */
  collectors: readonly number[];
  /** Per worker, its nodes that may stall (once each, in plan order). */
  suspects: readonly (readonly Suspect[])[];
  /** Active time before the warm-up baseline, ms (0: the baseline is taken at start). */
  warmupMs: number;
  /** Active time after which the run ends, ms. */
  durationMs: number;
  /** A worker without a heartbeat for longer than this is stuck, ms. */
  watchdogMs: number;
  /** No message popped for longer than this (cycle, full channel) is a deadlock, ms. */
  deadlockMs: number;
  /** Emit `progress` decisions (about once a second). */
  progress: boolean;
}

/** The monitor's memory between observations. `observe` mutates it. */
export interface MonitorState {
  /** Host time the run started, µs. */
  startUs: number;
  /** The warm-up baseline has been taken (at start when `warmupMs` is 0). */
  warmedUp: boolean;
  /** Last heartbeat seen per worker (-1 before the first observation), and when it changed, µs. */
  lastBeat: number[];
  lastBeatUs: number[];
  /** Per cycle: the sum of its channels' `popped` last seen (-1 before the first), and when it changed, µs. */
  lastMoved: number[];
  lastMoveUs: number[];
  /** Messages sunk at the last progress report, and when it was made, µs. */
  lastSunk: number;
  lastProgressUs: number;
}

/** Progress of a run, as `RunOptions.onProgress` receives it. */
export interface RunProgress {
  /** Active (unpaused) time since start, ms. */
  elapsedMs: number;
  durationMs: number;
  /** Messages taken in by every collector so far. */
  sunk: number;
  /** msg/s into the collectors since the previous report. */
  sinkRate: number;
  phase: 'warmup' | 'measuring';
}

/**
 * One decision of an observation. `observe` returns them in the order they
 * apply; at most one ends the run (`watchdog`, `deadlock`, `drained`,
 * `durationReached`), and it is the last.
 */
export type MonitorDecision =
  /** Take the warm-up baseline now. */
  | { type: 'warmupReached' }
  | { type: 'progress'; progress: RunProgress }
  /** Worker `worker` has not beaten for `ageMs`: terminate it and fail the run. */
  | { type: 'watchdog'; worker: number; suspects: readonly Suspect[]; ageMs: number }
  /** Cycle `nodes` is stuck: full, and nothing popped on it for `stalledMs`. */
  | { type: 'deadlock'; stalledMs: number; nodes: readonly string[] }
  /** Every finite generator is done and every message delivered. */
  | { type: 'drained' }
  | { type: 'durationReached' };

/** Decisions that end the run. */
export type MonitorEnd = Extract<
  MonitorDecision,
  { type: 'watchdog' | 'deadlock' | 'drained' | 'durationReached' }
>;

/** How often progress is reported, µs. */
const PROGRESS_EVERY_US = 1e6;

/**
 * The monitor's view of `plan` for one run. Allocates; call once per run.
 * @param settings warm-up and duration (ms) as the run uses them; watchdog and deadlock
 *   default to 1000 and 2000 ms.
 */
export function monitorConfig(
  plan: Plan,
  settings: {
    warmupMs: number;
    durationMs: number;
    watchdogMs?: number;
    deadlockMs?: number;
    progress?: boolean;
    /** A node as live edits left it (default: as the plan has it). */
    nodeOf?: (node: GraphNode) => GraphNode;
  },
): MonitorConfig {
  const { instances } = plan;
  const role = (i: number) => kindDef(instances[i]!.kind).role;
  const indices = instances.map((i) => i.index);
  const generators = indices.filter((i) => role(i) === 'generator');
  const suspects = plan.byWorker.map((list) => {
    const seen = new Map<string, Suspect>();
    for (const i of list) {
      const x = instances[i]!;
      if (kindDef(x.kind).mayStall === true && !seen.has(x.nodeId))
        seen.set(x.nodeId, { nodeId: x.nodeId, kind: x.kind });
    }
    return [...seen.values()];
  });
  return {
    workers: plan.workers,
    channels: plan.channels.length,
    instances: instances.length,
    cycles: cyclesOf(plan),
    finite: generatorsFinite(plan, generators, settings.nodeOf ?? ((n) => n)),
    generators,
    collectors: indices.filter((i) => role(i) === 'collector'),
    suspects,
    warmupMs: settings.warmupMs,
    durationMs: settings.durationMs,
    watchdogMs: settings.watchdogMs ?? 1000,
    deadlockMs: settings.deadlockMs ?? 2000,
    progress: settings.progress ?? false,
  };
}

/**
 * Whether every generator of `plan` is finite (and there is at least one), as
 * `nodeOf` has its node: the graph the run started with, or its live version
 * (a limit added or removed during a run changes whether it may end drained).
 */
export function generatorsFinite(
  plan: Plan,
  generators: readonly number[],
  nodeOf: (node: GraphNode) => GraphNode,
): boolean {
  return (
    generators.length > 0 &&
    generators.every((i) => {
      const n = nodeOf(plan.graph.nodes[plan.instances[i]!.nodeIndex]!);
      return kindDef(n.kind).finite?.(n.params) === true;
    })
  );
}

/** The state of a run that starts at `startUs` (host clock, µs). Allocates. */
export function monitorState(config: MonitorConfig, startUs: number): MonitorState {
  return {
    startUs,
    warmedUp: config.warmupMs === 0,
    lastBeat: Array.from({ length: config.workers }, () => -1),
    lastBeatUs: Array.from({ length: config.workers }, () => startUs),
    lastMoved: config.cycles.map(() => -1),
    lastMoveUs: config.cycles.map(() => startUs),
    lastSunk: 0,
    lastProgressUs: startUs,
  };
}

/** A view of a live run's metrics and control blocks (atomic loads for the Int32 counters). */
export function metricsView(
  metrics: MetricsBlock,
  control: Pick<HostControl, 'pausedUs'>,
): MonitorView {
  const { channels, channelF64, instances, workerI32 } = metrics;
  return {
    heartbeat: (w) => Atomics.load(workerI32, w * WORKER_I32_STRIDE + WI.heartbeat),
    pushed: (c) => Atomics.load(channels, c * CHANNEL_I32_STRIDE + C.pushed),
    popped: (c) => Atomics.load(channels, c * CHANNEL_I32_STRIDE + C.popped),
    capacity: (c) => channelF64[c * CHANNEL_FIELDS + CF.capacity]!,
    done: (i) => instances[i * INSTANCE_FIELDS + I.done]!,
    held: (i) => instances[i * INSTANCE_FIELDS + I.held]!,
    quiet: (w) => Atomics.load(workerI32, w * WORKER_I32_STRIDE + WI.quiet),
    received: (i) => instances[i * INSTANCE_FIELDS + I.in]!,
    pausedUs: () => control.pausedUs,
  };
}

/**
 * Observes the run at host time `nowUs` (µs, not before the previous call)
 * and decides what happens. Checks run in a fixed order: warm-up, watchdog,
 * deadlock, drained, progress, duration; an ending decision stops the checks.
 * Mutates `state`. @returns the decisions, in order; empty: carry on.
 * @example
 * for (const d of observe(view, state, clockUs())) apply(d);
 */
export function observe(
  view: MonitorView,
  state: MonitorState,
  nowUs: number,
  config: MonitorConfig,
): MonitorDecision[] {
  const decisions: MonitorDecision[] = [];
  const elapsedMs = (nowUs - state.startUs - view.pausedUs()) / 1000;
  if (!state.warmedUp && elapsedMs >= config.warmupMs) {
    state.warmedUp = true;
    decisions.push({ type: 'warmupReached' });
  }
  const end = endOf(view, state, nowUs, config);
  if (end !== undefined) {
    decisions.push(end);
    return decisions;
  }
  if (config.progress && nowUs - state.lastProgressUs >= PROGRESS_EVERY_US) {
    let sunk = 0;
    for (const i of config.collectors) sunk += view.received(i);
    decisions.push({
      type: 'progress',
      progress: {
        elapsedMs,
        durationMs: config.durationMs,
        sunk,
        sinkRate: ((sunk - state.lastSunk) * 1e6) / (nowUs - state.lastProgressUs),
        phase: state.warmedUp ? 'measuring' : 'warmup',
      },
    });
    state.lastSunk = sunk;
    state.lastProgressUs = nowUs;
  }
  if (elapsedMs >= config.durationMs) decisions.push({ type: 'durationReached' });
  return decisions;
}

/**
 * The run resumed at `nowUs` after a pause: the clocks of the watchdog, the
 * deadlock check and progress restart, so paused time counts as neither
 * silence nor stillness. Mutates `state`.
 */
export function monitorResumed(state: MonitorState, nowUs: number): void {
  state.lastBeatUs.fill(nowUs);
  state.lastMoveUs.fill(nowUs);
  state.lastProgressUs = nowUs;
}

/**
 * The cycles of a plan: strongly connected sets of nodes (Tarjan, iterative)
 * that hold an edge (a self-loop counts), with the channels among them.
 */
function cyclesOf(plan: Plan): MonitorConfig['cycles'] {
  const { graph } = plan;
  const n = graph.nodes.length;
  const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const next: number[][] = graph.nodes.map(() => []);
  for (const e of graph.edges) next[index.get(e.from.node)!]!.push(index.get(e.to.node)!);
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const component = new Array<number>(n).fill(-1);
  let counter = 0;
  let components = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    const work: { v: number; i: number }[] = [{ v: root, i: 0 }];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const succ = next[top.v]!;
      if (top.i < succ.length) {
        const u = succ[top.i++]!;
        if (order[u] === -1) {
          order[u] = low[u] = counter++;
          stack.push(u);
          onStack[u] = true;
          work.push({ v: u, i: 0 });
        } else if (onStack[u]) low[top.v] = Math.min(low[top.v]!, order[u]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent.v] = Math.min(low[parent.v]!, low[top.v]!);
      if (low[top.v] === order[top.v]) {
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = false;
          component[w] = components;
          if (w === top.v) break;
        }
        components++;
      }
    }
  }
  const cycles: { nodes: string[]; channels: number[] }[] = [];
  for (let k = 0; k < components; k++) {
    const edgesIn = new Set<number>();
    graph.edges.forEach((e, ei) => {
      const a = component[index.get(e.from.node)!];
      if (a === k && component[index.get(e.to.node)!] === k) edgesIn.add(ei);
    });
    if (edgesIn.size === 0) continue;
    cycles.push({
      nodes: graph.nodes.filter((_, i) => component[i] === k).map((node) => node.id),
      channels: plan.channels.filter((ch) => edgesIn.has(ch.edgeIndex)).map((ch) => ch.index),
    });
  }
  return cycles;
}

/** The watchdog, deadlock and drained checks, in that order; updates the beats and movement. */
function endOf(
  view: MonitorView,
  state: MonitorState,
  nowUs: number,
  config: MonitorConfig,
): MonitorEnd | undefined {
  for (let w = 0; w < config.workers; w++) {
    const beat = view.heartbeat(w);
    if (beat !== state.lastBeat[w]) {
      state.lastBeat[w] = beat;
      state.lastBeatUs[w] = nowUs;
      continue;
    }
    const ageMs = (nowUs - state.lastBeatUs[w]!) / 1000;
    if (ageMs > config.watchdogMs)
      return { type: 'watchdog', worker: w, suspects: config.suspects[w] ?? [], ageMs };
  }
  const deadlock = stalledCycle(view, state, nowUs, config);
  if (deadlock !== undefined) return deadlock;
  if (drained(view, config)) return { type: 'drained' };
  return undefined;
}

/**
 * The deadlock rule, one of `observe`'s checks, exported for virtual time
 * (which applies it on its simulated clock): a cycle with a full channel on
 * which no message was popped for more than `deadlockMs`. Updates the
 * cycles' movement in `state`.
 * @returns the first stuck cycle as a `deadlock` decision, or undefined.
 */
export function stalledCycle(
  view: MonitorView,
  state: MonitorState,
  nowUs: number,
  config: MonitorConfig,
): Extract<MonitorDecision, { type: 'deadlock' }> | undefined {
  for (let k = 0; k < config.cycles.length; k++) {
    const cycle = config.cycles[k]!;
    const moved = cycleMoved(view, cycle);
    if (moved !== state.lastMoved[k]) {
      state.lastMoved[k] = moved;
      state.lastMoveUs[k] = nowUs;
    } else if (cycleFull(view, cycle)) {
      const stalledMs = (nowUs - state.lastMoveUs[k]!) / 1000;
      if (stalledMs > config.deadlockMs) return { type: 'deadlock', stalledMs, nodes: cycle.nodes };
    }
  }
  return undefined;
}

/**
 * The sentence of a deadlock, for a real run and a prediction alike.
 * @param stillness how the cycle is known to be stuck, e.g. "no message moved on it for 2.1 s".
 */
export function deadlockMessage(nodes: readonly string[], stillness: string): string {
  return (
    `deadlocked: the cycle through ${nodes.map((id) => `"${id}"`).join(', ')} is full and ${stillness}; ` +
    'give the cycle more capacity or a dropping edge'
  );
}

/** "no message moved on it for 2.1 s": the stillness of a `deadlock` decision. */
export function stalledFor(stalledMs: number): string {
  return `no message moved on it for ${(stalledMs / 1000).toFixed(1)} s`;
}

/**
 * The cycles of `config` that hold a full channel now (a deadlock once no
 * message can move any more, as in virtual time when nothing is due).
 */
export function fullCycles(
  view: MonitorView,
  config: MonitorConfig,
): MonitorConfig['cycles'][number][] {
  return config.cycles.filter((cycle) => cycleFull(view, cycle));
}

/** Messages popped on the cycle's channels so far (a sum that changes when any moves). */
function cycleMoved(view: MonitorView, cycle: MonitorConfig['cycles'][number]): number {
  let moved = 0;
  for (const c of cycle.channels) moved += view.popped(c);
  return moved;
}

function cycleFull(view: MonitorView, cycle: MonitorConfig['cycles'][number]): boolean {
  for (const c of cycle.channels)
    if (((view.pushed(c) - view.popped(c)) | 0) >= view.capacity(c)) return true;
  return false;
}

/**
 * The drained rule, one of `observe`'s checks, exported for virtual time.
 * Nothing is left anywhere: every worker quiescent, then every channel empty,
 * every generator done and nothing held, then every worker still at the same
 * epoch. A worker clears its epoch before it publishes a pop, and sets a new
 * one only after publishing its pushes, so an unchanged non-zero epoch means
 * it moved nothing while the channels were read (a message in a kernel, in a
 * pop not yet handed on, or staged for a channel, keeps it at 0).
 */
export function drained(view: MonitorView, config: MonitorConfig): boolean {
  if (!config.finite) return false;
  const epochs: number[] = [];
  for (let w = 0; w < config.workers; w++) {
    const e = view.quiet(w);
    if (e === 0) return false;
    epochs.push(e);
  }
  for (let c = 0; c < config.channels; c++)
    if (((view.pushed(c) - view.popped(c)) | 0) !== 0) return false;
  if (!config.generators.every((i) => view.done(i) === 1)) return false;
  for (let i = 0; i < config.instances; i++) if (view.held(i) !== 0) return false;
  for (let w = 0; w < config.workers; w++) if (view.quiet(w) !== epochs[w]) return false;
  return true;
}
