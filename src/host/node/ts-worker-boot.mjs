// Bootstrap for running a TypeScript entry inside a Node worker thread.
// Node 20 does not apply `--import tsx` (execArgv) loader hooks inside worker threads, and
// vitest's transform does not reach workers either; registering tsx's ESM API here works in
// both vitest and `tsx bench/...`. workerData: { entry: file URL string, data: any }.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
