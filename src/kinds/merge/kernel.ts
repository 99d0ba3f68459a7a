/**
 * Merge kernel: every message from any input port goes out on port 0
 * unchanged, at the time it arrived (min(now, queuedAtUs): a merge takes no
 * modelled time). (Fairness between inputs is the scheduler's polling order.)
 *
 * Pure; no allocation.
 */
import type { Emitter, Kernel, Msg } from '../../core/kernel.ts';

class MergeKernel implements Kernel {
  ready(): boolean {
    return true;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    out.emit(0, msg, msg.queuedAtUs < nowUs ? msg.queuedAtUs : nowUs);
  }

  tick(): number {
    return Infinity;
  }
}

/** A merge kernel. */
export function createMergeKernel(): Kernel {
  return new MergeKernel();
}
