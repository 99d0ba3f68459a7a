/**
 * SPSC ring of variable-length byte frames over a SharedArrayBuffer.
 *
 * Pure: no DOM, no Node imports. One producer thread, one consumer thread; each attaches
 * its own `FrameRing` object to the same SAB.
 *
 * Frame format in the data region (all offsets multiples of 8):
 *
 * ```
 * [int32 byteLength][4 bytes pad][payload, padded to 8]   one frame
 * [int32 -1]                                              wrap marker: next frame at offset 0
 * ```
 *
 * A frame never straddles the end of the data region. The largest frame is
 * `capacity - 8` bytes (it needs the whole ring, so it waits until the ring drains).
 */
import {
  type AttachOptions,
  deadlineOf,
  DEFAULT_SPIN,
  HEADER_BYTES,
  type InitOptions,
  initHeader,
  I_READ,
  KIND_FRAME,
  RingCore,
  type WaitOptions,
} from './ring-core.ts';

/**
 * Bytes in front of each frame's payload in the data region: the Int32 length
 * word and 4 bytes of padding (so payloads stay 8-aligned). Not the message
 * header the engine's codec writes inside the payload (`MSG_HEADER_BYTES`).
 */
export const FRAME_PREFIX_BYTES = 8;
/** Length word value that marks "wrap to offset 0". */
export const WRAP_MARKER = -1;

/** Bytes a frame of `byteLength` payload bytes occupies in the ring. */
export function frameFootprint(byteLength: number): number {
  return FRAME_PREFIX_BYTES + ((byteLength + 7) & ~7);
}

/**
 * @example
 * // thread A (producer)
 * const sab = new SharedArrayBuffer(FrameRing.bytesFor(1 << 16));
 * FrameRing.init(sab, 0, 1 << 16);
 * worker.postMessage({ sab });
 * const out = new FrameRing(sab);
 * const off = out.claimOffset(12); // -1 when full
 * if (off >= 0) { out.bytes.set(payload, off); out.commit(); out.publish(); }
 * // thread B (consumer)
 * const inp = new FrameRing(msg.sab);
 * for (let f = inp.readFrame(); f !== undefined; f = inp.readFrame()) use(f);
 * inp.release(); // one store frees the whole batch
 */
export class FrameRing extends RingCore {
  /** The data region as bytes; offsets returned by `claimOffset`/`readOffset` index into it. */
  readonly bytes: Uint8Array;
  /** Largest payload in bytes that can ever fit. */
  readonly maxFrameBytes: number;
  /** Consumer: payload length of the frame last returned by `readOffset`/`peekOffset`. */
  frameLength = 0;

  private readonly words: Int32Array;
  private claimPos = -1;
  private claimLen = 0;

  /** Bytes a ring with a data region of `capacityBytes` needs (header + data). */
  static bytesFor(capacityBytes: number): number {
    return HEADER_BYTES + capacityBytes;
  }

  /** Writes a fresh header for a ring of `capacityBytes` (power of two, >= 16) at `byteOffset`. */
  static init(
    sab: SharedArrayBuffer,
    byteOffset: number,
    capacityBytes: number,
    opts?: InitOptions,
  ): void {
    if (capacityBytes < 16) throw new RangeError('frame ring capacity must be >= 16 bytes');
    initHeader(sab, byteOffset, KIND_FRAME, capacityBytes, FrameRing.bytesFor(capacityBytes), opts);
  }

  /** Allocates a SAB, initialises a ring of `capacityBytes` and attaches to it. */
  static create(capacityBytes: number, opts?: InitOptions & AttachOptions): FrameRing {
    const sab = new SharedArrayBuffer(FrameRing.bytesFor(capacityBytes));
    FrameRing.init(sab, 0, capacityBytes, opts);
    return new FrameRing(sab, 0, opts);
  }

  /** Attaches to a ring that `init` already wrote (in this or another thread). */
  constructor(sab: SharedArrayBuffer, byteOffset = 0, opts: AttachOptions = {}) {
    super(sab, byteOffset, KIND_FRAME, 1, opts);
    this.bytes = new Uint8Array(sab, byteOffset + HEADER_BYTES, this.capacity);
    this.words = new Int32Array(sab, byteOffset + HEADER_BYTES, this.capacity >> 2);
    this.maxFrameBytes = this.capacity - FRAME_PREFIX_BYTES;
  }

  // ---- producer ----

