/**
 * The cooperative scheduler of one worker: runs that worker's node instances
 * in turns. A turn, per instance: flush due emissions to output channels,
 * fire the kernel's timers, feed it input while it is ready. An instance whose
 * output is full is skipped (back pressure) until the channel has room.
 *
 * The scheduler never waits: `turn(nowUs)` returns whether anything moved and
 * the next time something is due, and the driver (worker loop) decides how to
 * wait (spin, Atomics.wait on the doorbell, or a timer in async mode).
 *
 * Pure: no DOM, no React, no store, no Node imports. Allocates at setup; per
 * turn only when a queue it owns grows (the emission heap, the blocked FIFO).
 * What it calls may allocate: kernels create messages (and `state()` records),
 * ring inputs decode messages, postMessage outputs post a new array per flush.
 * One thread: a scheduler and its channel ends belong to one worker.
 */
import { HISTOGRAM_BUCKETS, record } from '../core/histogram.ts';
import {
  CF,
  CHANNEL_FIELDS,
  histogramOffset,
  I,
  INSTANCE_FIELDS,
  type MetricsBlock,
  WI,
  WORKER_I32_STRIDE,
} from './metrics-block.ts';
import type { InChannel, OutChannel } from './channel.ts';
import type { DoorbellInput } from './ringbuf/doorbell.ts';
import { type CounterName, type Emitter, type Kernel, type Msg, MsgFlags } from '../core/kernel.ts';
import type { Plan, PlanInstance } from './plan.ts';
import { StableHeap } from '../core/stable-heap.ts';

/** Most messages one instance takes from its inputs in one turn (fairness between instances). */
export const TURN_INPUT_BUDGET = 256;

const COUNTER_FIELD: Record<CounterName, number> = {
  errors: I.errors,
  retries: I.retries,
  drops: I.drops,
  hits: I.hits,
  misses: I.misses,
  timeouts: I.timeouts,
  rejected: I.rejected,
};

/** One edge leaving an output port: the channels to each consumer instance. */
interface OutEdge {
  /** The channels that take new messages (to the consumer's active instances). */
  channels: OutChannel[];
  /** Every channel of the edge, in plan order. */
  readonly all: readonly OutChannel[];
  /** The consumer instance number (0-based within its node) of each of `all`. */
  readonly toInstance: readonly number[];
  /** The consumer's node id. */
  readonly toNode: string;
  rr: number;
}

/** Hooks the driver supplies: the clock for `burn`, and a stop check during long burns. */
export interface SchedulerHooks {
  nowUs(): number;
  /** True once Stop was requested (checked while burning CPU). */
  stopRequested(): boolean;
  /** Virtual time (prediction mode): `burn` only accounts the time, it does not spin. */
  virtual?: boolean;
  /** Liveness beat for the watchdog, called during long CPU burns. */
  beat?(): void;
}

class InstanceRunner implements Emitter {
  /**
   * Emissions scheduled in the future: due time (µs), tag = output port,
   * value = the message. Equal due times leave in emission order.
   */
  readonly heap = new StableHeap<Msg>();
  /** FIFO of messages due now that did not fit their channel (head-of-line). */
  blockedPorts: number[] = [];
  blockedMsgs: Msg[] = [];
  blockedHead = 0;
  nextTickUs = -Infinity;
  now = 0;
  /** Round robin over the edges of each output port. */
  readonly edgeRr: number[];
  private readonly base: number;
  private readonly svcHist: Uint32Array;
  private readonly latHist: Uint32Array;
  inputRr = 0;
  finished = false;
  /**
   * When this instance last stopped being blocked on a full output (µs): a
   * message that waited in its input meanwhile could not be taken before,
   * so it counts as arriving then (queuedAtUs raised to it).
   */
  inputFromUs = -Infinity;
  /** Calls of `emit` so far (a turn that emitted moved something, even into a full channel). */
  emits = 0;

  /** Per input port and channel: the channel's offset in `channelF64` (item and batch counts). */
  readonly inputFields: number[][];

