/**
 * Shared header layout and synchronisation for the SPSC rings.
 *
 * Pure: no DOM, no Node imports. Runs in a window, a Web Worker and a Node worker thread.
 *
 * Memory layout of one ring (offsets relative to the ring's `byteOffset` in its SAB):
 *
 * ```
 *   0  line 0  meta: magic, kind, capacity, initial index       (written once by init)
 * 128  line 1  W   write index   (producer stores)  + framesWritten
 * 256  line 2  R   read index    (consumer stores)  + framesRead
 * 384  line 3  producer-sleeping flag (producer stores, consumer reads on release)
 * 512  line 4  consumer-sleeping flag (consumer stores, producer reads on publish)
 * 640  data    capacity units (Float64 slots or bytes), power of two
 * ```
 *
 * W and R are free-running int32 counters (they wrap at 2^32, differences use `| 0`);
 * the position in the data region is `counter & mask`.
 */

/** Bytes between header words: two 64-byte cache lines, so adjacent-line prefetch cannot pair them. */
export const LINE_BYTES = 128;
/** Total header bytes in front of the data region. */
export const HEADER_BYTES = 5 * LINE_BYTES;

const LINE_I32 = LINE_BYTES / 4;
/** Int32 index of the magic word. */
export const I_MAGIC = 0;
/** Int32 index of the ring kind (1 slot, 2 frame). */
export const I_KIND = 1;
/** Int32 index of the capacity (slots or bytes). */
export const I_CAPACITY = 2;
/** Int32 index of the write counter. */
export const I_WRITE = LINE_I32;
/** Int32 index of the producer's published frame count (plain store before the W store). */
export const I_FRAMES_WRITTEN = LINE_I32 + 1;
/** Int32 index of the read counter. */
export const I_READ = 2 * LINE_I32;
/** Int32 index of the consumer's released frame count. */
export const I_FRAMES_READ = 2 * LINE_I32 + 1;
/** Int32 index of the producer-sleeping flag. */
export const I_PRODUCER_SLEEPING = 3 * LINE_I32;
/** Int32 index of the consumer-sleeping flag. */
export const I_CONSUMER_SLEEPING = 4 * LINE_I32;

/** 'FBRB' */
export const RING_MAGIC = 0x46425242;
export const KIND_SLOT = 1;
export const KIND_FRAME = 2;

/** Largest capacity in units; keeps `(w - r) | 0` exact. */
export const MAX_CAPACITY = 2 ** 30;

/** An external Int32 word that a producer bumps and notifies when it wakes a sleeping consumer. */
export interface Doorbell {
  readonly word: Int32Array;
  readonly index: number;
}

/** Options for one side of a ring when attaching. */
export interface AttachOptions {
  /** Notified (add 1, notify) in addition to the ring's own W word when the consumer sleeps. */
  doorbell?: Doorbell;
}

/** Options for init: test hook to start the counters near the int32 wrap. */
export interface InitOptions {
  /** Starting value for W and R (int32). Default 0. */
  initialIndex?: number;
}

/** How a blocking or async wait behaves. */
export interface WaitOptions {
  /** Busy polls before sleeping. `Infinity` never sleeps (the timeout still applies). Default 1000. */
  spinIterations?: number;
  /** Give up after this many milliseconds. Default Infinity. */
  timeoutMs?: number;
}

export const DEFAULT_SPIN = 1000;

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Writes the header of a fresh ring into `sab` at `byteOffset`. */
export function initHeader(
  sab: SharedArrayBuffer,
  byteOffset: number,
  kind: number,
  capacity: number,
  bytesNeeded: number,
  opts: InitOptions = {},
): void {
  if (!isPowerOfTwo(capacity) || capacity > MAX_CAPACITY) {
    throw new RangeError(`ring capacity must be a power of two <= 2^30, got ${capacity}`);
  }
  checkOffset(sab, byteOffset, bytesNeeded);
  const hdr = new Int32Array(sab, byteOffset, HEADER_BYTES / 4);
  const start = (opts.initialIndex ?? 0) | 0;
  hdr.fill(0);
  hdr[I_KIND] = kind;
  hdr[I_CAPACITY] = capacity;
  Atomics.store(hdr, I_WRITE, start);
  Atomics.store(hdr, I_READ, start);
  // Magic last: an attacher that sees it sees the rest.
  Atomics.store(hdr, I_MAGIC, RING_MAGIC);
}

