/**
 * What every cross-thread producer end shares, whatever carries the bytes (a
 * SAB ring or a MessagePort): the capacity in messages, the three overflow
 * policies, the drop and blocked-time accounting and the order of
 * publication. Each policy behaves here exactly as in the same-worker
 * `LocalChannel` (docs/graph-format.md, "Overflow"):
 *
 * - The queue is every message accepted and not yet taken by the consumer:
 *   depth = `pushed` − `popped` (both free-running Int32 in the metrics
 *   block). A message the consumer read counts until it releases (once per
 *   turn). The producer re-reads `popped` before deciding that the queue is
 *   full, so it never acts on a stale count.
 * - Full (depth ≥ capacity): `block` refuses the write (the instance is held);
 *   `dropNewest` discards the new message; `dropOldest` discards the oldest
 *   waiting message and takes the new one at once. Every discard is counted
 *   in `CF.drops` when it is decided, never silent.
 * - dropOldest across threads: only the consumer may advance an SPSC read
 *   index, so when the oldest message is already in the transport the
 *   producer posts a drop request (`C.dropRequests`) and the consumer
 *   discards that many messages before its next delivery (`C.dropsServed`);
 *   the queue's count drops at once (a requested message is no longer
 *   counted in `pushed`). When every transported message is already
 *   requested, the oldest is in the producer's own staging FIFO (below) and
 *   is discarded there.
 * - Staging FIFO: a message the transport has no room for (ring bytes full,
 *   a dropOldest transport holding `capacity` messages, a capacity raised
 *   live beyond what the ring was sized for) waits here, in order, and moves
 *   into the transport at the next write or flush. The message count is the
 *   only limit a person sees; ring bytes are transport room. `flush` says
 *   when messages still wait here, so the driver looks again soon.
 *
 * Counting happens before publication (`pushed` is stored, then the data made
 * visible), so depth may over-report for an instant but never goes negative.
 *
 * Pure: no DOM, no Node imports. Does not allocate except when the staging
 * FIFO grows.
 */
import {
  C,
  CF,
  CHANNEL_FIELDS,
  CHANNEL_I32_STRIDE,
  I,
  INSTANCE_FIELDS,
  type MetricsBlock,
} from '../metrics-block.ts';
import type { OutChannel } from '../channel.ts';
import type { Msg } from '../../core/kernel.ts';
import type { PlanChannel } from '../plan.ts';

export abstract class CountedOutChannel implements OutChannel {
  protected readonly c: Int32Array;
  protected readonly cf: Float64Array;
  protected readonly ci: number;
  protected readonly cfi: number;
  /** The producing instance's counters (its `errors` take messages too large for the channel). */
  private readonly instances: Float64Array;
  private readonly errorsAt: number;
  /** Messages in the queue over the channel's life, net of drops decided here. */
  private pushed: number;
  private published: number;
  private poppedCache: number;
  /** Messages handed to the transport (`putTransport`). */
  private sent: number;
  /** Drop requests posted (dropOldest), and how many the consumer served as last seen. */
  private requests: number;
  private requestsPublished: number;
  private sentPublished: number;
  private servedCache: number;
  /** Staging FIFO: messages accepted that the transport had no room for yet. */
  private staging: Msg[] = [];
  private stagingHead = 0;
  private high: number;
  private blockedSinceUs = -1;
  private readonly dropOldest: boolean;
  readonly overflow: PlanChannel['overflow'];

  protected constructor(plan: PlanChannel, metrics: MetricsBlock) {
    this.c = metrics.channels;
    this.cf = metrics.channelF64;
    this.ci = plan.index * CHANNEL_I32_STRIDE;
    this.cfi = plan.index * CHANNEL_FIELDS;
    this.instances = metrics.instances;
    this.errorsAt = plan.from * INSTANCE_FIELDS + I.errors;
    this.pushed = Atomics.load(this.c, this.ci + C.pushed);
    this.published = this.pushed;
    this.poppedCache = Atomics.load(this.c, this.ci + C.popped);
    this.requests = Atomics.load(this.c, this.ci + C.dropRequests);
    this.requestsPublished = this.requests;
    this.servedCache = Atomics.load(this.c, this.ci + C.dropsServed);
    this.sent = (this.pushed + this.requests) | 0;
    this.sentPublished = this.sent;
    this.high = this.cf[this.cfi + CF.highWater]!;
    this.overflow = plan.overflow;
    this.dropOldest = plan.overflow === 'dropOldest';
  }

  /**
   * Puts one message into the transport (staged until `publishStaged`).
   * @returns false when the transport has no room for it now.
   */
  protected abstract putTransport(msg: Msg): boolean;

  /** Makes the staged messages visible to the consumer (after the counts are stored). */
  protected abstract publishStaged(): void;

  /** The encoded size of a message the transport could never carry (larger than the ring), else 0. */
  protected tooLarge(_msg: Msg): number {
    return 0;
  }