  constructor(
    readonly inst: PlanInstance,
    readonly kernel: Kernel,
    readonly inputs: InChannel[][],
    readonly outputs: OutEdge[][],
    private readonly metrics: MetricsBlock,
    private readonly hooks: SchedulerHooks,
  ) {
    this.edgeRr = outputs.map(() => 0);
    this.inputFields = inst.inputs.map((chs) => chs.map((c) => c * CHANNEL_FIELDS));
    this.base = inst.index * INSTANCE_FIELDS;
    const h = metrics.histograms;
    const s = histogramOffset(inst.index, 0);
    const l = histogramOffset(inst.index, 1);
    this.svcHist = h.subarray(s, s + HISTOGRAM_BUCKETS);
    this.latHist = h.subarray(l, l + HISTOGRAM_BUCKETS);
  }

  // ---- Emitter ----

  emit(port: number, msg: Msg, atUs?: number): void {
    this.emits++;
    const now = this.now;
    if (atUs !== undefined && atUs > now) {
      this.heap.push(atUs, port, msg);
      return;
    }
    // Due now, or already in the past (a stage catching up after a late wake-up):
    // it enters the channel at the time it was due.
    msg.queuedAtUs = atUs === undefined ? now : atUs;
    if (this.blockedHead < this.blockedMsgs.length || !this.deliver(port, msg)) {
      this.blockedPorts.push(port);
      this.blockedMsgs.push(msg);
    }
  }

  count(name: CounterName, n = 1): void {
    this.metrics.instances[this.base + COUNTER_FIELD[name]]! += n;
  }

  service(us: number): void {
    const m = this.metrics.instances;
    m[this.base + I.serviceSumUs]! += us;
    m[this.base + I.serviceCount]! += 1;
    record(this.svcHist, us);
  }

  latency(us: number): void {
    const m = this.metrics.instances;
    m[this.base + I.latencySumUs]! += us;
    m[this.base + I.latencyCount]! += 1;
    record(this.latHist, us);
  }

  burn(us: number): void {
    const hooks = this.hooks;
    // Virtual time: the service is modelled time already; nothing to spin.
    if (hooks.virtual === true) return;
    const end = hooks.nowUs() + us;
    let i = 0;
    while (hooks.nowUs() < end) {
      if ((++i & 255) === 0) {
        if (hooks.stopRequested()) break;
        hooks.beat?.();
      }
    }
  }

  occupy(us: number): void {
    if (us > 0) this.metrics.instances[this.base + I.busyUs]! += us;
  }

  // ---- delivery ----

  /** Tries to hand `msg` to a channel of output `port`. @returns false when full (keep it). */
  deliver(port: number, msg: Msg): boolean {
    const edges = this.outputs[port];
    if (edges === undefined || edges.length === 0) {
      // Unconnected port (the validator warned): the message leaves the graph here.
      return true;
    }
    let edge: OutEdge;
    if (edges.length === 1) edge = edges[0]!;
    else {
      const k = this.edgeRr[port]!;
      edge = edges[k % edges.length]!;
      this.edgeRr[port] = k + 1;
    }
    const chans = edge.channels;
    let ch: OutChannel;
    if (chans.length === 1) ch = chans[0]!;
    else {
      // Several consumer instances: the least deep, ties in round-robin order.
      const start = edge.rr++ % chans.length;
      ch = chans[start]!;
      let best = ch.depth();
      for (let j = 1; j < chans.length && best > 0; j++) {
        const c = chans[(start + j) % chans.length]!;
        const d = c.depth();
        if (d < best) {
          best = d;
          ch = c;
        }
      }
    }
    if (!ch.write(msg, this.now)) return false;
    this.metrics.instances[this.base + I.out]! += 1;
    return true;
  }