function checkOffset(sab: SharedArrayBuffer, byteOffset: number, bytesNeeded: number): void {
  if (byteOffset % 8 !== 0 || byteOffset < 0) {
    throw new RangeError(`ring byteOffset must be a non-negative multiple of 8, got ${byteOffset}`);
  }
  if (byteOffset + bytesNeeded > sab.byteLength) {
    throw new RangeError(
      `ring needs ${bytesNeeded} bytes at offset ${byteOffset}, SAB has ${sab.byteLength}`,
    );
  }
}

/**
 * Counters, publication and sleeping shared by the slot and frame rings.
 *
 * A ring object is used by one producer thread and/or one consumer thread; each thread
 * attaches its own object to the same SAB. Producer-local and consumer-local fields are
 * disjoint, so a single object may also play both roles in one thread (tests).
 */
export abstract class RingCore {
  /** The SAB this ring lives in. */
  readonly sab: SharedArrayBuffer;
  /** Byte offset of the ring inside `sab`. */
  readonly byteOffset: number;
  /** Capacity in units (slots or bytes). */
  readonly capacity: number;
  protected readonly mask: number;
  protected readonly hdr: Int32Array;
  protected readonly doorbell: Doorbell | undefined;

  // Producer-local.
  protected wLocal: number;
  protected wPublished: number;
  protected rCache: number;
  protected framesWritten: number;
  // Consumer-local.
  protected rLocal: number;
  protected rPublished: number;
  protected wCache: number;
  protected framesRead: number;

  protected constructor(
    sab: SharedArrayBuffer,
    byteOffset: number,
    kind: number,
    unitBytes: number,
    opts: AttachOptions,
  ) {
    if (byteOffset % 8 !== 0 || byteOffset + HEADER_BYTES > sab.byteLength) {
      throw new RangeError(`no ring header at offset ${byteOffset}`);
    }
    const hdr = new Int32Array(sab, byteOffset, HEADER_BYTES / 4);
    if (Atomics.load(hdr, I_MAGIC) !== RING_MAGIC) {
      throw new Error(`no initialised ring at offset ${byteOffset} (call init first)`);
    }
    if (hdr[I_KIND] !== kind) {
      throw new Error(`ring at offset ${byteOffset} has kind ${hdr[I_KIND]}, expected ${kind}`);
    }
    const capacity = hdr[I_CAPACITY] ?? 0;
    checkOffset(sab, byteOffset, HEADER_BYTES + capacity * unitBytes);
    this.sab = sab;
    this.byteOffset = byteOffset;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.hdr = hdr;
    this.doorbell = opts.doorbell;
    const w = Atomics.load(hdr, I_WRITE);
    const r = Atomics.load(hdr, I_READ);
    this.wLocal = w;
    this.wPublished = w;
    this.rCache = r;
    this.framesWritten = hdr[I_FRAMES_WRITTEN] ?? 0;
    this.rLocal = r;
    this.rPublished = r;
    this.wCache = w;
    this.framesRead = hdr[I_FRAMES_READ] ?? 0;
  }

  // ---- producer ----

  /**
   * Producer: makes every staged write visible to the consumer with one `Atomics.store`,
   * and wakes the consumer (and the doorbell) only if it flagged itself as sleeping.
   * Does not allocate. No-op when nothing is staged.
   */
  publish(): void {
    const w = this.wLocal;
    if (w === this.wPublished) return;
    this.wPublished = w;
    this.hdr[I_FRAMES_WRITTEN] = this.framesWritten; // plain store, ordered by the W store below
    Atomics.store(this.hdr, I_WRITE, w);
    if (Atomics.load(this.hdr, I_CONSUMER_SLEEPING) !== 0) this.wakeConsumer();
  }

