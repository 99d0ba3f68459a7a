/**
 * Circuit breaker over a sliding time window of attempt outcomes, for the
 * process kernel. Outcomes may be recorded ahead of time (the process kernel
 * knows when an attempt will end when it starts it): they take effect only
 * when `advance(now)` reaches their time, in time order.
 *
 * closed → open when, at an outcome, the window (outcomes in the last
 * `windowMs`) holds ≥ `minRequests` outcomes and failures/total ≥
 * `failureRatio`. open → half-open when `cooldownMs` has passed; half-open
 * admits one trial; the trial's outcome closes (window cleared) or re-opens.
 *
 * The window is bucketed (`WINDOW_BUCKETS` slices of windowMs), so it forgets
 * outcomes in slices: it covers between 31/32 and all of `windowMs`.
 *
 * Pure; allocates only when the pending-outcome heap grows.
 */
import { StableHeap } from '../../core/stable-heap.ts';

export const BREAKER_CLOSED = 0;
export const BREAKER_OPEN = 1;
export const BREAKER_HALF_OPEN = 2;
export type BreakerState = 0 | 1 | 2;

/** Admission verdicts of `admit`. */
export const ADMIT_REJECT = 0;
export const ADMIT_OK = 1;
export const ADMIT_TRIAL = 2;

export interface BreakerConfig {
  failureRatio: number;
  windowMs: number;
  cooldownMs: number;
  minRequests: number;
}

/** Time buckets in the sliding window: it spans between 31/32 and 32/32 of windowMs. */
export const WINDOW_BUCKETS = 32;

const TAG_FAIL = 1;
const TAG_TRIAL = 2;

export class CircuitBreaker {
  private stateNow: BreakerState = BREAKER_CLOSED;
  private openUntilUs = 0;
  private trialPending = false;
  private readonly pending = new StableHeap(64);
  // Window: WINDOW_BUCKETS time buckets of windowMs / WINDOW_BUCKETS each, so
  // memory is constant whatever the message rate.
  private readonly bTotal = new Float64Array(WINDOW_BUCKETS);
  private readonly bFail = new Float64Array(WINDOW_BUCKETS);
  /** Absolute index (floor(t / bucketUs)) of the newest bucket. */
  private bNewest = -Infinity;
  private total = 0;
  private failures = 0;
  private readonly bucketUs: number;
  private readonly ratio: number;
  private readonly windowUs: number;
  private readonly cooldownUs: number;
  private readonly minRequests: number;

  constructor(cfg: BreakerConfig) {
    this.ratio = cfg.failureRatio;
    this.windowUs = cfg.windowMs * 1000;
    this.cooldownUs = cfg.cooldownMs * 1000;
    this.minRequests = cfg.minRequests;
    this.bucketUs = this.windowUs / WINDOW_BUCKETS;
  }

  /** An attempt outcome that happens at `atUs` (may be in the future). */
  recordAt(atUs: number, failed: boolean, trial: boolean): void {
    this.pending.push(atUs, (failed ? TAG_FAIL : 0) | (trial ? TAG_TRIAL : 0));
  }

  /** Apply every outcome due by `nowUs`, then the cooldown expiry. */
  advance(nowUs: number): void {
    const pending = this.pending;
    while (pending.size > 0 && pending.peekTime() <= nowUs) {
      const tag = pending.peekTag();
      const t = pending.pop();
      this.expireCooldown(t);
      this.apply(t, (tag & TAG_FAIL) !== 0, (tag & TAG_TRIAL) !== 0);
    }
    this.expireCooldown(nowUs);
  }

  /** State at `nowUs` (after `advance`), without applying outcomes. */
  stateAt(nowUs: number): BreakerState {
    if (this.stateNow === BREAKER_OPEN && nowUs >= this.openUntilUs) return BREAKER_HALF_OPEN;
    return this.stateNow;
  }

  /** May a new message go through at `nowUs`? Advances to `nowUs` first. */
  admit(nowUs: number): 0 | 1 | 2 {
    this.advance(nowUs);
    if (this.stateNow === BREAKER_CLOSED) return ADMIT_OK;
    if (this.stateNow === BREAKER_HALF_OPEN && !this.trialPending) {
      this.trialPending = true;
      return ADMIT_TRIAL;
    }
    return ADMIT_REJECT;
  }

  /** Outcomes currently in the window (for tests and metrics). */
  windowCounts(): { total: number; failures: number } {
    return { total: this.total, failures: this.failures };
  }

  private expireCooldown(t: number): void {
    if (this.stateNow === BREAKER_OPEN && t >= this.openUntilUs) {
      this.stateNow = BREAKER_HALF_OPEN;
      this.trialPending = false;
    }
  }

  private open(t: number): void {
    this.stateNow = BREAKER_OPEN;
    this.openUntilUs = t + this.cooldownUs;
    this.trialPending = false;
  }

  private apply(t: number, failed: boolean, trial: boolean): void {
    this.addToWindow(t, failed);
    if (trial && this.stateNow === BREAKER_HALF_OPEN) {
      if (failed) this.open(t);
      else {
        this.stateNow = BREAKER_CLOSED;
        this.trialPending = false;
        this.bTotal.fill(0);
        this.bFail.fill(0);
        this.total = 0;
        this.failures = 0;
      }
      return;
    }
    if (
      this.stateNow === BREAKER_CLOSED &&
      this.total >= this.minRequests &&
      this.failures >= this.ratio * this.total
    ) {
      this.open(t);
    }
  }

  private addToWindow(t: number, failed: boolean): void {
    const idx = Math.floor(t / this.bucketUs);
    if (idx > this.bNewest) {
      // Clear the buckets that fall out of the window as time moves on.
      const clear = Math.min(WINDOW_BUCKETS, idx - this.bNewest);
      for (let k = 1; k <= clear; k++) {
        const j = (((idx - clear + k) % WINDOW_BUCKETS) + WINDOW_BUCKETS) % WINDOW_BUCKETS;
        this.total -= this.bTotal[j] as number;
        this.failures -= this.bFail[j] as number;
        this.bTotal[j] = 0;
        this.bFail[j] = 0;
      }
      this.bNewest = idx;
    }
    // Outcomes are applied in time order, so idx ≤ bNewest is always in the window.
    const j = ((idx % WINDOW_BUCKETS) + WINDOW_BUCKETS) % WINDOW_BUCKETS;
    this.bTotal[j] = (this.bTotal[j] as number) + 1;
    this.total++;
    if (failed) {
      this.bFail[j] = (this.bFail[j] as number) + 1;
      this.failures++;
    }
  }
}