  /**
   * A message of `bytes` that this channel can never carry (larger than its
   * ring's largest frame): taken and discarded, but never in silence: it
   * counts in `CF.tooLarge` (the report says which edge and the sizes) and as
   * an error of the producing instance. This runs on the producer's worker,
   * the one writer of that instance's counters. Not an overflow drop.
   */
  private refusedTooLarge(bytes: number): true {
    this.cf[this.cfi + CF.tooLarge]! += 1;
    if (bytes > this.cf[this.cfi + CF.tooLargeMaxBytes]!)
      this.cf[this.cfi + CF.tooLargeMaxBytes] = bytes;
    this.instances[this.errorsAt]! += 1;
    return true;
  }

  depth(): number {
    return Math.max(0, (this.pushed - Atomics.load(this.c, this.ci + C.popped)) | 0);
  }

  write(msg: Msg, nowUs: number): boolean {
    const tooLarge = this.tooLarge(msg);
    if (tooLarge > 0) return this.refusedTooLarge(tooLarge);
    if (this.full()) {
      if (this.overflow === 'block') return this.blocked(nowUs);
      if (this.overflow === 'dropNewest' || !this.discardOldest()) return this.discard();
    }
    if (
      this.stagingHead === this.staging.length &&
      (!this.dropOldest || this.transportRoom()) &&
      this.putTransport(msg)
    ) {
      this.sent = (this.sent + 1) | 0;
    } else {
      this.staging.push(msg);
    }
    this.pushed = (this.pushed + 1) | 0;
    if (this.blockedSinceUs >= 0) {
      this.cf[this.cfi + CF.blockedUs]! += nowUs - this.blockedSinceUs;
      this.blockedSinceUs = -1;
    }
    if (((this.pushed - this.poppedCache) | 0) > this.high) this.raiseHighWater();
    return true;
  }

  /** True when the queue holds its capacity in messages (re-reads `popped` only then). */
  private full(): boolean {
    const cap = this.cf[this.cfi + CF.capacity]!;
    if (((this.pushed - this.poppedCache) | 0) < cap) return false;
    this.poppedCache = Atomics.load(this.c, this.ci + C.popped);
    return ((this.pushed - this.poppedCache) | 0) >= cap;
  }

  /**
   * The queue is full and the policy is dropOldest: discards the oldest
   * waiting message. @returns false when nothing waits (a capacity below 1).
   */
  private discardOldest(): boolean {
    // Transported messages are older than staged ones: ask the consumer for
    // the oldest while some transported message is not yet requested.
    if (((this.sent - this.poppedCache - this.requests) | 0) > 0) {
      this.requests = (this.requests + 1) | 0;
    } else if (this.stagingHead < this.staging.length) {
      this.staging[this.stagingHead++] = undefined as unknown as Msg;
    } else {
      return false;
    }
    this.cf[this.cfi + CF.drops]! += 1;
    this.pushed = (this.pushed - 1) | 0;
    return true;
  }

  /** dropOldest: the transport holds fewer than `capacity` messages (requested ones included). */
  private transportRoom(): boolean {
    const cap = this.cf[this.cfi + CF.capacity]!;
    if (((this.sent - this.poppedCache - this.servedCache) | 0) < cap) return true;
    this.poppedCache = Atomics.load(this.c, this.ci + C.popped);
    this.servedCache = Atomics.load(this.c, this.ci + C.dropsServed);
    return ((this.sent - this.poppedCache - this.servedCache) | 0) < cap;
  }

  private raiseHighWater(): void {
    this.poppedCache = Atomics.load(this.c, this.ci + C.popped);
    const depth = (this.pushed - this.poppedCache) | 0;
    if (depth > this.high) {
      this.high = depth;
      this.cf[this.cfi + CF.highWater] = depth;
    }
  }

  /** A message the channel discards: counted on the edge, never silent. */
  private discard(): true {
    this.cf[this.cfi + CF.drops]! += 1;
    return true;
  }

  /** The producer holds the message (back pressure): start timing and publish what is staged. */
  private blocked(nowUs: number): false {
    if (this.blockedSinceUs < 0) this.blockedSinceUs = nowUs;
    this.flush();
    return false;
  }

  /** Moves staged messages into the transport while it has room. */
  private drainStaging(): void {
    const staging = this.staging;
    let head = this.stagingHead;
    while (head < staging.length) {
      if (this.dropOldest && !this.transportRoom()) break;
      if (!this.putTransport(staging[head]!)) break;
      staging[head++] = undefined as unknown as Msg;
      this.sent = (this.sent + 1) | 0;
    }
    if (head === staging.length) {
      staging.length = 0;
      head = 0;
    } else if (head > 1024 && head * 2 > staging.length) {
      this.staging = staging.slice(head);
      head = 0;
    }
    this.stagingHead = head;
  }

  flush(): boolean {
    if (this.stagingHead < this.staging.length) this.drainStaging();
    if (this.pushed !== this.published) {
      this.published = this.pushed;
      Atomics.store(this.c, this.ci + C.pushed, this.pushed);
    }
    if (this.requests !== this.requestsPublished) {
      this.requestsPublished = this.requests;
      Atomics.store(this.c, this.ci + C.dropRequests, this.requests);
    }
    if (this.sent !== this.sentPublished) {
      this.sentPublished = this.sent;
      this.publishStaged();
    }
    return this.stagingHead < this.staging.length;
  }
}
