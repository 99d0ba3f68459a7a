/**
 * What every cross-thread producer end shares, whatever carries the bytes:
 * capacity counted in messages (`pushed` here, `popped` by the consumer, in
 * the metrics block), the drop and blocked-time accounting, and the order of
 * publication (count first, then make the data visible, so depth may
 * over-report for an instant but never goes negative).
 *
 * Pure: no DOM, no Node imports. Does not allocate.
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
  private pushed: number;
  private published: number;
  private poppedCache: number;
  private blockedSinceUs = -1;
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
    this.overflow = plan.overflow;
  }

  abstract write(msg: Msg, nowUs: number): boolean;

  /** Makes the staged messages visible to the consumer (after the counts are stored). */
  protected abstract publishStaged(): void;

  depth(): number {
    return Math.max(0, (this.pushed - Atomics.load(this.c, this.ci + C.popped)) | 0);
  }

  /** True when the channel holds its capacity in messages (re-reads `popped` only then). */
  protected full(): boolean {
    const cap = this.cf[this.cfi + CF.capacity]!;
    if (((this.pushed - this.poppedCache) | 0) < cap) return false;
    this.poppedCache = Atomics.load(this.c, this.ci + C.popped);
    return ((this.pushed - this.poppedCache) | 0) >= cap;
  }

  /** One message was staged: count it, and end a blocked period. */
  protected accepted(nowUs: number): void {
    this.pushed = (this.pushed + 1) | 0;
    if (this.blockedSinceUs >= 0) {
      this.cf[this.cfi + CF.blockedUs]! += nowUs - this.blockedSinceUs;
      this.blockedSinceUs = -1;
    }
  }

  /** A message the channel discards: counted on the edge, never silent. */
  protected dropped(): true {
    this.cf[this.cfi + CF.drops]! += 1;
    return true;
  }

  /**
   * A message of `bytes` that this channel can never carry (larger than its
   * ring's largest frame): taken and discarded, but never in silence: it
   * counts in `CF.tooLarge` (the report says which edge and the sizes) and as
   * an error of the producing instance. This runs on the producer's worker,
   * the one writer of that instance's counters.
   */
  protected refusedTooLarge(bytes: number): true {
    this.cf[this.cfi + CF.tooLarge]! += 1;
    if (bytes > this.cf[this.cfi + CF.tooLargeMaxBytes]!)
      this.cf[this.cfi + CF.tooLargeMaxBytes] = bytes;
    this.instances[this.errorsAt]! += 1;
    return true;
  }

  /** The producer holds the message (back pressure): start timing and publish what is staged. */
  protected blocked(nowUs: number): false {
    if (this.blockedSinceUs < 0) this.blockedSinceUs = nowUs;
    this.flush();
    return false;
  }

  flush(): void {
    if (this.pushed === this.published) return;
    this.published = this.pushed;
    Atomics.store(this.c, this.ci + C.pushed, this.pushed);
    this.poppedCache = Atomics.load(this.c, this.ci + C.popped);
    const depth = (this.pushed - this.poppedCache) | 0;
    if (depth > this.cf[this.cfi + CF.highWater]!) this.cf[this.cfi + CF.highWater] = depth;
    this.publishStaged();
  }
}
