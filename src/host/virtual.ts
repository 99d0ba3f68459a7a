/**
 * Virtual-time runs (prediction mode): the same plan, kernels, channels and
 * scheduler as a real run, driven by a simulated clock on one thread. Time
 * jumps to the next due event whenever nothing is left to do at the current
 * instant, so a 60-second graph simulates in well under a second, with no
 * timing noise: the numbers are what the model itself implies.
 *
 * This is how the engine's logic is checked against queueing theory exactly
 * (tests), and how the UI can predict before it runs for real. `cpu` service
 * is accounted, not burnt. Queue depths are time-averaged exactly.
 *
 * Pure: no DOM, no workers, no timers; runs anywhere synchronously.
 */
import type { Graph } from '../graph/model.ts';
import {
  CF,
  CHANNEL_FIELDS,
  CHANNEL_I32_STRIDE,
  C,
  createMetricsBlock,
  I,
  INSTANCE_FIELDS,
  type MetricsBlock,
  metricsLayout,
  snapshotBlock,
} from '../runtime/metrics-block.ts';
import { allocationProblem, planLimitProblems, RunRefusedError } from '../runtime/limits.ts';
import { buildReport, type RunEnd, type RunReport } from '../metrics/report.ts';
import type { InChannel, OutChannel } from '../runtime/channel.ts';
import {
  deadlockMessage,
  drained,
  fullCycles,
  metricsView,
  type MonitorConfig,
  monitorConfig,
  monitorState,
  type MonitorView,
  stalledCycle,
  stalledFor,
} from '../runtime/monitor.ts';
import { buildPlan, type Plan } from '../runtime/plan.ts';
import { Scheduler } from '../runtime/scheduler.ts';
import { LocalChannel } from '../runtime/transport/local-channel.ts';
import { createKernels, lastErrorsOf } from '../runtime/worker/runtime.ts';

export interface SimulateOptions {
  durationMs?: number;
  warmupMs?: number;
  seed?: number;
  /**
   * Event budget: scheduler turns (one pass over every instance at one
   * instant) before the prediction ends as `budget` (default 50 million).
   */
  maxTurns?: number;
  /** Wall-clock budget, ms, before the prediction ends as `budget` (default 30000). */
  maxWallMs?: number;
  /**
   * Turns at one instant of virtual time before it ends as `stalled`
   * (default 10000): time that stands still while nodes keep working (a
   * `rate: "max"` source with nothing after it that takes time).
   */
  maxTurnsPerInstant?: number;
  /** A cycle with a full channel and no message popped on it for this long (virtual ms) is a deadlock (default 2000, as a real run). */
  deadlockMs?: number;
  /**
   * Liveness, for a watchdog in another thread: called every few thousand
   * turns. A kernel that never returns (an endless user function) stops it.
   */
  beat?: () => void;
  /** Wall clock for the budget, ms (tests inject one; default `performance.now`). */
  wallMs?: () => number;
}

/** Origin of the simulated clock (µs); a whole number, and the clock stays whole. */
const T0_US = 1e12;
/** How often (virtual time, µs) the deadlock rule is applied while time moves, as the host observes a real run. */
const CHECK_EVERY_US = 50_000;

/** "1.234 s": virtual time since the start. */
const at = (nowUs: number) => `${((nowUs - T0_US) / 1e6).toFixed(3)} s`;
const quote = (ids: readonly string[]) =>
  ids.length === 0
    ? 'no node'
    : ids
        .slice(0, 5)
        .map((id) => `"${id}"`)
        .join(', ') + (ids.length > 5 ? ', …' : '');

/**
 * Simulates `graph` in virtual time and returns the same report a real run
 * gives (transport "virtual", 1 worker, memory 0).
 *
 * Every jump moves the clock forward: when nothing moves at an instant, time
 * goes to the next due event exactly when it is at least `MIN_STEP_US` (1 ns)
 * ahead, else one whole µs on (no zero or sliver steps; rounding every jump
 * up to a whole µs reordered events within a µs, e.g. an arrival just before
 * a batch deadline). The run always ends:
 * - `duration`: the simulated duration elapsed;
 * - `drained`: finite sources done and everything delivered;
 * - `deadlock`: a cycle is full and stuck (the real run's rule, on the
 *   simulated clock; at once when nothing in the graph can move any more);
 * - `stalled`: nothing is due and nothing moves while messages still wait,
 *   or one instant takes `maxTurnsPerInstant` turns (time stands still);
 * - `budget`: the event or wall-clock budget is spent;
 * - `error`: a kernel threw.
 * Every end but `duration` and `drained` carries its sentence in `run.error`
 * (see `runFailure`).
 * @throws for a function node whose code does not compile, and
 * `RunRefusedError` (sentences) for a graph over the plan limits.
 */
