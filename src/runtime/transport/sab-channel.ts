/**
 * Channel ends over a SharedArrayBuffer FrameRing (the default transport).
 * One producer thread writes, one consumer thread reads; message counts for
 * capacity and depth live in the metrics block (see channel.ts).
 *
 * Pure: no DOM, no Node imports. `write`/`flush` do not allocate; `read`
 * allocates the decoded Msg.
 */
import { C, CF, CHANNEL_I32_STRIDE, type MetricsBlock } from '../metrics-block.ts';
import type { InChannel } from '../channel.ts';
import { decode, encode, encodedLength, type WireViews, wireViews } from '../codec.ts';
import type { Msg } from '../../core/kernel.ts';
import type { PlanChannel } from '../plan.ts';
import { FrameRing } from '../ringbuf/frame-ring.ts';
import { CountedOutChannel } from './counted-out.ts';
import type { Doorbell } from '../ringbuf/ring-core.ts';

/**
 * Bytes of the rings SAB for these channels, and each ring's offset in it.
 * Only channels that cross workers get a ring (offset −1 otherwise): a
 * same-worker edge is an in-memory FIFO, as an in-process hop is in a real
 * system, with the same counters, capacity and metrics.
 */
export function ringLayout(channels: readonly PlanChannel[]): { bytes: number; offsets: number[] } {
  let at = 0;
  const offsets: number[] = [];
  for (const ch of channels) {
    if (!ch.crossWorker) {
      offsets.push(-1);
      continue;
    }
    offsets.push(at);
    at += (FrameRing.bytesFor(ch.ringBytes) + 127) & ~127;
  }
  return { bytes: Math.max(at, 8), offsets };
}

/** Host side, once: writes every ring header into `sab`. */
export function initRings(
  sab: SharedArrayBuffer,
  channels: readonly PlanChannel[],
  offsets: readonly number[],
): void {
  channels.forEach((ch, i) => {
    if (offsets[i]! >= 0) FrameRing.init(sab, offsets[i]!, ch.ringBytes);
  });
}

export class RingOutChannel extends CountedOutChannel {
  private readonly ring: FrameRing;
  private readonly wire: WireViews;
  /** The message `tooLarge` last measured, and its encoded length (batches cost a walk). */
  private measured: Msg | undefined;
  private measuredLen = 0;

  constructor(
    sab: SharedArrayBuffer,
    offset: number,
    plan: PlanChannel,
    metrics: MetricsBlock,
    doorbell?: Doorbell,
  ) {
    super(plan, metrics);
    this.ring =
      doorbell === undefined
        ? new FrameRing(sab, offset)
        : new FrameRing(sab, offset, { doorbell });
    this.wire = wireViews(this.ring.bytes);
  }

  /**
   * Larger than the ring could ever hold (user code made a bigger message
   * than the plan foresaw): an error of the producer, never a silent drop.
   */
  protected override tooLarge(msg: Msg): number {
    this.measured = msg;
    this.measuredLen = encodedLength(msg);
    return this.measuredLen > this.ring.maxFrameBytes ? this.measuredLen : 0;
  }

  protected putTransport(msg: Msg): boolean {
    const len = msg === this.measured ? this.measuredLen : encodedLength(msg);
    const off = this.ring.claimOffset(len);
    if (off < 0) return false;
    encode(this.wire, off, msg);
    this.ring.commit(len);
    this.cf[this.cfi + CF.bytesPushed]! += len;
    return true;
  }

  protected publishStaged(): void {
    this.ring.publish();
  }
}

/**
 * The consumer end. dropOldest: before each delivery it discards as many
 * messages as the producer has requested and it has not yet served (see
 * counted-out.ts); served requests are stored with `popped` at release.
 */
export class RingInChannel implements InChannel {
  private readonly ring: FrameRing;
  private readonly wire: WireViews;
  private readonly c: Int32Array;
  private readonly ci: number;
  private popped: number;
  private released: number;
  private readonly dropOldest: boolean;
  private served: number;
  private servedReleased: number;

  constructor(sab: SharedArrayBuffer, offset: number, plan: PlanChannel, metrics: MetricsBlock) {
    this.ring = new FrameRing(sab, offset);
    this.wire = wireViews(this.ring.bytes);
    this.c = metrics.channels;
    this.ci = plan.index * CHANNEL_I32_STRIDE;
    this.popped = Atomics.load(this.c, this.ci + C.popped);
    this.released = this.popped;
    this.dropOldest = plan.overflow === 'dropOldest';
    this.served = Atomics.load(this.c, this.ci + C.dropsServed);
    this.servedReleased = this.served;
  }

  read(): Msg | undefined {
    for (;;) {
      const off = this.ring.readOffset();
      if (off < 0) return undefined;
      if (
        this.dropOldest &&
        ((Atomics.load(this.c, this.ci + C.dropRequests) - this.served) | 0) > 0
      ) {
        // The producer found the queue full and asked for its oldest message: this one.
        this.served = (this.served + 1) | 0;
        continue;
      }
      this.popped = (this.popped + 1) | 0;
      return decode(this.wire, off);
    }
  }

  release(): void {
    if (this.popped === this.released && this.served === this.servedReleased) return;
    this.ring.release();
    if (this.served !== this.servedReleased) {
      this.servedReleased = this.served;
      Atomics.store(this.c, this.ci + C.dropsServed, this.served);
    }
    if (this.popped !== this.released) {
      this.released = this.popped;
      Atomics.store(this.c, this.ci + C.popped, this.popped);
    }
  }

  armSleep(): boolean {
    this.release();
    return this.ring.armSleep();
  }

  disarmSleep(): void {
    this.ring.disarmSleep();
  }
}
