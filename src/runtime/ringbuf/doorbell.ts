/**
 * One Int32 "doorbell" word a consumer worker sleeps on for all its input rings.
 *
 * Pure. Protocol: the consumer arms the sleeping flag of every input ring, re-checks them, then
 * `Atomics.wait`s on the doorbell word with the value it read *before* arming. A producer that
 * publishes into a ring whose flag is set adds 1 to the word and notifies it (see
 * `RingCore.publish`; give the producer's ring object `{ doorbell }` when attaching). Because
 * the flag store and the W store are both sequentially consistent, either the producer sees
 * the flag or the consumer sees the data, so no wake-up is lost.
 */
import { type Doorbell, keepAlive, type RingCore } from './ring-core.ts';

/** Allocates a doorbell word in its own SAB (send `word.buffer` to the producer threads). */
export function createDoorbell(): Doorbell {
  return { word: new Int32Array(new SharedArrayBuffer(128)), index: 0 };
}

/**
 * Consumer, workers only (`Atomics.wait`): sleeps until one of `rings` is readable or
 * `timeoutMs` passes. Releases consumed data of every ring first (views become invalid).
 * The caller must also publish its own output rings before calling, or two workers waiting
 * on each other can deadlock.
 * @returns true if some ring is readable on return.
 */
export function sleepOnDoorbell(
  doorbell: Doorbell,
  rings: readonly RingCore[],
  timeoutMs: number,
): boolean {
  const seen = Atomics.load(doorbell.word, doorbell.index);
  let ready = false;
  for (const ring of rings) if (ring.armSleep()) ready = true;
  if (!ready) Atomics.wait(doorbell.word, doorbell.index, seen, timeoutMs);
  for (const ring of rings) ring.disarmSleep();
  return ready || rings.some((ring) => ring.readable());
}

/** Window-safe variant of `sleepOnDoorbell` using `Atomics.waitAsync` or polling. */
export async function sleepOnDoorbellAsync(
  doorbell: Doorbell,
  rings: readonly RingCore[],
  timeoutMs: number,
): Promise<boolean> {
  const seen = Atomics.load(doorbell.word, doorbell.index);
  let ready = false;
  for (const ring of rings) if (ring.armSleep()) ready = true;
  if (!ready) {
    if (typeof Atomics.waitAsync === 'function') {
      const res = Atomics.waitAsync(doorbell.word, doorbell.index, seen, timeoutMs);
      if (res.async) await keepAlive(res.value, timeoutMs);
    } else {
      await new Promise<void>((resolve) => setTimeout(resolve, Math.min(1, timeoutMs)));
    }
  }
  for (const ring of rings) ring.disarmSleep();
  return ready || rings.some((ring) => ring.readable());
}
