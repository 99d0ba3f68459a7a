/**
 * Process kernel: a service stage. Port 0 `out` for successes, port 1
 * `error` for failures (flag `MsgFlags.error`).
 *
 * Modes:
 * - `wait`: `concurrency` in-flight slots. `receive` draws the service time s
 *   and emits at now + s; the slot frees when that time passes (a min-heap of
 *   completion times). `ready(now)` is false while every slot is busy.
 * - `cpu`: one slot (the scheduler runs c instances for concurrency c);
 *   `out.burn(s)` spins the CPU for the service time, and the message is
 *   emitted at now + s (which the burn has already reached in real time).
 *
 * Per-item cost: an attempt takes the drawn service time plus n ×
 * `perItemMs`, where n is the number of items the message carries: the
 * members of a batch (a nested batch counts its members, as a sink does),
 * 1 for a plain message. The sum is the attempt's service time everywhere:
 * the timeout compares it, `service(us)` records it, cpu mode burns it.
 *
 * Failures: an attempt fails with probability `errorRate`, or when its drawn
 * service time exceeds `timeoutMs` (it then fails at now + timeout, counted
 * in `timeouts`). A failed attempt is retried while the number of retries
 * made here is below `retry.attempts`, after `baseMs` (fixed) or
 * `baseMs·2^k` (exponential, k = retries so far); each retry counts in
 * `retries`. Otherwise the message goes to the error port, counted in `errors`.
 *
 * Retries hold their slot: when a message is received its whole attempt
 * chain (services, backoffs) is drawn at once, the slot stays busy until the
 * final outcome, and the message is emitted once at that time with
 * `attempt` raised by the number of retries. (In `cpu` mode the attempts'
 * service times are burned back to back and the backoff is idle slot time.)
 * Counters (`retries`, `timeouts`, `errors`) are counted when the chain is
 * drawn, i.e. up to one service time before the outcome is visible.
 *
 * `service(us)` is recorded for every attempt that ran to completion
 * (success or error), not for timed-out ones.
 *
 * Utilization: `occupy(us)` reports the time the message holds its slot,
 * from the start of its first attempt to its final outcome (services,
 * attempts cut at the timeout, backoffs between retries), counted when the
 * chain is drawn. Slot time ÷ (slots × time) is the node's utilization, so a
 * stage whose attempts all time out reads λ·timeoutMs/c, not 0.
 *
 * Breaker: each attempt's outcome feeds a sliding window at the time it
 * happens; the breaker gates admission of new messages only (retries of an
 * admitted message are not re-checked). While open, messages are rejected at
 * once to the error port (`rejected`). See breaker.ts.
 *
 * Pure; no allocation per message.
 */
import type { ProcessParams } from './params.ts';
import { DistributionSampler, type Rng } from '../../core/random.ts';
import { ADMIT_REJECT, ADMIT_TRIAL, CircuitBreaker } from './breaker.ts';
import { StableHeap } from '../../core/stable-heap.ts';
import {
  type Emitter,
  type Kernel,
  type KernelEnv,
  type Msg,
  MsgFlags,
} from '../../core/kernel.ts';

/** Items a message carries: a batch's members (nested batches by their members), else 1. */
function itemCount(msg: Msg): number {
  const items = msg.items;
  if ((msg.flags & MsgFlags.batch) === 0 || items === undefined) return 1;
  let n = 0;
  for (let i = 0; i < items.length; i++) {
    const m = items[i]!;
    n += (m.flags & MsgFlags.batch) === 0 ? 1 : itemCount(m);
  }
  return n;
}

class ProcessKernel implements Kernel {
  private readonly rng: Rng;
  private params: ProcessParams;
  private readonly sampler: DistributionSampler;
  private readonly cpu: boolean;
  private slots = 1;
  private errorRate = 0;
  /** Per-item cost (µs) added to every attempt, × the items the message carries. */
  private perItemUs = 0;
  /** 0 = no timeout. */
  private timeoutUs = 0;
  /** −1 = no retry. */
  private maxRetries = -1;
  private backoffExponential = true;
  private backoffBaseUs = 0;
  private breaker: CircuitBreaker | null = null;
  /**
   * Wait mode: one entry per free slot, the time it became free, oldest first
   * (−Infinity: free since the start). A message starts at max(when its slot
   * freed, when it was queued), never after now: the modelled server does not
   * lose the time a late thread wake-up costs the worker (cpu mode burns for
   * real and starts at now). Invariant: free entries + in flight = slots +
   * held, where held counts in-flight messages above a lowered concurrency;
   * their slots are not returned when they finish.
   */
  private freed: number[] = [];
  private freedHead = 0;
  /** Completion times of in-flight messages. */
  private readonly busy: StableHeap;
  private lastNowUs = 0;

  constructor(params: ProcessParams, env: KernelEnv) {
    this.rng = env.rng;
    this.params = params;
    this.cpu = params.mode === 'cpu';
    this.sampler = new DistributionSampler(params.service);
    this.busy = new StableHeap(this.cpu ? 2 : params.concurrency + 1);
    this.apply(params);
    if (!this.cpu) this.freed = new Array<number>(this.slots).fill(-Infinity);
    this.breaker = params.breaker ? new CircuitBreaker(params.breaker) : null;
  }

