/** Shared by the two-thread ring tests and their worker peer: deterministic data. */
import type { ReceiverEndpoint, SenderEndpoint } from '../transport/transport.ts';

/** xorshift32; returns a function yielding uint32 values. Seed must be non-zero. */
export function xorshift32(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

/** Byte j of frame `seq`: order or corruption errors change the bytes. */
export function frameByte(seq: number, j: number): number {
  return (seq * 131 + j * 7 + (j >>> 8)) & 255;
}

/** Order-sensitive checksum step (FNV-1a style over 32-bit words). */
export function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 16777619) >>> 0;
}

export const FNV_START = 2166136261;

export type WaitMode = 'spin' | 'wait';

/**
 * 'spin' polls for a long time before sleeping (pure spinning starves the other thread when
 * the 2-core machine is shared and both threads land on one core); 'wait' sleeps at once.
 */
export function waitOpts(mode: WaitMode, timeoutMs = 20_000) {
  return { spinIterations: mode === 'spin' ? 20_000 : 0, timeoutMs };
}

export type PeerJob =
  | { role: 'slot-producer'; sab: SharedArrayBuffer; n: number; mode: WaitMode; seed: number }
  | {
      role: 'frame-producer';
      sab: SharedArrayBuffer;
      n: number;
      maxLen: number;
      mode: WaitMode;
      seed: number;
    }
  | {
      role: 'ping-pong';
      sabOut: SharedArrayBuffer;
      sabIn: SharedArrayBuffer;
      rounds: number;
      batch: number;
      publishBeforeWait: boolean;
      timeoutMs: number;
    }
  | {
      role: 'doorbell-producer';
      sabs: SharedArrayBuffer[];
      doorbell: Int32Array;
      n: number;
      seed: number;
    }
  | { role: 'transport-echo'; inbound: ReceiverEndpoint; outbound: SenderEndpoint; n: number };

export interface PeerResult {
  ok: boolean;
  checksum?: number;
  count?: number;
  error?: string;
}
