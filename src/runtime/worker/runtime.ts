/**
 * What one worker does for a run: rebuild the (deterministic) plan from the
 * graph, create the kernels and channel ends of its instances, then drive the
 * scheduler until Stop. The same code runs in a Web Worker and in a Node
 * worker thread; the entry files only wire comlink.
 *
 * Two drivers:
 * - `runWorkerSync` (SAB transport): a tight loop that spins briefly when
 *   idle, then sleeps on its doorbell with `Atomics.wait` until input arrives
 *   or the next timer is due (timers are precise to ~0.1 ms: the last 150 µs
 *   before a deadline are spun).
 * - `runWorkerAsync` (postMessage transport): the same turns, yielding to the
 *   event loop so port messages can arrive.
 *
 * Control and metrics: in shared blocks (`setup.metrics`, `setup.control`),
 * or, without SharedArrayBuffer, by messages over `setup.link`
 * (message-link.ts): the worker then writes its own copy of the metrics
 * block and sends its share to the host; only the async driver runs so.
 *
 * Pure except for `Atomics.wait` (allowed in workers, never on a window's main thread).
 */
import { type Graph, kindDef } from '../../graph/model.ts';
import { nodeSchemas } from '../../graph/schema.ts';
import {
  attachMetricsBlock,
  CF,
  CHANNEL_FIELDS,
  createMetricsBlock,
  type MetricsBlock,
  type MetricsShape,
  WI,
  WORKER_I32_STRIDE,
} from '../metrics-block.ts';
import type { MetricsDelta } from '../metrics-share.ts';
import { MetricsShare } from '../metrics-share.ts';
import { WorkerLink } from '../message-link.ts';
import type { InChannel, OutChannel } from '../channel.ts';
import { clockUs, Command, ControlBlock, type ControlView, type LiveChange } from '../control.ts';
import { createKernel } from '../../kinds/index.ts';
import type { Kernel } from '../../core/kernel.ts';
import { buildPlan, type Plan } from '../plan.ts';
import { deriveSeed, Rng } from '../../core/random.ts';
import { Scheduler, type TurnResult } from '../scheduler.ts';
import { LocalChannel } from '../transport/local-channel.ts';
import { type PortLike, PortInChannel, PortOutChannel } from '../transport/port-channel.ts';
import { RingInChannel, RingOutChannel } from '../transport/sab-channel.ts';
import { sleepOnDoorbell } from '../ringbuf/doorbell.ts';
import type { Doorbell } from '../ringbuf/ring-core.ts';

export interface WorkerSetup {
  worker: number;
  workers: number;
  graph: Graph;
  transport: 'sab' | 'postmessage';
  metricsShape: MetricsShape;
  /** The shared metrics and control blocks; absent without SharedArrayBuffer (then `link`). */
  metrics?: SharedArrayBuffer;
  control?: SharedArrayBuffer;
  /**
   * Without SharedArrayBuffer: this worker's end of its link to the host
   * (control in, metrics out; message-link.ts) and the channels' capacities
   * as the host has them now. postMessage transport only.
   */
  link?: PortLike;
  capacities?: number[];
  /** SAB transport: all rings in one SAB, and each channel's offset. */
  rings?: SharedArrayBuffer;
  ringOffsets?: number[];
  /** postMessage transport: this worker's producer and consumer ends, by channel index. */
  outPorts?: Record<number, PortLike>;
  inPorts?: Record<number, PortLike>;
}

export interface WorkerResult {
  ok: boolean;
  error?: string;
  /** Node id → the latest error of its user code on this worker (`Kernel.lastError`). */
  lastErrors?: Record<string, string>;
  /** Without SharedArrayBuffer: the worker's whole share of the metrics at the end. */
  metrics?: MetricsDelta;
}

/**
 * The latest user-code error of each node with instances in `instances`
 * (`Kernel.lastError`), or undefined when none has one. Allocates (once, at the end).
 */
export function lastErrorsOf(
  plan: Plan,
  instances: Iterable<number>,
  kernels: (index: number) => Kernel | undefined,
): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const index of instances) {
    const last = kernels(index)?.lastError;
    if (last === undefined) continue;
    out ??= {};
    out[plan.instances[index]!.nodeId] = last;
  }
  return out;
}

/** Spin (not sleep) when the next deadline is closer than this (µs). */
const SPIN_BEFORE_DEADLINE_US = 150;
/** Longest sleep, so Pause/Stop and live changes are seen even without a notify (ms). */
const MAX_SLEEP_MS = 20;
/**
 * Sleep while blocked on a full output (ms): a consumer that makes room does
 * not ring the producer's doorbell, so the producer looks again this soon.
 */
