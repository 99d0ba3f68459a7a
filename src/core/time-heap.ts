/**
 * A binary min-heap of times (µs) with an integer tag per entry, over typed
 * arrays that grow by doubling. Used for in-flight service slots and for
 * circuit-breaker outcomes that complete in the future.
 *
 * Pure; `push` allocates only when the heap grows.
 */
export class TimeHeap {
  private times: Float64Array;
  private tags: Int32Array;
  private n = 0;

  constructor(initialCapacity = 16) {
    const cap = Math.max(2, initialCapacity);
    this.times = new Float64Array(cap);
    this.tags = new Int32Array(cap);
  }

  get size(): number {
    return this.n;
  }

  /** The smallest time, or Infinity when empty. */
  peek(): number {
    return this.n > 0 ? (this.times[0] as number) : Infinity;
  }

  /** The tag of the smallest entry (undefined behaviour when empty). */
  peekTag(): number {
    return this.tags[0] as number;
  }

  push(timeUs: number, tag = 0): void {
    if (this.n === this.times.length) this.grow();
    const times = this.times;
    const tags = this.tags;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt <= timeUs) break;
      times[i] = pt;
      tags[i] = tags[parent] as number;
      i = parent;
    }
    times[i] = timeUs;
    tags[i] = tag;
  }

  /** Remove the smallest entry; returns its time (Infinity when empty). */
  pop(): number {
    if (this.n === 0) return Infinity;
    const times = this.times;
    const tags = this.tags;
    const top = times[0] as number;
    const n = --this.n;
    if (n > 0) {
      const t = times[n] as number;
      const tag = tags[n] as number;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        const r = c + 1;
        if (r < n && (times[r] as number) < (times[c] as number)) c = r;
        if ((times[c] as number) >= t) break;
        times[i] = times[c] as number;
        tags[i] = tags[c] as number;
        i = c;
      }
      times[i] = t;
      tags[i] = tag;
    }
    return top;
  }

  /** Remove every entry with time ≤ `nowUs`; returns how many were removed. */
  popUntil(nowUs: number): number {
    let k = 0;
    while (this.n > 0 && (this.times[0] as number) <= nowUs) {
      this.pop();
      k++;
    }
    return k;
  }

  clear(): void {
    this.n = 0;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const tags = new Int32Array(this.tags.length * 2);
    tags.set(this.tags);
    this.times = times;
    this.tags = tags;
  }
}
