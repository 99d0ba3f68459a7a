/**
 * A fixed-capacity ring of rows stored in typed arrays: the bounded histories
 * and sliding windows of the metrics (the sampler's window snapshots, its
 * global and per-element series, `RateWindow`).
 *
 * A ring has `capacity` slots and any number of named columns; column `k`
 * is one typed array of `capacity × width` elements, and row `slot` of it is
 * the `width` elements from `slot × width`. `push()` makes room for a new
 * newest row (over the oldest when full) and returns its slot; the caller
 * writes the row. Rows are read by slot, by position from the oldest
 * (`slotAt`) or by age from the newest (`slotOfAge`), and copied out oldest
 * first (`copyOut`).
 *
 * Allocation: the columns in the constructor; `push`, `slotAt`, `slotOfAge`
 * and `clear` allocate nothing; `row` returns views made once per column
 * (in the constructor with `rowViews`, else on first use); `copyOut`
 * allocates its result.
 *
 * Pure: no DOM, no Node imports. Not thread-safe: one owner.
 */

/** Typed arrays a column may use. */
export type TypedArray =
  Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** One column: its element type and how many elements a row holds (default 1). */
export interface ColumnSpec<A extends TypedArray> {
  type: new (length: number) => A;
  width?: number;
  /** Make the column's row views (`row`) in the constructor rather than on first use. */
  rowViews?: boolean;
}

/**
 * A ring of rows over typed-array columns.
 * @example
 * const ring = new TypedRing(300, { tMs: { type: Float64Array }, depth: { type: Float32Array, width: 4 } });
 * const slot = ring.push();
 * ring.columns.tMs[slot] = nowMs;
 * ring.columns.depth.set(depths, slot * 4);
 * ring.copyOut('depth', 2); // element 2 of every row, oldest first
 */
export class TypedRing<C extends Record<string, TypedArray>> {
  /** Rows the ring holds at most (≥ 1). */
  readonly capacity: number;
  /** The storage: column `k` holds row `slot` at `slot × widths[k]`. */
  readonly columns: Readonly<C>;
  /** Elements per row, per column. */
  readonly widths: Readonly<Record<keyof C, number>>;
  private readonly types: Record<keyof C, new (length: number) => TypedArray>;
  private readonly views: Partial<Record<keyof C, TypedArray[]>> = {};
  private head = 0;
  private count = 0;

  constructor(capacity: number, spec: { [K in keyof C]: ColumnSpec<C[K]> }) {
    this.capacity = Math.max(1, Math.floor(capacity));
    const columns = {} as C;
    const widths = {} as Record<keyof C, number>;
    const types = {} as Record<keyof C, new (length: number) => TypedArray>;
    for (const name of Object.keys(spec) as (keyof C)[]) {
      const { type, width = 1 } = spec[name];
      columns[name] = new type(this.capacity * width);
      widths[name] = width;
      types[name] = type;
    }
    this.columns = columns;
    this.widths = widths;
    this.types = types;
    for (const name of Object.keys(spec) as (keyof C)[])
      if (spec[name].rowViews === true) this.row(name, 0);
  }

  /** Rows held (0..capacity). */
  get length(): number {
    return this.count;
  }

  /**
   * Makes room for a new newest row, dropping the oldest when full.
   * @returns its slot; the row still holds whatever the slot held (the caller writes it).
   */
  push(): number {
    if (this.count === this.capacity) this.head = (this.head + 1) % this.capacity;
    else this.count++;
    return (this.head + this.count - 1) % this.capacity;
  }

  /** Slot of the `k`-th row from the oldest (0 = oldest, length − 1 = newest). */
  slotAt(k: number): number {
    return (this.head + k) % this.capacity;
  }

  /** Slot of the row `age` rows before the newest (0 = newest). */
  slotOfAge(age: number): number {
    return (this.head + this.count - 1 - age) % this.capacity;
  }

  /**
   * Row `slot` of column `name` as a view (shares the storage). The column's
   * views, one per slot, are made by the constructor (`rowViews`) or else by
   * the first call; after that, calls allocate nothing.
   */
  row<K extends keyof C>(name: K, slot: number): C[K] {
    let views = this.views[name];
    if (views === undefined) {
      const w = this.widths[name];
      const col = this.columns[name];
      views = Array.from({ length: this.capacity }, (_, s) => col.subarray(s * w, (s + 1) * w));
      this.views[name] = views;
    }
    return views[slot] as C[K];
  }

  /**
   * Copies element `index` (0..width − 1) of the last `max` rows of column
   * `name` into a new array of the column's type, oldest first. Allocates.
   */
  copyOut<K extends keyof C>(name: K, index = 0, max: number = this.count): C[K] {
    const n = Math.min(max, this.count);
    const out = new this.types[name](n) as C[K];
    const w = this.widths[name];
    const col = this.columns[name];
    const first = this.count - n;
    for (let k = 0; k < n; k++) out[k] = col[this.slotAt(first + k) * w + index]!;
    return out;
  }

  /** Forgets every row (the storage keeps its values). */
  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