  private wakeConsumer(): void {
    // Clear the flag as we wake: one notify per sleep, not one per publish while the
    // woken consumer has yet to run. Safe: a consumer re-arms before every sleep and
    // re-checks W after arming, so no wake-up can be lost.
    if (Atomics.compareExchange(this.hdr, I_CONSUMER_SLEEPING, 1, 0) !== 1) return;
    Atomics.notify(this.hdr, I_WRITE);
    const db = this.doorbell;
    if (db !== undefined) {
      Atomics.add(db.word, db.index, 1);
      Atomics.notify(db.word, db.index);
    }
  }

  /**
   * Producer: sleeps until the consumer moves R away from `observedR` (or timeout).
   * Publishes staged writes first, so a consumer waiting for them cannot deadlock with us.
   * @returns false if `deadline` (performance.now() ms) passed.
   */
  protected sleepUntilReadMoves(observedR: number, deadline: number): boolean {
    this.publish();
    const hdr = this.hdr;
    Atomics.store(hdr, I_PRODUCER_SLEEPING, 1);
    try {
      if (Atomics.load(hdr, I_READ) !== observedR) return true;
      const t = deadline === Infinity ? Infinity : deadline - performance.now();
      if (t <= 0) return false;
      Atomics.wait(hdr, I_READ, observedR, t);
      return Atomics.load(hdr, I_READ) !== observedR || performance.now() < deadline;
    } finally {
      Atomics.store(hdr, I_PRODUCER_SLEEPING, 0);
    }
  }

  /** Producer, window-safe: like sleepUntilReadMoves with `Atomics.waitAsync` or polling. */
  protected async sleepUntilReadMovesAsync(observedR: number, deadline: number): Promise<void> {
    this.publish();
    return sleepAsync(this.hdr, I_READ, I_PRODUCER_SLEEPING, observedR, deadline);
  }

  // ---- consumer ----

  /**
   * Consumer: frees every consumed unit for the producer with one `Atomics.store`, and
   * wakes the producer only if it flagged itself as sleeping. Invalidates views handed out
   * by read calls since the previous release. Does not allocate. No-op when nothing is pending.
   */
  release(): void {
    const r = this.rLocal;
    if (r === this.rPublished) return;
    this.rPublished = r;
    this.hdr[I_FRAMES_READ] = this.framesRead;
    Atomics.store(this.hdr, I_READ, r);
    if (Atomics.load(this.hdr, I_PRODUCER_SLEEPING) !== 0) Atomics.notify(this.hdr, I_READ);
  }

  /** Consumer: true if something is published beyond what this side has read. Does not allocate. */
  readable(): boolean {
    return this.hasPublished();
  }

  /** Consumer: true if something is published beyond what this side has read. Refreshes the cache. */
  protected hasPublished(): boolean {
    if (this.rLocal !== this.wCache) return true;
    this.wCache = Atomics.load(this.hdr, I_WRITE);
    return this.rLocal !== this.wCache;
  }

  /**
   * Consumer: marks this side as sleeping (for doorbell waits). Call `disarmSleep` after waking.
   * @returns true if data is already available (then do not sleep).
   */
  armSleep(): boolean {
    this.release();
    Atomics.store(this.hdr, I_CONSUMER_SLEEPING, 1);
    return this.hasPublished();
  }

  /** Consumer: clears the sleeping flag set by `armSleep`. */
  disarmSleep(): void {
    Atomics.store(this.hdr, I_CONSUMER_SLEEPING, 0);
  }

