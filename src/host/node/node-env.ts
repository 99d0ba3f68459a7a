/**
 * The Node environment for RunController: worker_threads, MessageChannel,
 * comlink's node adapter. Used by the CLI, the engine tests and the bench.
 */
import { cpus } from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';

import { transfer, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

import type { PredictWorker } from '../prediction.ts';
import type { HostEnv, WorkerHandle } from '../run-controller.ts';
import { spawnTsWorker } from './ts-worker.ts';
import type { PortLike } from '../../runtime/transport/port-channel.ts';
import type { EngineApi } from '../../runtime/worker/runtime.ts';

const here = import.meta.url;

/**
 * Heap limits of every worker thread Flowbench starts: user code that
 * allocates without end ends its worker (an `error` event the host reports),
 * not the whole process.
 */
export const WORKER_RESOURCE_LIMITS: WorkerResourceLimits = {
  maxOldGenerationSizeMb: 2048,
  maxYoungGenerationSizeMb: 64,
  stackSizeMb: 4,
};

/** Heap limits of a worker thread (Node's ResourceLimits, the fields Flowbench sets). */
export interface WorkerResourceLimits {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
  stackSizeMb: number;
}

/**
 * Starts a worker thread from an entry beside this file: from the TypeScript
 * sources through tsx's loader (a dev install, tests), or from the bundled
 * CLI (dist-cli/), where the worker bundles sit beside the CLI bundle.
 */
function startWorker(
  entry: string,
  name: string,
  data: unknown = {},
  resourceLimits: WorkerResourceLimits = WORKER_RESOURCE_LIMITS,
): Worker {
  const options = { name, resourceLimits };
  if (here.endsWith('.ts')) return spawnTsWorker(new URL(`./${entry}.ts`, here), data, [], options);
  return new Worker(new URL(`./${entry}.js`, here), options);
}

/** A worker thread for one prediction (see ../prediction.ts). */
export function spawnPredictNodeWorker(): PredictWorker {
  const worker = startWorker('predict.node-worker', 'flowbench-predict');
  worker.unref();
  return {
    post: (req) => worker.postMessage(req),
    onMessage: (fn) => worker.on('message', fn),
    onFailure: (fn) => {
      worker.on('error', (e) => fn(`the prediction worker failed: ${e.message}`));
      worker.on('exit', (code) => fn(`the prediction worker exited (code ${code})`));
    },
    terminate: () => void worker.terminate(),
  };
}

/** Node env options (tests use a small heap to show an out-of-memory worker). */
export interface NodeEnvOptions {
  resourceLimits?: WorkerResourceLimits;
}

/**
 * A Node worker that cannot load reports it as an `error` event at once; a
 * slow start only means a busy machine compiling TypeScript (seen: > 5 s at
 * load 14 on 2 cores), so the start limit is generous.
 */
export const NODE_START_TIMEOUT_MS = 60_000;

export function createNodeEnv(options: NodeEnvOptions = {}): HostEnv {
  return {
    hardwareConcurrency: cpus().length,
    startTimeoutMs: NODE_START_TIMEOUT_MS,
    spawnWorker(index, onFailure): WorkerHandle {
      const worker = startWorker(
        'engine.node-worker',
        `flowbench-worker-${index}`,
        { index },
        options.resourceLimits,
      );
      worker.unref();
      let terminating = false;
      worker.on('error', (e: Error & { code?: string }) =>
        onFailure(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `it ran out of memory (more than ${(options.resourceLimits ?? WORKER_RESOURCE_LIMITS).maxOldGenerationSizeMb} MB of heap)`
            : `${e.name}: ${e.message}`,
        ),
      );
      worker.on('exit', (code) => {
        if (!terminating) onFailure(`its thread exited (code ${code})`);
      });
      const api = wrap<EngineApi>(nodeEndpoint(worker));
      return {
        api,
        terminate: () => {
          terminating = true;
          return worker.terminate();
        },
      };
    },
    createPortPair(): [PortLike, PortLike] {
      const ch = new MessageChannel();
      return [ch.port1 as unknown as PortLike, ch.port2 as unknown as PortLike];
    },
    transfer: (value, ports) => transfer(value, ports as Transferable[]),
    memoryBytes: () => process.memoryUsage().rss,
  };
}