const BLOCKED_SLEEP_MS = 0.2;
/**
 * Idle time spent spinning before sleeping (µs). A stream that pauses for less
 * than this costs no futex wake-up on either side; sleeping sooner made the
 * producer's notify the top item of a 3-stage pipeline's profile (11 %).
 */
const IDLE_SPIN_US = 50;

interface Loaded {
  plan: Plan;
  scheduler: Scheduler;
  /** This worker's kernels by instance index. */
  kernels: ReadonlyMap<number, Kernel>;
  metrics: MetricsBlock;
  control: ControlView;
  /** Without SharedArrayBuffer: the link that carries control in and metrics out. */
  link: WorkerLink | undefined;
  worker: number;
  /** Live changes applied so far. */
  applied: number;
  /** Results of the last `step`. */
  wall: number;
  now: number;
  last: TurnResult;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The kernels of one worker's instances, each with its own seeded PRNG and,
 * for leastLoaded splits, a lock-free view of its output channels' fill.
 * Throws for a function node whose code does not compile.
 */
export function createKernels(
  plan: Plan,
  graph: Graph,
  worker: number,
  outputs: ReadonlyMap<number, OutChannel>,
  metrics: MetricsBlock,
): Map<number, Kernel> {
  const kernels = new Map<number, Kernel>();
  for (const index of plan.byWorker[worker] ?? []) {
    const inst = plan.instances[index]!;
    const node = graph.nodes[inst.nodeIndex]!;
    const outputLoad = (port: number) => {
      const first = inst.outputs[port]?.[0]?.channels[0];
      if (first === undefined) return 0;
      const out = outputs.get(first);
      const cap = metrics.channelF64[first * CHANNEL_FIELDS + CF.capacity]!;
      return out === undefined || cap <= 0 ? 0 : out.depth() / cap;
    };
    kernels.set(
      index,
      createKernel(node, {
        rng: new Rng(deriveSeed(graph.run.seed, inst.nodeIndex, inst.instance)),
        instance: inst.instance,
        instances: inst.instances,
        outputLoad,
        cpuClockUs: threadClockUs,
      }),
    );
  }
  return kernels;
}

/** Thread time (µs) for measuring user code; never the simulated clock. */
const threadClockUs = (): number => performance.now() * 1000;

/** The word worker `worker` sleeps on; producers into its input rings ring it. */
function doorbellOf(metrics: MetricsBlock, worker: number): Doorbell {
  return { word: metrics.workerI32, index: worker * WORKER_I32_STRIDE + WI.doorbell };
}

/** Builds everything for a run. Throws with a clear message on a bad function node. */
export function loadWorker(setup: WorkerSetup, onPortData: () => void = () => {}): Loaded {
  const plan = buildPlan(setup.graph, { workers: setup.workers });
  const w = setup.worker;
  let metrics: MetricsBlock;
  let control: ControlView;
  let link: WorkerLink | undefined;
  if (setup.link !== undefined) {
    if (setup.transport !== 'postmessage')
      throw new Error('a run without SharedArrayBuffer needs the postMessage transport');
    metrics = createMetricsBlock(setup.metricsShape, false);
    for (const ch of plan.channels)
      metrics.channelF64[ch.index * CHANNEL_FIELDS + CF.capacity] =
        setup.capacities?.[ch.index] ?? ch.capacity;
    link = new WorkerLink(setup.link, new MetricsShare(plan, w), metrics, onPortData);
    control = link;
  } else {
    if (setup.metrics === undefined || setup.control === undefined)
      throw new Error('the run setup has neither shared blocks nor a message link');
    metrics = attachMetricsBlock(setup.metrics, setup.metricsShape);
    control = new ControlBlock(setup.control);
  }
  const credits = link !== undefined;

  const inputs = new Map<number, InChannel>();
  const outputs = new Map<number, OutChannel>();
  for (const ch of plan.channels) {
    const fromW = plan.instances[ch.from]!.worker;
    const toW = plan.instances[ch.to]!.worker;
    if (fromW !== w && toW !== w) continue;
    if (fromW === toW) {
      // Both ends on this worker: an in-memory FIFO on either transport.
      const local = new LocalChannel(ch, metrics);
      inputs.set(ch.index, local);
      outputs.set(ch.index, local);
    } else if (setup.transport === 'sab') {
      const sab = setup.rings!;
      const off = setup.ringOffsets![ch.index]!;
      if (toW === w) inputs.set(ch.index, new RingInChannel(sab, off, ch, metrics));
      if (fromW === w)
        outputs.set(ch.index, new RingOutChannel(sab, off, ch, metrics, doorbellOf(metrics, toW)));
    } else {
      const inPort = setup.inPorts?.[ch.index];
      const outPort = setup.outPorts?.[ch.index];
      if (toW === w) {
        if (inPort === undefined) throw new Error(`no consumer port for channel ${ch.index}`);
        inputs.set(ch.index, new PortInChannel(inPort, ch, metrics, onPortData, credits));
      }
      if (fromW === w) {
        if (outPort === undefined) throw new Error(`no producer port for channel ${ch.index}`);
        outputs.set(ch.index, new PortOutChannel(outPort, ch, metrics, credits));
      }
    }
  }

  const kernels = createKernels(plan, setup.graph, w, outputs, metrics);
  const beatAt = w * WORKER_I32_STRIDE + WI.heartbeat;
  // Beats during a CPU burn; without SAB they must also be sent (the event loop is busy).
  const beat =
    link === undefined
      ? () => Atomics.add(metrics.workerI32, beatAt, 1)
      : () => {
          Atomics.add(metrics.workerI32, beatAt, 1);
          link.publish(clockUs());
        };
  const scheduler = new Scheduler(plan, w, kernels, inputs, outputs, metrics, {
    nowUs: clockUs,
    stopRequested: () => control.command() === Command.stop,
    beat,
  });
  return {
    plan,
    scheduler,
    kernels,
    metrics,
    control,
    link,
    worker: w,
    applied: 0,
    wall: 0,
    now: 0,
    last: { worked: false, moved: false, nextUs: Infinity, blocked: false },
  };
}

/** Applies live changes published since the last call. */
function applyChanges(l: Loaded): void {
  const n = l.control.changeCount();
  if (n === l.applied) return;
  const changes: LiveChange[] = l.control.readChanges();
  for (let k = l.applied; k < changes.length; k++) {
    const c = changes[k]!;
    const node = l.plan.graph.nodes.find((x) => x.id === c.nodeId);
    if (node === undefined) continue;
    const parsed = nodeSchemas[node.kind].shape.params.safeParse(c.params);
    if (!parsed.success) continue;
    for (const kernel of l.scheduler.kernelsOf(c.nodeId)) kernel.setParams?.(parsed.data);
    // Instances above the new count (never above the plan's: the host refuses that) are parked.
    const instances = kindDef(node.kind).plan?.instances?.(parsed.data);
    if (instances !== undefined) l.scheduler.setActiveInstances(c.nodeId, instances);
  }
  l.applied = changes.length;
}

/**
 * Liveness: a counter the host watches (its own clock decides how long is too
 * long). Without SAB the share of the metrics is sent from here, every
 * METRICS_POST_MS of `wallUs`.
 */
function heartbeat(l: Loaded, wallUs: number): void {
  Atomics.add(l.metrics.workerI32, l.worker * WORKER_I32_STRIDE + WI.heartbeat, 1);
  l.link?.publish(wallUs);
}

function setState(l: Loaded, state: number): void {
  Atomics.store(l.metrics.workerI32, l.worker * WORKER_I32_STRIDE + WI.state, state);
}

const STOP = 0;
const PAUSED = 1;
const TURNED = 2;

/**
 * One step of either driver: obey the command word, apply live changes, run a
 * scheduler turn and beat. Results land in `l` (no allocation per turn).
 */
function step(l: Loaded): typeof STOP | typeof PAUSED | typeof TURNED {
  const cmd = l.control.command();
  if (cmd === Command.stop) return STOP;
  if (cmd === Command.pause) {
    l.scheduler.flushAll();
    heartbeat(l, clockUs());
    return PAUSED;
  }
  applyChanges(l);
  l.wall = clockUs();
  l.now = l.wall - l.control.pausedUs;
  l.last = l.scheduler.turn(l.now);
  heartbeat(l, l.wall);
  return TURNED;
}

/** Loads the worker's share and reports it loaded, or the error that stopped it. */
function start(setup: WorkerSetup, onPortData?: () => void): Loaded | WorkerResult {
  try {
    const l = loadWorker(setup, onPortData);
    setState(l, 1);
    heartbeat(l, clockUs()); // without SAB, also the first message: loaded
    return l;
  } catch (err) {
    return { ok: false, error: describe(err) };
  }
}

function finish(l: Loaded, err?: unknown): WorkerResult {
  const lastErrors = lastErrorsOf(l.plan, l.plan.byWorker[l.worker] ?? [], (i) => l.kernels.get(i));
  const notes = lastErrors !== undefined ? { lastErrors } : {};
  let result: WorkerResult;
  if (err !== undefined) {
    setState(l, 3);
    result = { ok: false, error: describe(err), ...notes };
  } else {
    l.scheduler.flushAll();
    setState(l, 2);
    result = { ok: true, ...notes };
  }
  if (l.link !== undefined) result.metrics = l.link.final();
  return result;
}

/**
 * SAB driver: runs until Stop. Never returns early except on an error, which
 * it reports (the host ends the run with it).
 */
export function runWorkerSync(setup: WorkerSetup): WorkerResult {
  const l = start(setup);
  if ('ok' in l) return l;
  const { control, metrics, scheduler } = l;
  if (!(control instanceof ControlBlock))
    return finish(l, new Error('the SAB transport needs SharedArrayBuffer'));
  const doorbell = doorbellOf(metrics, l.worker);
  // What the doorbell sleep arms: the scheduler, i.e. every input channel of this worker.
  const inputs = [scheduler];
  while (control.command() === Command.wait) control.waitWhile(Command.wait, MAX_SLEEP_MS);
  let idleSinceUs = -1;
  try {
    for (;;) {
      const s = step(l);
      if (s === STOP) break;
      if (s === PAUSED) {
        control.waitWhile(Command.pause, MAX_SLEEP_MS);
        continue;
      }
      const { wall, now, last: r } = l;
      if (r.worked) {
        idleSinceUs = -1;
        continue;
      }
      if (idleSinceUs < 0) idleSinceUs = wall;
      const waitUs = r.nextUs - now;
      if (waitUs <= SPIN_BEFORE_DEADLINE_US || wall - idleSinceUs < IDLE_SPIN_US) continue;
      // Publish first (two workers must never wait on each other holding
      // unpublished frames), then sleep until input, the next deadline less
      // the spin margin, or the cap. Blocked on a full output: nothing rings
      // when the consumer makes room, so look again soon.
      scheduler.flushAll();
      const ms = r.blocked
        ? BLOCKED_SLEEP_MS
        : Math.min(MAX_SLEEP_MS, (waitUs - SPIN_BEFORE_DEADLINE_US) / 1000);
      sleepOnDoorbell(doorbell, inputs, ms);
      idleSinceUs = -1;
    }
  } catch (err) {
    return finish(l, err);
  }
  return finish(l);
}

/** A macrotask yield that works in browsers and Node (no 4 ms setTimeout clamp). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

/** postMessage driver: the same turns, yielding so port messages arrive. */
export async function runWorkerAsync(setup: WorkerSetup): Promise<WorkerResult> {
  let wake: (() => void) | undefined;
  const l = start(setup, () => {
    const w = wake;
    wake = undefined;
    w?.();
  });
  if ('ok' in l) return l;
  const { control, scheduler } = l;
  while (control.command() === Command.wait) await new Promise((r) => setTimeout(r, 1));
  try {
    let sliceStart = clockUs();
    for (;;) {
      const s = step(l);
      if (s === STOP) break;
      if (s === PAUSED) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      const { wall, now, last: r } = l;
      if (r.worked) {
        if (wall - sliceStart > 2000) {
          await yieldToEventLoop();
          sliceStart = clockUs();
        }
        continue;
      }
      scheduler.flushAll();
      const waitUs = r.nextUs - now;
      // Input is waiting: turn again at once, unless an instance is blocked on
      // a full output (its input may be what waits): then yield, so the
      // consumer's credits (no shared block) can arrive.
      if (scheduler.armSleep() && !r.blocked) continue;
      if (waitUs <= SPIN_BEFORE_DEADLINE_US || r.blocked) {
        await yieldToEventLoop();
      } else {
        const ms = Math.min(MAX_SLEEP_MS, waitUs / 1000);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, ms);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = undefined;
      }
      sliceStart = clockUs();
    }
  } catch (err) {
    return finish(l, err);
  }
  return finish(l);
}

/** The worker API exposed over comlink (browser and Node entries). */
export const engineApi = {
  /** Runs this worker's share of the graph until Stop; resolves with the outcome. */
  run(setup: WorkerSetup): Promise<WorkerResult> {
    return setup.transport === 'sab'
      ? Promise.resolve(runWorkerSync(setup))
      : runWorkerAsync(setup);
  },
  /** Liveness probe used at startup. */
  ping(): string {
    return 'pong';
  },
};

export type EngineApi = typeof engineApi;
