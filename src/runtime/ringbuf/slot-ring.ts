/**
 * SPSC ring of fixed-size Float64 slots over a SharedArrayBuffer.
 *
 * Pure: no DOM, no Node imports. One producer thread, one consumer thread; each attaches
 * its own `SlotRing` object to the same SAB. Hot-path methods do not allocate.
 */
import {
  type AttachOptions,
  deadlineOf,
  DEFAULT_SPIN,
  HEADER_BYTES,
  type InitOptions,
  initHeader,
  I_READ,
  I_WRITE,
  KIND_SLOT,
  RingCore,
  type WaitOptions,
} from './ring-core.ts';

/**
 * @example
 * // thread A
 * const sab = new SharedArrayBuffer(SlotRing.bytesFor(1024));
 * SlotRing.init(sab, 0, 1024);
 * worker.postMessage({ sab });
 * const producer = new SlotRing(sab);
 * producer.tryPush(3.14);
 * // thread B
 * const consumer = new SlotRing(msg.sab);
 * const x = consumer.tryPop(); // 3.14 or undefined when empty
 */
export class SlotRing extends RingCore {
  /** The data region, one Float64 per slot. */
  readonly slots: Float64Array;

  /** Bytes a ring of `capacity` slots needs (header + data). */
  static bytesFor(capacity: number): number {
    return HEADER_BYTES + capacity * 8;
  }

  /** Writes a fresh header for a ring of `capacity` slots (power of two) at `byteOffset`. */
  static init(
    sab: SharedArrayBuffer,
    byteOffset: number,
    capacity: number,
    opts?: InitOptions,
  ): void {
    initHeader(sab, byteOffset, KIND_SLOT, capacity, SlotRing.bytesFor(capacity), opts);
  }

  /** Allocates a SAB, initialises a ring of `capacity` slots and attaches to it. */
  static create(capacity: number, opts?: InitOptions & AttachOptions): SlotRing {
    const sab = new SharedArrayBuffer(SlotRing.bytesFor(capacity));
    SlotRing.init(sab, 0, capacity, opts);
    return new SlotRing(sab, 0, opts);
  }

  /** Attaches to a ring that `init` already wrote (in this or another thread). */
  constructor(sab: SharedArrayBuffer, byteOffset = 0, opts: AttachOptions = {}) {
    super(sab, byteOffset, KIND_SLOT, 8, opts);
    this.slots = new Float64Array(sab, byteOffset + HEADER_BYTES, this.capacity);
  }

  // ---- producer ----

  /**
   * Producer: stages one value without publishing it (call `publish` after the batch).
   * @returns false when full (back pressure); a full ring publishes staged values.
   */
  tryWrite(x: number): boolean {
    const w = this.wLocal;
    if (((w - this.rCache) | 0) >= this.capacity && !this.refreshSpace(w, 1)) return false;
    this.slots[w & this.mask] = x;
    this.wLocal = (w + 1) | 0;
    this.framesWritten = (this.framesWritten + 1) | 0;
    return true;
  }

  /** Producer: writes and publishes one value. @returns false when full (back pressure). */
  tryPush(x: number): boolean {
    const w = this.wLocal;
    if (((w - this.rCache) | 0) >= this.capacity && !this.refreshSpace(w, 1)) return false;
    this.slots[w & this.mask] = x;
    this.wLocal = (w + 1) | 0;
    this.framesWritten = (this.framesWritten + 1) | 0;
    this.publish();
    return true;
  }

  /**
   * Producer: copies up to `end - start` values from `src` and publishes them with one store.
   * @returns how many were written (0 when full).
   */
  pushBatch(src: Float64Array, start = 0, end = src.length): number {
    const w = this.wLocal;
    let free = this.capacity - ((w - this.rCache) | 0);
    if (free < end - start) {
      this.rCache = Atomics.load(this.hdr, I_READ);
      free = this.capacity - ((w - this.rCache) | 0);
    }
    const n = Math.min(free, end - start);
    if (n <= 0) return 0;
    const pos = w & this.mask;
    const first = Math.min(n, this.capacity - pos);
    this.slots.set(src.subarray(start, start + first), pos);
    if (first < n) this.slots.set(src.subarray(start + first, start + n), 0);
    this.wLocal = (w + n) | 0;
    this.framesWritten = (this.framesWritten + n) | 0;
    this.publish();
    return n;
  }

