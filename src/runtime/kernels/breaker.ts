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
 * Pure; allocates only when its buffers grow.
 */
import { TimeHeap } from './time-heap.ts';

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

const TAG_FAIL = 1;
const TAG_TRIAL = 2;

export class CircuitBreaker {
  private stateNow: BreakerState = BREAKER_CLOSED;
  private openUntilUs = 0;
  private trialPending = false;
  private readonly pending = new TimeHeap(64);
  // Window: a ring of outcomes in time order.
  private wTimes = new Float64Array(64);
  private wFails = new Uint8Array(64);
  private wHead = 0;
  private wLen = 0;
  private failures = 0;
  private readonly ratio: number;
  private readonly windowUs: number;
  private readonly cooldownUs: number;
  private readonly minRequests: number;

  constructor(cfg: BreakerConfig) {
    this.ratio = cfg.failureRatio;
    this.windowUs = cfg.windowMs * 1000;
    this.cooldownUs = cfg.cooldownMs * 1000;
    this.minRequests = cfg.minRequests;
  }

  /** An attempt outcome that happens at `atUs` (may be in the future). */
  recordAt(atUs: number, failed: boolean, trial: boolean): void {
    this.pending.push(atUs, (failed ? TAG_FAIL : 0) | (trial ? TAG_TRIAL : 0));
  }

  /** Apply every outcome due by `nowUs`, then the cooldown expiry. */
  advance(nowUs: number): void {
    const pending = this.pending;
    while (pending.size > 0 && pending.peek() <= nowUs) {
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
    return { total: this.wLen, failures: this.failures };
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
    this.evict(t - this.windowUs);
    this.pushWindow(t, failed);
    if (trial && this.stateNow === BREAKER_HALF_OPEN) {
      if (failed) this.open(t);
      else {
        this.stateNow = BREAKER_CLOSED;
        this.trialPending = false;
        this.wHead = 0;
        this.wLen = 0;
        this.failures = 0;
      }
      return;
    }
    if (
      this.stateNow === BREAKER_CLOSED &&
      this.wLen >= this.minRequests &&
      this.failures >= this.ratio * this.wLen
    ) {
      this.open(t);
    }
  }

  private evict(olderOrEqualUs: number): void {
    const cap = this.wTimes.length;
    while (this.wLen > 0 && (this.wTimes[this.wHead] as number) <= olderOrEqualUs) {
      this.failures -= this.wFails[this.wHead] as number;
      this.wHead = (this.wHead + 1) % cap;
      this.wLen--;
    }
  }

  private pushWindow(t: number, failed: boolean): void {
    let cap = this.wTimes.length;
    if (this.wLen === cap) {
      const times = new Float64Array(cap * 2);
      const fails = new Uint8Array(cap * 2);
      for (let i = 0; i < this.wLen; i++) {
        const j = (this.wHead + i) % cap;
        times[i] = this.wTimes[j] as number;
        fails[i] = this.wFails[j] as number;
      }
      this.wTimes = times;
      this.wFails = fails;
      this.wHead = 0;
      cap *= 2;
    }
    const j = (this.wHead + this.wLen) % cap;
    this.wTimes[j] = t;
    this.wFails[j] = failed ? 1 : 0;
    this.wLen++;
    if (failed) this.failures++;
  }
}
