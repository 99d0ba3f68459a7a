/** Web Worker entry: exposes the engine API over comlink. Imports only pure modules. */
import { expose } from 'comlink';

import { engineApi } from '../runtime/worker/runtime.ts';
import { lockdownWorkerScope } from './worker-lockdown.ts';

// Before any graph code is compiled in this worker (see worker-lockdown.ts).
lockdownWorkerScope();
expose(engineApi);
