/**
 * Channel ends over a MessagePort (the postMessage transport): the fallback
 * when the page is not cross-origin isolated, and a baseline to compare the
 * SAB rings against. Each flush posts one array of messages (structured
 * clone). Capacity and depth use the same counters as the rings, so back
 * pressure and metrics mean the same thing on both transports.
 *
 * Needs an event loop turn to receive: the worker runs the async driver.
 * Pure: no DOM, no Node imports (a port is anything with postMessage/onmessage).
 */
import { C, CF, CHANNEL_FIELDS, CHANNEL_I32_STRIDE, type MetricsBlock } from '../metrics-block.ts';
import type { InChannel, OutChannel } from '../channel.ts';
import type { Msg } from '../../core/kernel.ts';
import type { PlanChannel } from '../plan.ts';
import { CountedOutChannel } from './counted-out.ts';

/** The part of a MessagePort (DOM or Node worker_threads) this transport uses. */
export interface PortLike {
  postMessage(data: unknown): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  start?(): void;
  close?(): void;
}

export class PortOutChannel extends CountedOutChannel {
  private staged: Msg[] = [];

  constructor(
    private readonly port: PortLike,
    plan: PlanChannel,
    metrics: MetricsBlock,
  ) {
    super(plan, metrics);
  }

  write(msg: Msg, nowUs: number): boolean {
    if (this.full()) {
      if (this.overflow === 'dropNewest') return this.dropped();
      // dropOldest cannot reach into a posted array; it behaves as block here.
      return this.blocked(nowUs);
    }
    this.staged.push(msg);
    this.accepted(nowUs);
    return true;
  }

  protected publishStaged(): void {
    const batch = this.staged;
    this.staged = [];
    this.port.postMessage(batch);
  }
}

export class PortInChannel implements InChannel {
  private readonly queue: Msg[][] = [];
  private head: Msg[] | undefined;
  private at = 0;
  private popped: number;
  private released: number;
  private readonly ci: number;

  constructor(
    port: PortLike,
    plan: PlanChannel,
    private readonly metrics: MetricsBlock,
    onData: () => void,
  ) {
    this.ci = plan.index * CHANNEL_I32_STRIDE;
    this.popped = Atomics.load(metrics.channels, this.ci + C.popped);
    this.released = this.popped;
    port.onmessage = (ev) => {
      this.queue.push(ev.data as Msg[]);
      onData();
    };
    port.start?.();
  }

  read(): Msg | undefined {
    for (;;) {
      if (this.head !== undefined && this.at < this.head.length) {
        this.popped = (this.popped + 1) | 0;
        return this.head[this.at++];
      }
      this.head = this.queue.shift();
      this.at = 0;
      if (this.head === undefined) return undefined;
    }
  }

  release(): void {
    if (this.popped === this.released) return;
    this.released = this.popped;
    Atomics.store(this.metrics.channels, this.ci + C.popped, this.popped);
  }

  armSleep(): boolean {
    this.release();
    return (this.head !== undefined && this.at < this.head.length) || this.queue.length > 0;
  }

  disarmSleep(): void {}
}

/**
 * Both ends of a channel whose producer and consumer share a worker, for the
 * postMessage transport: a plain in-memory FIFO (no structured clone, no
 * event-loop turn). Same counters and capacity rules as the other channels.
 */
export class LocalChannel implements OutChannel, InChannel {
  private items: Msg[] = [];
  private head = 0;
  private pushed: number;
  private popped: number;
  private released: number;
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
    this.overflow = plan.overflow;
  }

  depth(): number {
    return Math.max(0, (this.pushed - this.popped) | 0);
  }

  write(msg: Msg, nowUs: number): boolean {
    const cf = this.metrics.channelF64;
    if (((this.pushed - this.popped) | 0) >= cf[this.cfi + CF.capacity]!) {
      if (this.overflow === 'dropNewest') {
        cf[this.cfi + CF.drops]! += 1;
        return true;
      }
      if (this.overflow === 'dropOldest' && this.head < this.items.length) {
        this.head++;
        this.popped = (this.popped + 1) | 0;
        Atomics.add(this.metrics.channels, this.ci + C.dropsServed, 1);
      } else {
        if (this.blockedSinceUs < 0) this.blockedSinceUs = nowUs;
        return false;
      }
    }
    this.items.push(msg);
    this.pushed = (this.pushed + 1) | 0;
    if (this.blockedSinceUs >= 0) {
      cf[this.cfi + CF.blockedUs]! += nowUs - this.blockedSinceUs;
      this.blockedSinceUs = -1;
    }
    return true;
  }

  flush(): void {
    Atomics.store(this.metrics.channels, this.ci + C.pushed, this.pushed);
    const depth = (this.pushed - this.popped) | 0;
    const cf = this.metrics.channelF64;
    if (depth > cf[this.cfi + CF.highWater]!) cf[this.cfi + CF.highWater] = depth;
  }

  read(): Msg | undefined {
    if (this.head >= this.items.length) return undefined;
    const msg = this.items[this.head]!;
    this.items[this.head++] = undefined as unknown as Msg;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
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
