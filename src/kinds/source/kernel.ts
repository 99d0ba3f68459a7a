/**
 * Source kernel: emits messages on port 0 (`out`) at a rate.
 *
 * - Arrivals: `constant` (evenly spaced), `poisson` (exponential gaps) or
 *   `burst` (`burst.size` messages every `burst.everyMs`; `rate` is ignored).
 * - `rate: "max"`: up to `MAX_RATE_PER_TICK` messages per tick, stamped now,
 *   and `tick` asks to be called again at once (back pressure is the limit).
 * - Every message is stamped with its *scheduled* arrival time, even when it
 *   is emitted late, so lag counts as waiting. A late source catches up with
 *   at most `MAX_CATCHUP_PER_TICK` messages per tick.
 * - With n instances each instance emits rate/n (constant-rate instances are
 *   staggered by 1/n of a gap so the sum stays evenly spaced); burst sizes and
 *   `limit` are split the same way (the first `x % n` instances take one more).
 * - The first arrival is at the first tick's `now`.
 * - Keys: uniform or Zipf over [0, keys.count); without `keys` the schema
 *   defaults apply (1000 keys, uniform).
 * - Payload: one shared zero-filled buffer of `payloadBytes` per instance
 *   (read-only; the transport copies real bytes into the ring).
 *
 * Pure; one allocation per message (the Msg).
 */
import type { SourceParams } from './params.ts';
import { type Rng, ZipfSampler } from '../../core/random.ts';
import type { Emitter, Kernel, KernelEnv, Msg } from '../../core/kernel.ts';

/** Messages per tick in `rate: "max"` mode. */
export const MAX_RATE_PER_TICK = 256;
/** Most overdue arrivals emitted in one tick when the source lags. */
export const MAX_CATCHUP_PER_TICK = 1024;

const ARRIVAL_CONSTANT = 0;
const ARRIVAL_POISSON = 1;
const ARRIVAL_BURST = 2;

/** This instance's share of `total` split over `instances` (the first ones take the remainder). */
function shareOf(total: number, instance: number, instances: number): number {
  return Math.floor(total / instances) + (instance < total % instances ? 1 : 0);
}

class SourceKernel implements Kernel {
  private readonly rng: Rng;
  private readonly instance: number;
  private readonly instances: number;

  private maxRate = false;
  private arrival = ARRIVAL_POISSON;
  /** Mean gap between this instance's arrivals (µs). */
  private gapUs = 1000;
  private burstSize = 0;
  private burstEveryUs = 0;
  private limit = Infinity;
  private keyCount = 1000;
  private zipf: ZipfSampler | null = null;
  private payload: Uint8Array = new Uint8Array(0);

  private started = false;
  /** Scheduled time of the next arrival (µs). */
  private nextUs = 0;
  /** Scheduled time of the last emitted arrival (µs). */
  private lastUs = NaN;
  /** Messages left in the current burst. */
  private burstLeft = 0;
  private seq = 0;
  private emitted = 0;
  /** `now` of the last tick (µs). */
  private lastTickUs = -Infinity;

  constructor(params: SourceParams, env: KernelEnv) {
    this.rng = env.rng;
    this.instance = env.instance;
    this.instances = Math.max(1, env.instances);
    this.apply(params);
  }

  private apply(p: SourceParams): void {
    const n = this.instances;
    this.maxRate = p.rate === 'max';
    this.arrival =
      p.arrival === 'constant'
        ? ARRIVAL_CONSTANT
        : p.arrival === 'burst'
          ? ARRIVAL_BURST
          : ARRIVAL_POISSON;
    this.gapUs = p.rate === 'max' ? 0 : (1e6 * n) / p.rate;
    const burst = p.burst ?? { size: 100, everyMs: 100 };
    this.burstSize = shareOf(burst.size, this.instance, n);
    this.burstEveryUs = burst.everyMs * 1000;
    this.limit = p.limit === undefined ? Infinity : shareOf(p.limit, this.instance, n);
    const keys = p.keys ?? { count: 1000, dist: 'uniform', skew: 1 };
    this.keyCount = keys.count;
    this.zipf = keys.dist === 'zipf' ? new ZipfSampler(keys.count, keys.skew) : null;
    if (this.payload.length !== p.payloadBytes) this.payload = new Uint8Array(p.payloadBytes);
  }

