/**
 * Wire format of a message inside a ring frame (all little-endian, 8-aligned):
 *
 * ```
 *  0 f64 bornAtUs      scheduled arrival time at the source (µs, shared clock)
 *  8 f64 seq
 * 16 f64 queuedAtUs    when the producer meant to emit it into this channel
 * 24 i32 key
 * 28 i32 attempt
 * 32 i32 flags        MsgFlags
 * 36 i32 length       payload bytes, or member count for a batch
 * 40 …   payload (padded to 8) | members, each encoded the same way
 * ```
 *
 * Pure: no DOM, no Node imports. `encode`/`decode` allocate only the decoded
 * Msg and its payload copy.
 */
import { type Msg, MsgFlags } from '../core/kernel.ts';

export const MSG_HEADER_BYTES = 40;
const EMPTY = new Uint8Array(0);

const pad8 = (n: number) => (n + 7) & ~7;

/** Bytes `msg` takes on the wire (header + padded payload, members included). */
export function encodedLength(msg: Msg): number {
  if ((msg.flags & MsgFlags.batch) !== 0 && msg.items !== undefined) {
    let n = MSG_HEADER_BYTES;
    for (const item of msg.items) n += encodedLength(item);
    return n;
  }
  return MSG_HEADER_BYTES + pad8(msg.payload.length);
}

/** Typed views over one data region; offsets are byte offsets (multiples of 8). */
export interface WireViews {
  bytes: Uint8Array;
  f64: Float64Array;
  i32: Int32Array;
}

export function wireViews(bytes: Uint8Array): WireViews {
  if (bytes.byteOffset % 8 !== 0) throw new RangeError('wire region must be 8-aligned');
  return {
    bytes,
    f64: new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 3),
    i32: new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2),
  };
}

/** Writes `msg` at byte offset `off`. @returns the offset after it. */
export function encode(v: WireViews, off: number, msg: Msg): number {
  const f = off >> 3;
  const i = off >> 2;
  v.f64[f] = msg.bornAtUs;
  v.f64[f + 1] = msg.seq;
  v.f64[f + 2] = msg.queuedAtUs;
  v.i32[i + 6] = msg.key;
  v.i32[i + 7] = msg.attempt;
  if ((msg.flags & MsgFlags.batch) !== 0 && msg.items !== undefined) {
    const items = msg.items;
    v.i32[i + 8] = msg.flags;
    v.i32[i + 9] = items.length;
    let at = off + MSG_HEADER_BYTES;
    for (let k = 0; k < items.length; k++) at = encode(v, at, items[k]!);
    return at;
  }
  const len = msg.payload.length;
  v.i32[i + 8] = msg.flags & ~MsgFlags.batch;
  v.i32[i + 9] = len;
  if (len > 0) v.bytes.set(msg.payload, off + MSG_HEADER_BYTES);
  return off + MSG_HEADER_BYTES + pad8(len);
}

/**
 * Payload copies are carved out of 1 MiB slabs instead of one ArrayBuffer
 * each: a small ArrayBuffer costs far more to allocate (and to collect) than
 * a view. A slab is freed by the GC once no message refers to it.
 */
const SLAB_BYTES = 1 << 20;
let slab = new Uint8Array(SLAB_BYTES);
let slab32 = new Int32Array(slab.buffer);
let slabAt = 0;

/** Copies `length` bytes at 8-aligned `start` of the wire region (whole words: both sides are padded). */
function copyPayload(v: WireViews, start: number, length: number): Uint8Array {
  if (length > SLAB_BYTES >> 4) return v.bytes.slice(start, start + length);
  const padded = (length + 7) & ~7;
  if (slabAt + padded > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    slab32 = new Int32Array(slab.buffer);
    slabAt = 0;
  }
  const at = slabAt;
  // Word copy with no temporary views. Int32 lanes, not Float64: a float load/store
  // may canonicalise NaN bit patterns, which would corrupt arbitrary payload bytes.
  const src = v.i32;
  const dst = slab32;
  for (let i = start >> 2, j = at >> 2, end = (start + padded) >> 2; i < end; i++, j++)
    dst[j] = src[i]!;
  slabAt = at + padded;
  return slab.subarray(at, at + length);
}

/** Byte offset just after the message last returned by `decode` (avoids a result object). */
export let decodeEnd = 0;

/** Reads the message at byte offset `off` into a new Msg (payload copied); sets `decodeEnd`. */
export function decode(v: WireViews, off: number): Msg {
  const f = off >> 3;
  const i = off >> 2;
  const flags = v.i32[i + 8]!;
  const length = v.i32[i + 9]!;
  // Same field order as every kernel's Msg literal: one hidden class, monomorphic access.
  const msg: Msg = {
    seq: v.f64[f + 1]!,
    bornAtUs: v.f64[f]!,
    queuedAtUs: v.f64[f + 2]!,
    key: v.i32[i + 6]!,
    attempt: v.i32[i + 7]!,
    flags,
    payload: EMPTY,
  };
  if ((flags & MsgFlags.batch) !== 0) {
    const items: Msg[] = new Array<Msg>(length);
    let at = off + MSG_HEADER_BYTES;
    for (let k = 0; k < length; k++) {
      items[k] = decode(v, at);
      at = decodeEnd;
    }
    msg.items = items;
    decodeEnd = at;
    return msg;
  }
  const start = off + MSG_HEADER_BYTES;
  if (length > 0) msg.payload = copyPayload(v, start, length);
  decodeEnd = start + pad8(length);
  return msg;
}
