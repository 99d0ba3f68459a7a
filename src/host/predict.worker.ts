/**
 * Prediction worker: runs `simulate()` (virtual time) off the main thread, so
 * a large graph or an endless user function never freezes the editor; the
 * host terminates it on a timeout. One request per worker.
 *
 * Protocol: in `{ type: 'predict', graph, options }`,
 * out `{ type: 'report', report }` | `{ type: 'error', error }`.
 */
import type { Graph } from '../graph/model.ts';
import type { RunReport } from '../metrics/report.ts';
import { type SimulateOptions, simulate } from './virtual.ts';

export type PredictRequest = { type: 'predict'; graph: Graph; options: SimulateOptions };
export type PredictReply = { type: 'report'; report: RunReport } | { type: 'error'; error: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<PredictRequest>) => void) | null;
  postMessage(m: PredictReply): void;
};

scope.onmessage = (e) => {
  if (e.data.type !== 'predict') return;
  try {
    scope.postMessage({ type: 'report', report: simulate(e.data.graph, e.data.options) });
  } catch (err) {
    scope.postMessage({ type: 'error', error: err instanceof Error ? err.message : String(err) });
  }
};
