/**
 * Rate-limit kernel: a token bucket of `burst` tokens refilled at
 * `ratePerSec`, full at the start. Each message that passes takes one token
 * and leaves on port 0 `out`.
 * - onLimit `delay`: without a token `ready(now)` is false, so messages wait
 *   in the input ring (back pressure); `tick` returns the time the next token
 *   arrives (the scheduler re-ticks after receiving, see types.ts).
 * - onLimit `drop`: always ready; a message without a token leaves on port 1
 *   `dropped` and counts in `drops`.
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
  private tokens: number;
  /** Time of the last refill; NaN before the first call. */
  private lastUs = NaN;

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

  private refill(nowUs: number): void {
    this.tokens = this.tokensAt(nowUs);
    if (!(nowUs <= this.lastUs)) this.lastUs = nowUs;
  }

  /**
   * When the next whole token is available (µs): a whole microsecond, at
   * least one after now, so the clock always moves forward to it.
   */
  private tokenAtUs(nowUs: number): number {
    if (this.tokens >= WHOLE) return nowUs;
    let at = Math.max(Math.ceil(nowUs + (1 - this.tokens) / this.ratePerUs), Math.floor(nowUs) + 1);
    // The clock's own rounding (µs near 10¹² carry ~10⁻⁴ µs) may leave a sliver missing:
    // step on until the very refill `ready` will do gives the token.
    while (this.tokensAt(at) < WHOLE) at += 1;
    return at;
  }

  ready(nowUs: number): boolean {
    if (this.drop) return true;
    this.refill(nowUs);
    return this.tokens >= WHOLE;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    this.refill(nowUs);
    if (this.tokens >= WHOLE) {
      this.tokens = Math.max(0, this.tokens - 1);
      out.emit(0, msg);
    } else if (this.drop) {
      out.count('drops');
      out.emit(1, msg);
    } else {
      // Delay mode and the scheduler ignored ready(): let it through on credit.
      this.tokens -= 1;
      out.emit(0, msg);
    }
  }

  tick(nowUs: number): number {
    if (this.drop) return Infinity;
    this.refill(nowUs);
    return this.tokens >= WHOLE ? Infinity : this.tokenAtUs(nowUs);
  }

  /** Live change of ratePerSec, burst (tokens clamped to it) and onLimit. */
  setParams(params: unknown): boolean {
    const p = params as Partial<RatelimitParams>;
    const last = this.lastUs;
    if (last === last) this.refill(last);
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
