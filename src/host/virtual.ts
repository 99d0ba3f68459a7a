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
  type MetricsBlock,
  metricsLayout,
  snapshotBlock,
} from '../runtime/metrics-block.ts';
import { allocationProblem, planLimitProblems, RunRefusedError } from '../runtime/limits.ts';
import { buildReport, type RunReport } from '../metrics/report.ts';
import type { InChannel, OutChannel } from '../runtime/channel.ts';
import { buildPlan } from '../runtime/plan.ts';
import { Scheduler } from '../runtime/scheduler.ts';
import { LocalChannel } from '../runtime/transport/local-channel.ts';
import { createKernels, lastErrorsOf } from '../runtime/worker/runtime.ts';

export interface SimulateOptions {
  durationMs?: number;
  warmupMs?: number;
  seed?: number;
  /** Safety valve: stop after this many scheduler turns (default 50 million). */
  maxTurns?: number;
  /**
   * Liveness, for a watchdog in another thread: called every few thousand
   * turns. A kernel that never returns (an endless user function) stops it.
   */
  beat?: () => void;
}

/** Origin of the simulated clock (µs); any large value works. */
const T0_US = 1e12;

/**
 * Simulates `graph` in virtual time and returns the same report a real run
 * gives (transport "virtual", 1 worker, memory 0).
 * @throws for a function node whose code does not compile, and
 * `RunRefusedError` (sentences) for a graph over the plan limits.
 */
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
  let turns = 0;
  let ended: RunReport['run']['ended'] = 'duration';

  while (now < endUs) {
    if ((++turns & 4095) === 0) options.beat?.();
    if (turns > maxTurns) {
      ended = 'stopped';
      break;
    }
    const r = scheduler.turn(now);
    // Stay at this instant until nothing moves, then jump to the next event.
    let next = r.worked ? now : r.nextUs;
    if (!r.worked && next === Infinity) {
      ended = 'drained';
      next = endUs;
    }
    if (next > endUs) next = endUs;
    if (next > now) {
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
    }
    if (ended === 'drained') break;
  }
  const baseline = warm ?? snapshotBlock(metrics);
  const measuredMs = (now - Math.max(warmUs, T0_US)) / 1000;
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
    depth,
    memoryBytes: 0,
    sabBytes: 0,
    lastErrors: lastErrorsOf(plan, kernels.keys(), (i) => kernels.get(i)) ?? {},
  });
}
