// Node worker_threads bootstrap: lets a worker load TypeScript sources with
// no build step (tsx's loader), then imports the entry named in workerData.
// A built CLI bundles the worker instead and does not use this file.
import { workerData } from 'node:worker_threads';

import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
