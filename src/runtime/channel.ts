/**
 * The scheduler's view of a channel: one end of an SPSC edge between two node
 * instances, whatever the transport underneath (SAB ring or postMessage).
 *
 * Capacity is counted in messages with two free-running Int32 counters in the
 * metrics block (`pushed` written by the producer, `popped` by the consumer),
 * so depth = pushed − popped is exact for metrics and back pressure alike,
 * whatever the frame sizes.
 *
 * Pure: no DOM, no React, no store, no Node imports.
 */
import type { Msg } from '../core/kernel.ts';
import type { DoorbellInput } from './ringbuf/doorbell.ts';

export interface OutChannel {
  /**
   * Stages one message. Does not publish (see `flush`).
   * @returns false when the channel is full (back pressure) and the message was not taken.
   */
  write(msg: Msg, nowUs: number): boolean;
  /**
   * Publishes every staged message with one atomic store; wakes the consumer if it sleeps.
   * @returns true while accepted messages still wait in the producer for
   *   transport room (call again soon: nothing rings when the consumer frees it).
   */
  flush(): boolean;
  /**
   * Messages in the queue: accepted and not yet released by the consumer
   * (approximate while the consumer reads).
   */
  depth(): number;
  readonly overflow: 'block' | 'dropNewest' | 'dropOldest';
}

/** The consumer end. `armSleep`/`disarmSleep` are what `sleepOnDoorbell` arms before a worker sleeps. */
export interface InChannel extends DoorbellInput {
  /**
   * Takes the next message, decoded into a `Msg` the caller owns (its payload
   * is a copy), or undefined when empty.
   */
  read(): Msg | undefined;
  /** Gives consumed space back to the producer (one atomic store for the batch). */
  release(): void;
  /**
   * Releases what was read, then marks this consumer as sleeping so the
   * producer rings the worker's doorbell on its next publish (a no-op mark
   * for channels whose data arrives by event or in-thread).
   * @returns true if a message is already readable.
   */
  armSleep(): boolean;
  /** Clears the mark set by `armSleep`. */
  disarmSleep(): void;
}
