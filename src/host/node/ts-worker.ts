/**
 * Node only: start a worker thread that runs a TypeScript module.
 *
 * Works under vitest and under `tsx`: the worker boots from a plain `.mjs` that registers
 * tsx's ESM loader in the worker, then imports `entry`. The entry reads its input with
 * `tsWorkerData()`.
 */
import { Worker, type WorkerOptions, workerData } from 'node:worker_threads';

const BOOT = new URL('./ts-worker-boot.mjs', import.meta.url);

/** Spawns `entry` (a .ts file URL) in a worker thread with `data` as its input. */
export function spawnTsWorker(
  entry: URL,
  data: unknown,
  transferList?: Transferable[],
  options: Pick<WorkerOptions, 'name' | 'resourceLimits'> = {},
): Worker {
  return new Worker(BOOT, {
    ...options,
    workerData: { entry: entry.href, data },
    // Node's Transferable type differs from the DOM one; both accept MessagePort/ArrayBuffer.
    transferList: transferList as never,
  });
}

/** Inside a worker started by `spawnTsWorker`: the `data` it was given. */
export function tsWorkerData<T>(): T {
  return (workerData as { data: T }).data;
}

/** Resolves with the worker's first message; rejects on error or exit before a message. */
export function firstMessage<T>(worker: Worker): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    worker.once('message', (m: T) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code}`)));
  });
}
