/**
 * Channel ends over a MessagePort (the postMessage transport): the fallback
 * when the page is not cross-origin isolated, and a baseline to compare the
 * SAB rings against. Each flush posts one array of messages (structured
 * clone). Capacity and depth use the same counters as the rings, so back
 * pressure and metrics mean the same thing on both transports.
 *
 * Credits: with a shared metrics block the producer reads the consumer's
 * `popped` there. Without one (a run with no SharedArrayBuffer, `credits`
 * set) the consumer posts its `popped` back on the same port at each release
 * and the producer stores it into its own copy of the block, where the
 * capacity check reads it; until a credit arrives the producer sees the
 * channel fuller than it is, never emptier.
 *
 * Needs an event loop turn to receive: the worker runs the async driver.
 * (A same-worker edge is a `LocalChannel` on either transport: local-channel.ts.)
 * Pure: no DOM, no Node imports (a port is anything with postMessage/onmessage).
 */
import { C, CHANNEL_I32_STRIDE, type MetricsBlock } from '../metrics-block.ts';
import type { InChannel } from '../channel.ts';
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

  /** @param credits the consumer posts `popped` back (no shared metrics block). */
  constructor(
    private readonly port: PortLike,
    plan: PlanChannel,
    metrics: MetricsBlock,
    credits = false,
  ) {
    super(plan, metrics);
    if (credits) {
      port.onmessage = (ev) => Atomics.store(this.c, this.ci + C.popped, ev.data as number);
      port.start?.();
    }
  }

  protected putTransport(msg: Msg): boolean {
    this.staged.push(msg);
    return true;
  }

  protected publishStaged(): void {
    const batch = this.staged;
    this.staged = [];
    this.port.postMessage(batch);
  }
}

/**
 * The consumer end. dropOldest: before each delivery it discards as many
 * messages as the producer has requested and it has not yet served (see
 * counted-out.ts); served requests are stored with `popped` at release.
 */
export class PortInChannel implements InChannel {
  private readonly queue: Msg[][] = [];
  private head: Msg[] | undefined;
  private at = 0;
  private popped: number;
  private released: number;
  private readonly c: Int32Array;
  private readonly ci: number;
  private readonly dropOldest: boolean;
  private served: number;
  private servedReleased: number;

  /** @param credits post `popped` back to the producer at each release (no shared metrics block). */
  constructor(
    private readonly port: PortLike,
    plan: PlanChannel,
    metrics: MetricsBlock,
    onData: () => void,
    private readonly credits = false,
  ) {
    this.c = metrics.channels;
    this.ci = plan.index * CHANNEL_I32_STRIDE;
    this.popped = Atomics.load(this.c, this.ci + C.popped);
    this.released = this.popped;
    this.dropOldest = plan.overflow === 'dropOldest';
    this.served = Atomics.load(this.c, this.ci + C.dropsServed);
    this.servedReleased = this.served;
    port.onmessage = (ev) => {
      this.queue.push(ev.data as Msg[]);
      onData();
    };
    port.start?.();
  }

  read(): Msg | undefined {
    for (;;) {
      if (this.head !== undefined && this.at < this.head.length) {
        const msg = this.head[this.at++];
        if (
          this.dropOldest &&
          ((Atomics.load(this.c, this.ci + C.dropRequests) - this.served) | 0) > 0
        ) {
          // The producer found the queue full and asked for its oldest message: this one.
          this.served = (this.served + 1) | 0;
          continue;
        }
        this.popped = (this.popped + 1) | 0;
        return msg;
      }
      this.head = this.queue.shift();
      this.at = 0;
      if (this.head === undefined) return undefined;
    }
  }

  release(): void {
    if (this.served !== this.servedReleased) {
      this.servedReleased = this.served;
      Atomics.store(this.c, this.ci + C.dropsServed, this.served);
    }
    if (this.popped === this.released) return;
    this.released = this.popped;
    Atomics.store(this.c, this.ci + C.popped, this.popped);
    if (this.credits) this.port.postMessage(this.popped);
  }

  armSleep(): boolean {
    this.release();
    return (this.head !== undefined && this.at < this.head.length) || this.queue.length > 0;
  }

  disarmSleep(): void {}
}
