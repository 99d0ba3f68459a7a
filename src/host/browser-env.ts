/**
 * The browser environment for RunController: module Web Workers wrapped with
 * comlink, MessageChannel ports for the postMessage transport. On a
 * cross-origin-isolated page the control and metrics blocks are
 * SharedArrayBuffers; on any other page they travel by messages and runs use
 * the postMessage transport (runtime/message-link.ts). `canRun()` says why a
 * page cannot run at all.
 */
import { releaseProxy, transfer, wrap } from 'comlink';

import {
  type PredictLimits,
  type PredictReply,
  type PredictWorker,
  predictInWorker,
} from './prediction.ts';
import type { PointRunner } from './sweep.ts';
import type { HostEnv, WorkerHandle } from './run-controller.ts';
import type { PortLike } from '../runtime/transport/port-channel.ts';
import type { EngineApi } from '../runtime/worker/runtime.ts';

/**
 * Whether this page can share memory with its workers: cross-origin isolated
 * (COOP/COEP, from the host or the service worker) and SharedArrayBuffer defined.
 */
export function sharedMemoryAvailable(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

/** Whether this page can start a run, and if not, a sentence saying why. */
export function canRun(): { ok: true } | { ok: false; reason: string } {
  if (typeof Worker !== 'function')
    return { ok: false, reason: 'This browser has no Web Workers, so graphs cannot run here.' };
  return { ok: true };
}

interface MemoryInfo {
  usedJSHeapSize?: number;
}

export function createBrowserEnv(): HostEnv {
  return {
    hardwareConcurrency: navigator.hardwareConcurrency || 2,
    sharedMemory: sharedMemoryAvailable(),
    spawnWorker(index, onFailure): WorkerHandle {
      // Inline `new Worker(new URL(…))`: the only form Vite bundles as a worker.
      const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), {
        type: 'module',
        name: `flowbench-worker-${index}`,
      });
      worker.addEventListener('error', (e: Event) => {
        e.preventDefault();
        // A script that fails to load gives a plain Event; an uncaught error an ErrorEvent.
        const message = e instanceof ErrorEvent ? e.message : '';
        onFailure(
          message !== ''
            ? message
            : 'its script (workers/engine.worker-….js) could not be loaded or started; check that the site serves the workers/ folder as JavaScript and that this browser allows module workers',
        );
      });
      worker.addEventListener('messageerror', () =>
        onFailure('it sent a message that could not be read'),
      );
      const api = wrap<EngineApi>(worker);
      let terminated = false;
      return {
        api,
        // Idempotent: the watchdog terminates a hung worker, then the run's
        // end terminates every handle again; a second releaseProxy throws.
        terminate: () => {
          if (terminated) return;
          terminated = true;
          api[releaseProxy]();
          worker.terminate();
        },
      };
    },
    createPortPair(): [PortLike, PortLike] {
      const ch = new MessageChannel();
      return [ch.port1 as unknown as PortLike, ch.port2 as unknown as PortLike];
    },
    transfer: (value, ports) => transfer(value, ports as Transferable[]),
    memoryBytes: () =>
      (performance as Performance & { memory?: MemoryInfo }).memory?.usedJSHeapSize ?? 0,
  };
}

/** A Web Worker for one prediction (see prediction.ts). */
export function spawnPredictWorker(): PredictWorker {
  const worker = new Worker(new URL('./predict.worker.ts', import.meta.url), {
    type: 'module',
    name: 'flowbench-predict',
  });
  return {
    post: (req) => worker.postMessage(req),
    onMessage: (fn) => {
      worker.onmessage = (e: MessageEvent<PredictReply>) => fn(e.data);
    },
    onFailure: (fn) => {
      worker.onerror = (e) => {
        e.preventDefault();
        fn(
          `the prediction worker failed: ${e.message || 'its script could not be loaded or started'}`,
        );
      };
      worker.onmessageerror = () =>
        fn('the prediction worker sent a message that could not be read');
    },
    terminate: () => worker.terminate(),
  };
}

/** Predictions run at the same time: one per core but one (at least one). */
export function predictionLanes(): number {
  return Math.max(1, (navigator.hardwareConcurrency || 2) - 1);
}

/**
 * How a sweep or a repeated prediction predicts one point: a prediction
 * worker of its own (spawnPredictWorker) under the watchdog, the seed given.
 */
export function workerPredictor(limits: PredictLimits): PointRunner {
  return (graph, seed) => predictInWorker(graph, { seed }, spawnPredictWorker, limits);
}
