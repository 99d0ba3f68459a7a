/**
 * The Node environment for RunController: worker_threads, MessageChannel,
 * comlink's node adapter. Used by the CLI, the engine tests and the bench.
 */
import { cpus } from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';

import { transfer, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

import type { HostEnv, WorkerHandle } from '../run-controller.ts';
import { spawnTsWorker } from './ts-worker.ts';
import type { PortLike } from '../../runtime/transport/port-channel.ts';
import type { EngineApi } from '../../runtime/worker/runtime.ts';

const here = import.meta.url;

/**
 * Starts one engine worker: from the TypeScript sources through tsx's loader
 * (a dev install, tests), or from the bundled CLI (dist-cli/), where the
 * worker bundle sits beside the CLI bundle.
 */
function startWorker(index: number): Worker {
  if (here.endsWith('.ts'))
    return spawnTsWorker(new URL('./engine.node-worker.ts', here), { index });
  return new Worker(new URL('./engine.node-worker.js', here), {
    name: `flowbench-worker-${index}`,
  });
}

export function createNodeEnv(): HostEnv {
  return {
    hardwareConcurrency: cpus().length,
    spawnWorker(index: number): WorkerHandle {
      const worker = startWorker(index);
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
