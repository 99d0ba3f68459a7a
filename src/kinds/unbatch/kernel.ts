/**
 * Unbatch kernel: emits each member of a batch message on port 0, in order
 * (one level: nested batches come out as batches). A message without the
 * batch flag (or without items) passes through unchanged. Everything leaves
 * at the time the input arrived (min(now, queuedAtUs): no modelled time).
 *
 * Pure; no allocation.
 */
import { type Emitter, type Kernel, type Msg, MsgFlags } from '../../core/kernel.ts';

class UnbatchKernel implements Kernel {
  ready(): boolean {
    return true;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    const items = msg.items;
    const at = msg.queuedAtUs < nowUs ? msg.queuedAtUs : nowUs;
    if ((msg.flags & MsgFlags.batch) === 0 || items === undefined) {
      out.emit(0, msg, at);
      return;
    }
    for (let i = 0; i < items.length; i++) out.emit(0, items[i] as Msg, at);
  }

  tick(): number {
    return Infinity;
  }
}

/** An unbatch kernel. */
export function createUnbatchKernel(): Kernel {
  return new UnbatchKernel();
}