  /**
   * Producer: reserves a frame of `byteLength` payload bytes. Fill `bytes[off .. off+byteLength)`
   * then call `commit`. Does not allocate. A failed claim publishes staged frames (so a waiting
   * consumer can drain them) and, if the frame must wrap, places the wrap marker first.
   * @returns the payload offset into `bytes`, or -1 when full (back pressure).
   * @throws RangeError if `byteLength` exceeds `maxFrameBytes` (it could never fit).
   */
  claimOffset(byteLength: number): number {
    if (!(byteLength >= 0 && byteLength <= this.maxFrameBytes)) {
      throw new RangeError(`frame of ${byteLength} bytes; max is ${this.maxFrameBytes}`);
    }
    const need = FRAME_PREFIX_BYTES + ((byteLength + 7) & ~7);
    let w = this.wLocal;
    let pos = w & this.mask;
    const tail = this.capacity - pos;
    if (need > tail) {
      if (!this.hasSpace(w, tail + need)) {
        // Place the marker alone if it fits: the consumer can then skip it, so the
        // frame finds contiguous room at offset 0 once the ring drains.
        if (((w - this.rCache) | 0) + tail <= this.capacity) {
          this.words[pos >> 2] = WRAP_MARKER;
          this.wLocal = (w + tail) | 0;
        }
        this.publish();
        return -1;
      }
      this.words[pos >> 2] = WRAP_MARKER;
      w = (w + tail) | 0;
      this.wLocal = w;
      pos = 0;
    } else if (!this.hasSpace(w, need)) {
      this.publish();
      return -1;
    }
    this.words[pos >> 2] = byteLength;
    this.claimPos = pos;
    this.claimLen = byteLength;
    return pos + FRAME_PREFIX_BYTES;
  }

  /** Producer: like `claimOffset` but returns a writable view (allocates one view). */
  claim(byteLength: number): Uint8Array | undefined {
    const off = this.claimOffset(byteLength);
    return off < 0 ? undefined : this.bytes.subarray(off, off + byteLength);
  }

  /**
   * Producer: stages the claimed frame (visible after `publish`). `byteLength` may shrink the
   * claim. Does not allocate.
   */
  commit(byteLength: number = this.claimLen): void {
    const pos = this.claimPos;
    if (pos < 0) throw new Error('commit without claim');
    if (byteLength !== this.claimLen) {
      if (!(byteLength >= 0 && byteLength <= this.claimLen)) {
        throw new RangeError(`commit of ${byteLength} bytes exceeds claim of ${this.claimLen}`);
      }
      this.words[pos >> 2] = byteLength;
    }
    this.claimPos = -1;
    this.wLocal = (this.wLocal + FRAME_PREFIX_BYTES + ((byteLength + 7) & ~7)) | 0;
    this.framesWritten = (this.framesWritten + 1) | 0;
  }

  /** Producer: copies `frame` in and stages it (no publish). @returns false when full. */
  write(frame: Uint8Array): boolean {
    const off = this.claimOffset(frame.length);
    if (off < 0) return false;
    this.bytes.set(frame, off);
    this.commit();
    return true;
  }

  /** Producer: copies `frame` in and publishes it. @returns false when full (back pressure). */
  tryPush(frame: Uint8Array): boolean {
    const off = this.claimOffset(frame.length);
    if (off < 0) return false;
    this.bytes.set(frame, off);
    this.commit();
    this.publish();
    return true;
  }

  /**
   * Producer, workers only: claims `byteLength` bytes, spinning then sleeping while full.
   * Publishes staged frames before sleeping. @returns the offset, or -1 on timeout.
   */
  claimBlocking(byteLength: number, opts: WaitOptions = {}): number {
    let off = this.claimOffset(byteLength);
    if (off >= 0) return off;
    const spins = opts.spinIterations ?? DEFAULT_SPIN;
    const deadline = deadlineOf(opts.timeoutMs);
    for (let i = 0; i < spins; i++) {
      if ((off = this.claimOffset(byteLength)) >= 0) return off;
      if ((i & 1023) === 1023 && performance.now() >= deadline) return -1;
    }
    for (;;) {
      if ((off = this.claimOffset(byteLength)) >= 0) return off;
      if (!this.sleepUntilReadMoves(this.rCache, deadline)) return this.claimOffset(byteLength);
    }
  }

  /** Producer, workers only: copies `frame` in and publishes it, waiting for room. */
  pushBlocking(frame: Uint8Array, opts: WaitOptions = {}): boolean {
    const off = this.claimBlocking(frame.length, opts);
    if (off < 0) return false;
    this.bytes.set(frame, off);
    this.commit();
    this.publish();
    return true;
  }

