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
 * Robustness: a throw counts in `errors` and drops the message; it never
 * crashes the worker. Fields with the wrong type (a non-finite number, a
 * payload that is not a Uint8Array) fall back to the input message's values;
 * a returned value that is not an object (a number, a string) counts as an
 * error and is skipped. When the same input message is returned more than
 * once in an array, the repeats are shallow copies. An infinite loop is the
 * watchdog's business (see architecture.md, Safety).
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

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

class FunctionKernel implements Kernel {
  private readonly fn: UserFn;
  private readonly ctx: FunctionContext;
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
    let result: unknown;
    try {
      result = this.fn(msg, this.ctx);
    } catch {
      out.count('errors');
      return;
    }
    if (result === null || result === undefined) return;
    if (Array.isArray(result)) {
      let inputUsed = false;
      for (let i = 0; i < result.length; i++) {
        const item: unknown = result[i];
        if (item === msg) {
          this.sanitize(msg);
          out.emit(0, inputUsed ? copyMsg(msg) : msg);
          inputUsed = true;
        } else if (item === null || item === undefined) {
          continue;
        } else this.emitOther(item, out);
      }
      return;
    }
    if (result === msg) {
      this.sanitize(msg);
      out.emit(0, msg);
    } else this.emitOther(result, out);
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

  /** Emit a user-built object as a new message, filling gaps from the input. */
  private emitOther(value: unknown, out: Emitter): void {
    if (typeof value !== 'object' || value === null) {
      out.count('errors');
      return;
    }
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
    out.emit(0, m);
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
