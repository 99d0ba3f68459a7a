/** The graphs of the modelled-time reference checks (virtual and real). */
import type { GraphInput } from '../../src/graph/model.ts';
import { chain } from './run-graph.ts';

type Doc = Omit<GraphInput, 'format' | 'version'>;

/**
 * Poisson 450/s (`limit` messages) → token bucket 500/s, burst 5, delaying →
 * one exponential server, mean 1.6 ms (ρ = 0.72) → sink. Drains by itself.
 */
export function limiterDoc(limit = 20_000): Doc {
  return {
    ...chain([
      { id: 'src', kind: 'source', params: { rate: 450, arrival: 'poisson', limit } },
      { id: 'rl', kind: 'ratelimit', params: { ratePerSec: 500, burst: 5, onLimit: 'delay' } },
      { id: 'st', kind: 'process', params: { service: { dist: 'exponential', meanMs: 1.6 } } },
      { id: 'out', kind: 'sink' },
    ]),
    run: { durationMs: 120_000, warmupMs: 0, seed: 21 },
  };
}

/** Poisson 300/s (`limit` messages) → batch of 10 or 20 ms → sink. Drains by itself. */
export function batchDoc(limit = 20_000): Doc {
  return {
    ...chain([
      { id: 'src', kind: 'source', params: { rate: 300, arrival: 'poisson', limit } },
      { id: 'b', kind: 'batch', params: { size: 10, timeoutMs: 20 } },
      { id: 'out', kind: 'sink' },
    ]),
    run: { durationMs: 120_000, warmupMs: 0, seed: 22 },
  };
}
