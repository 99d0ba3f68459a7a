/**
 * Both ends of a channel whose producer and consumer share a worker, on
 * either transport: a plain in-memory FIFO of `Msg` references (no encode, no
 * copy, no structured clone, no event-loop turn), as an in-process hop is in a
 * real system. Same counters (`pushed`/`popped` in the metrics block), live
 * capacity and overflow policies as the cross-worker channels
 * (counted-out.ts), so back pressure, drops and metrics mean the same thing
 * whatever the placement: full is depth ≥ capacity; block refuses, dropNewest
 * discards the new message, dropOldest discards the oldest waiting one and
 * takes the new one; every discard counts in `CF.drops`. Also the only
 * channel of a virtual-time run.
 *
 * One thread only: both ends run in the worker's own loop, so nothing here
 * races; the Atomics stores publish the counters to the metrics readers.
 * Pure: no DOM, no Node imports. Allocates only when the FIFO array grows or
 * compacts.
 */
import { C, CF, CHANNEL_FIELDS, CHANNEL_I32_STRIDE, type MetricsBlock } from '../metrics-block.ts';
import type { InChannel, OutChannel } from '../channel.ts';
import type { Msg } from '../../core/kernel.ts';
import type { PlanChannel } from '../plan.ts';

/** Both ends of a same-worker channel (see the file header). */
export class LocalChannel implements OutChannel, InChannel {
  private items: Msg[] = [];
  private head = 0;
  private pushed: number;
  private popped: number;
  private released: number;
  private high: number;
  private blockedSinceUs = -1;
  private readonly ci: number;
  private readonly cfi: number;
  readonly overflow: PlanChannel['overflow'];

  constructor(
    plan: PlanChannel,
    private readonly metrics: MetricsBlock,
  ) {
    this.ci = plan.index * CHANNEL_I32_STRIDE;
    this.cfi = plan.index * CHANNEL_FIELDS;
    this.pushed = Atomics.load(metrics.channels, this.ci + C.pushed);
    this.popped = Atomics.load(metrics.channels, this.ci + C.popped);
    this.released = this.popped;
    this.high = metrics.channelF64[this.cfi + CF.highWater]!;
    this.overflow = plan.overflow;
  }

  depth(): number {
    return Math.max(0, (this.pushed - this.popped) | 0);
  }

  write(msg: Msg, nowUs: number): boolean {
    const cf = this.metrics.channelF64;
    if (((this.pushed - this.popped) | 0) >= cf[this.cfi + CF.capacity]!) {
      if (this.overflow === 'block') {
        if (this.blockedSinceUs < 0) this.blockedSinceUs = nowUs;
        return false;
      }
      cf[this.cfi + CF.drops]! += 1;
      if (this.overflow === 'dropNewest' || this.head >= this.items.length) return true;
      // dropOldest: the oldest waiting message leaves uncounted in `pushed`; the new one enters.
      this.shift();
      this.pushed = (this.pushed - 1) | 0;
    }
    this.items.push(msg);
    this.pushed = (this.pushed + 1) | 0;
    if (this.blockedSinceUs >= 0) {
      cf[this.cfi + CF.blockedUs]! += nowUs - this.blockedSinceUs;
      this.blockedSinceUs = -1;
    }
    const depth = (this.pushed - this.popped) | 0;
    if (depth > this.high) {
      this.high = depth;
      cf[this.cfi + CF.highWater] = depth;
    }
    return true;
  }

  flush(): boolean {
    Atomics.store(this.metrics.channels, this.ci + C.pushed, this.pushed);
    return false;
  }

  /** Removes the head of the FIFO, compacting the array now and then. */
  private shift(): void {
    this.items[this.head++] = undefined as unknown as Msg;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  read(): Msg | undefined {
    if (this.head >= this.items.length) return undefined;
    const msg = this.items[this.head]!;
    this.shift();
    this.popped = (this.popped + 1) | 0;
    return msg;
  }

  release(): void {
    if (this.popped === this.released) return;
    this.released = this.popped;
    Atomics.store(this.metrics.channels, this.ci + C.popped, this.popped);
  }

  armSleep(): boolean {
    this.release();
    return this.head < this.items.length;
  }

  disarmSleep(): void {}
}
