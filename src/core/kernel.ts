/**
 * The kernel contract: one kernel per node kind, pure and clock-agnostic.
 * A kernel never reads a clock, never touches a ring, never blocks: the
 * scheduler gives it `nowUs` and an `Emitter`, and the kernel says what to
 * emit and when (the modelled time: an emission may name a time before now,
 * when the thread ran late). The same kernels therefore drive real workers
 * and virtual time. The one exception is measuring user code: the function
 * kernel times its user call with the injected `KernelEnv.cpuClockUs`.
 *
 * Times are microseconds on the shared run clock (all workers agree).
 *
 * Pure: no DOM, no React, no store, no Node imports.
 */
import type { Rng } from './random.ts';

/** Flag bits of `Msg.flags`. */
export const MsgFlags = {
  /** The message is a batch; its members are in `items`. */
  batch: 1,
  /** The message failed (error port). */
  error: 2,
} as const;

/**
 * A message inside a worker. Header fields travel in the frame header; the
 * payload bytes are real (the configured size) so memory and bandwidth are
 * real. Treat `payload` as read-only: broadcast copies share it.
 */
export interface Msg {
  /** Sequence number per source instance. */
  seq: number;
  /** The source's *scheduled* arrival time (µs); sinks measure latency from it. */
  bornAtUs: number;
  /**
   * When the message entered the channel it was last read from (µs): the time
   * its producer meant to emit it, even if that thread ran late. A stage that
   * models waiting (wait-mode service, delay, sink) starts from here, so a late
   * thread wake-up does not become modelled time. Set by the scheduler.
   */
  queuedAtUs: number;
  /** Routing / cache key, 0 ≤ key < keys.count. */
  key: number;
  /** 0 for the first try, incremented by each retry. */
  attempt: number;
  /** Bit set of `MsgFlags`. */
  flags: number;
  /** Payload bytes (read-only). */
  payload: Uint8Array;
  /** Members of a batch (flags & MsgFlags.batch). */
  items?: Msg[];
}

/** What a kernel may count besides messages in and out (the scheduler counts those). */
export type CounterName =
  'errors' | 'retries' | 'drops' | 'hits' | 'misses' | 'timeouts' | 'rejected';

/**
 * The kernel's only way to act. The scheduler implements it; tests use a
 * recording fake.
 */
export interface Emitter {
  /**
   * Emit `msg` on output port index `port` (index into portsOf(node).outputs)
   * at time `atUs` (default: now). A future `atUs` models service time in
   * `wait` mode or a delay: the scheduler holds the message until then.
   */
  emit(port: number, msg: Msg, atUs?: number): void;
  /** Add `n` (default 1) to a counter of this instance. */
  count(name: CounterName, n?: number): void;
  /** Record one service time sample (µs) for the service-time histogram. */
  service(us: number): void;
  /** Record one end-to-end latency sample (µs) (sinks). */
  latency(us: number): void;
  /** `cpu` mode: burn the CPU for `us` microseconds now (the scheduler busy-spins). */
  burn(us: number): void;
  /**
   * Add `us` microseconds of occupied slot time: the time a slot was (or
   * will be) held, for utilization (`I.busyUs`): a process message's whole
   * attempt chain, a function's time in user code.
   */
  occupy(us: number): void;
}

/** Per-instance facts the scheduler supplies when it builds a kernel. */
export interface KernelEnv {
  /** Seeded PRNG private to this instance. */
  rng: Rng;
  /** Index of this instance among the node's instances (0-based), and their number. */
  instance: number;
  instances: number;
  /**
   * Occupancy (0..1) of the ring behind each output port, for leastLoaded
   * split; may be approximate (read without locks). Absent in pure tests.
   */
  outputLoad?: (port: number) => number;
  /**
   * A real monotonic clock (µs, thread time, never the simulated clock), only
   * for measuring how long user code ran (function nodes' utilization). Not
   * for modelled time. Absent in pure tests (then nothing is measured).
   */
  cpuClockUs?: () => number;
}

/**
 * One node instance's behaviour.
 *
 * Scheduler loop, per instance, each turn:
 *   1. `tick(now, out)` fires time-driven work and returns the next time it
 *      wants to be called (Infinity = only on input).
 *   2. while `ready(now)` and an input has a message: `receive(msg, port, now, out)`.
 *   3. if step 2 took any message, `tick(now, out)` again: a receive may set a
 *      new wake-up time (a batch's timeout starts, a rate limiter runs out of
 *      tokens, so `ready` turns false until the refill time tick returns).
 *      `tick` is cheap and idempotent at the same `now` for every kernel.
 * The scheduler stops calling both while messages this instance emitted are
 * waiting for room in a full output ring (back pressure).
 */
export interface Kernel {
  /** May the scheduler hand this instance one more input message now? */
  ready(nowUs: number): boolean;
  /** One input message from input port index `port`. */
  receive(msg: Msg, port: number, nowUs: number, out: Emitter): void;
  /** Time-driven work; returns the next wake-up time in µs (Infinity for none). */
  tick(nowUs: number, out: Emitter): number;
  /**
   * Live change: the node's full params (schema-parsed, as in the graph; an
   * absent optional field is removed). Returns false, applying nothing, when
   * the kernel cannot take them while running.
   */
  setParams?(params: unknown): boolean;
  /** Numeric state for metrics, e.g. circuit breaker 0 closed, 1 open, 2 half-open; in-flight count. */
  state?(): { breaker?: 0 | 1 | 2; inFlight?: number };
  /** True when a finite source has emitted everything (limit reached). */
  done?(): boolean;
  /**
   * The latest error of user code this instance runs, as a sentence
   * ("TypeError: x is undefined"), or undefined; the report shows it beside
   * the node's error count. Read once, when the run ends.
   */
  readonly lastError?: string | undefined;
}

/** Same header, same (shared) payload and items. */
export function copyMsg(msg: Msg): Msg {
  const copy: Msg = {
    seq: msg.seq,
    bornAtUs: msg.bornAtUs,
    queuedAtUs: msg.queuedAtUs,
    key: msg.key,
    attempt: msg.attempt,
    flags: msg.flags,
    payload: msg.payload,
  };
  if (msg.items !== undefined) copy.items = msg.items;
  return copy;
}
