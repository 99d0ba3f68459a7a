import type { Remote } from 'comlink';
import { describe, expect, it } from 'vitest';

import { parseGraph } from '../graph/validate.ts';
import type { PortLike } from '../runtime/transport/port-channel.ts';
import type { EngineApi } from '../runtime/worker/runtime.ts';
import { type HostEnv, RunController } from './run-controller.ts';

const graph = (() => {
  const parsed = parseGraph({
    format: 'flowbench/graph',
    version: 1,
    name: 't',
    nodes: [
      { id: 'src', kind: 'source', params: { rate: 10 } },
      { id: 'out', kind: 'sink' },
    ],
    edges: [{ id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'out', port: 'in' } }],
    run: { workers: 2 },
  });
  if (!parsed.ok) throw new Error('invalid');
  return parsed.graph;
})();

/** Workers that never answer (a script that never loads). */
function silentEnv(sharedMemory: boolean, startTimeoutMs?: number): HostEnv {
  const port = (): PortLike => ({ postMessage: () => {}, onmessage: null, close: () => {} });
  return {
    hardwareConcurrency: 2,
    sharedMemory,
    ...(startTimeoutMs !== undefined ? { startTimeoutMs } : {}),
    spawnWorker: () => ({
      api: {
        ping: () => new Promise<string>(() => {}),
        run: () => new Promise(() => {}),
      } as unknown as Remote<EngineApi>,
      terminate: () => {},
    }),
    createPortPair: () => [port(), port()],
    transfer: (v) => v,
    memoryBytes: () => 0,
  };
}

describe('RunController', () => {
  it('ends a run whose workers never answer with a sentence, after the start timeout', async () => {
    const started = Date.now();
    const report = await new RunController(graph, silentEnv(false, 200)).run();
    expect(report.run.ended).toBe('error');
    expect(report.run.error).toMatch(/^worker 0 did not start within 0\.2 s: its script/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('without shared memory allocates no SharedArrayBuffer and runs on postMessage', () => {
    const c = new RunController(graph, silentEnv(false));
    expect(c.sharedMemory).toBe(false);
    expect(c.transport).toBe('postmessage');
    expect(c.sharedBytes).toBe(0);
    expect(c.metrics.buffer instanceof SharedArrayBuffer).toBe(false);
    const shared = new RunController(graph, silentEnv(true));
    expect(shared.transport).toBe('sab');
    expect(shared.metrics.buffer instanceof SharedArrayBuffer).toBe(true);
    expect(shared.sharedBytes).toBeGreaterThan(0);
  });
});
