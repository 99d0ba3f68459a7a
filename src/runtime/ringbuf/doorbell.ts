/**
 * One Int32 "doorbell" word a consumer worker sleeps on for all its inputs, and
 * `sleepOnDoorbell`: the one implementation of the sleep protocol, used by the
 * engine's SAB driver (its inputs: the scheduler's input channels) and by
 * anything that waits on several rings directly (the two-thread tests).
 *
 * Protocol: the consumer reads the doorbell word, then arms every input (sets
 * the ring's consumer-sleeping flag, after releasing what it consumed) and
 * re-checks it for data, then `Atomics.wait`s on the word with the value it
 * read *before* arming. A producer that publishes into a ring whose flag is set
 * clears the flag, adds 1 to the word and notifies it (see `RingCore.publish`;
 * give the producer's ring object `{ doorbell }` when attaching). The flag
 * store and the write-counter store are both sequentially consistent, so
 * either the producer sees the flag (and rings: the wait returns at once or
 * wakes) or the consumer sees the data (and does not wait): no wake-up is lost.
 * Anyone else may ring the word to wake the consumer (the host does on Stop).
 *
 * Pure: no DOM, no Node imports. `sleepOnDoorbell` blocks the calling thread
 * (workers only, never a window's main thread) and does not allocate.
 */
import type { Doorbell } from './ring-core.ts';

/**
 * An input a consumer arms before sleeping on its doorbell: a ring (`RingCore`),
 * a channel end over one, or a set of them (the scheduler arms all its input
 * channels in one call).
 */
export interface DoorbellInput {
  /**
   * Consumer side: releases what was consumed, then marks the input as
   * sleeping so its producer rings the doorbell on the next publish.
   * @returns true if data is already readable (then the caller must not sleep).
   */
  armSleep(): boolean;
  /** Consumer side: clears the sleeping mark set by `armSleep`. */
  disarmSleep(): void;
}

/** Allocates a doorbell word in its own SAB (send `word.buffer` to the producer threads). */
export function createDoorbell(): Doorbell {
  return { word: new Int32Array(new SharedArrayBuffer(128)), index: 0 };
}

/**
 * Consumer, workers only (`Atomics.wait`): sleeps until a producer of one of
 * `inputs` publishes, someone else rings the doorbell, or `timeoutMs` passes;
 * returns at once if an input is already readable. Every input is armed before
 * and disarmed after (arming releases consumed data: views from earlier reads
 * become invalid).
 *
 * The caller must publish its own outputs before calling, or two workers
 * waiting on each other can deadlock (each holding the other's input).
 * What differs between callers is theirs to decide: which inputs to arm and
 * how long to sleep at most.
 *
 * @param timeoutMs longest sleep in milliseconds (fractions allowed; Infinity waits for a ring).
 * @returns false if the wait timed out (nothing was readable and the doorbell
 *   did not ring), true otherwise. True does not promise data: the host may
 *   have rung, or another worker may have rung for an input the caller has
 *   already read.
 */
export function sleepOnDoorbell(
  doorbell: Doorbell,
  inputs: readonly DoorbellInput[],
  timeoutMs: number,
): boolean {
  const { word, index } = doorbell;
  const seen = Atomics.load(word, index);
  let ready = false;
  for (let i = 0; i < inputs.length; i++) if (inputs[i]!.armSleep()) ready = true;
  const woken = ready || Atomics.wait(word, index, seen, timeoutMs) !== 'timed-out';
  for (let i = 0; i < inputs.length; i++) inputs[i]!.disarmSleep();
  return woken;
}