/** The smallest jump to an exact due time (µs); a nearer wake-up moves the clock 1 µs. */
const MIN_STEP_US = 0.001;

export function simulate(graph: Graph, options: SimulateOptions = {}): RunReport {
  const run = {
    ...graph.run,
    workers: 1,
    ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
    ...(options.warmupMs !== undefined ? { warmupMs: options.warmupMs } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
  if (run.warmupMs >= run.durationMs) run.warmupMs = Math.floor(run.durationMs / 10);
  const g: Graph = { ...graph, run };
  // The plan limits (instances, channels, duration), before anything is built.
  const over = planLimitProblems(g, { mode: 'virtual', workers: 1 });
  if (over.length > 0) throw new RunRefusedError(over);
  const plan = buildPlan(g, { workers: 1 });
  const shape = { instances: plan.instances.length, channels: plan.channels.length, workers: 1 };
  let metrics: MetricsBlock;
  try {
    metrics = createMetricsBlock(shape, false);
  } catch (err) {
    const problem = allocationProblem(err, 'the metrics block', metricsLayout(shape).bytes);
    if (problem === undefined) throw err;
    throw new RunRefusedError([problem]);
  }
  const inputs = new Map<number, InChannel>();
  const outputs = new Map<number, OutChannel>();
  for (const ch of plan.channels) {
    metrics.channelF64[ch.index * CHANNEL_FIELDS + CF.capacity] = ch.capacity;
    const local = new LocalChannel(ch, metrics);
    inputs.set(ch.index, local);
    outputs.set(ch.index, local);
  }
  let now = T0_US;
  const kernels = createKernels(plan, g, 0, outputs, metrics);
  const scheduler = new Scheduler(plan, 0, kernels, inputs, outputs, metrics, {
    nowUs: () => now,
    stopRequested: () => false,
    virtual: true,
  });

  const endUs = T0_US + run.durationMs * 1000;
  const warmUs = T0_US + run.warmupMs * 1000;
  let warm = run.warmupMs === 0 ? snapshotBlock(metrics) : undefined;
  const depthSum = new Float64Array(plan.channels.length);
  let depthTimeUs = 0;
  const maxTurns = options.maxTurns ?? 50_000_000;
  const maxWallMs = options.maxWallMs ?? 30_000;
  const maxTurnsPerInstant = options.maxTurnsPerInstant ?? 10_000;
  const wallMs = options.wallMs ?? (() => performance.now());
  const wallStart = wallMs();
  // The real run's deadlock and drained rules, applied on the simulated clock.
  const monitor = monitorConfig(plan, {
    warmupMs: run.warmupMs,
    durationMs: run.durationMs,
    ...(options.deadlockMs !== undefined ? { deadlockMs: options.deadlockMs } : {}),
  });
  const view = metricsView(metrics, { pausedUs: 0 });
  const watch = monitorState(monitor, T0_US);
  let nextCheckUs = T0_US + CHECK_EVERY_US;
  let turns = 0;
  let instantTurns = 0;
  let ended: RunEnd = 'duration';
  let error: string | undefined;
  const fail = (how: RunEnd, sentence: string) => {
    ended = how;
    error = sentence;
  };

  try {
    while (now < endUs) {
      if ((++turns & 4095) === 0) {
        options.beat?.();
        const spentMs = wallMs() - wallStart;
        if (spentMs > maxWallMs) {
          fail(
            'budget',
            `the prediction used its wall-clock budget (${(maxWallMs / 1000).toFixed(0)} s) at ${at(now)} of ${run.durationMs / 1000} s simulated; shorten the duration or simplify the graph`,
          );
          break;
        }
      }
      if (turns > maxTurns) {
        fail(
          'budget',
          `the prediction used its event budget (${maxTurns.toLocaleString('en')} scheduler turns) at ${at(now)} of ${run.durationMs / 1000} s simulated; shorten the duration or lower the rates`,
        );
        break;
      }
      const r = scheduler.turn(now);
      if (r.moved) {
        // Stay at this instant until no message moves, then jump to the next event
        // (timers that fired without moving anything would do nothing new here).
        if (++instantTurns > maxTurnsPerInstant) {
          fail(
            'stalled',
            `virtual time stood still at ${at(now)}: ${quote(scheduler.dueAt(now).length > 0 ? scheduler.dueAt(now) : workingNodes(scheduler, metrics, plan, now))} kept working for ${maxTurnsPerInstant.toLocaleString('en')} turns without time moving; ${STALL_HINT}`,
          );
          break;
        }
        continue;
      }
      instantTurns = 0;
      let next: number;
      if (r.nextUs === Infinity) {
        // Nothing is due and nothing moved: drained, or stuck for good.
        if (drained(view, monitor)) {
          ended = 'drained';
          next = endUs;
        } else if (queuedAndHeld(view, monitor) === 0) {
          // Nothing waits and nothing will happen (no source emits): quiet to the end.
          next = endUs;
        } else {
          const stuck = fullCycles(view, monitor)[0];
          if (stuck !== undefined)
            fail(
              'deadlock',
              deadlockMessage(
                stuck.nodes,
                `nothing in the graph can move any more (at ${at(now)} of virtual time)`,
              ),
            );
          else
            fail(
              'stalled',
              `virtual time stopped at ${at(now)}: nothing is due and nothing can move, yet ${queuedAndHeld(view, monitor)} message(s) wait (queued for or held by ${quote(holders(view, plan))})`,
            );
          break;
        }
      } else {
        // Always forward, never by a sliver: to the exact due time when it is
        // at least MIN_STEP_US ahead (events keep their order: an arrival just
        // before a batch deadline is still taken first), else a whole µs on.
        next = r.nextUs - now >= MIN_STEP_US ? r.nextUs : now + 1;
      }
      if (next > endUs) next = endUs;
      if (warm === undefined && next >= warmUs) {
        // Depth accounting starts at warm-up; the snapshot is taken at the first jump past it.
        warm = snapshotBlock(metrics);
      }
      if (warm !== undefined) {
        const from = Math.max(now, warmUs);
        const dt = next - from;
        if (dt > 0) {
          const c = metrics.channels;
          for (let i = 0; i < plan.channels.length; i++) {
            const ci = i * CHANNEL_I32_STRIDE;
            depthSum[i]! += Math.max(0, (c[ci + C.pushed]! - c[ci + C.popped]!) | 0) * dt;
          }
          depthTimeUs += dt;
        }
      }
      now = next;
      if (ended === 'drained') break;
      if (now >= nextCheckUs) {
        nextCheckUs = now + CHECK_EVERY_US;
        const d = stalledCycle(view, watch, now, monitor);
        if (d !== undefined) {
          fail('deadlock', deadlockMessage(d.nodes, `${stalledFor(d.stalledMs)} of virtual time`));
          break;
        }
      }
    }
  } catch (e) {
    fail(
      'error',
      `the prediction failed at ${at(now)} of virtual time: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const baseline = warm ?? snapshotBlock(metrics);
  const measuredMs = Math.max(0, (now - Math.max(warmUs, T0_US)) / 1000);
  // Express time-weighted sums as "sum / count" with count 1 = the time average.
  const depth = { sum: depthSum.map((x) => (depthTimeUs > 0 ? x / depthTimeUs : 0)), count: 1 };
  return buildReport({
    graph: g,
    plan,
    now: metrics,
    then: baseline,
    measuredMs,
    durationMs: run.durationMs,
    warmupMs: run.warmupMs,
    transport: 'virtual',
    ended,
    ...(error !== undefined ? { error } : {}),
    depth,
    memoryBytes: 0,
    sabBytes: 0,
    lastErrors: lastErrorsOf(plan, kernels.keys(), (i) => kernels.get(i)) ?? {},
  });
}

const STALL_HINT =
  'a source with rate "max" needs a stage after it that takes time (a process with a service time, a delay-mode rate limiter) joined by block edges, and a cycle needs a stage that takes time';

/** Messages queued on every channel plus those held by instances. */
function queuedAndHeld(view: MonitorView, config: MonitorConfig): number {
  let n = 0;
  for (let c = 0; c < config.channels; c++) n += Math.max(0, (view.pushed(c) - view.popped(c)) | 0);
  for (let i = 0; i < config.instances; i++) n += view.held(i);
  return n;
}

/** Node ids that hold messages or have them queued at their inputs. */
function holders(view: MonitorView, plan: Plan): string[] {
  const ids = new Set<string>();
  for (const inst of plan.instances) if (view.held(inst.index) > 0) ids.add(inst.nodeId);
  for (const ch of plan.channels)
    if (((view.pushed(ch.index) - view.popped(ch.index)) | 0) > 0)
      ids.add(plan.instances[ch.to]!.nodeId);
  return [...ids];
}

/** Node ids whose messages in or out change over one more turn at `now`. */
function workingNodes(
  scheduler: Scheduler,
  metrics: MetricsBlock,
  plan: Plan,
  now: number,
): string[] {
  const before = metrics.instances.slice();
  scheduler.turn(now);
  const ids = new Set<string>();
  for (const inst of plan.instances) {
    const b = inst.index * INSTANCE_FIELDS;
    if (
      metrics.instances[b + I.in] !== before[b + I.in] ||
      metrics.instances[b + I.out] !== before[b + I.out]
    )
      ids.add(inst.nodeId);
  }
  return [...ids];
}
