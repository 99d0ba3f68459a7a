/**
 * Sink kernel: consumes messages and records end-to-end latency
 * `arrival − bornAtUs` (µs) per message, where arrival is when the message
 * entered the sink's channel (`queuedAtUs`, never later than now); a batch records one sample per member
 * (recursively for nested batches), not one for the batch. A negative
 * difference (clock skew between workers) is recorded as 0.
 *
 * Pure; no allocation.
 */
import { type Emitter, type Kernel, type Msg, MsgFlags } from '../../core/kernel.ts';

function recordLatency(msg: Msg, nowUs: number, out: Emitter): void {
  const items = msg.items;
  if ((msg.flags & MsgFlags.batch) !== 0 && items !== undefined) {
    for (let i = 0; i < items.length; i++) recordLatency(items[i] as Msg, nowUs, out);
    return;
  }
  const us = nowUs - msg.bornAtUs;
  out.latency(us > 0 ? us : 0);
}

class SinkKernel implements Kernel {
  ready(): boolean {
    return true;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    // A sink is an infinitely fast consumer: a message is done when it arrives,
    // not when this thread next wakes up.
    recordLatency(msg, Math.min(nowUs, msg.queuedAtUs), out);
  }

  tick(): number {
    return Infinity;
  }
}

/** A sink kernel. */
export function createSinkKernel(): Kernel {
  return new SinkKernel();
}
