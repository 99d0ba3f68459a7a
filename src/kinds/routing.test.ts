import { describe, expect, it } from 'vitest';

import { batchParamsSchema } from './batch/params.ts';
import { splitParamsSchema } from './split/params.ts';
import { Rng } from '../core/random.ts';
import { createBatchKernel } from './batch/kernel.ts';
import { RecordingEmitter, testMsg } from './fake-emitter.ts';
import { createMergeKernel } from './merge/kernel.ts';
import { createSinkKernel } from './sink/kernel.ts';
import { createSplitKernel } from './split/kernel.ts';
import { type KernelEnv, MsgFlags } from '../core/kernel.ts';
import { createUnbatchKernel } from './unbatch/kernel.ts';

const env = (seed = 1, outputLoad?: (port: number) => number): KernelEnv => ({
  rng: new Rng(seed),
  instance: 0,
  instances: 1,
  ...(outputLoad ? { outputLoad } : {}),
});
const split = (p: Record<string, unknown>, e = env()) =>
  createSplitKernel(splitParamsSchema.parse(p), e);

describe('batch kernel', () => {
  it('emits a batch when size members are in, with the oldest member birth time', () => {
    const k = createBatchKernel(batchParamsSchema.parse({ size: 3, timeoutMs: 50 }));
    const out = new RecordingEmitter();
    k.receive(testMsg({ seq: 1, bornAtUs: 500, key: 7 }), 0, 1000, out);
    k.receive(testMsg({ seq: 2, bornAtUs: 300 }), 0, 1100, out);
    expect(out.emits).toEqual([]);
    k.receive(testMsg({ seq: 3, bornAtUs: 900 }), 0, 1200, out);
    expect(out.emits.length).toBe(1);
    const b = out.emits[0]?.msg;
    expect(b?.flags).toBe(MsgFlags.batch);
    expect(b?.items?.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(b?.bornAtUs).toBe(300);
    expect(b?.key).toBe(7);
    expect(b?.payload.byteLength).toBe(0);
    expect(k.tick(1200, out)).toBe(Infinity);
  });

  it('emits a partial batch timeoutMs after its first member', () => {
    const k = createBatchKernel(batchParamsSchema.parse({ size: 100, timeoutMs: 10 }));
    const out = new RecordingEmitter();
    k.receive(testMsg({ seq: 1 }), 0, 1000, out);
    k.receive(testMsg({ seq: 2 }), 0, 5000, out);
    expect(k.tick(5000, out)).toBe(11_000);
    expect(out.emits).toEqual([]);
    expect(k.tick(11_000, out)).toBe(Infinity);
    expect(out.emits[0]?.msg.items?.length).toBe(2);
    // The next batch starts its own clock.
    k.receive(testMsg({ seq: 3 }), 0, 20_000, out);
    expect(k.tick(20_000, out)).toBe(30_000);
  });

  it('closes a batch at the next tick when timeoutMs is 0', () => {
    const k = createBatchKernel(batchParamsSchema.parse({ size: 100, timeoutMs: 0 }));
    const out = new RecordingEmitter();
    k.receive(testMsg(), 0, 1000, out);
    k.receive(testMsg(), 0, 1000, out);
    k.tick(1000, out);
    expect(out.emits[0]?.msg.items?.length).toBe(2);
  });
});

describe('unbatch kernel', () => {
  it('emits each member of a batch in order', () => {
    const k = createUnbatchKernel();
    const out = new RecordingEmitter();
    const items = [testMsg({ seq: 1 }), testMsg({ seq: 2 })];
    k.receive(testMsg({ flags: MsgFlags.batch, items }), 0, 0, out);
    expect(out.emits.map((e) => [e.port, e.msg.seq])).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });

  it('passes a non-batch message through unchanged', () => {
    const k = createUnbatchKernel();
    const out = new RecordingEmitter();
    const m = testMsg({ seq: 9 });
    k.receive(m, 0, 0, out);
    expect(out.emits[0]?.msg).toBe(m);
  });
});

describe('merge kernel', () => {
  it('passes messages from every input to port 0', () => {
    const k = createMergeKernel();
    const out = new RecordingEmitter();
    k.receive(testMsg({ seq: 1 }), 0, 0, out);
    k.receive(testMsg({ seq: 2 }), 3, 0, out);
    expect(out.emits.map((e) => [e.port, e.msg.seq])).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });
});

describe('sink kernel', () => {
  it('records now − bornAtUs per message', () => {
    const k = createSinkKernel();
    const out = new RecordingEmitter();
    k.receive(testMsg({ bornAtUs: 1000 }), 0, 3500, out);
    expect(out.latencies).toEqual([2500]);
    expect(out.emits).toEqual([]);
  });

  it('records one latency per batch member, not per batch', () => {
    const k = createSinkKernel();
    const out = new RecordingEmitter();
    const items = [testMsg({ bornAtUs: 100 }), testMsg({ bornAtUs: 400 })];
    k.receive(testMsg({ flags: MsgFlags.batch, items, bornAtUs: 100 }), 0, 1000, out);
    expect(out.latencies).toEqual([900, 600]);
  });

  it('records 0 rather than a negative latency under clock skew', () => {
    const k = createSinkKernel();
    const out = new RecordingEmitter();
    k.receive(testMsg({ bornAtUs: 2000 }), 0, 1000, out);
    expect(out.latencies).toEqual([0]);
  });
});

describe('split kernel', () => {
  const send = (k: ReturnType<typeof split>, n: number, key = (i: number) => i) => {
    const out = new RecordingEmitter();
    for (let i = 0; i < n; i++) k.receive(testMsg({ seq: i, key: key(i) }), 0, 0, out);
    return out;
  };
  const counts = (out: RecordingEmitter, ports: number) => {
    const c = new Array<number>(ports).fill(0);
    for (const e of out.emits) c[e.port] = (c[e.port] ?? 0) + 1;
    return c;
  };

  it('cycles through outputs round-robin', () => {
    const out = send(split({ policy: 'roundRobin', outputs: 3 }), 7);
    expect(out.emits.map((e) => e.port)).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('picks the least loaded output and breaks ties round-robin', () => {
    const loads = [0.5, 0.1, 0.1];
    const k = split(
      { policy: 'leastLoaded', outputs: 3 },
      env(1, (p) => loads[p] ?? 1),
    );
    const out = send(k, 4);
    expect(out.emits.map((e) => e.port)).toEqual([1, 2, 1, 2]);
  });

  it('falls back to round-robin for leastLoaded without load information', () => {
    const out = send(split({ policy: 'leastLoaded', outputs: 2 }), 4);
    expect(out.emits.map((e) => e.port)).toEqual([0, 1, 0, 1]);
  });

  it('spreads random routing evenly (within 3 % over 60k)', () => {
    const out = send(split({ policy: 'random', outputs: 3 }, env(7)), 60_000);
    for (const c of counts(out, 3)) expect(Math.abs(c - 20_000) / 20_000).toBeLessThan(0.03);
  });

  it('routes in proportion to weights (within 3 % over 100k)', () => {
    const out = send(
      split({ policy: 'weighted', outputs: 3, weights: [1, 0, 3] }, env(8)),
      100_000,
    );
    const c = counts(out, 3);
    expect(c[1]).toBe(0);
    expect(Math.abs((c[0] ?? 0) - 25_000) / 25_000).toBeLessThan(0.03);
    expect(Math.abs((c[2] ?? 0) - 75_000) / 75_000).toBeLessThan(0.03);
  });

  it('sends a key always to the same output and spreads keys evenly (within 5 % over 40k keys)', () => {
    const k = split({ policy: 'keyHash', outputs: 4 });
    const a = send(k, 40_000);
    const b = send(k, 40_000);
    expect(a.emits.map((e) => e.port)).toEqual(b.emits.map((e) => e.port));
    for (const c of counts(a, 4)) expect(Math.abs(c - 10_000) / 10_000).toBeLessThan(0.05);
  });

  it('broadcasts a copy to every output, sharing the payload', () => {
    const out = send(split({ policy: 'broadcast', outputs: 3 }), 1);
    expect(out.emits.map((e) => e.port).sort()).toEqual([0, 1, 2]);
    const msgs = out.emits.map((e) => e.msg);
    expect(new Set(msgs).size).toBe(3);
    expect(new Set(msgs.map((m) => m.payload)).size).toBe(1);
  });

  it('refuses a live change of the output count but accepts a policy change', () => {
    const k = split({ policy: 'roundRobin', outputs: 2 });
    expect(k.setParams?.({ outputs: 3 })).toBe(false);
    expect(k.setParams?.({ policy: 'broadcast' })).toBe(true);
    expect(send(k, 1).emits.length).toBe(2);
  });
});
