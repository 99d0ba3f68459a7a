/**
 * Cache kernel: an LRU of `capacity` keys with an optional TTL.
 * A hit (key present and, with `ttlMs`, inserted less than ttlMs ago) goes to
 * port 0 `hit` and becomes most recently used; a miss goes to port 1 `miss`
 * and the key is inserted (cache-aside: the miss path is assumed to fill
 * it), evicting the least recently used key when full. An expired key counts
 * as a miss and is re-inserted with a fresh time. Counts `hits`/`misses`.
 * Lookups happen at the time a message arrived (min(now, queuedAtUs)) and
 * take no modelled time: the message leaves then.
 *
 * O(1) per message: a Map from key to slot plus a doubly linked list over
 * typed arrays (grown by doubling up to `capacity`, so a big, cold cache does
 * not reserve its full size up front).
 *
 * Pure; no allocation per message except when the arrays grow.
 */
import type { CacheParams } from './params.ts';
import type { Emitter, Kernel, Msg } from '../../core/kernel.ts';

const NIL = -1;

/** An LRU set of numeric keys with insertion times, over typed arrays. */
export class LruKeys {
  readonly capacity: number;
  private readonly slotOf = new Map<number, number>();
  private keys: Float64Array;
  private times: Float64Array;
  private prev: Int32Array;
  private next: Int32Array;
  /** Most recently used. */
  private head = NIL;
  /** Least recently used. */
  private tail = NIL;
  private used = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
    const initial = Math.min(this.capacity, 1024);
    this.keys = new Float64Array(initial);
    this.times = new Float64Array(initial);
    this.prev = new Int32Array(initial);
    this.next = new Int32Array(initial);
  }

  get size(): number {
    return this.used;
  }

  /** Slot of `key` or −1. Does not touch recency. */
  find(key: number): number {
    const s = this.slotOf.get(key);
    return s === undefined ? NIL : s;
  }

  /** Insertion time of the entry in `slot`. */
  timeOf(slot: number): number {
    return this.times[slot] as number;
  }

  /** Make `slot` the most recently used; optionally reset its time. */
  touch(slot: number, timeUs?: number): void {
    if (timeUs !== undefined) this.times[slot] = timeUs;
    if (this.head === slot) return;
    this.unlink(slot);
    this.linkFront(slot);
  }

  /** Insert a key that is not present, evicting the LRU key when full. */
  insert(key: number, timeUs: number): void {
    let slot: number;
    if (this.used < this.capacity) {
      if (this.used === this.keys.length) this.grow();
      slot = this.used++;
    } else {
      slot = this.tail;
      this.unlink(slot);
      this.slotOf.delete(this.keys[slot] as number);
    }
    this.keys[slot] = key;
    this.times[slot] = timeUs;
    this.slotOf.set(key, slot);
    this.linkFront(slot);
  }

  /** Keys from most to least recently used (for tests). */
  keysByRecency(): number[] {
    const out: number[] = [];
    for (let s = this.head; s !== NIL; s = this.next[s] as number) out.push(this.keys[s] as number);
    return out;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot] as number;
    const n = this.next[slot] as number;
    if (p !== NIL) this.next[p] = n;
    else this.head = n;
    if (n !== NIL) this.prev[n] = p;
    else this.tail = p;
  }

  private linkFront(slot: number): void {
    this.prev[slot] = NIL;
    this.next[slot] = this.head;
    if (this.head !== NIL) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail === NIL) this.tail = slot;
  }

  private grow(): void {
    const cap = Math.min(this.capacity, this.keys.length * 2);
    const keys = new Float64Array(cap);
    keys.set(this.keys);
    const times = new Float64Array(cap);
    times.set(this.times);
    const prev = new Int32Array(cap);
    prev.set(this.prev);
    const next = new Int32Array(cap);
    next.set(this.next);
    this.keys = keys;
    this.times = times;
    this.prev = prev;
    this.next = next;
  }
}

class CacheKernel implements Kernel {
  private readonly lru: LruKeys;
  /** Infinity = no TTL. */
  private ttlUs: number;

  constructor(params: CacheParams) {
    this.lru = new LruKeys(params.capacity);
    this.ttlUs = params.ttlMs === undefined ? Infinity : params.ttlMs * 1000;
  }

  ready(): boolean {
    return true;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    // Modelled time: the lookup happens when the message arrived, and takes none.
    const at = msg.queuedAtUs < nowUs ? msg.queuedAtUs : nowUs;
    const lru = this.lru;
    const slot = lru.find(msg.key);
    if (slot === NIL) {
      lru.insert(msg.key, at);
      out.count('misses');
      out.emit(1, msg, at);
    } else if (at - lru.timeOf(slot) >= this.ttlUs) {
      lru.touch(slot, at);
      out.count('misses');
      out.emit(1, msg, at);
    } else {
      lru.touch(slot);
      out.count('hits');
      out.emit(0, msg, at);
    }
  }

  tick(): number {
    return Infinity;
  }

  state(): { inFlight: number } {
    return { inFlight: this.lru.size };
  }

  /**
   * Live change to the node's full params: ttlMs (absent: entries never
   * expire); a capacity change is refused (false).
   */
  setParams(params: unknown): boolean {
    const p = params as CacheParams;
    if (p.capacity !== this.lru.capacity) return false;
    this.ttlUs = p.ttlMs === undefined ? Infinity : p.ttlMs * 1000;
    return true;
  }
}

/** A cache kernel; see the file header for the semantics. */
export function createCacheKernel(params: CacheParams): Kernel {
  return new CacheKernel(params);
}
