import { describe, expect, it } from 'vitest';

import { Rng } from '../../core/random.ts';
import { RecordingEmitter, testMsg } from '../fake-emitter.ts';
import { createFunctionKernel, MAX_OUTPUTS_PER_MESSAGE } from './kernel.ts';
import type { KernelEnv } from '../../core/kernel.ts';

const env = (seed = 1): KernelEnv => ({ rng: new Rng(seed), instance: 0, instances: 1 });
const fn = (code: string) => createFunctionKernel('f1', { code }, env());

describe('function kernel', () => {
  it('emits the message the code returns, with its changes', () => {
    const k = fn('msg.key = msg.key * 2; return msg;');
    const out = new RecordingEmitter();
    const m = testMsg({ key: 21 });
    k.receive(m, 0, 0, out);
    expect(out.emits.map((e) => [e.port, e.msg.key])).toEqual([[0, 42]]);
    expect(out.emits[0]?.msg).toBe(m);
  });

  it('drops the message when the code returns null or nothing', () => {
    const out = new RecordingEmitter();
    fn('return null;').receive(testMsg(), 0, 0, out);
    fn('').receive(testMsg(), 0, 0, out);
    expect(out.emits).toEqual([]);
    expect(out.counter('errors')).toBe(0);
  });

  it('emits every element of a returned array, copying repeats of the input', () => {
    const k = fn('return [msg, { key: 5 }, msg];');
    const out = new RecordingEmitter();
    const m = testMsg({ key: 1, seq: 3, bornAtUs: 77 });
    k.receive(m, 0, 0, out);
    expect(out.emits.map((e) => e.msg.key)).toEqual([1, 5, 1]);
    expect(out.emits[1]?.msg.seq).toBe(3);
    expect(out.emits[1]?.msg.bornAtUs).toBe(77);
    expect(out.emits[0]?.msg).toBe(m);
    expect(out.emits[2]?.msg).not.toBe(m);
  });

  it('counts a throw as an error and drops the message', () => {
    const k = fn('throw new Error("boom");');
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    expect(out.emits).toEqual([]);
    expect(out.counter('errors')).toBe(1);
  });

  it('restores fields the code set to invalid values', () => {
    const k = fn('msg.key = "abc"; msg.payload = 3; msg.bornAtUs = NaN; return msg;');
    const out = new RecordingEmitter();
    const payload = new Uint8Array(4);
    k.receive(testMsg({ key: 9, payload, bornAtUs: 10 }), 0, 0, out);
    const m = out.emits[0]?.msg;
    expect([m?.key, m?.payload, m?.bornAtUs]).toEqual([9, payload, 10]);
  });

  it('counts a non-object return value as an error', () => {
    const k = fn('return 42;');
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    expect(out.emits).toEqual([]);
    expect(out.counter('errors')).toBe(1);
  });

  it('gives ctx.now in ms, a seeded ctx.random and a ctx.state kept across calls', () => {
    const k = fn(
      'ctx.state.n = (ctx.state.n || 0) + 1; msg.key = ctx.state.n; msg.seq = ctx.now; msg.attempt = ctx.random(); return msg;',
    );
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 1500, out);
    k.receive(testMsg(), 0, 2500, out);
    expect(out.emits.map((e) => [e.msg.key, e.msg.seq])).toEqual([
      [1, 1.5],
      [2, 2.5],
    ]);
    const r = new Rng(1);
    expect(out.emits[0]?.msg.attempt).toBe(r.next());
  });

  it('counts a returned Promise or thenable as an error with a sentence, never as a message', () => {
    for (const code of [
      'return Promise.resolve(msg);',
      'return { then() {} };',
      'return [msg, Promise.resolve(1)];',
    ]) {
      const k = createFunctionKernel('f1', { code }, env());
      const out = new RecordingEmitter();
      k.receive(testMsg(), 0, 0, out);
      expect(out.emits).toEqual([]);
      expect(out.counter('errors')).toBe(1);
      expect((k as unknown as { lastError: string }).lastError).toBe(
        'functions are synchronous: return the message',
      );
    }
  });

  it('counts a result whose getters throw as one error, emitting none of the outputs', () => {
    const k = fn("return [msg, { get key() { throw new RangeError('nope'); } }];");
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    expect(out.emits).toEqual([]);
    expect(out.counter('errors')).toBe(1);
    expect((k as unknown as { lastError: string }).lastError).toBe('RangeError: nope');
  });

  it('refuses to turn one input into more than MAX_OUTPUTS_PER_MESSAGE messages', () => {
    const k = fn(`return Array.from({ length: ${MAX_OUTPUTS_PER_MESSAGE + 1} }, () => ({}));`);
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    expect(out.emits).toEqual([]);
    expect(out.counter('errors')).toBe(1);
    const ok = fn(`return Array.from({ length: ${MAX_OUTPUTS_PER_MESSAGE} }, () => ({}));`);
    ok.receive(testMsg(), 0, 0, out);
    expect(out.emits).toHaveLength(MAX_OUTPUTS_PER_MESSAGE);
  });

  it('throws "function node <id>: …" at creation on a syntax error', () => {
    expect(() => fn('return msg +;')).toThrow(/^function node f1: SyntaxError/);
  });

  it('runs in strict mode (assigning an undeclared variable throws)', () => {
    const k = fn('leak = 1; return msg;');
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 0, out);
    expect(out.counter('errors')).toBe(1);
  });
});
