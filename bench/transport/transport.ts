/**
 * `Transport`, for `npm run bench:ring` only: how frames move between two
 * threads, behind one interface with two implementations:
 * - `sab-ring`: a `FrameRing` in a SharedArrayBuffer; no messages after setup.
 * - `post-message` (the bench's baseline): one transferred ArrayBuffer per
 *   frame over a `MessagePort`, with credit-based flow control so a full
 *   channel pushes back exactly like a full ring.
 *
 * Not the engine's transport: the engine moves messages through the channel
 * ends in `src/runtime/transport/` (capacity in messages, the message codec,
 * per-channel metrics). This file lives beside the bench that measures the
 * raw rings against `postMessage`; `transport.test.ts` runs one contract
 * against both implementations, so the baseline is known to push back and
 * deliver like the ring it is compared with.
 *
 * Uses only web-standard globals (MessagePort, SharedArrayBuffer, Atomics),
 * which Node also provides. Endpoints are structured-cloneable; send them
 * (with `transferablesOf`) to the thread that opens them.
 */
import { FrameRing } from '../../src/runtime/ringbuf/frame-ring.ts';
import type { AttachOptions } from '../../src/runtime/ringbuf/ring-core.ts';

export type TransportKind = 'sab-ring' | 'post-message';

/** Producer end. */
export interface TransportSender {
  readonly kind: TransportKind;
  /**
   * Copies `frame` into the channel; the receiver can pop it right away and the caller may
   * reuse `frame`. @returns false when the channel is full (back pressure).
   */
  tryPush(frame: Uint8Array): boolean;
  /** Resolves true when a frame of `byteLength` bytes may be pushed, false on timeout. */
  waitWritable(byteLength: number, timeoutMs?: number): Promise<boolean>;
  /** Stops listening; the channel must not be used afterwards. */
  close(): void;
}

/** Consumer end. */
export interface TransportReceiver {
  readonly kind: TransportKind;
  /**
   * Takes the next frame, in push order. The view is valid until the next `tryPop` (the ring
   * implementation reuses the memory). @returns undefined when empty.
   */
  tryPop(): Uint8Array | undefined;
  /** Resolves true when a frame is available, false on timeout. */
  waitReadable(timeoutMs?: number): Promise<boolean>;
  /** Stops listening; the channel must not be used afterwards. */
  close(): void;
}

/** What the producer thread needs to open its end. */
export type SenderEndpoint =
  | { kind: 'sab-ring'; sab: SharedArrayBuffer; byteOffset: number }
  | { kind: 'post-message'; port: MessagePort; capacityFrames: number };

/** What the consumer thread needs to open its end. */
export type ReceiverEndpoint =
  | { kind: 'sab-ring'; sab: SharedArrayBuffer; byteOffset: number }
  | { kind: 'post-message'; port: MessagePort; capacityFrames: number };

export interface ChannelOptions {
  /** sab-ring: data bytes (power of two). Default 64 KiB. */
  capacityBytes?: number;
  /** post-message: frames in flight before `tryPush` returns false. Default 1024. */
  capacityFrames?: number;
}

/** Creates both endpoints of one channel. */
export function createChannel(
  kind: TransportKind,
  opts: ChannelOptions = {},
): { sender: SenderEndpoint; receiver: ReceiverEndpoint } {
  if (kind === 'sab-ring') {
    const capacityBytes = opts.capacityBytes ?? 1 << 16;
    const sab = new SharedArrayBuffer(FrameRing.bytesFor(capacityBytes));
    FrameRing.init(sab, 0, capacityBytes);
    return {
      sender: { kind, sab, byteOffset: 0 },
      receiver: { kind, sab, byteOffset: 0 },
    };
  }
  const capacityFrames = opts.capacityFrames ?? 1024;
  const { port1, port2 } = new MessageChannel();
  return {
    sender: { kind, port: port1, capacityFrames },
    receiver: { kind, port: port2, capacityFrames },
  };
}

/** Objects that must be in the transfer list when posting `ep` to another thread. */
export function transferablesOf(ep: SenderEndpoint | ReceiverEndpoint): Transferable[] {
  return ep.kind === 'post-message' ? [ep.port] : [];
}

