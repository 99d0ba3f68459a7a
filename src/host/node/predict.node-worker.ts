/** Node worker_threads entry for one prediction (see ../prediction.ts). */
import { parentPort } from 'node:worker_threads';

import { type PredictRequest, servePrediction } from '../prediction.ts';

if (parentPort === null) throw new Error('predict.node-worker must run in a worker thread');
const port = parentPort;
port.on('message', (req: PredictRequest) => {
  if (req.type === 'predict') servePrediction(req, (m) => port.postMessage(m));
});