  /** Producer, window-safe: copies `frame` in and publishes it, awaiting room. */
  async pushAsync(frame: Uint8Array, opts: WaitOptions = {}): Promise<boolean> {
    const deadline = deadlineOf(opts.timeoutMs);
    for (;;) {
      if (this.tryPush(frame)) return true;
      if (performance.now() >= deadline) return false;
      await this.sleepUntilReadMovesAsync(this.rCache, deadline);
    }
  }

  /**
   * Producer, window-safe: resolves true once a frame of `byteLength` bytes can be claimed,
   * false on timeout. Publishes staged frames before waiting.
   */
  async waitWritableAsync(byteLength: number, opts: WaitOptions = {}): Promise<boolean> {
    const deadline = deadlineOf(opts.timeoutMs);
    for (;;) {
      if (this.claimOffset(byteLength) >= 0) {
        this.claimPos = -1; // only probing: the next claim rewrites the same spot
        return true;
      }
      if (performance.now() >= deadline) return false;
      await this.sleepUntilReadMovesAsync(this.rCache, deadline);
    }
  }

  private hasSpace(w: number, n: number): boolean {
    if (((w - this.rCache) | 0) + n <= this.capacity) return true;
    this.rCache = Atomics.load(this.hdr, I_READ);
    return ((w - this.rCache) | 0) + n <= this.capacity;
  }

  // ---- consumer ----

  /**
   * Consumer: finds the next frame without consuming it (skips wrap markers).
   * Sets `frameLength`. Does not allocate. @returns the payload offset into `bytes`, or -1.
   */
  peekOffset(): number {
    for (;;) {
      const r = this.rLocal;
      if (r === this.wCache && !this.hasPublished()) return -1;
      const pos = r & this.mask;
      const len = this.words[pos >> 2] ?? 0;
      if (len === WRAP_MARKER) {
        this.rLocal = (r + this.capacity - pos) | 0;
        continue;
      }
      if (len < 0 || len > this.maxFrameBytes) {
        throw new Error(`corrupt frame length ${len} at ${pos} (two producers?)`);
      }
      this.frameLength = len;
      return pos + FRAME_PREFIX_BYTES;
    }
  }

  /**
   * Consumer: consumes the next frame; its bytes stay valid until `release`. Sets `frameLength`.
   * Does not allocate. @returns the payload offset into `bytes`, or -1 when empty.
   */
  readOffset(): number {
    const off = this.peekOffset();
    if (off < 0) return -1;
    this.rLocal = (this.rLocal + FRAME_PREFIX_BYTES + ((this.frameLength + 7) & ~7)) | 0;
    this.framesRead = (this.framesRead + 1) | 0;
    return off;
  }

  /** Consumer: zero-copy view of the next frame without consuming it (allocates one view). */
  peekFrame(): Uint8Array | undefined {
    const off = this.peekOffset();
    return off < 0 ? undefined : this.bytes.subarray(off, off + this.frameLength);
  }

  /**
   * Consumer: zero-copy view of the next frame, consumed; valid until `release` (batch them,
   * then release once). Allocates one view.
   */
  readFrame(): Uint8Array | undefined {
    const off = this.readOffset();
    return off < 0 ? undefined : this.bytes.subarray(off, off + this.frameLength);
  }

  /**
   * Consumer: releases the previously popped frame(s), then consumes the next one.
   * The view is valid until the next `tryPop` or `release`. @returns undefined when empty.
   */
  tryPop(): Uint8Array | undefined {
    this.release();
    return this.readFrame();
  }

  /**
   * Consumer, workers only: like `readFrame`, spinning then sleeping while empty. Sleeping
   * releases earlier frames first, so views from before the wait become invalid.
   */
  readFrameBlocking(opts: WaitOptions = {}): Uint8Array | undefined {
    for (;;) {
      const f = this.readFrame();
      if (f !== undefined) return f;
      if (!this.waitReadable(opts)) return this.readFrame();
    }
  }

  /** Consumer, window-safe: like `tryPop`, awaiting data. @returns undefined on timeout. */
  async popAsync(opts: WaitOptions = {}): Promise<Uint8Array | undefined> {
    const f = this.tryPop();
    if (f !== undefined) return f;
    await this.waitReadableAsync(opts);
    return this.tryPop();
  }
}
