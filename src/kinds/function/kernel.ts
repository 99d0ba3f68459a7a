/**
 * Function kernel: user JavaScript. `params.code` is a function body run as
 * `(msg, ctx) => …` in strict mode:
 * - `msg`: the message itself; the user may change `seq`, `key`, `bornAtUs`,
 *   `attempt`, `flags` and `payload` (a Uint8Array).
 * - `ctx`: `{ now, random, state }`: `now` in ms on the run clock,
 *   `random()` a seeded draw in [0, 1) from this instance's PRNG, `state` an
 *   object kept across calls for this instance.
 * - Return the message (or another object with those fields), an array of
 *   them (each emitted on port 0, in order), or null/undefined to drop it.
 *
 * Robustness: the call and all handling of its result run inside one try.
 * A throw (from the code, or from a getter on what it returned), a returned
 * Promise or thenable ("functions are synchronous: return the message"), a
 * value that is not an object, or an array of more than
 * MAX_OUTPUTS_PER_MESSAGE messages counts one error and drops the input:
 * an input either produces all of its outputs or none. The latest error
 * sentence is kept in `lastError`. Fields with the wrong type (a non-finite
 * number, a payload that is not a Uint8Array) fall back to the input
 * message's values. When the same input message is returned more than once
 * in an array, the repeats are shallow copies. An infinite loop is the
 * watchdog's business (see architecture.md, Safety).
 *
 * Time: the real time the user code takes (from `env.cpuClockUs`, thread
 * time even in a prediction) is recorded as its service time and as
 * occupied slot time (utilization); its emissions leave at now.
 *
 * Compilation: `new Function` runs when the kernel is *created*, never when
 * this module is imported or a plan is built. The engine creates kernels
 * only inside a worker, so user code is never compiled on the main thread;
 * keep it that way (do not call `createKernel` for a function node in the
 * UI). A syntax error throws `Error("function node <id>: <message>")` from
 * the factory, which the engine reports as a run error.
 *
 * Pure (no DOM); allocates what the user code allocates.
 */
import type { FunctionParams } from './params.ts';
import type { Rng } from '../../core/random.ts';
import {
  copyMsg,
  type Emitter,
  type Kernel,
  type KernelEnv,
  type Msg,
  MsgFlags,
} from '../../core/kernel.ts';

/** What user code sees as `ctx`. */
export interface FunctionContext {
  /** Current time on the run clock, ms. */
  now: number;
  /** A seeded draw in [0, 1). */
  random: () => number;
  /** Per-instance state, kept across calls. */
  state: Record<string, unknown>;
}

type UserFn = (msg: Msg, ctx: FunctionContext) => unknown;

/**
 * Compile a function body. Throws `Error("function node <id>: …")` on a
 * syntax error.
 */
export function compileFunction(nodeId: string, code: string): UserFn {
  try {
    return new Function('msg', 'ctx', `'use strict';\n${code}`) as UserFn;
  } catch (e) {
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new Error(`function node ${nodeId}: ${detail}`, { cause: e });
  }
}

/** Most messages one input may turn into (a larger array is an error, not a flood). */
export const MAX_OUTPUTS_PER_MESSAGE = 1024;

/** A result the kernel refuses, with the sentence that says why. */
class UserCodeError extends Error {}

/** "TypeError: x is undefined", or what was thrown when it is not an Error. */
function describeThrow(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return `threw ${String(e)}`;
  } catch {
    return 'threw a value that cannot be shown';
  }
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

class FunctionKernel implements Kernel {
  private readonly fn: UserFn;
  private readonly ctx: FunctionContext;
  private readonly clockUs: (() => number) | undefined;
  // The input message's fields before the user code ran.
  private seq = 0;
  private bornAtUs = 0;
  private queuedAtUs = 0;
  private key = 0;
  private attempt = 0;
  private flags = 0;
  private payload: Uint8Array = new Uint8Array(0);
  private items: Msg[] | undefined = undefined;

  constructor(nodeId: string, params: FunctionParams, env: KernelEnv) {
    this.fn = compileFunction(nodeId, params.code);
    const rng: Rng = env.rng;
    this.ctx = { now: 0, random: () => rng.next(), state: {} };
    this.clockUs = env.cpuClockUs;
  }

