/**
 * Browser prediction worker: runs one prediction (see prediction.ts) off the
 * main thread, so a large graph or an endless user function never freezes
 * the editor; the host's watchdog terminates it when it stops beating.
 */
import { type PredictReply, type PredictRequest, servePrediction } from './prediction.ts';
import { lockdownWorkerScope } from './worker-lockdown.ts';

// Before any graph code is compiled in this worker (see worker-lockdown.ts).
lockdownWorkerScope();

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<PredictRequest>) => void) | null;
  postMessage(m: PredictReply): void;
};

scope.onmessage = (e) => {
  if (e.data.type === 'predict') servePrediction(e.data, (m) => scope.postMessage(m));
};