  /** Flushes due and blocked emissions. @returns true while still blocked. */
  flushDue(now: number): boolean {
    // Blocked messages first: order per instance is preserved.
    while (this.blockedHead < this.blockedMsgs.length) {
      const h = this.blockedHead;
      const held = this.blockedMsgs[h]!;
      // Held back by a full channel: it enters when there is room, i.e. now.
      held.queuedAtUs = now;
      if (!this.deliver(this.blockedPorts[h]!, held)) return true;
      this.blockedHead = h + 1;
    }
    if (this.blockedHead > 0) {
      this.blockedHead = 0;
      this.blockedMsgs.length = 0;
      this.blockedPorts.length = 0;
    }
    const heap = this.heap;
    while (heap.peekTime() <= now) {
      const port = heap.peekTag();
      const msg = heap.peekValue();
      msg.queuedAtUs = heap.peekTime();
      if (!this.deliver(port, msg)) {
        // Blocked: it joins the FIFO (and will enter when there is room); later
        // due messages stay behind it.
        heap.pop();
        this.blockedPorts.push(port);
        this.blockedMsgs.push(msg);
        return true;
      }
      heap.pop();
    }
    return false;
  }

  get blocked(): boolean {
    return this.blockedHead < this.blockedMsgs.length;
  }

  held(): number {
    return this.heap.size + this.blockedMsgs.length - this.blockedHead;
  }
}

export interface TurnResult {
  /** Something moved: a message in or out, or a timer fired. */
  worked: boolean;
  /**
   * A message moved: taken in, delivered, emitted (now or for later) or let
   * out of the blocked FIFO. A turn that only fired timers did not move
   * anything, and by the kernel contract (`tick` is idempotent at the same
   * `now`) another turn at the same instant would do nothing new: virtual
   * time moves on.
   */
  moved: boolean;
  /** Earliest time (µs) something is due; Infinity when only input can wake us. */
  nextUs: number;
  /**
   * Some instance is blocked on a full output channel, or an output channel
   * holds accepted messages its transport had no room for yet.
   */
  blocked: boolean;
}

/**
 * Runs a worker's instances. Build once per run with the kernels and channel
 * ends of this worker; call `turn(now)` from the driver loop.
 */
export class Scheduler implements DoorbellInput {
  private readonly runners: InstanceRunner[] = [];
  private readonly outChannels: OutChannel[] = [];
  private readonly inChannels: InChannel[] = [];
  private readonly result: TurnResult = {
    worked: false,
    moved: false,
    nextUs: Infinity,
    blocked: false,
  };
  /** Index of this worker's quiescence epoch (`WI.quiet`) in `metrics.workerI32`. */
  private readonly quietAt: number;
  /** The epoch last published (0: not quiescent), and the last non-zero one used. */
  private quiet = 0;
  private quietEpoch = 0;
  /** This worker's scheduling-lag histogram (µs). */
  private readonly lagHist: Uint32Array;
  /** The earliest timer the last turn left pending, and that turn's time (µs). */
  private dueUs = Infinity;
  private dueSetUs = -Infinity;

  constructor(
    plan: Plan,
    worker: number,
    kernels: ReadonlyMap<number, Kernel>,
    inputs: ReadonlyMap<number, InChannel>,
    outputs: ReadonlyMap<number, OutChannel>,
    private readonly metrics: MetricsBlock,
    hooks: SchedulerHooks,
  ) {
    for (const index of plan.byWorker[worker] ?? []) {
      const inst = plan.instances[index]!;
      const kernel = kernels.get(index);
      if (kernel === undefined) throw new Error(`no kernel for instance ${index} (${inst.nodeId})`);
      const ins = inst.inputs.map((chs) =>
        chs.map((c) => {
          const ch = inputs.get(c);
          if (ch === undefined) throw new Error(`no input channel ${c} for ${inst.nodeId}`);
          return ch;
        }),
      );
      const outs = inst.outputs.map((edges) =>
        edges.map((e): OutEdge => {
          const all = e.channels.map((c) => {
            const ch = outputs.get(c);
            if (ch === undefined) throw new Error(`no output channel ${c} for ${inst.nodeId}`);
            return ch;
          });
          const to = e.channels.map((c) => {
            const pc = plan.channels[c];
            return pc === undefined ? undefined : plan.instances[pc.to];
          });
          return {
            rr: 0,
            channels: all,
            all,
            toInstance: to.map((t, i) => t?.instance ?? i),
            toNode: to[0]?.nodeId ?? '',
          };
        }),
      );
      this.runners.push(new InstanceRunner(inst, kernel, ins, outs, metrics, hooks));
    }
    this.inChannels = [...inputs.values()];
    this.outChannels = [...outputs.values()];
    this.quietAt = worker * WORKER_I32_STRIDE + WI.quiet;
    this.lagHist = metrics.lag.subarray(
      worker * HISTOGRAM_BUCKETS,
      (worker + 1) * HISTOGRAM_BUCKETS,
    );
  }

