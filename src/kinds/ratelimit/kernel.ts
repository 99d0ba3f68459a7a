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

  private refill(nowUs: number): void {
    const last = this.lastUs;
    if (last === last && nowUs > last) {
      const t = this.tokens + (nowUs - last) * this.ratePerUs;
      this.tokens = t < this.burst ? t : this.burst;
    }
    if (!(nowUs <= last)) this.lastUs = nowUs;
  }

  /** When the next whole token is available (µs). */
  private tokenAtUs(nowUs: number): number {
    return this.tokens >= 1 ? nowUs : nowUs + (1 - this.tokens) / this.ratePerUs;
  }

  ready(nowUs: number): boolean {
    if (this.drop) return true;
    this.refill(nowUs);
    return this.tokens >= 1;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    this.refill(nowUs);
    if (this.tokens >= 1) {
      this.tokens -= 1;
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
    return this.tokens >= 1 ? Infinity : this.tokenAtUs(nowUs);
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
