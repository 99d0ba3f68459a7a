/**
 * Lock-free ring occupancy for metrics. Pure; callable from any thread that attached a ring
 * (the sampler may attach its own read-only ring object to the same SAB).
 */
import { FrameRing } from './frame-ring.ts';
import type { RingCore } from './ring-core.ts';

/** One occupancy sample of a ring. */
export interface RingStats {
  /** Unit of `capacity` and `used`. */
  unit: 'slots' | 'bytes';
  /** Data region size in `unit`. */
  capacity: number;
  /** Units published and not yet released (includes wrap padding for frame rings). */
  used: number;
  /** Frames (or slots) published and not yet released. */
  frames: number;
  /** `used / capacity`, 0..1. */
  fill: number;
}

/**
 * Reads a ring's depth without locks and without allocating views.
 * Approximate while the producer or consumer is running: W and R are read one after the
 * other, so the result may be off by one batch; it is exact when both sides are idle.
 */
export function ringStats(ring: RingCore): RingStats {
  const used = ring.usedApprox();
  return {
    unit: ring instanceof FrameRing ? 'bytes' : 'slots',
    capacity: ring.capacity,
    used,
    frames: ring.framesApprox(),
    fill: used / ring.capacity,
  };
}