  /**
   * Consumer, workers only (`Atomics.wait`): blocks until something is readable.
   * Spins `spinIterations` polls first, then sleeps on W with the sleeping flag set.
   * Releases consumed units first, which invalidates views from earlier reads.
   * @returns false on timeout.
   */
  waitReadable(opts: WaitOptions = {}): boolean {
    if (this.hasPublished()) return true;
    this.release();
    const spins = opts.spinIterations ?? DEFAULT_SPIN;
    const deadline = deadlineOf(opts.timeoutMs);
    for (let i = 0; i < spins; i++) {
      if (this.hasPublished()) return true;
      if ((i & 1023) === 1023 && performance.now() >= deadline) return false;
    }
    const hdr = this.hdr;
    for (;;) {
      Atomics.store(hdr, I_CONSUMER_SLEEPING, 1);
      const w = Atomics.load(hdr, I_WRITE);
      if (w === this.rLocal) {
        const t = deadline === Infinity ? Infinity : deadline - performance.now();
        if (t > 0) Atomics.wait(hdr, I_WRITE, w, t);
      }
      Atomics.store(hdr, I_CONSUMER_SLEEPING, 0);
      if (this.hasPublished()) return true;
      if (performance.now() >= deadline) return false;
    }
  }

  /**
   * Consumer, window-safe: resolves true when something is readable, false on timeout.
   * Uses `Atomics.waitAsync` where available, else polls with `setTimeout`.
   */
  async waitReadableAsync(opts: WaitOptions = {}): Promise<boolean> {
    const deadline = deadlineOf(opts.timeoutMs);
    for (;;) {
      if (this.hasPublished()) return true;
      this.release();
      await sleepAsync(this.hdr, I_WRITE, I_CONSUMER_SLEEPING, this.rLocal, deadline);
      if (this.hasPublished()) return true;
      if (performance.now() >= deadline) return false;
    }
  }

  // ---- any thread ----

  /**
   * Units in use (published and not released), read lock-free from any thread.
   * Approximate while either side is writing: it may under- or over-report by one batch.
   */
  usedApprox(): number {
    const used = (Atomics.load(this.hdr, I_WRITE) - Atomics.load(this.hdr, I_READ)) | 0;
    return Math.min(Math.max(used, 0), this.capacity);
  }

  /** Frames in use, read lock-free from any thread; approximate like `usedApprox`. */
  framesApprox(): number {
    const written = Atomics.load(this.hdr, I_FRAMES_WRITTEN);
    const read = Atomics.load(this.hdr, I_FRAMES_READ);
    return Math.max((written - read) | 0, 0);
  }

  /** Sleeping flags, for metrics and debugging. */
  sleepingFlags(): { producer: boolean; consumer: boolean } {
    return {
      producer: Atomics.load(this.hdr, I_PRODUCER_SLEEPING) !== 0,
      consumer: Atomics.load(this.hdr, I_CONSUMER_SLEEPING) !== 0,
    };
  }
}

export function deadlineOf(timeoutMs: number | undefined): number {
  return timeoutMs === undefined || timeoutMs === Infinity
    ? Infinity
    : performance.now() + timeoutMs;
}

const POLL_MS = 1;

async function sleepAsync(
  hdr: Int32Array,
  index: number,
  flagIndex: number,
  expected: number,
  deadline: number,
): Promise<void> {
  Atomics.store(hdr, flagIndex, 1);
  try {
    if (Atomics.load(hdr, index) !== expected) return;
    const t = deadline === Infinity ? Infinity : Math.max(deadline - performance.now(), 0);
    if (typeof Atomics.waitAsync === 'function') {
      const res = Atomics.waitAsync(hdr, index, expected, t);
      if (res.async) await keepAlive(res.value, t);
    } else {
      await new Promise<void>((resolve) => setTimeout(resolve, Math.min(POLL_MS, t)));
    }
  } finally {
    Atomics.store(hdr, flagIndex, 0);
  }
}

/**
 * Holds a timer while `pending` waits: Node does not count a pending `Atomics.waitAsync` as
 * work, so a worker whose only task is that wait exits (code 13) before the notify arrives.
 * Harmless in browsers.
 * TODO: drop once Node refs the loop for waitAsync: https://github.com/nodejs/node/issues/61941
 * (also https://github.com/nodejs/node/issues/44729).
 */
export async function keepAlive<T>(pending: Promise<T>, timeoutMs: number): Promise<T> {
  const timer = setTimeout(() => {}, Math.min(timeoutMs, 2 ** 31 - 1));
  try {
    return await pending;
  } finally {
    clearTimeout(timer);
  }
}
