/**
 * A stable binary min-heap keyed by time (µs): entries pop in order of time,
 * and entries with equal times pop in the order they were pushed (FIFO). Each
 * entry carries an Int32 `tag` and an optional value of type `V`.
 *
 * Used for everything the engine schedules in the future: a scheduler
 * instance's pending emissions (tag = output port, value = the message), a
 * process kernel's in-flight completion times, and circuit-breaker outcomes
 * (tag = outcome flags).
 *
 * Stability comes from a sequence number per push that breaks ties, so the
 * order is the total order (time, insertion order). A new entry has the
 * largest sequence number yet, so sifting it up compares times only; sifting
 * down compares (time, seq).
 *
 * Storage: times and sequence numbers in Float64Arrays (sequence numbers stay
 * exact up to 2^53 pushes), tags in an Int32Array, values in a parallel plain
 * array allocated by the first push that carries a value; all grow by doubling. `push` allocates only when the heap grows past
 * its largest size so far; `pop` never allocates and drops its reference to
 * the popped value (so the GC can collect it).
 *
 * Pure: no DOM, no Node imports. One thread (not safe to share).
 */
export class StableHeap<V = undefined> {
  private times: Float64Array;
  private seqs: Float64Array;
  private tags: Int32Array;
  /** Allocated by the first push with a value: heaps of times only never pay for it. */
  private values: (V | undefined)[] | null = null;
  private n = 0;
  private nextSeq = 0;

  /** @param initialCapacity entries before the first growth (at least 2). */
  constructor(initialCapacity = 16) {
    const cap = Math.max(2, Math.ceil(initialCapacity));
    this.times = new Float64Array(cap);
    this.seqs = new Float64Array(cap);
    this.tags = new Int32Array(cap);
  }

  /** Entries in the heap. */
  get size(): number {
    return this.n;
  }

  /** Time (µs) of the first entry, or Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.times[0]! : Infinity;
  }

  /** Tag of the first entry (unspecified when empty). */
  peekTag(): number {
    return this.tags[0]!;
  }

  /** Value of the first entry (unspecified when empty). */
  peekValue(): V {
    return this.values?.[0] as V;
  }

  /**
   * Adds an entry due at `timeUs`. It pops after every entry with a smaller
   * time and after every entry with the same time pushed before it.
   */
  push(timeUs: number, tag = 0, value?: V): void {
    if (this.n === this.times.length) this.grow();
    if (value !== undefined && this.values === null) {
      this.values = new Array<V | undefined>(this.times.length).fill(undefined);
    }
    const times = this.times;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      // The parent was pushed earlier (smaller seq): on equal times it stays above.
      if (times[p]! <= timeUs) break;
      this.move(p, i);
      i = p;
    }
    this.put(i, timeUs, this.nextSeq++, tag, value);
  }

  /**
   * Removes the first entry (read its tag and value with `peekTag` /
   * `peekValue` before).
   * @returns its time (µs), or Infinity when the heap was empty.
   */
  pop(): number {
    if (this.n === 0) return Infinity;
    const { times, seqs, tags, values } = this;
    const top = times[0]!;
    const n = --this.n;
    // The last entry moves into the hole at the root and sinks to its place.
    const t = times[n]!;
    const s = seqs[n]!;
    const tag = tags[n]!;
    let value: V | undefined;
    if (values !== null) {
      value = values[n];
      values[n] = undefined;
    }
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n) {
        const tr = times[r]!;
        const tc = times[c]!;
        if (tr < tc || (tr === tc && seqs[r]! < seqs[c]!)) c = r;
      }
      const tc = times[c]!;
      if (tc > t || (tc === t && seqs[c]! > s)) break;
      this.move(c, i);
      i = c;
    }
    this.put(i, t, s, tag, value);
    return top;
  }

  /** Removes every entry (and drops the references to their values). */
  clear(): void {
    this.values?.fill(undefined, 0, this.n);
    this.n = 0;
  }

  /** Copies the entry at `from` into slot `to` (a sift step). */
  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.tags[to] = this.tags[from]!;
    const values = this.values;
    if (values !== null) values[to] = values[from];
  }

  /** Writes an entry into slot `i`. */
  private put(i: number, timeUs: number, seq: number, tag: number, value: V | undefined): void {
    this.times[i] = timeUs;
    this.seqs[i] = seq;
    this.tags[i] = tag;
    const values = this.values;
    if (values !== null) values[i] = value;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    times.set(this.times);
    const seqs = new Float64Array(cap);
    seqs.set(this.seqs);
    const tags = new Int32Array(cap);
    tags.set(this.tags);
    this.times = times;
    this.seqs = seqs;
    this.tags = tags;
    const values = this.values;
    if (values !== null) {
      const old = values.length;
      values.length = cap;
      values.fill(undefined, old, cap);
    }
  }
}