  /** Kernels of this worker by node id (for live parameter changes). */
  kernelsOf(nodeId: string): Kernel[] {
    return this.runners.filter((r) => r.inst.nodeId === nodeId).map((r) => r.kernel);
  }

  /**
   * Node ids (once each, in plan order) of the instances with something due
   * at `now`: a timer (`tick` wake-up) or an emission. Virtual time uses it
   * to name the nodes that keep time from moving. Allocates; not for the hot loop.
   */
  dueAt(now: number): string[] {
    const ids = new Set<string>();
    for (const r of this.runners)
      if (r.nextTickUs <= now || r.heap.peekTime() <= now) ids.add(r.inst.nodeId);
    return [...ids];
  }

  /**
   * Live change of how many instances of `nodeId` take new messages (a
   * cpu-mode process whose concurrency was lowered or raised again, up to the
   * instances the plan started). Producers on this worker send only to
   * instances 0 … active − 1; a parked instance finishes what is already
   * queued to it and then stays idle. Every worker applies the same change,
   * so producers elsewhere follow too. Allocates.
   */
  setActiveInstances(nodeId: string, active: number): void {
    const n = Math.max(1, active);
    for (const r of this.runners)
      for (const edges of r.outputs)
        for (const e of edges) {
          if (e.toNode !== nodeId) continue;
          e.channels = e.all.filter((_, i) => e.toInstance[i]! < n);
        }
  }

  /** All finite sources on this worker are done and nothing is held. */
  idleAndDone(): boolean {
    return this.runners.every((r) => r.held() === 0 && (r.kernel.done?.() ?? true));
  }