  ready(): boolean {
    return false;
  }

  receive(): void {
    // A source has no inputs.
  }

  done(): boolean {
    return this.emitted >= this.limit;
  }

  private newMsg(bornAtUs: number): Msg {
    const key = this.zipf !== null ? this.zipf.sample(this.rng) : this.rng.int(this.keyCount);
    return {
      seq: this.seq++,
      bornAtUs,
      queuedAtUs: bornAtUs,
      key,
      attempt: 0,
      flags: 0,
      payload: this.payload,
    };
  }

  /** The gap to the next arrival after one at `lastUs` (not burst). */
  private drawGapUs(): number {
    return this.arrival === ARRIVAL_POISSON
      ? -Math.log(1 - this.rng.next()) * this.gapUs
      : this.gapUs;
  }

  tick(nowUs: number, out: Emitter): number {
    this.lastTickUs = nowUs;
    if (this.emitted >= this.limit) return Infinity;
    if (this.maxRate) {
      const n = Math.min(MAX_RATE_PER_TICK, this.limit - this.emitted);
      for (let i = 0; i < n; i++) out.emit(0, this.newMsg(nowUs));
      this.emitted += n;
      this.lastUs = nowUs;
      return this.emitted >= this.limit ? Infinity : nowUs;
    }
    if (!this.started) this.start(nowUs);
    if (this.arrival === ARRIVAL_BURST && this.burstSize === 0) return Infinity;
    let n = 0;
    while (this.nextUs <= nowUs && n < MAX_CATCHUP_PER_TICK && this.emitted < this.limit) {
      const at = this.nextUs;
      // Emitted "at" its scheduled time: a late tick does not delay it in model time.
      out.emit(0, this.newMsg(at), at);
      this.lastUs = at;
      this.emitted++;
      n++;
      if (this.arrival === ARRIVAL_BURST) {
        if (--this.burstLeft <= 0) {
          this.burstLeft = this.burstSize;
          this.nextUs = at + this.burstEveryUs;
        }
      } else {
        this.nextUs = at + this.drawGapUs();
      }
    }
    return this.emitted >= this.limit ? Infinity : this.nextUs;
  }

  private start(nowUs: number): void {
    this.started = true;
    this.burstLeft = this.burstSize;
    this.nextUs =
      this.arrival === ARRIVAL_CONSTANT
        ? nowUs + (this.gapUs * this.instance) / this.instances
        : nowUs;
  }

  /**
   * Live change of rate, arrival, burst, keys, payload size or limit. The
   * next arrival is re-drawn from the last one with the new gap, but never
   * put in the past (no fake backlog); a backlog that already exists is kept.
   */
  setParams(params: unknown): boolean {
    const prev = this.arrival;
    const wasMax = this.maxRate;
    const oldNext = this.nextUs;
    this.apply(params as SourceParams);
    if (!this.started || this.maxRate) return true;
    const last = this.lastUs;
    if (wasMax || prev !== this.arrival || this.arrival === ARRIVAL_BURST || last !== last) {
      // Restart the schedule at the next tick.
      this.started = false;
      return true;
    }
    // A real backlog (next arrival already overdue at the last tick) is kept;
    // otherwise the new gap applies from the last arrival, not before the last tick.
    this.nextUs =
      oldNext <= this.lastTickUs ? oldNext : Math.max(last + this.drawGapUs(), this.lastTickUs);
    return true;
  }
}

/** A source kernel; see the file header for the semantics. */
export function createSourceKernel(params: SourceParams, env: KernelEnv): Kernel {
  return new SourceKernel(params, env);
}
