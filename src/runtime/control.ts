/**
 * The control block: a small SharedArrayBuffer the host writes and every
 * worker loop polls (one Atomics.load per turn), so Stop lands within one
 * turn or one capped sleep even at full load, with no message in flight.
 *
 * ```
 * I32[0]  command      0 wait, 1 run, 2 pause, 3 stop
 * I32[1]  paramSeq     seqlock over the mailbox: odd while the host writes
 * I32[2]  paramCount   number of changes in the mailbox
 * I32[3]  mailboxBytes length of the JSON in the mailbox
 * F64[2]  startAtUs    common start time on the shared clock (µs)
 * F64[3]  pausedUs     total paused time so far; kernels see now − pausedUs
 * U8[64…] mailbox      JSON array of every live change since start
 * ```
 *
 * Without SharedArrayBuffer (a page that is not cross-origin isolated) the
 * same state travels by messages instead (`message-link.ts`); the host and
 * the worker loops see either through the two small interfaces below.
 *
 * Pure: no DOM, no Node imports.
 */

export const Command = { wait: 0, run: 1, pause: 2, stop: 3 } as const;
export type CommandCode = (typeof Command)[keyof typeof Command];

const I_COMMAND = 0;
const I_SEQ = 1;
const I_COUNT = 2;
const I_BYTES = 3;
const F_START = 2;
const F_PAUSED = 3;
const MAILBOX_AT = 64;
export const MAILBOX_BYTES = 256 * 1024;

/**
 * A live change: a node's new params (validated by the host). Edge capacities
 * do not travel here: the host writes them into the metrics block
 * (`CF.capacity`), which the producer reads when it checks for room (without
 * SAB, the link carries them into each worker's copy: message-link.ts).
 */
export interface LiveChange {
  type: 'params';
  nodeId: string;
  params: unknown;
}

/** What a worker's loop reads of the control plane (ControlBlock, or WorkerLink without SAB). */
export interface ControlView {
  command(): CommandCode;
  readonly startAtUs: number;
  /** Total paused time so far, µs; kernels see now − pausedUs. */
  readonly pausedUs: number;
  /** Cheap poll: the number of live changes received so far. */
  changeCount(): number;
  /** Every live change since start, in order. */
  readChanges(): LiveChange[];
}

/** What the host writes (ControlBlock, or HostLink without SAB). */
export interface HostControl {
  setCommand(c: CommandCode): void;
  startAtUs: number;
  pausedUs: number;
  /** Publishes the full list of changes since start. @throws when it cannot. */
  publishChanges(changes: readonly LiveChange[]): void;
}

export class ControlBlock implements ControlView, HostControl {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly mailbox: Uint8Array;

  /** Bytes of a control block. */
  static readonly bytes = MAILBOX_AT + MAILBOX_BYTES;

  static create(): ControlBlock {
    return new ControlBlock(new SharedArrayBuffer(ControlBlock.bytes));
  }

  constructor(readonly buffer: SharedArrayBuffer) {
    this.i32 = new Int32Array(buffer, 0, 16);
    this.f64 = new Float64Array(buffer, 0, 8);
    this.mailbox = new Uint8Array(buffer, MAILBOX_AT, MAILBOX_BYTES);
  }

  command(): CommandCode {
    return Atomics.load(this.i32, I_COMMAND) as CommandCode;
  }

  /** Host: sets the command and wakes anything waiting on it. */
  setCommand(c: CommandCode): void {
    Atomics.store(this.i32, I_COMMAND, c);
    Atomics.notify(this.i32, I_COMMAND);
  }

  /** Worker: blocks (Atomics.wait) while the command equals `c`, at most `timeoutMs`. */
  waitWhile(c: CommandCode, timeoutMs: number): void {
    Atomics.wait(this.i32, I_COMMAND, c, timeoutMs);
  }

  get startAtUs(): number {
    return this.f64[F_START]!;
  }
  set startAtUs(v: number) {
    this.f64[F_START] = v;
  }
  get pausedUs(): number {
    return this.f64[F_PAUSED]!;
  }
  set pausedUs(v: number) {
    this.f64[F_PAUSED] = v;
  }

  /** Cheap poll: the number of live changes published so far (0 when none). */
  changeCount(): number {
    return Atomics.load(this.i32, I_COUNT);
  }

  /** Host: publishes the full list of changes (seqlock-protected). @throws when it does not fit. */
  publishChanges(changes: readonly LiveChange[]): void {
    const bytes = new TextEncoder().encode(JSON.stringify(changes));
    if (bytes.length > MAILBOX_BYTES)
      throw new Error('too many live changes in one run (mailbox full)');
    Atomics.add(this.i32, I_SEQ, 1); // odd: writing
    this.mailbox.set(bytes);
    Atomics.store(this.i32, I_BYTES, bytes.length);
    Atomics.store(this.i32, I_COUNT, changes.length);
    Atomics.add(this.i32, I_SEQ, 1); // even: stable
  }

  /** Worker: reads the change list consistently (retries while the host writes). */
  readChanges(): LiveChange[] {
    for (;;) {
      const s1 = Atomics.load(this.i32, I_SEQ);
      if ((s1 & 1) !== 0) continue;
      const n = Atomics.load(this.i32, I_BYTES);
      const copy = this.mailbox.slice(0, n);
      if (Atomics.load(this.i32, I_SEQ) !== s1) continue;
      return n === 0 ? [] : (JSON.parse(new TextDecoder().decode(copy)) as LiveChange[]);
    }
  }
}

/** The shared run clock in µs: wall-clock based so every worker and the host agree. */
export function clockUs(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}
