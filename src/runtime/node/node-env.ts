/**
 * The Node environment for RunController: worker_threads, MessageChannel,
 * comlink's node adapter. Used by the CLI, the engine tests and the bench.
 */
import { cpus } from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';

import { transfer, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

import type { HostEnv, WorkerHandle } from '../run-controller.ts';
import type { PortLike } from '../transport/port-channel.ts';
import type { EngineApi } from '../worker/runtime.ts';

const here = import.meta.url;

/** How worker threads load the engine: TypeScript through tsx, or a bundled file. */
function workerSpec(): { file: URL; workerData?: unknown } {
  if (here.endsWith('.ts')) {
    return {
      file: new URL('./boot.mjs', here),
      workerData: { entry: new URL('./engine.node-worker.ts', here).href },
    };
  }
  // Bundled CLI (dist-cli/): the worker bundle sits beside it.
  return { file: new URL('./engine.node-worker.js', here) };
}

export function createNodeEnv(): HostEnv {
  const spec = workerSpec();
  return {
    hardwareConcurrency: cpus().length,
    spawnWorker(index: number): WorkerHandle {
      const worker = new Worker(spec.file, {
        workerData: spec.workerData,
        name: `flowbench-worker-${index}`,
      });
      worker.unref();
      const api = wrap<EngineApi>(nodeEndpoint(worker));
      return { api, terminate: () => worker.terminate() };
    },
    createPortPair(): [PortLike, PortLike] {
      const ch = new MessageChannel();
      return [ch.port1 as unknown as PortLike, ch.port2 as unknown as PortLike];
    },
    transfer: (value, ports) => transfer(value, ports as Transferable[]),
    memoryBytes: () => process.memoryUsage().rss,
  };
}
