/**
 * Filter kernel: port 0 `out` for messages that pass, port 1 `rejected` for
 * the rest. With `keyBelow` set a message passes iff key < keyBelow
 * (deterministic; passRatio ignored); otherwise it passes with probability
 * `passRatio` (one PRNG draw per message; 0 and 1 draw nothing). Either
 * way it leaves at the time it arrived (min(now, queuedAtUs)).
 *
 * Pure; no allocation.
 */
import type { FilterParams } from './params.ts';
import type { Rng } from '../../core/random.ts';
import type { Emitter, Kernel, KernelEnv, Msg } from '../../core/kernel.ts';

class FilterKernel implements Kernel {
  private readonly rng: Rng;
  private passRatio: number;
  /** NaN = no key predicate. */
  private keyBelow: number;

  constructor(params: FilterParams, env: KernelEnv) {
    this.rng = env.rng;
    this.passRatio = params.passRatio;
    this.keyBelow = params.keyBelow ?? NaN;
  }

  ready(): boolean {
    return true;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    let pass: boolean;
    const below = this.keyBelow;
    if (below === below) pass = msg.key < below;
    else if (this.passRatio >= 1) pass = true;
    else if (this.passRatio <= 0) pass = false;
    else pass = this.rng.next() < this.passRatio;
    out.emit(pass ? 0 : 1, msg, msg.queuedAtUs < nowUs ? msg.queuedAtUs : nowUs);
  }

  tick(): number {
    return Infinity;
  }

  /** Live change to the node's full params: passRatio and keyBelow (absent: removed). */
  setParams(params: unknown): boolean {
    const p = params as FilterParams;
    this.passRatio = p.passRatio;
    this.keyBelow = p.keyBelow ?? NaN;
    return true;
  }
}

/** A filter kernel; see the file header for the semantics. */
export function createFilterKernel(params: FilterParams, env: KernelEnv): Kernel {
  return new FilterKernel(params, env);
}