/** Opens the producer end in this thread. */
export function openSender(ep: SenderEndpoint, opts: AttachOptions = {}): TransportSender {
  return ep.kind === 'sab-ring'
    ? new RingSender(new FrameRing(ep.sab, ep.byteOffset, opts))
    : new PortSender(ep.port, ep.capacityFrames);
}

/** Opens the consumer end in this thread. */
export function openReceiver(ep: ReceiverEndpoint): TransportReceiver {
  return ep.kind === 'sab-ring'
    ? new RingReceiver(new FrameRing(ep.sab, ep.byteOffset))
    : new PortReceiver(ep.port, ep.capacityFrames);
}

class RingSender implements TransportSender {
  readonly kind = 'sab-ring';
  constructor(readonly ring: FrameRing) {}
  tryPush(frame: Uint8Array): boolean {
    return this.ring.tryPush(frame);
  }
  waitWritable(byteLength: number, timeoutMs?: number): Promise<boolean> {
    return this.ring.waitWritableAsync(byteLength, { timeoutMs });
  }
  close(): void {
    this.ring.publish();
  }
}

class RingReceiver implements TransportReceiver {
  readonly kind = 'sab-ring';
  constructor(readonly ring: FrameRing) {}
  tryPop(): Uint8Array | undefined {
    return this.ring.tryPop();
  }
  waitReadable(timeoutMs?: number): Promise<boolean> {
    return this.ring.waitReadableAsync({ timeoutMs });
  }
  close(): void {
    this.ring.release();
  }
}

/** Resolves pending waits when `wake` is called or their timeout passes. */
class Waiters {
  private list: Array<() => void> = [];
  wait(ready: () => boolean, timeoutMs: number | undefined): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const check = (): void => {
        if (!ready()) return;
        if (timer !== undefined) clearTimeout(timer);
        this.list = this.list.filter((f) => f !== check);
        resolve(true);
      };
      this.list.push(check);
      if (timeoutMs !== undefined && timeoutMs !== Infinity) {
        timer = setTimeout(() => {
          this.list = this.list.filter((f) => f !== check);
          resolve(ready());
        }, timeoutMs);
      }
    });
  }
  wake(): void {
    for (const f of this.list.slice()) f();
  }
}

class PortSender implements TransportSender {
  readonly kind = 'post-message';
  private inFlight = 0;
  private readonly waiters = new Waiters();
  constructor(
    private readonly port: MessagePort,
    private readonly capacityFrames: number,
  ) {
    // A credit message carries how many frames the receiver has popped.
    port.onmessage = (e: MessageEvent<number>) => {
      this.inFlight -= e.data;
      this.waiters.wake();
    };
  }
  tryPush(frame: Uint8Array): boolean {
    if (this.inFlight >= this.capacityFrames) return false;
    const copy = frame.slice(); // never shared, so it can be transferred
    this.port.postMessage(copy.buffer, [copy.buffer]);
    this.inFlight++;
    return true;
  }
  waitWritable(_byteLength: number, timeoutMs?: number): Promise<boolean> {
    return this.waiters.wait(() => this.inFlight < this.capacityFrames, timeoutMs);
  }
  close(): void {
    this.port.onmessage = null;
    this.port.close();
  }
}

class PortReceiver implements TransportReceiver {
  readonly kind = 'post-message';
  private queue: ArrayBuffer[] = [];
  private head = 0;
  private uncredited = 0;
  private readonly creditBatch: number;
  private readonly waiters = new Waiters();
  constructor(
    private readonly port: MessagePort,
    capacityFrames: number,
  ) {
    this.creditBatch = Math.max(1, capacityFrames >> 2);
    port.onmessage = (e: MessageEvent<ArrayBuffer>) => {
      this.queue.push(e.data);
      this.waiters.wake();
    };
  }
  tryPop(): Uint8Array | undefined {
    if (this.head === this.queue.length) return undefined;
    const buf = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head); // compact without O(n) shift per pop
      this.head = 0;
    }
    if (++this.uncredited >= this.creditBatch) {
      this.port.postMessage(this.uncredited);
      this.uncredited = 0;
    }
    return buf === undefined ? undefined : new Uint8Array(buf);
  }
  waitReadable(timeoutMs?: number): Promise<boolean> {
    return this.waiters.wait(() => this.head < this.queue.length, timeoutMs);
  }
  close(): void {
    this.port.onmessage = null;
    this.port.close();
  }
}