  /**
   * Producer, workers only: pushes `x`, spinning then sleeping while full.
   * @returns false on timeout.
   */
  pushBlocking(x: number, opts: WaitOptions = {}): boolean {
    if (this.tryPush(x)) return true;
    const spins = opts.spinIterations ?? DEFAULT_SPIN;
    const deadline = deadlineOf(opts.timeoutMs);
    for (let i = 0; i < spins; i++) {
      if (this.tryPush(x)) return true;
      if ((i & 1023) === 1023 && performance.now() >= deadline) return false;
    }
    for (;;) {
      if (this.tryPush(x)) return true;
      if (!this.sleepUntilReadMoves(this.rCache, deadline)) return this.tryPush(x);
    }
  }

  /** Producer, window-safe: pushes `x`, awaiting space. @returns false on timeout. */
  async pushAsync(x: number, opts: WaitOptions = {}): Promise<boolean> {
    const deadline = deadlineOf(opts.timeoutMs);
    for (;;) {
      if (this.tryPush(x)) return true;
      if (performance.now() >= deadline) return false;
      await this.sleepUntilReadMovesAsync(this.rCache, deadline);
    }
  }

  private refreshSpace(w: number, n: number): boolean {
    this.rCache = Atomics.load(this.hdr, I_READ);
    if (((w - this.rCache) | 0) + n <= this.capacity) return true;
    this.publish(); // never sit on staged values while the consumer may be waiting for them
    return false;
  }

  // ---- consumer ----

  /** Consumer: reads one value without releasing its slot (call `release` after the batch). */
  tryRead(): number | undefined {
    const r = this.rLocal;
    if (r === this.wCache && !this.hasPublished()) return undefined;
    const x = this.slots[r & this.mask];
    this.rLocal = (r + 1) | 0;
    this.framesRead = (this.framesRead + 1) | 0;
    return x;
  }

  /** Consumer: reads and releases one value. @returns undefined when empty. */
  tryPop(): number | undefined {
    const r = this.rLocal;
    if (r === this.wCache && !this.hasPublished()) {
      this.release();
      return undefined;
    }
    const x = this.slots[r & this.mask];
    this.rLocal = (r + 1) | 0;
    this.framesRead = (this.framesRead + 1) | 0;
    this.release();
    return x;
  }

  /**
   * Consumer: copies up to `end - start` values into `dst` and releases them with one store.
   * @returns how many were read (0 when empty).
   */
  popBatch(dst: Float64Array, start = 0, end = dst.length): number {
    const r = this.rLocal;
    let avail = (this.wCache - r) | 0;
    if (avail < end - start) {
      this.wCache = Atomics.load(this.hdr, I_WRITE);
      avail = (this.wCache - r) | 0;
    }
    const n = Math.min(avail, end - start);
    if (n <= 0) return 0;
    const pos = r & this.mask;
    const first = Math.min(n, this.capacity - pos);
    dst.set(this.slots.subarray(pos, pos + first), start);
    if (first < n) dst.set(this.slots.subarray(0, n - first), start + first);
    this.rLocal = (r + n) | 0;
    this.framesRead = (this.framesRead + n) | 0;
    this.release();
    return n;
  }

  /** Consumer, workers only: pops one value, spinning then sleeping while empty. */
  popBlocking(opts: WaitOptions = {}): number | undefined {
    for (;;) {
      const x = this.tryPop();
      if (x !== undefined) return x;
      if (!this.waitReadable(opts)) return this.tryPop();
    }
  }

  /** Consumer, window-safe: pops one value, awaiting data. @returns undefined on timeout. */
  async popAsync(opts: WaitOptions = {}): Promise<number | undefined> {
    const x = this.tryPop();
    if (x !== undefined) return x;
    await this.waitReadableAsync(opts);
    return this.tryPop();
  }
}
