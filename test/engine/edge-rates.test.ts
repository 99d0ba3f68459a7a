/**
 * An edge that carries batches reads in items/s and in batches/s, both in
 * the report and in the CLI table: 1000 items/s in batches of 50 is 1000
 * items/s and 20 batches/s, not "20 msg/s".
 */
import { describe, expect, it } from 'vitest';

import { formatReport } from '../../src/cli/report-table.ts';
import { simulate } from '../../src/host/virtual.ts';
import { chain, graphOf } from './run-graph.ts';

/** source (constant 1000/s) → batch of 50 → unbatch → sink; edges e1, e2, e3. */
const batchedDoc = {
  ...chain([
    { id: 'src', kind: 'source', params: { rate: 1000, arrival: 'constant' } },
    { id: 'bat', kind: 'batch', params: { size: 50, timeoutMs: 1000 } },
    { id: 'unb', kind: 'unbatch' },
    { id: 'out', kind: 'sink' },
  ]),
  run: { durationMs: 10_000, warmupMs: 1000, seed: 5 },
};

describe('edge rates: items and batches', () => {
  it('1000 items/s in batches of 50 read as 1000 items/s and 20 batches/s on the batch edge', () => {
    const r = simulate(graphOf(batchedDoc));
    expect(r.run.ended).toBe('duration');
    // 9 s measured: one batch more or less at the boundaries is 50 items in 9000 (0.6 %).
    const near = (x: number, want: number) => expect(Math.abs(x / want - 1)).toBeLessThan(0.01);
    near(r.edges.e2!.throughput, 1000);
    near(r.edges.e2!.batchesPerSec!, 20);
    // Edges of single items have no batch rate.
    near(r.edges.e1!.throughput, 1000);
    expect(r.edges.e1!.batchesPerSec).toBeUndefined();
    near(r.edges.e3!.throughput, 1000);
    expect(r.edges.e3!.batchesPerSec).toBeUndefined();

    const table = formatReport(r).split('\n');
    const header = table.find((l) => l.startsWith('edge'))!;
    expect(header).toMatch(
      /^edge\s+capacity\s+depth mean\s+depth max\s+items\/s\s+batches\/s\s+drops\s+blocked$/,
    );
    const cells = (id: string) =>
      table
        .find((l) => l.startsWith(`${id} `))!
        .trim()
        .split(/\s+/);
    expect(Number(cells('e2')[4])).toBeCloseTo(1000, -1);
    expect(Number(cells('e2')[5])).toBeCloseTo(20, 0);
    expect(cells('e1')[5]).toBe('-');
  });

  it('shows no batches/s column when no edge carried batches', () => {
    const r = simulate(
      graphOf({
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 100 } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { durationMs: 2000, warmupMs: 0 },
      }),
    );
    expect(r.edges.e1!.batchesPerSec).toBeUndefined();
    expect(formatReport(r)).not.toContain('batches/s');
  });
});
