/** Web Worker entry: exposes the engine API over comlink. Imports only pure modules. */
import { expose } from 'comlink';

import { engineApi } from '../runtime/worker/runtime.ts';

expose(engineApi);