  /**
   * One pass over every instance at time `now` (µs), then one publish per
   * output channel.
   * @returns the scheduler's own result object, overwritten by the next turn
   *   (read it before calling again). Allocates nothing itself unless the
   *   emission heap or the blocked FIFO grows; see the file header for what
   *   kernels and channels allocate.
   */
  turn(now: number): TurnResult {
    // Scheduling lag: how late this turn runs after the earliest timer the
    // previous turn was waiting for (only a timer set in the future counts).
    const due = this.dueUs;
    if (due <= now && due > this.dueSetUs) {
      record(this.lagHist, now - due);
      this.dueUs = Infinity;
    }
    let worked = false;
    let moved = false;
    let nextUs = Infinity;
    let anyBlocked = false;
    let quiet = true;
    const m = this.metrics.instances;
    const cf = this.metrics.channelF64;
    for (const r of this.runners) {
      r.now = now;
      const base = r.inst.index * INSTANCE_FIELDS;
      const wasBlocked = r.blocked;
      const outBefore = m[base + I.out]!;
      const emitsBefore = r.emits;
      if (r.flushDue(now)) {
        // Still blocked: no timers, no input for this instance (back pressure).
        if (m[base + I.out]! !== outBefore) worked = moved = true;
        anyBlocked = true;
        quiet = false;
        m[base + I.blocked] = 1;
        continue;
      }
      if (wasBlocked || m[base + I.out]! !== outBefore) worked = true;
      if (wasBlocked) r.inputFromUs = now;
      m[base + I.blocked] = 0;
      const kernel = r.kernel;
      if (r.nextTickUs <= now) {
        r.nextTickUs = kernel.tick(now, r);
        worked = true;
        if (kernel.done !== undefined) m[base + I.done] = kernel.done() ? 1 : 0;
      }
      // Input, round robin over ports and channels, while the kernel is ready.
      let taken = 0;
      const inputs = r.inputs;
      if (inputs.length > 0) {
        const nPorts = inputs.length;
        let idle = 0;
        let p = r.inputRr;
        while (taken < TURN_INPUT_BUDGET && !r.blocked && idle < nPorts && kernel.ready(now)) {
          const chans = inputs[p % nPorts]!;
          const fields = r.inputFields[p % nPorts]!;
          let got = false;
          for (let j = 0; j < chans.length && taken < TURN_INPUT_BUDGET; j++) {
            const msg = chans[j]!.read();
            if (msg === undefined) continue;
            if (msg.queuedAtUs < r.inputFromUs) msg.queuedAtUs = r.inputFromUs;
            m[base + I.in]! += 1;
            // Items and batches per edge: a batch is one message carrying its members.
            const f = fields[j]!;
            if ((msg.flags & MsgFlags.batch) !== 0) {
              cf[f + CF.batches]! += 1;
              cf[f + CF.items]! += msg.items?.length ?? 0;
            } else cf[f + CF.items]! += 1;
            kernel.receive(msg, p % nPorts, now, r);
            taken++;
            got = true;
            if (r.blocked || !kernel.ready(now)) break;
          }
          idle = got ? 0 : idle + 1;
          p++;
        }
        r.inputRr = p % nPorts;
        if (taken > 0) {
          worked = moved = true;
          // Not quiescent from before the pops are published (the host reads
          // this word, then the channels, then the word again: see monitor.ts).
          if (this.quiet !== 0) this.publishQuiet(0);
          for (const chans of inputs) for (const ch of chans) ch.release();
          // A receive may set a new wake-up (batch timeout, tokens, busy slots): ask again.
          r.nextTickUs = kernel.tick(now, r);
        }
      }
      // Emissions due now (zero-delay emits went straight out; blocked ones wait).
      if (!r.blocked && r.heap.peekTime() <= now) r.flushDue(now);
      if (r.blocked) anyBlocked = true;
      if (m[base + I.out]! !== outBefore || r.emits !== emitsBefore) moved = true;
      const held = r.held();
      m[base + I.held] = held;
      if (held > 0 || r.nextTickUs !== Infinity) quiet = false;
      const st = kernel.state?.();
      if (st?.breaker !== undefined) m[base + I.breaker] = st.breaker;
      const due = Math.min(r.nextTickUs, r.heap.peekTime());
      if (due < nextUs) nextUs = due;
    }
    // A channel still staging accepted messages (no transport room yet) is
    // work in hand: the driver looks again soon and the worker is not quiet.
    for (const ch of this.outChannels) {
      if (ch.flush()) {
        anyBlocked = true;
        quiet = false;
      }
    }
    // Everything staged is published now: a turn that ends holding nothing
    // and waiting for no timer leaves this worker quiescent (a new epoch).
    if (quiet !== (this.quiet !== 0)) {
      if (quiet) {
        this.quietEpoch = (this.quietEpoch % 0x7fffffff) + 1;
        this.publishQuiet(this.quietEpoch);
      } else this.publishQuiet(0);
    }
    this.dueUs = nextUs;
    this.dueSetUs = now;
    const result = this.result;
    result.worked = worked;
    result.moved = moved;
    result.nextUs = nextUs;
    result.blocked = anyBlocked;
    return result;
  }

  private publishQuiet(epoch: number): void {
    this.quiet = epoch;
    Atomics.store(this.metrics.workerI32, this.quietAt, epoch);
  }

  /**
   * Consumer side of every input channel of this worker: releases what was
   * read and marks each as sleeping (see `InChannel.armSleep`); the SAB
   * driver passes the scheduler to `sleepOnDoorbell`. Does not allocate.
   * @returns true if some input already holds a message (then do not sleep).
   */
  armSleep(): boolean {
    let ready = false;
    for (const ch of this.inChannels) if (ch.armSleep()) ready = true;
    return ready;
  }

  /** Clears the marks set by `armSleep`. Does not allocate. */
  disarmSleep(): void {
    for (const ch of this.inChannels) ch.disarmSleep();
  }

  /**
   * Publishes everything staged (before sleeping, so two workers never wait on each other).
   * @returns true while some accepted message still waits for transport room.
   */
  flushAll(): boolean {
    let waiting = false;
    for (const ch of this.outChannels) if (ch.flush()) waiting = true;
    return waiting;
  }
}
