import { describe, expect, it } from 'vitest';

import type { GraphNode } from '../graph/model.ts';
import { parseGraph } from '../graph/validate.ts';
import { liveChangeRefusal } from './live.ts';

function node(kind: string, params: Record<string, unknown> = {}): GraphNode {
  const r = parseGraph({
    format: 'flowbench/graph',
    version: 1,
    nodes: [{ id: 'n', kind, params }],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.graph.nodes[0]!;
}

describe('live parameter changes', () => {
  it('accepts rates, service times and wait-mode concurrency', () => {
    expect(
      liveChangeRefusal(node('source', { rate: 10 }), node('source', { rate: 99 })),
    ).toBeUndefined();
    expect(
      liveChangeRefusal(
        node('process', { concurrency: 1 }),
        node('process', { concurrency: 8, service: { meanMs: 3 } }),
      ),
    ).toBeUndefined();
    expect(
      liveChangeRefusal(node('ratelimit'), node('ratelimit', { ratePerSec: 5 })),
    ).toBeUndefined();
  });

  it('accepts fewer cpu-mode instances (parked), smaller messages and smaller batches', () => {
    const cpu = (concurrency: number) => node('process', { mode: 'cpu', concurrency });
    expect(liveChangeRefusal(cpu(4), cpu(1))).toBeUndefined();
    expect(liveChangeRefusal(cpu(4), cpu(4))).toBeUndefined();
    expect(liveChangeRefusal(node('source'), node('source', { payloadBytes: 8 }))).toBeUndefined();
    expect(liveChangeRefusal(node('batch'), node('batch', { size: 10 }))).toBeUndefined();
  });

  it('refuses what would change instances, ports or state layout, saying what', () => {
    expect(liveChangeRefusal(node('process'), node('process', { mode: 'cpu' }))).toBe(
      'a process mode change',
    );
    expect(
      liveChangeRefusal(
        node('process', { mode: 'cpu', concurrency: 2 }),
        node('process', { mode: 'cpu', concurrency: 3 }),
      ),
    ).toBe('more instances (3) than this run started (2; fewer apply live)');
    expect(liveChangeRefusal(node('source'), node('source', { payloadBytes: 65 }))).toMatch(
      /larger messages than this run's channels were sized for/,
    );
    expect(liveChangeRefusal(node('batch'), node('batch', { size: 101 }))).toMatch(
      /larger messages/,
    );
    expect(liveChangeRefusal(node('split'), node('split', { outputs: 3 }))).toMatch(
      /number of outputs/,
    );
    expect(liveChangeRefusal(node('cache'), node('cache', { capacity: 5 }))).toMatch(
      /cache capacity/,
    );
    expect(liveChangeRefusal(node('function'), node('function', { code: 'return null;' }))).toMatch(
      /next run/,
    );
    expect(liveChangeRefusal(node('sink'), node('source'))).toBe('a node changed kind');
  });
});