  ready(): boolean {
    return true;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    this.seq = msg.seq;
    this.bornAtUs = msg.bornAtUs;
    this.queuedAtUs = msg.queuedAtUs;
    this.key = msg.key;
    this.attempt = msg.attempt;
    this.flags = msg.flags;
    this.payload = msg.payload;
    this.items = msg.items;
    this.ctx.now = nowUs / 1000;
    // Everything the user's code and its result can do (throw, getters that
    // throw, a Promise) happens inside the try: an input message either
    // produces all of its outputs or counts one error, never half of them.
    let outputs: Msg[];
    const clock = this.clockUs;
    const t0 = clock === undefined ? 0 : clock();
    try {
      outputs = this.collect(this.fn(msg, this.ctx), msg);
    } catch (e) {
      this.lastError = e instanceof UserCodeError ? e.message : describeThrow(e);
      out.count('errors');
      return;
    } finally {
      if (clock !== undefined) {
        const us = clock() - t0;
        out.service(us > 0 ? us : 0);
        out.occupy(us);
      }
    }
    for (let i = 0; i < outputs.length; i++) out.emit(0, outputs[i]!);
  }

  /** The most recent error of this instance's code, as a sentence (for reports). */
  lastError: string | undefined = undefined;

  /** The messages a result stands for. @throws UserCodeError for a result that is not one. */
  private collect(result: unknown, msg: Msg): Msg[] {
    if (result === null || result === undefined) return [];
    if (!Array.isArray(result)) return [this.toMsg(result, msg, false)];
    if (result.length > MAX_OUTPUTS_PER_MESSAGE)
      throw new UserCodeError(
        `returned ${result.length} messages for one input; at most ${MAX_OUTPUTS_PER_MESSAGE}`,
      );
    const outputs: Msg[] = [];
    let inputUsed = false;
    for (let i = 0; i < result.length; i++) {
      const item: unknown = result[i];
      if (item === null || item === undefined) continue;
      outputs.push(this.toMsg(item, msg, inputUsed));
      if (item === msg) inputUsed = true;
    }
    return outputs;
  }

  /** One returned value as a message (the input itself, or a new one built from it). */
  private toMsg(value: unknown, msg: Msg, inputUsed: boolean): Msg {
    if (value === msg) {
      this.sanitize(msg);
      return inputUsed ? copyMsg(msg) : msg;
    }
    if (typeof value !== 'object' && typeof value !== 'function')
      throw new UserCodeError(
        `returned ${typeof value === 'string' ? 'a string' : `a ${typeof value}`}; return the message, an array of messages, or null`,
      );
    if (typeof (value as { then?: unknown }).then === 'function')
      throw new UserCodeError('functions are synchronous: return the message');
    return this.fromObject(value as object);
  }

  /** Restore fields of the input message that user code set to bad values. */
  private sanitize(msg: Msg): void {
    if (!isFiniteNumber(msg.seq)) msg.seq = this.seq;
    if (!isFiniteNumber(msg.bornAtUs)) msg.bornAtUs = this.bornAtUs;
    if (!isFiniteNumber(msg.key)) msg.key = this.key;
    if (!isFiniteNumber(msg.attempt)) msg.attempt = this.attempt;
    if (!isFiniteNumber(msg.flags)) msg.flags = this.flags;
    msg.queuedAtUs = this.queuedAtUs; // engine-owned
    if (!(msg.payload instanceof Uint8Array)) msg.payload = this.payload;
    if ((msg.flags & MsgFlags.batch) !== 0 && !Array.isArray(msg.items)) {
      msg.flags &= ~MsgFlags.batch;
    }
  }

  /** A user-built object as a new message, gaps filled from the input. */
  private fromObject(value: object): Msg {
    const v = value as Partial<Record<keyof Msg, unknown>>;
    const m: Msg = {
      seq: isFiniteNumber(v.seq) ? v.seq : this.seq,
      bornAtUs: isFiniteNumber(v.bornAtUs) ? v.bornAtUs : this.bornAtUs,
      queuedAtUs: this.queuedAtUs,
      key: isFiniteNumber(v.key) ? v.key : this.key,
      attempt: isFiniteNumber(v.attempt) ? v.attempt : this.attempt,
      flags: isFiniteNumber(v.flags) ? v.flags : this.flags,
      payload: v.payload instanceof Uint8Array ? v.payload : this.payload,
    };
    const items = Array.isArray(v.items) ? (v.items as Msg[]) : this.items;
    if ((m.flags & MsgFlags.batch) !== 0) {
      if (items !== undefined) m.items = items;
      else m.flags &= ~MsgFlags.batch;
    }
    return m;
  }

  tick(): number {
    return Infinity;
  }
}

/** A function kernel; compiles `params.code` now (see the file header). */
export function createFunctionKernel(
  nodeId: string,
  params: FunctionParams,
  env: KernelEnv,
): Kernel {
  return new FunctionKernel(nodeId, params, env);
}
