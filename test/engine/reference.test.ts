/**
 * Modelled time against exact references (test/engine/reference.ts): in
 * virtual time the engine must reproduce, message by message, Lindley's
 * recursion for a rate limiter feeding a server and the close times of a
 * batcher, on the same arrivals and service draws. Floats near the 10¹² µs
 * clock carry ~10⁻⁴ µs, so "the same" is within 0.01 µs per message.
 */
import { describe, expect, it } from 'vitest';

import { simulate } from '../../src/host/virtual.ts';
import { batcher, limiterThenServer, traceVirtual } from './reference.ts';
import { limiterDoc, batchDoc } from './reference-graphs.ts';
import { graphOf } from './run-graph.ts';

const EXACT_US = 0.01;

describe('modelled time against exact references (virtual time)', () => {
  it('a delaying rate limiter feeding a server follows Lindley’s recursion message by message', () => {
    const graph = graphOf(limiterDoc());
    const trace = traceVirtual(graph, 'out', 'st');
    const items = [...trace.items.values()].sort((a, b) => a.seq - b.seq);
    expect(items.length).toBe(20_000);
    const arrivals = items.map((x) => x.bornUs);
    const service = items.map((x) => trace.service.get(x.seq)!);
    const finished = limiterThenServer(arrivals, service, 500, 5);
    let worst = 0;
    for (let n = 0; n < items.length; n++)
      worst = Math.max(worst, Math.abs(items[n]!.sunkUs - finished[n]!));
    expect(worst, `largest difference ${worst} µs`).toBeLessThanOrEqual(EXACT_US);
    // The limiter really shapes the traffic (it is not a pass-through in this graph).
    const held = finished.filter((c, n) => c - arrivals[n]! - service[n]! > 1).length;
    expect(held / items.length).toBeGreaterThan(0.3);
    // The prediction's report says the same.
    const reference = finished.reduce((s, c, n) => s + (c - arrivals[n]!), 0) / items.length / 1000;
    const predicted = simulate(graph);
    expect(predicted.run.ended).toBe('drained');
    expect(predicted.totals.delivered).toBe(20_000);
    expect(Math.abs(predicted.totals.latencyMs.mean - reference)).toBeLessThanOrEqual(1e-3);
  });

  it('a batcher closes each batch at its size or at its timeout, as the reference does', () => {
    const graph = graphOf(batchDoc());
    const trace = traceVirtual(graph, 'out');
    const items = [...trace.items.values()].sort((a, b) => a.seq - b.seq);
    expect(items.length).toBe(20_000);
    const arrivals = items.map((x) => x.bornUs);
    const closes = batcher(arrivals, 10, 20_000);
    let worst = 0;
    for (let n = 0; n < items.length; n++)
      worst = Math.max(worst, Math.abs(items[n]!.sunkUs - closes[n]!));
    expect(worst, `largest difference ${worst} µs`).toBeLessThanOrEqual(EXACT_US);
    // Both rules fire: some batches close by size, some by timeout.
    const bySize = closes.filter((c, n) => c === arrivals[n]).length;
    expect(bySize).toBeGreaterThan(100);
    expect(closes.filter((c, n) => c > arrivals[n]! + 19_999).length).toBeGreaterThan(100);
    const reference = closes.reduce((s, c, n) => s + (c - arrivals[n]!), 0) / items.length / 1000;
    const predicted = simulate(graph);
    expect(predicted.totals.delivered).toBe(20_000);
    expect(Math.abs(predicted.totals.latencyMs.mean - reference)).toBeLessThanOrEqual(1e-3);
  });
});
