/**
 * Batch kernel: groups messages into one batch message (flag
 * `MsgFlags.batch`, members in `items`) and emits it on port 0 when `size`
 * members are in, or `timeoutMs` after the first member arrived, whichever
 * comes first. `tick` returns that deadline while a batch is open.
 *
 * The batch message: seq = this instance's batch counter, bornAtUs = the
 * oldest member's (so a sink's latency covers the longest wait), key = the
 * first member's, attempt 0, an empty payload (members keep theirs). A batch
 * message received as input becomes a member (batches nest).
 *
 * `timeoutMs` 0: the batch closes at the next tick, so it holds whatever
 * arrived in the same scheduler turn.
 *
 * Modelled time: a member arrives at min(now, queuedAtUs); the deadline is
 * the first member's arrival + timeoutMs; a batch closed by size leaves at
 * its last member's arrival, one closed by timeout at the deadline (not when
 * the thread woke), never before the previous batch. (In a real run a member
 * that arrived just before the deadline but is read after the timeout fired,
 * because its producer's thread was late, opens the next batch; virtual time
 * has no lateness.)
 *
 * Pure; allocates the batch message and its member array per batch.
 */
import type { BatchParams } from './params.ts';
import { type Emitter, type Kernel, type Msg, MsgFlags } from '../../core/kernel.ts';

const EMPTY = new Uint8Array(0);

class BatchKernel implements Kernel {
  private size: number;
  private timeoutUs: number;
  private members: Msg[] = [];
  private deadlineUs = Infinity;
  private oldestUs = Infinity;
  private seq = 0;
  /** Modelled time the last batch left (batches leave in order). */
  private lastOutUs = -Infinity;

  constructor(params: BatchParams) {
    this.size = params.size;
    this.timeoutUs = params.timeoutMs * 1000;
  }

  ready(): boolean {
    return true;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    const arrival = msg.queuedAtUs < nowUs ? msg.queuedAtUs : nowUs;
    if (this.members.length === 0) this.deadlineUs = arrival + this.timeoutUs;
    this.members.push(msg);
    if (msg.bornAtUs < this.oldestUs) this.oldestUs = msg.bornAtUs;
    if (this.members.length >= this.size) this.flush(out, arrival);
  }

  tick(nowUs: number, out: Emitter): number {
    if (this.members.length > 0 && nowUs >= this.deadlineUs) this.flush(out, this.deadlineUs);
    return this.members.length > 0 ? this.deadlineUs : Infinity;
  }

  /** Closes the open batch; it leaves at `atUs` (modelled), not before the previous one. */
  private flush(out: Emitter, atUs: number): void {
    const items = this.members;
    const first = items[0];
    if (first === undefined) return;
    const at = atUs > this.lastOutUs ? atUs : this.lastOutUs;
    this.lastOutUs = at;
    out.emit(
      0,
      {
        seq: this.seq++,
        bornAtUs: this.oldestUs,
        queuedAtUs: this.oldestUs,
        key: first.key,
        attempt: 0,
        flags: MsgFlags.batch,
        payload: EMPTY,
        items,
      },
      at,
    );
    this.members = [];
    this.deadlineUs = Infinity;
    this.oldestUs = Infinity;
  }

  state(): { inFlight: number } {
    return { inFlight: this.members.length };
  }

  /** Live change of size and timeout; applies to the open batch too (from its first member). */
  setParams(params: unknown): boolean {
    const p = params as Partial<BatchParams>;
    if (p.size !== undefined) this.size = p.size;
    if (p.timeoutMs !== undefined) {
      if (this.members.length > 0) this.deadlineUs += p.timeoutMs * 1000 - this.timeoutUs;
      this.timeoutUs = p.timeoutMs * 1000;
    }
    return true;
  }
}

/** A batch kernel; see the file header for the semantics. */
export function createBatchKernel(params: BatchParams): Kernel {
  return new BatchKernel(params);
}
