import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { parseGraph } from '../graph/validate.ts';
import type { RunReport } from '../metrics/report.ts';
import { type PredictReply, type PredictWorker, predictInWorker } from './prediction.ts';

const graph = (() => {
  const r = parseGraph({
    format: 'flowbench/graph',
    version: 1,
    nodes: [
      { id: 'src', kind: 'source' },
      { id: 'p', kind: 'process', label: 'Parse' },
      { id: 'out', kind: 'sink' },
    ],
    edges: [
      { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'p', port: 'in' } },
      { id: 'e2', from: { node: 'p', port: 'out' }, to: { node: 'out', port: 'in' } },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.graph;
})();

/** A worker the test speaks for: `say` delivers a message as if posted by it. */
function fakeWorker() {
  let listener: ((m: PredictReply) => void) | undefined;
  const w = {
    terminated: false,
    worker: {
      post: () => undefined,
      onMessage: (fn) => void (listener = fn),
      onFailure: () => undefined,
      terminate: () => void (w.terminated = true),
    } satisfies PredictWorker,
    say: (m: PredictReply) => listener?.(m),
  };
  return w;
}

/** The host thread is blocked for `ms`: the clock moves, no timer runs. */
const block = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe('predictInWorker', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('stops a worker that stops beating, naming the nodes that may loop', async () => {
    const w = fakeWorker();
    const outcome = predictInWorker(graph, {}, () => w.worker);
    w.say({ type: 'beat' });
    await vi.advanceTimersByTimeAsync(2200);
    expect(await outcome).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^the prediction stopped responding \(no progress for 2\.\d s\) and was stopped; a node may loop forever: "Parse" \(process\)$/,
      ),
    });
    expect(w.terminated).toBe(true);
  });

  it('does not count time in which its own thread was blocked as the worker’s silence', async () => {
    const w = fakeWorker();
    let settled = false;
    const outcome = predictInWorker(graph, {}, () => w.worker);
    void outcome.then(() => (settled = true));
    // Not started yet when a 12 s task blocks this thread; the first beat waits behind it.
    block(12_000);
    await vi.advanceTimersByTimeAsync(100);
    w.say({ type: 'beat' });
    await vi.advanceTimersByTimeAsync(1000);
    // Started and beating; then blocked again for 12 s with beats queued.
    block(12_000);
    await vi.advanceTimersByTimeAsync(100);
    w.say({ type: 'beat' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(settled).toBe(false);
    const report = { format: 'flowbench/report' } as unknown as RunReport;
    w.say({ type: 'report', report });
    expect(await outcome).toEqual({ ok: true, report });
  });

  it('still gives up on a worker that never starts while its thread is responsive', async () => {
    const w = fakeWorker();
    const outcome = predictInWorker(graph, {}, () => w.worker);
    block(3000);
    await vi.advanceTimersByTimeAsync(5200);
    expect(await outcome).toMatchObject({
      ok: false,
      error: expect.stringContaining('the prediction worker did not start within 5 s'),
    });
  });
});
