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

  write(msg: Msg, nowUs: number): boolean {
    let off = -1;
    let len = 0;
    if (!this.full()) {
      len = encodedLength(msg);
      // Larger than the ring could ever hold (user code made a bigger message
      // than the plan foresaw): an error of the producer, never a silent drop.
      if (len > this.ring.maxFrameBytes) return this.refusedTooLarge(len);
      off = this.ring.claimOffset(len);
    }
    if (off < 0) return this.onFull(nowUs);
    encode(this.wire, off, msg);
    this.ring.commit(len);
    this.cf[this.cfi + CF.bytesPushed]! += len;
    this.accepted(nowUs);
    return true;
  }

  private onFull(nowUs: number): boolean {
    if (this.overflow === 'dropNewest') return this.dropped();
    if (this.overflow === 'dropOldest') {
      // Ask the consumer to discard its oldest message; we keep ours until there is room.
      const c = this.c;
      const outstanding =
        (Atomics.load(c, this.ci + C.dropRequests) - Atomics.load(c, this.ci + C.dropsServed)) | 0;
      if (outstanding <= 0) Atomics.add(c, this.ci + C.dropRequests, 1);
    }
    return this.blocked(nowUs);
  }

  protected publishStaged(): void {
    this.ring.publish();
  }
}

export class RingInChannel implements InChannel {
  private readonly ring: FrameRing;
  private readonly wire: WireViews;
  private readonly c: Int32Array;
  private readonly ci: number;
  private popped: number;
  private released: number;
  private readonly dropOldest: boolean;
  private dropsServed: number;

  constructor(sab: SharedArrayBuffer, offset: number, plan: PlanChannel, metrics: MetricsBlock) {
    this.ring = new FrameRing(sab, offset);
    this.wire = wireViews(this.ring.bytes);
    this.c = metrics.channels;
    this.ci = plan.index * CHANNEL_I32_STRIDE;
    this.popped = Atomics.load(this.c, this.ci + C.popped);
    this.released = this.popped;
    this.dropOldest = plan.overflow === 'dropOldest';
    this.dropsServed = Atomics.load(this.c, this.ci + C.dropsServed);
  }

  read(): Msg | undefined {
    let off = this.ring.readOffset();
    if (off < 0) return undefined;
    this.popped = (this.popped + 1) | 0;
    if (
      this.dropOldest &&
      ((Atomics.load(this.c, this.ci + C.dropRequests) - this.dropsServed) | 0) > 0
    ) {
      // The producer is full and asked us to drop the oldest: this one.
      this.dropsServed = (this.dropsServed + 1) | 0;
      Atomics.store(this.c, this.ci + C.dropsServed, this.dropsServed);
      off = this.ring.readOffset();
      if (off < 0) return undefined;
      this.popped = (this.popped + 1) | 0;
    }
    return decode(this.wire, off);
  }

  release(): void {
    if (this.popped === this.released) return;
    this.released = this.popped;
    this.ring.release();
    Atomics.store(this.c, this.ci + C.popped, this.popped);
  }

  armSleep(): boolean {
    this.release();
    return this.ring.armSleep();
  }

  disarmSleep(): void {
    this.ring.disarmSleep();
  }
}
