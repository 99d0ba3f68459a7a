/** Node worker_threads entry: exposes the engine API over comlink. */
import { parentPort } from 'node:worker_threads';

import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

import { engineApi } from '../../runtime/worker/runtime.ts';

if (parentPort === null) throw new Error('engine.node-worker must run in a worker thread');
expose(engineApi, nodeEndpoint(parentPort));
