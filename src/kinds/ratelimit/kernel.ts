/**
 * Rate-limit kernel: a token bucket of `burst` tokens refilled at
 * `ratePerSec`, full at the start. Each message that passes takes one token
 * and leaves on port 0 `out`.
 * - onLimit `delay`: without a token `ready(now)` is false, so messages wait
 *   in the input channel (back pressure); `tick` returns the time the next
 *   token arrives (the scheduler re-ticks after receiving, see core/kernel.ts).
 * - onLimit `drop`: always ready; a message without a token leaves on port 1
 *   `dropped` and counts in `drops`.
 *
 * Modelled time: the bucket lives on the modelled clock, not on the thread's.
 * A message arrives at a = min(now, queuedAtUs) and departs at
 * d = max(a, previous departure), or, when the bucket holds no whole token
 * then, at the exact time the next token arrives (never after now); the
 * bucket is refilled to d and the message is emitted at d. So a limiter
 * whose thread wakes late still spaces its output 1/rate apart, as the
 * virtual-time prediction does (it emitted at the wake-up before, and a
 * limiter feeding a server ran slower than predicted).
 *
 * Pure; no allocation.
 */
import type { RatelimitParams } from './params.ts';
import type { Emitter, Kernel, Msg } from '../../core/kernel.ts';

/**
 * A bucket within this of a whole token holds one: refills are sums of
 * float products, and 0.9999999999 must not leave a limiter waiting for a
 * sliver of a token that never comes (virtual time stood still on it).
 */
const WHOLE = 1 - 1e-9;

class RatelimitKernel implements Kernel {
  private ratePerUs: number;
  private burst: number;
  private drop: boolean;
  /** Tokens in the bucket at `lastUs` (modelled time of the last departure or change). */
  private tokens: number;
  /** NaN before the first message. */
  private lastUs = NaN;
  /** The latest `now` seen (for live changes, which apply from then). */
  private seenUs = NaN;

  constructor(params: RatelimitParams) {
    this.ratePerUs = params.ratePerSec / 1e6;
    this.burst = params.burst;
    this.drop = params.onLimit === 'drop';
    this.tokens = params.burst;
  }

  /** Tokens the bucket will hold at `atUs` (no state change). */
  private tokensAt(atUs: number): number {
    const last = this.lastUs;
    if (!(last === last && atUs > last)) return this.tokens;
    const t = this.tokens + (atUs - last) * this.ratePerUs;
    return t < this.burst ? t : this.burst;
  }

  /** Moves the bucket to `atUs` (not before its last time). */
  private refill(atUs: number): void {
    this.tokens = this.tokensAt(atUs);
    if (!(atUs <= this.lastUs)) this.lastUs = atUs;
  }

  /** The exact time (µs, fractional) the bucket next holds a whole token, from `fromUs` on. */
  private exactTokenUs(fromUs: number): number {
    const have = this.tokensAt(fromUs);
    if (have >= WHOLE) return fromUs;
    return fromUs + (1 - have) / this.ratePerUs;
  }

  /**
   * When the scheduler should look again (µs): a whole microsecond, at least
   * one after now, at which the bucket holds a token, so the clock always
   * moves forward to it.
   */
  private wakeUpUs(nowUs: number): number {
    const from = this.lastUs === this.lastUs && this.lastUs > nowUs ? this.lastUs : nowUs;
    let at = Math.max(Math.ceil(this.exactTokenUs(from)), Math.floor(nowUs) + 1);
    // The clock's own rounding (µs near 10¹² carry ~10⁻⁴ µs) may leave a sliver missing:
    // step on until the bucket really holds the token.
    while (this.tokensAt(at) < WHOLE) at += 1;
    return at;
  }

  ready(nowUs: number): boolean {
    this.seenUs = nowUs;
    if (this.drop) return true;
    return this.tokensAt(nowUs) >= WHOLE;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    this.seenUs = nowUs;
    const arrival = msg.queuedAtUs < nowUs ? msg.queuedAtUs : nowUs;
    const last = this.lastUs;
    let at = last === last && last > arrival ? last : arrival;
    if (this.tokensAt(at) >= WHOLE) {
      this.refill(at);
      this.tokens = Math.max(0, this.tokens - 1);
      out.emit(0, msg, at);
    } else if (this.drop) {
      out.count('drops');
      out.emit(1, msg, at);
    } else {
      // Delay: it leaves when the next token arrives (by now, when the scheduler
      // asked ready(); if it did not, it goes through on credit at now).
      const token = this.exactTokenUs(at);
      at = token < nowUs ? token : nowUs;
      this.refill(at);
      this.tokens -= 1;
      out.emit(0, msg, at);
    }
  }

  tick(nowUs: number): number {
    this.seenUs = nowUs;
    if (this.drop) return Infinity;
    return this.tokensAt(nowUs) >= WHOLE ? Infinity : this.wakeUpUs(nowUs);
  }

  /** Live change of ratePerSec, burst (tokens clamped to it) and onLimit, from the latest now on. */
  setParams(params: unknown): boolean {
    const p = params as Partial<RatelimitParams>;
    const seen = this.seenUs;
    if (seen === seen) this.refill(seen);
    if (p.ratePerSec !== undefined) this.ratePerUs = p.ratePerSec / 1e6;
    if (p.burst !== undefined) {
      this.burst = p.burst;
      if (this.tokens > p.burst) this.tokens = p.burst;
    }
    if (p.onLimit !== undefined) this.drop = p.onLimit === 'drop';
    return true;
  }
}

/** A rate-limit kernel; see the file header for the semantics. */
export function createRatelimitKernel(params: RatelimitParams): Kernel {
  return new RatelimitKernel(params);
}
