/**
 * Delay kernel: emits each message on port 0 at now + a delay drawn from
 * `params.delay` (a Distribution in ms; meanMs 0 = no delay). Unlimited
 * messages may be delayed at once (the scheduler holds them); with a random
 * delay they may leave out of order.
 *
 * Pure; no allocation.
 */
import type { DelayParams } from './params.ts';
import { DistributionSampler, type Rng } from '../../core/random.ts';
import type { Emitter, Kernel, KernelEnv, Msg } from '../../core/kernel.ts';

class DelayKernel implements Kernel {
  private readonly rng: Rng;
  private readonly sampler: DistributionSampler;

  constructor(params: DelayParams, env: KernelEnv) {
    this.rng = env.rng;
    this.sampler = new DistributionSampler(params.delay);
  }

  ready(): boolean {
    return true;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    // From when it arrived, not from when this thread got round to it.
    out.emit(0, msg, Math.min(nowUs, msg.queuedAtUs) + this.sampler.sampleUs(this.rng));
  }

  tick(): number {
    return Infinity;
  }

  /** Live change of the delay distribution. */
  setParams(params: unknown): boolean {
    const p = params as Partial<DelayParams>;
    if (p.delay !== undefined) this.sampler.set(p.delay);
    return true;
  }
}

/** A delay kernel; see the file header for the semantics. */
export function createDelayKernel(params: DelayParams, env: KernelEnv): Kernel {
  return new DelayKernel(params, env);
}