  private apply(p: ProcessParams): void {
    this.params = p;
    this.sampler.set(p.service);
    const before = this.slots;
    this.slots = this.cpu ? 1 : p.concurrency;
    if (!this.cpu && this.slots !== before) this.resize(before);
    this.errorRate = p.errorRate;
    this.perItemUs = p.perItemMs * 1000;
    this.timeoutUs = p.timeoutMs === undefined ? 0 : p.timeoutMs * 1000;
    this.maxRetries = p.retry ? p.retry.attempts : -1;
    this.backoffExponential = p.retry?.backoff !== 'fixed';
    this.backoffBaseUs = p.retry ? p.retry.baseMs * 1000 : 0;
  }

  /**
   * A live concurrency change (wait mode). Raising it adds slots free since
   * the last time the kernel saw (not since ever: a backlog must not be
   * served in the past by slots that did not exist). Lowering it removes
   * free slots first (the longest free); in-flight messages beyond the new
   * number finish and their slots are held (`release` does not return them).
   */
  private resize(before: number): void {
    const free = this.freed.slice(this.freedHead);
    this.freedHead = 0;
    if (this.slots > before) {
      for (let i = before; i < this.slots; i++) free.push(this.lastNowUs);
      this.freed = free;
    } else {
      const keep = Math.max(0, this.slots - this.busy.size);
      this.freed = free.slice(free.length - Math.min(keep, free.length));
    }
  }

  /** Frees the slots whose service ended by `nowUs`, remembering when (a held slot is dropped). */
  private release(nowUs: number): void {
    const busy = this.busy;
    while (busy.size > 0 && busy.peekTime() <= nowUs) {
      const t = busy.pop();
      if (!this.cpu && busy.size + this.freed.length - this.freedHead < this.slots)
        this.freed.push(t);
    }
  }

  /** When the slot a new message takes became free (−Infinity: free since the start). */
  private takeFreedSlot(): number {
    if (this.freedHead >= this.freed.length) return -Infinity;
    const t = this.freed[this.freedHead++]!;
    if (this.freedHead > 64 && this.freedHead * 2 > this.freed.length) {
      this.freed = this.freed.slice(this.freedHead);
      this.freedHead = 0;
    }
    return t;
  }

  ready(nowUs: number): boolean {
    this.lastNowUs = nowUs;
    this.release(nowUs);
    return this.busy.size < this.slots;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    this.lastNowUs = nowUs;
    this.release(nowUs);
    const breaker = this.breaker;
    let trial = false;
    if (breaker !== null) {
      const verdict = breaker.admit(nowUs);
      if (verdict === ADMIT_REJECT) {
        msg.flags |= MsgFlags.error;
        out.emit(1, msg, Math.min(nowUs, msg.queuedAtUs));
        out.count('rejected');
        return;
      }
      trial = verdict === ADMIT_TRIAL;
    }

    const rng = this.rng;
    const timeoutUs = this.timeoutUs;
    let t = this.cpu ? nowUs : Math.min(nowUs, Math.max(this.takeFreedSlot(), msg.queuedAtUs));
    const startUs = t;
    let burnUs = 0;
    let retries = 0;
    let failed: boolean;
    const extraUs = this.perItemUs > 0 ? this.perItemUs * itemCount(msg) : 0;
    for (;;) {
      const s = this.sampler.sampleUs(rng) + extraUs;
      let d = s;
      if (timeoutUs > 0 && s > timeoutUs) {
        d = timeoutUs;
        failed = true;
        out.count('timeouts');
      } else {
        out.service(s);
        failed = this.errorRate > 0 && rng.next() < this.errorRate;
      }
      t += d;
      burnUs += d;
      if (breaker !== null) breaker.recordAt(t, failed, trial && retries === 0);
      if (!failed || retries >= this.maxRetries) break;
      out.count('retries');
      t += this.backoffExponential ? this.backoffBaseUs * Math.pow(2, retries) : this.backoffBaseUs;
      retries++;
    }
    if (this.cpu && burnUs > 0) out.burn(burnUs);
    out.occupy(t - startUs);
    msg.attempt += retries;
    if (failed) {
      msg.flags |= MsgFlags.error;
      out.count('errors');
      out.emit(1, msg, t);
    } else {
      out.emit(0, msg, t);
    }
    this.busy.push(t);
  }

  tick(nowUs: number): number {
    this.lastNowUs = nowUs;
    this.release(nowUs);
    if (this.breaker !== null) this.breaker.advance(nowUs);
    return this.busy.size < this.slots ? Infinity : this.busy.peekTime();
  }

  state(): { breaker?: 0 | 1 | 2; inFlight: number } {
    const inFlight = this.busy.size;
    if (this.breaker === null) return { inFlight };
    return { breaker: this.breaker.stateAt(this.lastNowUs), inFlight };
  }

  /**
   * Live change to the node's full params (an absent timeoutMs, retry or
   * breaker is removed): service, perItemMs, concurrency (wait mode: see `resize`),
   * errorRate, timeoutMs, retry and breaker (a changed breaker starts fresh,
   * closed). A mode change is refused (returns false, nothing applied). In
   * cpu mode concurrency is the number of instances taking work, which the
   * scheduler decides (it parks the others); each instance keeps one slot.
   */
  setParams(params: unknown): boolean {
    const p = params as ProcessParams;
    if (p.mode !== this.params.mode) return false;
    const breakerChanged = JSON.stringify(p.breaker) !== JSON.stringify(this.params.breaker);
    this.apply(p);
    if (breakerChanged) this.breaker = p.breaker ? new CircuitBreaker(p.breaker) : null;
    return true;
  }
}

/** A process kernel; see the file header for the semantics. */
export function createProcessKernel(params: ProcessParams, env: KernelEnv): Kernel {
  return new ProcessKernel(params, env);
}
